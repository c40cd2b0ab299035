"""Retention of what the installation itself keeps: the audit trail, sessions, uploaded
delivery files, rejected delivery rows (periods: settings, docs/settings.md), the API's
idempotency keys (a day: api.idempotency.KEPT) and the form pages' one-time tokens (a day:
formtokens.KEPT)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import Q
from django.utils import timezone

from doorstroom import dates, formtokens
from doorstroom.accounts.audit import purge_before, refresh_statistics
from doorstroom.api import idempotency
from doorstroom.deliveries.models import ImportRun, RejectedRow, RunStatus
from doorstroom.retention.batches import Progress, delete_in_batches

Rows = Callable[[int], None]
"""Told how many rows or files a step removed as soon as they are gone (batches.Tally)."""
FINISHED = (RunStatus.APPLIED, RunStatus.DUPLICATE, RunStatus.REFUSED, RunStatus.FAILED)
DB_SESSIONS = "django.contrib.sessions.backends.db"


def audit_trail(
    now: datetime, *, dry_run: bool, progress: Progress | None, tally: Rows | None = None
) -> int:
    """Audit rows older than DOORSTROOM_AUDIT_RETENTION_YEARS (default 5); then the table's
    planner statistics, which the logboek's pages need."""
    local = timezone.localtime(now)
    day = dates.years_before(local.date(), settings.AUDIT_RETENTION_YEARS)
    cutoff = local.replace(year=day.year, month=day.month, day=day.day)

    told = 0

    def report(done: int, total: int) -> None:
        nonlocal told
        if progress:
            progress("auditlog", done, total)
        if tally:
            tally(done - told)
            told = done

    deleted = purge_before(cutoff, dry_run=dry_run, progress=report)
    if tally and dry_run:  # counted, not deleted in batches
        tally(deleted)
    if not dry_run:
        refresh_statistics()
    return deleted


def sessions(now: datetime, *, dry_run: bool) -> int | None:
    """Expired sessions (they hold a user's search criteria): what `clearsessions` does."""
    if settings.SESSION_ENGINE != DB_SESSIONS:
        if not dry_run:
            import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
        return None
    expired = Session.objects.filter(expire_date__lt=now)
    return expired.count() if dry_run else expired.delete()[0]


def _resolved(runs) -> set[Path]:
    return {Path(stored).resolve() for stored in runs.values_list("stored_path", flat=True)}


def upload_files(now: datetime, *, dry_run: bool, tally: Rows | None = None) -> int:
    """Uploaded delivery files of runs that ended more than DOORSTROOM_UPLOAD_RETENTION_DAYS
    ago, and old files in the upload folder that no run refers to (an upload whose request
    failed); only inside DATA_DIR/uploads, never a file given to `doorstroom import`.
    Returns the number of files."""
    folder = (settings.DATA_DIR / "uploads").resolve()
    cutoff = now - timedelta(days=settings.UPLOAD_RETENTION_DAYS)
    with_file = ImportRun.objects.exclude(stored_path="")
    ended = with_file.filter(status__in=FINISHED, finished_at__lt=cutoff)
    in_use = _resolved(with_file.exclude(pk__in=ended.values("pk")))
    files, cleared = 0, []
    for pk, stored in ended.values_list("pk", "stored_path"):
        path = Path(stored).resolve()
        if path.parent == folder and path not in in_use:
            files += _remove(path, dry_run, tally)
            cleared.append(pk)
    referenced = _resolved(with_file)
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        if path.is_file() and path not in referenced and path.stat().st_mtime < cutoff.timestamp():
            files += _remove(path, dry_run, tally)
    if cleared and not dry_run:
        ImportRun.objects.filter(pk__in=cleared).update(stored_path="")
    return files


def _remove(path: Path, dry_run: bool, tally: Rows | None) -> int:
    """1 if the file is (or, dry, would be) removed; 0 if it was gone already."""
    if not path.exists():
        return 0
    if not dry_run:
        path.unlink(missing_ok=True)
    if tally:
        tally(1)
    return 1


def rejected_rows(
    now: datetime, *, dry_run: bool, progress: Progress | None, tally: Rows | None = None
) -> int:
    """Rejected rows of runs that ended more than DOORSTROOM_REJECTED_ROWS_RETENTION_DAYS ago:
    they hold the delivered row itself, with its BSN."""
    cutoff = now - timedelta(days=settings.REJECTED_ROWS_RETENTION_DAYS)
    old = RejectedRow.objects.filter(Q(run__finished_at__lt=cutoff))
    label = RejectedRow._meta.label
    counts = delete_in_batches(
        old,
        dry_run=dry_run,
        label="geweigerde regels",
        progress=progress,
        tally=(lambda batch: tally(batch.get(label, 0))) if tally else None,
    )
    return counts.get(label, 0)


def idempotency_keys(now: datetime, *, dry_run: bool) -> int:
    """The API's first answers to a retried POST, older than a day (api.idempotency.KEPT)."""
    old = idempotency.expired(now)
    return old.count() if dry_run else old.delete()[0]


def form_tokens(now: datetime, *, dry_run: bool) -> int:
    """The one-time tokens of sent form pages, older than a day (formtokens.KEPT)."""
    old = formtokens.expired(now)
    return old.count() if dry_run else old.delete()[0]
