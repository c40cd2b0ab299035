"""Deleting big sets in short transactions: one DELETE per table per batch of ids (Django's
collector follows every cascade, so what case management adds goes along), never a delete
per row, and never one transaction that holds SQLite's single writer for minutes.

Files that the deleted rows point at (a case's documents) are removed from storage after the
transaction commits: a row's deletion does not remove its file, and a file of a deleted
person is personal data too. A batch that something outside it still refers to (PROTECT) is
split in halves until the rows that cannot go are found; those stay and are counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from django.db import models, router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError

BATCH = 2000
FILES = "bestanden"
KEPT = "vastgehouden (er verwijst nog iets naar)"
Progress = Callable[[str, int, int | None], None]
Tally = Callable[[Counter], None]
"""Told the rows of each batch, per table, as soon as the batch is deleted: a run that fails
part-way still accounts for what it deleted before (services.run_retention)."""


def _files(collector: Collector) -> list[tuple[object, str]]:
    """(storage, name) of every file of the rows the collector will delete."""
    found = []
    for model, instances in collector.data.items():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                found += [(field.storage, n) for i in instances if (n := getattr(i, field.attname))]
    for queryset in collector.fast_deletes:
        for field in queryset.model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names = queryset.values_list(field.attname, flat=True)
                found += [(field.storage, name) for name in names if name]
    return found


def _counts(collector: Collector) -> Counter:
    counts: Counter = Counter()
    for model, instances in collector.data.items():
        counts[model._meta.label] += len(instances)
    for fast in collector.fast_deletes:
        counts[fast.model._meta.label] += fast.count()
    return counts


def _delete(model: type[models.Model], ids: list[int], dry_run: bool) -> Counter:
    rows = model._base_manager.filter(pk__in=ids)
    using = router.db_for_write(model)
    with transaction.atomic(using=using):
        collector = Collector(using=using, origin=rows)
        collector.collect(rows)
        files = _files(collector)
        if dry_run:
            counts = _counts(collector)
        else:
            _, per_table = collector.delete()
            counts = Counter(per_table)
            transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    counts[FILES] += len(files)
    return +counts


def delete_ids(model: type[models.Model], ids: list[int], *, dry_run: bool) -> Counter:
    """Delete these rows and what hangs off them (or, dry, count them) in one short
    transaction; per table. Rows that something else still needs are kept and counted."""
    try:
        return _delete(model, ids, dry_run)
    except (ProtectedError, RestrictedError):
        if len(ids) == 1:
            return Counter({KEPT: 1})
        half = len(ids) // 2
        return delete_ids(model, ids[:half], dry_run=dry_run) + delete_ids(
            model, ids[half:], dry_run=dry_run
        )


def delete_in_batches(
    queryset: models.QuerySet,
    *,
    dry_run: bool,
    label: str,
    progress: Progress | None = None,
    tally: Tally | None = None,
    batch: int = BATCH,
    choose: Callable[[list[int]], list[int]] | None = None,
) -> Counter:
    """Delete every row of `queryset`, a batch of ids at a time (keyset order on the id), or
    of each batch the ids that `choose` keeps (a rule SQL cannot say); returns the rows
    deleted per table."""
    total = queryset.count()
    counts: Counter = Counter()
    last, done = None, 0
    while True:
        page = queryset.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        ids = list(page.values_list("pk", flat=True)[:batch])
        if not ids:
            break
        chosen = choose(ids) if choose else ids
        if chosen:
            deleted = delete_ids(queryset.model, chosen, dry_run=dry_run)
            counts += deleted
            if tally:
                tally(deleted)
        last, done = ids[-1], done + len(ids)
        if progress:
            progress(label, done, total)
    return counts
