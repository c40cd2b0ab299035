"""Signalling: run the rules of detection.py over a region or a set of persons, and write
what they find in short, set-based batches.

A region run looks only at its candidates: persons of the target age who are not enrolled
today (every finding needs that, see `detection.findings`), persons with an open signal or
a melding that has none yet, and, once per cohort year, the possible JIKP members. A delta
run after an import looks at those of the persons that import changed. Reading is in
reading.py, writing in writing.py; this module decides.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from doorstroom import dates
from doorstroom.deliveries.models import ImportRun, ReportKind
from doorstroom.people import rules
from doorstroom.people.choices import Desk
from doorstroom.people.models import Person
from doorstroom.people.rules import DEFAULT_UPPER_AGE
from doorstroom.regions.models import Region
from doorstroom.signals.choices import Resolution, SignalKind, SignalStatus, SourceKind
from doorstroom.signals.detection import (
    COVERED_BY_OPEN,
    Closing,
    Finding,
    OpenSignal,
    Situation,
    closing,
    findings,
    jikp_year,
    new_findings,
)
from doorstroom.signals.models import Cohort, CohortMembership, Signal, SignalRun, SignalSource
from doorstroom.signals.reading import Candidate, candidates, ids_in, load
from doorstroom.signals.writing import NewSignal, Writes, write

CHUNK = 2000
"""Persons per batch: each batch is read in a handful of queries and written in one short
transaction, so that SQLite's single writer is never held for long."""

ANALYZE_AFTER = 5_000
"""Signals raised or closed in one run after which PostgreSQL's statistics are refreshed."""

DELTA_SLICE = 10_000
"""Changed persons preselected per query in a delta run."""

Progress = Callable[[int, int], None]


def signal_region(
    region: Region, on: date | None = None, user=None, progress: Progress | None = None
) -> SignalRun:
    """Signal a whole region (nightly, or on demand by the coordinator)."""
    on = on or dates.today()
    with_jikp = not CohortMembership.objects.filter(
        year=jikp_year(on), cohort=Cohort.JIKP, person__municipality__region=region
    ).exists()
    ids = candidates(
        Person.objects.filter(municipality__region=region),
        Signal.objects.open().filter(region=region),
        on,
        region.upper_age,
        with_jikp,
    )
    run = SignalRun(region=region, scope=SignalRun.Scope.REGION, on=on, user=user)
    return _run(run, ids, on, progress)


def signal_persons(person_ids: Iterable[int], on: date | None = None, user=None) -> SignalRun:
    """Signal these persons (a delivery's changes, a melding, a new vrijstelling): those of
    them that can have a finding, an open signal, a new melding or a JIKP membership."""
    on = on or dates.today()
    given = sorted(set(person_ids))
    ids: list[int] = []
    # In slices, so that every query has a bounded list: a C-levering hands over everyone.
    for start in range(0, len(given), DELTA_SLICE):
        among = ids_in(given[start : start + DELTA_SLICE])
        persons = Person.objects.filter(id__in=among)
        open_signals = Signal.objects.open().filter(person_id__in=among)
        found = set(candidates(persons, open_signals, on, DEFAULT_UPPER_AGE, True))
        found.update(
            CohortMembership.objects.filter(
                person_id__in=among, cohort=Cohort.JIKP, year=jikp_year(on)
            ).values_list("person_id", flat=True)
        )
        ids.extend(sorted(found))
    run = SignalRun(scope=SignalRun.Scope.CHANGED, on=on, user=user)
    return _run(run, ids, on, None)


def signal_changed_persons(sender: type[ImportRun], run: ImportRun, **kwargs) -> None:
    """After an import committed: signal the persons it changed, and only those."""
    signal_persons(run.changed_person_ids().iterator(), on=dates.today(), user=run.user)


def _run(run: SignalRun, ids: list[int], on: date, progress: Progress | None) -> SignalRun:
    started = time.monotonic()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        writes = _signal_batch(chunk, on)
        run.checked += len(chunk)
        run.raised += len(writes.new)
        run.closed += len(writes.closed)
        if progress:
            progress(run.checked, len(ids))
    if connection.vendor == "postgresql" and run.raised + run.closed > ANALYZE_AFTER:
        # PostgreSQL plans the next run's id lists by these statistics; after a first
        # C-levering they would still say 'empty' until autovacuum comes round.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE signals_signal, signals_signalsource, signals_cohortmembership")
    run.seconds = round(time.monotonic() - started, 3)
    run.save()
    return run


def _signal_batch(ids: list[int], on: date, attempts: int = 3) -> Writes:
    """Read, decide and write one batch. Two runs at once (a nightly run and a delivery)
    may race for the same new signal: the unique constraint refuses the second, which then
    reads the batch again and finds the signal there."""
    attempt = 1
    while True:
        writes = Writes()
        for person in load(ids, on).values():
            _decide(person, on, writes)
        try:
            with transaction.atomic():
                write(writes, on)
            return writes
        except IntegrityError:
            if attempt == attempts:
                raise
            attempt += 1


# Deciding -------------------------------------------------------------------------------


