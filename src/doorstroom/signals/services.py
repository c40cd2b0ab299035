"""Signalling: run the rules of detection.py over a region or a set of persons, and write
what they find in short, set-based batches.

A region run looks only at its candidates: persons of the target age who are not enrolled
today (every finding needs that, see `detection.findings`), persons with an open signal or
a melding that has none yet, and, once per cohort year, the possible JIKP members. A delta
run after an import looks at exactly the persons that import changed.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from doorstroom import dates
from doorstroom.cases.services import close_cases_of
from doorstroom.deliveries.models import ImportRun, Report, ReportKind, ReportStatus
from doorstroom.people import rules
from doorstroom.people.choices import Desk, EducationKind, ExemptionArticle, ResultType, VsoProfile
from doorstroom.people.models import Enrolment, Exemption, IncomeMatch, Person, Result
from doorstroom.people.rules import DEFAULT_UPPER_AGE
from doorstroom.regions.models import Region
from doorstroom.signals.choices import Resolution, SignalKind, SignalStatus, SourceKind
from doorstroom.signals.detection import (
    RULES,
    Closing,
    ExemptionFact,
    Finding,
    OpenSignal,
    Situation,
    closing,
    findings,
    jikp_year,
    new_findings,
)
from doorstroom.signals.models import Cohort, CohortMembership, Signal, SignalRun, SignalSource

CHUNK = 2000
"""Persons per batch: each batch is read in a handful of queries and written in one short
transaction, so that SQLite's single writer is never held for long."""

ANALYZE_AFTER = 5_000
"""Signals raised or closed in one run after which PostgreSQL's statistics are refreshed."""

DELTA_SLICE = 10_000
"""Changed persons preselected per query in a delta run."""

Progress = Callable[[int, int], None]


@dataclass
class _Person:
    pk: int
    situation: Situation
    deadline_days: int
    school_id: int | None
    priority: int | None
    open: list[dict] = field(default_factory=list)
    seen_exemptions: set[int] = field(default_factory=set)
    reports: list[dict] = field(default_factory=list)
    jikp: bool = False


@dataclass(slots=True)
class _New:
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
    public_id: uuid.UUID = field(default_factory=uuid.uuid4)


@dataclass
class _Writes:
    new: list[_New] = field(default_factory=list)
    new_sources: list[tuple[_New, SourceKind, int | None]] = field(default_factory=list)
    closed: list[Signal] = field(default_factory=list)
    changed: list[Signal] = field(default_factory=list)
    sources: list[SignalSource] = field(default_factory=list)
    died: list[int] = field(default_factory=list)
    jikp_in: list[int] = field(default_factory=list)
    jikp_out: list[int] = field(default_factory=list)


def signal_region(
    region: Region, on: date | None = None, user=None, progress: Progress | None = None
) -> SignalRun:
    """Signal a whole region (nightly, or on demand by the coordinator)."""
    on = on or dates.today()
    with_jikp = not CohortMembership.objects.filter(
        year=jikp_year(on), cohort=Cohort.JIKP, person__municipality__region=region
    ).exists()
    ids = _candidates(
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
        among = _among(given[start : start + DELTA_SLICE])
        persons = Person.objects.filter(id__in=among)
        open_signals = Signal.objects.open().filter(person_id__in=among)
        found = set(_candidates(persons, open_signals, on, DEFAULT_UPPER_AGE, True))
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


def _signal_batch(ids: list[int], on: date, attempts: int = 3) -> _Writes:
    """Read, decide and write one batch. Two runs at once (a nightly run and a delivery)
    may race for the same new signal: the unique constraint refuses the second, which then
    reads the batch again and finds the signal there."""
    attempt = 1
    while True:
        writes = _Writes()
        for person in _load(ids, on).values():
            _decide(person, on, writes)
        try:
            with transaction.atomic():
                _write(writes, on)
            return writes
        except IntegrityError:
            if attempt == attempts:
                raise
            attempt += 1


# Candidates -----------------------------------------------------------------------------


def _candidates(
    persons: QuerySet[Person], open_signals: QuerySet[Signal], on: date, upper_age: int, jikp: bool
) -> list[int]:
    """The persons of `persons` (and of `open_signals`) the rules need to look at on `on`."""
    # Every finding needs: alive, in the country, of leerplicht age (from 5) up to the upper
    # age, and not enrolled on `on`. The age bounds are a few days wide on purpose (leap
    # days); the rules decide exactly.
    enrolled = Enrolment.objects.filter(person=OuterRef("pk"), start_date__lte=on).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )
    # From 17 nobody is leerplichtig any more (art. 4: the school year of the 16th birthday),
    # so an adult with a startkwalificatie has no finding: most young adults out of school.
    qualified = Result.objects.filter(
        person=OuterRef("pk"),
        kind__in=rules.STARTKWALIFICATIE_KINDS,
        result_type=ResultType.DIPLOMA,
        obtained_on__lte=on,
    )
    ids = set(
        persons.filter(
            date_of_death__isnull=True,
            date_of_emigration__isnull=True,
            date_of_birth__gt=on - timedelta(days=366 * upper_age),
            date_of_birth__lte=on - timedelta(days=365 * 5),
        )
        .filter(~Exists(enrolled))
        .exclude(Q(date_of_birth__lte=on - timedelta(days=366 * 17)) & Exists(qualified))
        .order_by()
        .values_list("id", flat=True)
    )
    ids.update(open_signals.order_by().values_list("person_id", flat=True))
    ids.update(
        Report.objects.filter(person__in=persons, status=ReportStatus.REGISTERED)
        .filter(~Exists(SignalSource.objects.filter(report=OuterRef("pk"))))
        .order_by()
        .values_list("person_id", flat=True)
    )
    if jikp:
        first = dates.one_october(jikp_year(on))
        ids.update(
            Enrolment.objects.filter(
                person__in=persons, kind__in=rules.JIKP_FIRST_KINDS, start_date__lte=first
            )
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
            .order_by()
            .values_list("person_id", flat=True)
        )
    return sorted(ids)


