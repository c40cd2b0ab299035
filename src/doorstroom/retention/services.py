"""The retention job: fix the yearly figures, then delete what has passed its period, and
record what was done for the privacyfunctionaris.

One function for the command (`doorstroom retention`), the daily thread of the embedded
default and the worker (schedule.py). Every step deletes in short batches and reports each
batch as it goes: a run that fails part-way records the counts of what it deleted and one
audit row saying it failed, is marked failed, and the next run goes on from there (every
step is idempotent).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from doorstroom import dates
from doorstroom.accounts.audit import record_for
from doorstroom.accounts.models import AuditAction
from doorstroom.monitor.services import fix_figures
from doorstroom.regions.models import Region
from doorstroom.retention import installation, person_data
from doorstroom.retention.batches import Progress, Tally
from doorstroom.retention.models import (
    RemovedKind,
    RetentionCount,
    RetentionRun,
    periods_by_region,
)

logger = logging.getLogger(__name__)
ROUTE = "retention"
LEERPLICHT_FILE_TABLES = {"signals.Signal", "cases.Case"}


@dataclass
class Outcome:
    """What a run did (or, dry, would do): counts per region (None: the installation), kind
    and table."""

    counts: Counter = field(default_factory=Counter)

    @classmethod
    def of_run(cls, run: RetentionRun) -> Outcome:
        return cls(Counter({(c.region_id, c.kind, c.model): c.count for c in run.counts.all()}))

    def add(self, region: Region | None, kind: RemovedKind, count: int, model: str = "") -> None:
        if count:
            self.counts[(region.pk if region else None, kind, model)] += count

    def add_tables(
        self, region: Region, kind: RemovedKind, per_table: Counter, main: set[str]
    ) -> None:
        """Rows deleted per table; the rows of the `main` tables are the kind's own count,
        the others went along with them (an enrolment with its person)."""
        self.add(region, kind, sum(per_table.get(label, 0) for label in main))
        for label, count in sorted(per_table.items()):
            self.add(region, kind, count, label)

    def tally(self, region: Region, kind: RemovedKind, main: set[str]) -> Tally:
        """What a step tells of each batch it deleted (batches.Tally), added at once."""
        return lambda per_table: self.add_tables(region, kind, per_table, main)

    def rows(self, kind: RemovedKind) -> Callable[[int], None]:
        """The same for a step of the installation, which tells a number of rows or files."""
        return lambda count: self.add(None, kind, count)

    def total(self, kind: RemovedKind) -> int:
        """The main count of a kind (persons, reports, ...), not what went along with it."""
        return sum(n for (_, k, model), n in self.counts.items() if k == kind and not model)

    def summary(self) -> str:
        parts = [f"{kind.label}: {self.total(kind)}" for kind in RemovedKind if self.total(kind)]
        return "; ".join(parts) or "niets over de termijn"


def apply_retention(
    on: date,
    *,
    now: datetime | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    outcome: Outcome | None = None,
) -> Outcome:
    """Every step of the retention, in order: the figures first, so that nothing counted in
    a yearly figure goes before its year is fixed. What is deleted is added to `outcome` as
    soon as its batch is gone: if a later step fails, it holds what was done."""
    now = now or timezone.now()
    outcome = outcome if outcome is not None else Outcome()
    fixed = fix_figures(on, dry_run=dry_run, progress=progress)
    outcome.add(None, RemovedKind.FIGURES, sum(f.rows for f in fixed))
    periods = periods_by_region()
    for region in Region.objects.order_by("code"):
        p = periods[region.pk]
        person_data.leerplicht_files(
            region, p, on, dry_run=dry_run, progress=progress,
            tally=outcome.tally(region, RemovedKind.LEERPLICHT_FILES, LEERPLICHT_FILE_TABLES),
        )  # fmt: skip
        person_data.absence_reports(
            region, p, on, dry_run=dry_run, progress=progress,
            tally=outcome.tally(region, RemovedKind.ABSENCE_REPORTS, {"deliveries.Report"}),
        )  # fmt: skip
        person_data.persons(
            region, p, on, dry_run=dry_run, progress=progress,
            tally=outcome.tally(region, RemovedKind.PERSONS, {"people.Person"}),
        )  # fmt: skip
    installation.audit_trail(
        now, dry_run=dry_run, progress=progress, tally=outcome.rows(RemovedKind.AUDIT)
    )
    outcome.add(None, RemovedKind.SESSIONS, installation.sessions(now, dry_run=dry_run) or 0)
    installation.upload_files(now, dry_run=dry_run, tally=outcome.rows(RemovedKind.UPLOADS))
    installation.rejected_rows(
        now, dry_run=dry_run, progress=progress, tally=outcome.rows(RemovedKind.REJECTED_ROWS)
    )
    outcome.add(
        None, RemovedKind.IDEMPOTENCY_KEYS, installation.idempotency_keys(now, dry_run=dry_run)
    )
    outcome.add(None, RemovedKind.FORM_TOKENS, installation.form_tokens(now, dry_run=dry_run))
    return outcome


def run_retention(run: RetentionRun, *, progress: Progress | None = None) -> Outcome:
    """Carry out a recorded run and record its outcome: the counts for the FG's page and
    one audit row (deleting personal data is a change that is accounted for). A run that
    fails part-way records the same of what it deleted before, says so, and re-raises:
    every deleted batch stays deleted, and the next run goes on from there."""
    outcome = Outcome()
    try:
        apply_retention(run.on, progress=progress, outcome=outcome)
    except Exception as error:
        # The type only: a database error's message can quote personal data.
        logger.error("bewaartermijnrun %s mislukt: %s", run.pk, type(error).__name__)
        done = (
            f"al gedaan, en dat blijft zo: {outcome.summary()}"
            if outcome.counts
            else "niets gedaan"
        )
        _record(
            run,
            outcome,
            RetentionRun.Status.FAILED,
            f"Mislukt; {done}. De volgende run gaat verder.",
        )
        raise
    _record(run, outcome, RetentionRun.Status.DONE, outcome.summary())
    return outcome


def _record(run: RetentionRun, outcome: Outcome, status: str, message: str) -> None:
    with transaction.atomic():
        RetentionCount.objects.bulk_create(
            RetentionCount(run=run, region_id=region, kind=kind, model=model, count=count)
            for (region, kind, model), count in sorted(
                outcome.counts.items(), key=lambda item: (item[0][0] or 0, *item[0][1:])
            )
        )
        run.status, run.finished_at, run.message = status, timezone.now(), message
        run.save(update_fields=["status", "finished_at", "message"])
        record_for(
            None,
            AuditAction.DELETE,
            route=ROUTE,
            reason=f"bewaartermijnen {run.on:%d-%m-%Y}: {run.message}",
        )


def start_run(trigger: RetentionRun.Trigger, on: date | None = None) -> RetentionRun:
    return RetentionRun.objects.create(on=on or dates.today(), trigger=trigger)