def _decide(person: Candidate, on: date, writes: Writes) -> None:
    situation = person.situation
    found = findings(situation, on) if situation.region_id else []
    still_open: set[tuple[SignalKind, Desk]] = set()
    created: dict[tuple[SignalKind, Desk], NewSignal] = {}
    for row in person.open:
        signal = OpenSignal(
            SignalKind(row["kind"]), Desk(row["desk"]), row["region_id"], row["raised_on"],
            row["from_register"],
        )  # fmt: skip
        ended = closing(signal, situation, on, found)
        if ended is None:
            still_open.add((signal.kind, signal.desk))
            if row["priority"] != person.priority:
                writes.reprioritised.append(Signal(pk=row["id"], priority=person.priority))
            continue
        writes.closed.append(_closed(row["id"], ended, on))
        if ended.resolution == Resolution.DIED:
            writes.died.append(person.pk)
        if ended.handover and (ended.handover.kind, ended.handover.desk) not in still_open:
            need = (ended.handover.kind, ended.handover.desk)
            still_open.add(need)
            created[need] = _signal(person, ended.handover, on, row["id"], register=False)
            writes.new.append(created[need])
    by_need = {(row["kind"], row["desk"]): row for row in person.open}
    for finding in found:
        row = by_need.get((finding.kind, finding.desk))
        if (
            row is not None
            and (finding.kind, finding.desk) in still_open
            and not row["from_register"]
        ):
            # A melding came first; now the register says the same: one signal, two sources.
            writes.confirmed.append(
                Signal(pk=row["id"], from_register=True, priority=person.priority)
            )
            writes.sources.append(
                SignalSource(signal_id=row["id"], kind=SourceKind.REGISTER, noted_on=on)
            )
    for finding in new_findings(found, still_open, person.seen_exemptions):
        still_open.add((finding.kind, finding.desk))
        signal = _signal(person, finding, on, None, register=True)
        created[(finding.kind, finding.desk)] = signal
        writes.new.append(signal)
        writes.new_sources.append((signal, SourceKind.REGISTER, None))
    _reports(person, on, still_open, by_need, created, writes)
    _jikp(person, on, writes)


def _reports(
    person: Candidate, on: date, still_open: set, by_need: dict, created: dict, writes: Writes
) -> None:
    """A melding joins the open signal for the same need (one already there, or one this
    run raises), or one that carries that need (a handover at 18, the end of a
    vrijstelling), or raises one."""
    situation = person.situation
    if situation.region_id is None:
        return
    for report in person.reports:
        reported_on = timezone.localdate(report["reported_at"])
        finding = report_finding(situation, report["subject"], reported_on, on)
        if finding is None:
            continue
        need = _carrier((finding.kind, finding.desk), still_open)
        if need in still_open and need not in created:
            writes.sources.append(
                SignalSource(
                    signal_id=by_need[need]["id"], kind=SourceKind.REPORT,
                    report_id=report["id"], noted_on=on,
                )
            )  # fmt: skip
            continue
        if need not in created:
            created[need] = _signal(person, finding, min(reported_on, on), None, register=False)
            created[need].school_id = report["school_id"] or person.school_id
            still_open.add(need)
            writes.new.append(created[need])
        writes.new_sources.append((created[need], SourceKind.REPORT, report["id"]))


def _carrier(need: tuple[SignalKind, Desk], still_open: set) -> tuple[SignalKind, Desk]:
    """The open need that carries `need`: itself, or one that covers it at the same desk."""
    if need in still_open:
        return need
    kind, desk = need
    for carrier, covered in COVERED_BY_OPEN.items():
        if kind in covered and (carrier, desk) in still_open:
            return (carrier, desk)
    return need


def report_finding(
    situation: Situation, subject: str, reported_on: date, on: date
) -> Finding | None:
    """Which need a melding is about, at the desk responsible for the young person today."""
    desk = rules.responsible_desk(situation.facts, on, situation.upper_age)
    if desk is None:
        return None
    when = dates.format_date(reported_on)
    if subject == ReportKind.ABSENCE:
        kind = SignalKind.ABSENCE_REPORT
        reason = f"verzuimmelding van {when}"
    elif subject == ReportKind.LEFT_SCHOOL:
        kind = SignalKind.ABSOLUTE_ABSENCE if desk == Desk.LEERPLICHT else SignalKind.NEW_VSV
        reason = f"uitgeschreven zonder startkwalificatie (gemeld {when})"
    else:
        kind = SignalKind.CONCERN
        reason = f"zorgsignaal van {when}"
    if kind in situation.covered(on):
        return None
    return Finding(kind, desk, lambda: reason)


def _jikp(person: Candidate, on: date, writes: Writes) -> None:
    member = rules.is_jikp(person.situation.facts, jikp_year(on), person.situation.upper_age)
    if member and not person.jikp:
        writes.jikp_in.append(person.pk)
    elif person.jikp and not member:
        writes.jikp_out.append(person.pk)


def _signal(
    person: Candidate, finding: Finding, on: date, handed_over_from: int | None, *, register: bool
) -> NewSignal:
    return NewSignal(
        person_id=person.pk,
        region_id=person.situation.region_id,
        desk=finding.desk,
        kind=finding.kind,
        reason=finding.reason[:500],
        raised_on=on,
        due_on=on + timedelta(days=person.deadline_days),
        from_register=register,
        school_id=person.school_id,
        priority=person.priority,
        exemption_id=finding.exemption_key,
        handed_over_from_id=handed_over_from,
    )


def _closed(pk: int, ended: Closing, on: date) -> Signal:
    return Signal(
        pk=pk,
        status=SignalStatus.CLOSED,
        closed_on=on,
        resolution=ended.resolution,
        resolution_reason=ended.reason[:300],
    )
