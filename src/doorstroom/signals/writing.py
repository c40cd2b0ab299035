"""Writing what signalling decided, in one short transaction per batch: new signals and
their sources with our own SQL, closings and changes in bulk."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.db import connection

from doorstroom.cases.services import close_cases_of
from doorstroom.deliveries.models import Report, ReportStatus
from doorstroom.people.choices import Desk
from doorstroom.signals.choices import SignalKind, SignalStatus, SourceKind
from doorstroom.signals.detection import RULES, jikp_year
from doorstroom.signals.models import Cohort, CohortMembership, Signal, SignalSource


@dataclass(slots=True)
class NewSignal:
    """A signal to insert: plain values, no model object (thousands in a cold run)."""

    person_id: int
    region_id: int
    desk: Desk
    kind: SignalKind
    reason: str
    raised_on: date
    due_on: date
    from_register: bool
    school_id: int | None
    priority: int | None
    exemption_id: int | None
    handed_over_from_id: int | None
    recheck_on: date | None = None
    public_id: uuid.UUID = field(default_factory=uuid.uuid4)


@dataclass
class Writes:
    new: list[NewSignal] = field(default_factory=list)
    new_sources: list[tuple[NewSignal, SourceKind, int | None]] = field(default_factory=list)
    closed: list[Signal] = field(default_factory=list)
    reprioritised: list[Signal] = field(default_factory=list)
    """Open signals whose Inlichtingenbureau priority changed."""
    confirmed: list[Signal] = field(default_factory=list)
    """Open signals a melding raised that the register now confirms (with the priority)."""
    sources: list[SignalSource] = field(default_factory=list)
    checked: list[tuple[date, date, int]] = field(default_factory=list)
    """(checked on, recheck on, id) of open signals that stay open."""
    died: list[int] = field(default_factory=list)
    jikp_in: list[int] = field(default_factory=list)
    jikp_out: list[int] = field(default_factory=list)

    def signal_writes(self) -> int:
        """How many changes to signals this batch holds so far."""
        return sum(
            map(len, (self.new, self.closed, self.reprioritised, self.confirmed, self.sources))
        )


def write(writes: Writes, on: date) -> None:
    """Everything one batch decided; the caller holds the transaction."""
    if writes.closed:
        Signal.objects.bulk_update(
            writes.closed,
            ["status", "closed_on", "resolution", "resolution_reason"],
            batch_size=500,
        )
        Report.objects.filter(
            signal_sources__signal_id__in=[s.pk for s in writes.closed],
            status__in=(ReportStatus.REGISTERED, ReportStatus.IN_PROGRESS),
        ).update(status=ReportStatus.CLOSED)
    if writes.reprioritised:
        Signal.objects.bulk_update(writes.reprioritised, ["priority"], batch_size=500)
    if writes.confirmed:
        Signal.objects.bulk_update(writes.confirmed, ["from_register", "priority"], batch_size=500)
    if writes.checked:
        with connection.cursor() as cursor:
            cursor.executemany(
                CHECKED, [(c.isoformat(), r.isoformat(), pk) for c, r, pk in writes.checked]
            )
    if writes.new:
        _insert_new(writes, on)
    if writes.sources:
        SignalSource.objects.bulk_create(writes.sources, batch_size=500, ignore_conflicts=True)
    if writes.died:
        close_cases_of(writes.died, on, "overleden")
    if writes.jikp_in:
        year = jikp_year(on)
        CohortMembership.objects.bulk_create(
            [CohortMembership(person_id=p, cohort=Cohort.JIKP, year=year) for p in writes.jikp_in],
            ignore_conflicts=True,
            batch_size=500,
        )
    if writes.jikp_out:
        CohortMembership.objects.filter(
            person_id__in=writes.jikp_out, cohort=Cohort.JIKP, year=jikp_year(on)
        ).delete()


NEW_SIGNAL = """INSERT INTO signals_signal (public_id, person_id, region_id, desk, kind, status,
    reason, rule, raised_on, due_on, from_register, school_id, priority, exemption_id,
    handed_over_from_id, checked_on, recheck_on, resolution, resolution_reason)
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '', '')"""
CHECKED = "UPDATE signals_signal SET checked_on = %s, recheck_on = %s WHERE id = %s"
NEW_SOURCE = """INSERT INTO signals_signalsource (signal_id, kind, report_id, noted_on)
    SELECT id, %s, %s, %s FROM signals_signal WHERE public_id = %s ON CONFLICT DO NOTHING"""


def _insert_new(writes: Writes, on: date) -> None:
    """New signals and their sources with two `executemany`s of our own SQL (the ORM's
    per-value work would be most of a cold region run); a source finds its signal by the
    signal's random public id."""
    public_id = Signal._meta.get_field("public_id")
    db_ids = {id(n): public_id.get_db_prep_value(n.public_id, connection) for n in writes.new}
    day = on.isoformat()
    with connection.cursor() as cursor:
        cursor.executemany(NEW_SIGNAL, [_new_row(n, db_ids[id(n)], day) for n in writes.new])
        if writes.new_sources:
            cursor.executemany(
                NEW_SOURCE,
                [(kind, report, day, db_ids[id(n)]) for n, kind, report in writes.new_sources],
            )


def _new_row(n: NewSignal, public_id: object, day: str) -> tuple:
    return (
        public_id, n.person_id, n.region_id, n.desk, n.kind, SignalStatus.NEW, n.reason,
        RULES[n.kind], n.raised_on.isoformat(), n.due_on.isoformat(), n.from_register,
        n.school_id, n.priority, n.exemption_id, n.handed_over_from_id, day,
        n.recheck_on.isoformat() if n.recheck_on else None,
    )  # fmt: skip
