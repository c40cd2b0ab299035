"""Who reads queued deliveries: a thread inside the web process (the embedded default), or
`doorstroom worker` processes beside it (production). The database is the queue: a run is
claimed with a conditional UPDATE, so two workers never read the same file."""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from doorstroom.deliveries.models import ImportRun, RunStatus
from doorstroom.deliveries.services import run_import, this_worker

logger = logging.getLogger(__name__)
_thread_lock = threading.Lock()


def claim_next() -> ImportRun | None:
    """The oldest queued run, now ours; None when the queue is empty."""
    for run in ImportRun.objects.filter(status=RunStatus.QUEUED).order_by("created_at", "id")[:5]:
        claimed = ImportRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
            status=RunStatus.RUNNING, worker=this_worker(), started_at=timezone.now()
        )
        if claimed:
            run.refresh_from_db()
            return run
    return None


def work_until_empty() -> int:
    """Read every queued delivery, one after the other; returns how many."""
    done = 0
    while (run := claim_next()) is not None:
        run_import(run)
        done += 1
    return done


def _thread_main() -> None:
    try:
        with _thread_lock:
            work_until_empty()
    except Exception:
        logger.exception("de inleesthread is gestopt")
    finally:
        close_old_connections()
        connection.close()


def start_reading() -> None:
    """After a delivery was queued: start reading it as the configured worker mode says."""
    mode = settings.DELIVERY_WORKER
    if mode == "inline":
        work_until_empty()
    elif mode == "thread" and not _thread_lock.locked():
        threading.Thread(target=_thread_main, name="doorstroom-inlezen", daemon=True).start()
