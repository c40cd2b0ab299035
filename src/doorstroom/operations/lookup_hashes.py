"""The BSN's look-up hashes (HMAC-SHA256 with DOORSTROOM_LOOKUP_KEY): checking that the key in
the settings is the one they were made with, and making them anew after the key changed.

The BSN is stored encrypted and found only by `bsn_hash` (the register's persons, the
import's rejected rows). With another look-up key every search would miss, and an import
would take every delivered person for a new one: `key_problem` says so before an import
starts, and `rehash` (`doorstroom rehash_bsns`) recomputes every hash from the decrypted BSN,
in keyset batches with `bulk_update`, one short transaction each, so that a stopped run can
simply be started again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models, transaction

from doorstroom.crypto import DecryptionError, lookup_hash
from doorstroom.deliveries.models import RejectedRow
from doorstroom.people.models import Person

BATCH_SIZE = 1000
WRONG_KEY = (
    "DOORSTROOM_LOOKUP_KEY past niet bij de opgeslagen BSN's: met deze sleutel zou het "
    "inlezen iedere jongere voor een nieuwe houden. Zet de sleutel terug, of maak na een "
    "bewuste wissel eerst de opzoekwaarden opnieuw met `doorstroom rehash_bsns`."
)


@dataclass(frozen=True)
class HashedColumn:
    model: type[models.Model]
    value: str = "bsn"
    hash: str = "bsn_hash"

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.hash}"

    def rows(self) -> models.QuerySet:
        return self.model._base_manager.exclude(**{self.hash: ""}).order_by("pk")


COLUMNS = (HashedColumn(Person), HashedColumn(RejectedRow))


def key_problem() -> str | None:
    """Why the keys in the settings do not fit the stored BSNs (a Dutch message), or None:
    the first and the last person read back (decrypted: a missing or wrong encryption key
    fails here) and hashed again (a wrong look-up key). The last one too, because `rehash`
    goes in the order of the ids: a run that was stopped left the last ones under the old
    key. Two queries."""
    persons = Person.objects.only("bsn", "bsn_hash")
    try:
        ends = [persons.order_by("pk").first(), persons.order_by("-pk").first()]
    except DecryptionError as error:
        return str(error)
    if all(p is None or lookup_hash(p.bsn) == p.bsn_hash for p in ends):
        return None
    return WRONG_KEY


def rehash(
    columns: tuple[HashedColumn, ...] = COLUMNS,
    *,
    batch_size: int = BATCH_SIZE,
    dry_run: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, int]:
    """Recompute every hash with the current look-up key; per column the hashes that were
    different (and, unless `dry_run`, are now rewritten)."""
    changed: dict[str, int] = {}
    for column in columns:
        total = column.rows().count()
        done = different = 0
        last_pk = None
        while True:
            batch = column.rows()
            if last_pk is not None:
                batch = batch.filter(pk__gt=last_pk)
            with transaction.atomic():
                rows = list(batch.only("pk", column.value, column.hash)[:batch_size])
                if not rows:
                    break
                stale = []
                for row in rows:
                    value = getattr(row, column.value)  # decrypted
                    new = lookup_hash(value) if value else getattr(row, column.hash)
                    if getattr(row, column.hash) != new:
                        setattr(row, column.hash, new)
                        stale.append(row)
                if stale and not dry_run:
                    column.model._base_manager.bulk_update(stale, [column.hash])
            different += len(stale)
            done += len(rows)
            last_pk = rows[-1].pk
            if progress:
                progress(column.label, done, total)
        changed[column.label] = different
    return changed