# Reading one batch ----------------------------------------------------------------------


def _among(ids: list[int]) -> RawSQL:
    """`IN` these ids with one query parameter: Django would prepare each of thousands of
    ids of an `__in` list one by one, which costs more than the query itself."""
    sql, param = _ids_param(ids)
    # A fixed SQL fragment of ours; the ids travel as a query parameter.
    return RawSQL(sql, [param])  # noqa: S611  # nosec B611


def _ids_param(ids: list[int]) -> tuple[str, object]:
    if connection.vendor == "postgresql":
        return "SELECT unnest(%s::bigint[])", ids
    return "SELECT value FROM json_each(%s)", json.dumps(ids)


# The three big reads of a batch in plain SQL: Django's per-value conversions cost more than
# the queries. Only our own table and column names; the ids travel as one parameter.
ENROLMENTS = """SELECT person_id, kind, start_date, end_date, vso_profile, school_id
    FROM people_enrolment WHERE person_id IN ({ids})"""
RESULTS = """SELECT person_id, kind, obtained_on, result_type
    FROM people_result WHERE person_id IN ({ids})"""
PERSONS = """SELECT p.id, p.date_of_birth, p.date_of_death, p.date_of_emigration, m.region_id,
        m.name, r.name, r.upper_age, r.contact_deadline_days, p.reported_only
    FROM people_person p
    JOIN regions_municipality m ON m.id = p.municipality_id
    JOIN regions_region r ON r.id = m.region_id
    WHERE p.id IN ({ids})"""
KINDS = {kind.value: kind for kind in EducationKind}
PROFILES = {profile.value: profile for profile in VsoProfile}


def _rows(sql: str, ids: list[int]) -> list[tuple]:
    ids_sql, param = _ids_param(ids)
    with connection.cursor() as cursor:
        cursor.execute(sql.format(ids=ids_sql), [param])
        return cursor.fetchall()


