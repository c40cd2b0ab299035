"""Deleting big sets in short transactions: one DELETE per table per batch of ids (Django's
collector follows every cascade, so what case management adds goes along), never a delete
per row, and never one transaction that holds SQLite's single writer for minutes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from django.db import models, router, transaction
from django.db.models.deletion import Collector

BATCH = 2000
Progress = Callable[[str, int, int | None], None]


def would_delete(queryset: models.QuerySet) -> Counter:
    """What deleting `queryset` would delete, per table, without deleting (a dry run)."""
    collector = Collector(using=router.db_for_write(queryset.model), origin=queryset)
    collector.collect(queryset)
    counts: Counter = Counter()
    for model, instances in collector.data.items():
        counts[model._meta.label] += len(instances)
    for fast in collector.fast_deletes:
        counts[fast.model._meta.label] += fast.count()
    return +counts


def delete_ids(model: type[models.Model], ids: list[int], *, dry_run: bool) -> Counter:
    """Delete these rows and what hangs off them in one short transaction; per table."""
    rows = model._base_manager.filter(pk__in=ids)
    if dry_run:
        return would_delete(rows)
    with transaction.atomic():
        _, per_table = rows.delete()
    return +Counter(per_table)


def delete_in_batches(
    queryset: models.QuerySet,
    *,
    dry_run: bool,
    label: str,
    progress: Progress | None = None,
    batch: int = BATCH,
) -> Counter:
    """Delete every row of `queryset`, a batch of ids at a time (keyset order on the id);
    returns the rows deleted per table."""
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
        counts += delete_ids(queryset.model, ids, dry_run=dry_run)
        last, done = ids[-1], done + len(ids)
        if progress:
            progress(label, done, total)
    return counts
