"""Key rotation: re-encrypt every encrypted value with the newest key, in short batches.

Put the new key first in DOORSTROOM_ENCRYPTION_KEYS (keep the old ones behind it), restart,
run `doorstroom rotate_keys`; when `doorstroom rotate_keys --check` counts nothing under the
old keys, remove them. Rows are rewritten through the base manager (`bulk_update`), one
transaction per batch, so pages keep working on SQLite and a stopped run resumes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import models, transaction

from doorstroom.crypto import EncryptedTextField, current_key_id

BATCH_SIZE = 1000


@dataclass(frozen=True)
class EncryptedColumn:
    model: type[models.Model]
    field: str

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.field}"

    def stale(self, key_id: str) -> models.QuerySet:
        """The rows with a value encrypted under another key than `key_id`."""
        return self.model._base_manager.filter(**{f"{self.field}__not_encrypted_with": key_id})


def encrypted_columns(
    candidates: Iterable[type[models.Model]] | None = None,
) -> list[EncryptedColumn]:
    """Every EncryptedTextField of every installed model (or of the given ones)."""
    return [
        EncryptedColumn(model, field.name)
        for model in (candidates if candidates is not None else apps.get_models())
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


def count_by_key(column: EncryptedColumn, key_ids: Iterable[str]) -> dict[str, int]:
    """How many values of the column each key encrypted (for `rotate_keys --check`)."""
    manager = column.model._base_manager
    counts = {
        key_id: manager.filter(**{f"{column.field}__encrypted_with": key_id}).count()
        for key_id in key_ids
    }
    every = manager.filter(**{f"{column.field}__encrypted_with": ""}).count()
    counts["onbekend"] = every - sum(counts.values())
    return counts


def rotate(
    columns: list[EncryptedColumn] | None = None,
    *,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, int]:
    """Re-encrypt every value not under the newest key; returns the rows rewritten per column."""
    newest = current_key_id()
    done: dict[str, int] = {}
    for column in columns if columns is not None else encrypted_columns():
        total = column.stale(newest).count()
        rewritten, last_pk = 0, None
        while True:
            batch = column.stale(newest).order_by("pk")
            if last_pk is not None:
                batch = batch.filter(pk__gt=last_pk)
            with transaction.atomic():
                rows = list(batch.only("pk", column.field)[:batch_size])
                if not rows:
                    break
                # Reading decrypted each value with its own key; saving encrypts with the newest.
                column.model._base_manager.bulk_update(rows, [column.field])
            rewritten += len(rows)
            last_pk = rows[-1].pk
            if progress:
                progress(column.label, rewritten, total)
        done[column.label] = rewritten
    return done