def _day(value: date | str | None) -> date | None:
    """A date as the driver gives it: a date (PostgreSQL) or ISO text (SQLite)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _load(ids: list[int], on: date) -> dict[int, _Person]:
    """Everything the rules need for these persons, as plain data, in a fixed number of
    queries; no model object per row."""
    among = _among(ids)
    enrolments: dict[int, list] = defaultdict(list)
    last_school: dict[int, tuple[date, int]] = {}
    for pid, kind, start, end, profile, school in _rows(ENROLMENTS, ids):
        start, end = _day(start), _day(end)
        enrolments[pid].append(
            rules.EnrolmentFact(KINDS[kind], start, end, PROFILES[profile] if profile else None)
        )
        if pid not in last_school or start > last_school[pid][0]:
            last_school[pid] = (start, school)
    results: dict[int, list] = defaultdict(list)
    for pid, kind, obtained, result_type in _rows(RESULTS, ids):
        results[pid].append(
            rules.ResultFact(KINDS[kind], _day(obtained), result_type == ResultType.DIPLOMA)
        )
    exemptions: dict[int, list] = defaultdict(list)
    for pid, pk, article, start, end in Exemption.objects.filter(person_id__in=among).values_list(
        "person_id", "id", "article", "start_date", "end_date"
    ):
        exemptions[pid].append(ExemptionFact(ExemptionArticle(article), start, end, pk))
    priorities = dict(
        IncomeMatch.objects.filter(person_id__in=among).values_list("person_id", "priority")
    )
    persons: dict[int, _Person] = {}
    for pk, born, died, emigrated, region_id, town, region, upper_age, deadline, told in _rows(
        PERSONS, ids
    ):
        facts = rules.PersonFacts(
            _day(born), tuple(enrolments[pk]), tuple(results[pk]), _day(died), _day(emigrated)
        )
        known = not told or bool(facts.enrolments or facts.results)
        situation = Situation(
            facts, region_id, upper_age, tuple(exemptions[pk]), town, region, known
        )
        school = last_school.get(pk)
        persons[pk] = _Person(
            pk, situation, deadline, school[1] if school else None, priorities.get(pk)
        )
    for row in (
        Signal.objects.open()
        .filter(person_id__in=among)
        .values(
            "id", "person_id", "kind", "desk", "region_id", "raised_on", "from_register", "priority"
        )
    ):
        persons[row["person_id"]].open.append(row)
    for pid, exemption in Signal.objects.filter(
        person_id__in=among, exemption__isnull=False
    ).values_list("person_id", "exemption_id"):
        persons[pid].seen_exemptions.add(exemption)
    for row in (
        Report.objects.filter(person_id__in=among, status=ReportStatus.REGISTERED)
        .filter(~Exists(SignalSource.objects.filter(report=OuterRef("pk"))))
        .values("id", "person_id", "subject", "reported_at", "school_id", "report_number")
    ):
        persons[row["person_id"]].reports.append(row)
    year = jikp_year(on)
    for pid in CohortMembership.objects.filter(
        person_id__in=among, cohort=Cohort.JIKP, year=year
    ).values_list("person_id", flat=True):
        persons[pid].jikp = True
    return persons


# Deciding -------------------------------------------------------------------------------


def _decide(person: _Person, on: date, writes: _Writes) -> None:
    situation = person.situation
    found = findings(situation, on) if situation.region_id else []
    still_open: set[tuple[SignalKind, Desk]] = set()
    created: dict[tuple[SignalKind, Desk], _New] = {}
    for row in person.open:
        signal = OpenSignal(
            SignalKind(row["kind"]), Desk(row["desk"]), row["region_id"], row["raised_on"],
            row["from_register"],
        )  # fmt: skip
        ended = closing(signal, situation, on, found)
        if ended is None:
            still_open.add((signal.kind, signal.desk))
            if row["priority"] != person.priority:
                writes.changed.append(Signal(pk=row["id"], priority=person.priority))
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
            writes.changed.append(
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
    person: _Person, on: date, still_open: set, by_need: dict, created: dict, writes: _Writes
) -> None:
    """A melding joins the open signal for the same need (one already there, or one this
    run raises), or raises one."""
    situation = person.situation
    if situation.region_id is None:
        return
    for report in person.reports:
        reported_on = timezone.localdate(report["reported_at"])
        finding = report_finding(situation, report["subject"], reported_on, on)
        if finding is None:
            continue
        need = (finding.kind, finding.desk)
        row = by_need.get(need)
        if row is not None and need in still_open:
            writes.sources.append(
                SignalSource(
                    signal_id=row["id"], kind=SourceKind.REPORT, report_id=report["id"], noted_on=on
                )
            )
            continue
        if need not in created:
            created[need] = _signal(person, finding, min(reported_on, on), None, register=False)
            created[need].school_id = report["school_id"] or person.school_id
            still_open.add(need)
            writes.new.append(created[need])
        writes.new_sources.append((created[need], SourceKind.REPORT, report["id"]))


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


def _jikp(person: _Person, on: date, writes: _Writes) -> None:
    member = rules.is_jikp(person.situation.facts, jikp_year(on), person.situation.upper_age)
    if member and not person.jikp:
        writes.jikp_in.append(person.pk)
    elif person.jikp and not member:
        writes.jikp_out.append(person.pk)


def _signal(
    person: _Person, finding: Finding, on: date, handed_over_from: int | None, *, register: bool
) -> _New:
    return _New(
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


# Writing --------------------------------------------------------------------------------


def _write(writes: _Writes, on: date) -> None:
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
    for fields in (["priority"], ["from_register", "priority"]):
        batch = [s for s in writes.changed if _fields_of(s) == fields]
        if batch:
            Signal.objects.bulk_update(batch, fields, batch_size=500)
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
    handed_over_from_id, resolution, resolution_reason)
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '', '')"""
NEW_SOURCE = """INSERT INTO signals_signalsource (signal_id, kind, report_id, noted_on)
    SELECT id, %s, %s, %s FROM signals_signal WHERE public_id = %s ON CONFLICT DO NOTHING"""


def _insert_new(writes: _Writes, on: date) -> None:
    """New signals and their sources with two `executemany`s of our own SQL (the ORM's
    per-value work would be most of a cold region run); a source finds its signal by the
    signal's random public id."""
    public_id = Signal._meta.get_field("public_id")
    db_ids = {id(n): public_id.get_db_prep_value(n.public_id, connection) for n in writes.new}
    day = on.isoformat()
    with connection.cursor() as cursor:
        cursor.executemany(NEW_SIGNAL, [_new_row(n, db_ids[id(n)]) for n in writes.new])
        if writes.new_sources:
            cursor.executemany(
                NEW_SOURCE,
                [(kind, report, day, db_ids[id(n)]) for n, kind, report in writes.new_sources],
            )


def _new_row(n: _New, public_id: object) -> tuple:
    return (
        public_id, n.person_id, n.region_id, n.desk, n.kind, SignalStatus.NEW, n.reason,
        RULES[n.kind], n.raised_on.isoformat(), n.due_on.isoformat(), n.from_register,
        n.school_id, n.priority, n.exemption_id, n.handed_over_from_id,
    )  # fmt: skip


def _fields_of(signal: Signal) -> list[str]:
    return ["from_register", "priority"] if signal.from_register else ["priority"]
