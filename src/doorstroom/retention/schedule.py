"""Running the retention job every day: in a thread of the web process (the embedded
default, DOORSTROOM_RETENTION_RUNNER=thread), from `doorstroom worker` (worker), or from cron
with `doorstroom retention --dagelijks` (cron). Whoever runs it, the day is claimed with a
unique row (one scheduled run per day), so any number of processes can try."""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

from doorstroom.retention.batches import Progress
from doorstroom.retention.models import RetentionRun
from doorstroom.retention.services import run_retention

logger = logging.getLogger(__name__)
CHECK_EVERY = timedelta(minutes=10)
ABANDONED_AFTER = timedelta(hours=12)
_started = threading.Event()
_last_check: list[datetime] = []


def run_daily(
    now: datetime | None = None, *, any_hour: bool = False, progress: Progress | None = None
) -> RetentionRun | None:
    """Today's scheduled run, if it is due (from DOORSTROOM_RETENTION_HOUR) and no other
    process has claimed it; None otherwise."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if not any_hour and local.hour < settings.RETENTION_HOUR:
        return None
    if RetentionRun.objects.filter(trigger=RetentionRun.Trigger.SCHEDULE, on=local.date()).exists():
        return None
    RetentionRun.objects.filter(
        status=RetentionRun.Status.RUNNING, started_at__lt=now - ABANDONED_AFTER
    ).update(
        status=RetentionRun.Status.FAILED,
        finished_at=now,
        message="Afgebroken: het proces is gestopt. De volgende run gaat verder.",
    )
    try:
        with transaction.atomic():
            run = RetentionRun.objects.create(
                on=local.date(), trigger=RetentionRun.Trigger.SCHEDULE
            )
    except IntegrityError:
        return None  # another process claimed the day a moment ago
    run_retention(run, progress=progress)
    return run


def _run_daily_logged(now: datetime | None = None) -> RetentionRun | None:
    """run_daily for a background loop: a failure is logged (and recorded on the run), and
    the loop tries again the next day."""
    try:
        return run_daily(now)
    except Exception as error:
        # The type only: a database error's message can quote personal data.
        logger.error("bewaartermijnen: de dagelijkse run is mislukt (%s)", type(error).__name__)
        return None


def check_now_and_then(now: datetime | None = None) -> RetentionRun | None:
    """For a loop that wakes often (the worker): look at most every ten minutes."""
    now = now or timezone.now()
    if _last_check and now - _last_check[0] < CHECK_EVERY:
        return None
    _last_check[:] = [now]
    return _run_daily_logged(now)


def _thread_main() -> None:
    while True:
        close_old_connections()
        _run_daily_logged()
        close_old_connections()
        time.sleep(CHECK_EVERY.total_seconds())


def start_in_process() -> bool:
    """Start the daily thread in this (web) process when the configuration asks for it."""
    if settings.RETENTION_RUNNER != "thread" or _started.is_set():
        return False
    _started.set()
    threading.Thread(target=_thread_main, name="doorstroom-bewaartermijnen", daemon=True).start()
    return True
