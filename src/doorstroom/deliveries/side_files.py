"""The smaller deliveries beside the register: verzuimmeldingen (ROD) and the
Inlichtingenbureau's priorities. Thousands of rows a month, not millions: each file is
checked row by row, then written in one transaction with bulk upserts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import partial

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from doorstroom import dates
from doorstroom.crypto import lookup_hash
from doorstroom.csvfiles import RowError
from doorstroom.deliveries.adapters.ib_v1 import PRIORITY_COLUMNS
from doorstroom.deliveries.adapters.verzuim_v1 import ABSENCE_COLUMNS
from doorstroom.deliveries.models import (
    EXPLANATION_LIMIT,
    AbsenceKind,
    ChangedPerson,
    DeliveryKind,
    ImportRun,
    Report,
    ReportKind,
    ReportSource,
    ReportStatus,
)
from doorstroom.deliveries.staging import Stager, delivered_bsn, row_text
from doorstroom.deliveries.validation import (
    Invalid,
    check_bsn,
    check_choice,
    check_date,
    check_identifier,
    row_problem,
    unknown_school,
)
from doorstroom.lengths import too_long
from doorstroom.people import rules
from doorstroom.people.models import IncomeMatch, IncomePriority, Person
from doorstroom.regions.models import school_code, school_ids_by_code
from doorstroom.signals.report_rules import report_refusals

ABSENCE_KINDS = frozenset(AbsenceKind.values)
STATUSES = frozenset(ReportStatus.values)
PRIORITIES = frozenset(str(p) for p in IncomePriority.values)
FREE_TEXT = frozenset({"vermoedelijke_reden", "toelichting", "actie", "contactpersoon"})
"""A melding's fields that may hold line breaks and tabs, as the meldingen form's do."""

TEXT_LIMITS = tuple(
    (column, Report._meta.get_field(field).max_length or EXPLANATION_LIMIT)
    for column, field in (
        ("vermoedelijke_reden", "suspected_reason"), ("toelichting", "explanation"),
        ("actie", "action"), ("contactpersoon", "contact_person"), ("schooljaar", "school_year"),
        ("niveau", "level"), ("leerweg", "pathway"),
    )
)  # fmt: skip
"""A melding's texts, in the order of its checked tuple, and what a melding holds of each (the
melding form's limits): a longer one is refused, not cut off."""

Rows = Iterator[tuple[int, list[str]]]


@dataclass
class SideCounts:
    read: int = 0
    new: int = 0
    changed: int = 0
    rejected: int = 0


def _known(run: ImportRun, bsns: set[str]) -> tuple[dict[str, str], QuerySet[Person]]:
    """The BSNs by their hashes, and the persons known (in the area) with one of them."""
    hashes = {lookup_hash(bsn): bsn for bsn in bsns}
    persons = Person.objects.filter(bsn_hash__in=hashes)
    if run.area_id:
        persons = persons.filter(municipality__region_id=run.area_id)
    return hashes, persons


def _persons(run: ImportRun, bsns: set[str]) -> dict[str, int]:
    """BSN -> person id of the persons known (in the area), found by the BSNs' hashes."""
    hashes, persons = _known(run, bsns)
    return {hashes[h]: pk for h, pk in persons.values_list("bsn_hash", "id")}


@dataclass(frozen=True)
class Reported:
    """What the rules of a melding need of the person it is about (report_rules)."""

    pk: int
    date_of_birth: date
    upper_age: int


def _reported_persons(run: ImportRun, bsns: set[str]) -> dict[str, Reported]:
    hashes, persons = _known(run, bsns)
    found = persons.values_list(
        "bsn_hash", "id", "date_of_birth", "municipality__region__upper_age"
    )
    return {hashes[h]: Reported(pk, born, upper) for h, pk, born, upper in found}


def _collect(
    run: ImportRun,
    rows: Rows,
    delimiter: str,
    check,
    columns: tuple[str, ...],
    free_text=frozenset(),
) -> tuple[list[tuple[int, tuple, str]], Stager, SideCounts]:
    """Check every row; the good ones as (line, checked values, row text: kept should a
    later check refuse it), the bad ones kept as rejected."""
    stager, counts, good = Stager(run.pk), SideCounts(), []
    bsn_at = columns.index("bsn")
    for line, values in rows:
        counts.read += 1
        try:
            # a NUL further in the file than its first bytes, a byte no character in its
            # encoding, a control character: refused, never stored (PostgreSQL holds no NUL)
            problem = row_problem(values, columns, free_text)
            if problem:
                raise Invalid(*problem)
            good.append((line, check(values), row_text(values, delimiter)))
        except Invalid as problem:
            # with the BSN as written: the young person's page names the refusal
            bsn = delivered_bsn(values, bsn_at)
            refusal = RowError(line, problem.field, problem.message)
            stager.reject(refusal, row_text(values, delimiter), bsn)
    return good, stager, counts


def _changed(run: ImportRun, person_ids: set[int]) -> None:
    """Tell signalling which persons this file concerns (see deliveries.events)."""
    ChangedPerson.objects.bulk_create(
        [ChangedPerson(run=run, person_id=pk) for pk in person_ids], batch_size=2000
    )


def _unknown_person(stager: Stager, line: int, text: str, bsn: str, run: ImportRun) -> None:
    where = f"de regio {run.area.name}" if run.area_id else "het register"
    stager.reject(RowError(line, "bsn", f"het BSN is onbekend in {where}"), text, bsn)


def _earlier_line(first_line: dict[str, int], key: str, line: int) -> int | None:
    """The line `key` (a meldingnummer, a BSN) stood on before in the file, or None, and then
    this line is its first: of two rows with one key the first stands, the other is refused."""
    earlier = first_line.setdefault(key, line)
    return earlier if earlier != line else None


def _check_absence(values: list[str], delivery_date: date) -> tuple:
    v = dict(zip(ABSENCE_COLUMNS, values, strict=True))  # by name: a few thousand rows a month
    number = check_identifier(v["meldingnummer"], "meldingnummer", "het meldingnummer")
    if not v["bsn"]:
        raise Invalid("bsn", "zonder BSN kan de melding niet aan een jongere worden gekoppeld")
    bsn = check_bsn(v["bsn"])
    kind = check_choice(v["verzuimsoort"].lower(), ABSENCE_KINDS, "verzuimsoort", "verzuimsoort")
    day = check_date(v["datum"], "datum")
    if day > delivery_date:
        raise Invalid("datum", "de melding ligt na de leveringsdatum")
    at = time(0, 0)
    if written := v["tijd"]:
        try:
            at = time.fromisoformat(written)
        except ValueError:
            at = None
        if at is None or at.tzinfo is not None or not written.isascii():
            raise Invalid("tijd", f"'{written[:20]}' is geen tijd (verwacht uu:mm)")
    days = None
    if absent := v["dagen_afwezig"]:
        if not (absent.isascii() and absent.isdigit()) or int(absent) > 366:
            raise Invalid("dagen_afwezig", f"'{absent}' is geen aantal dagen")
        days = int(absent)
    status = check_choice(
        v["status"].lower() or ReportStatus.REGISTERED, STATUSES, "status", "status"
    )
    school = school_code(v["brin"], v["vestiging"]) if v["brin"] else ""
    moment = timezone.make_aware(datetime.combine(day, at))
    for name, limit in TEXT_LIMITS:
        if len(v[name]) > limit:
            raise Invalid(name, too_long(name, len(v[name]), limit))
    return (number, bsn, school, kind, moment, days, status, *(v[name] for name, _ in TEXT_LIMITS))


REFUSED_FIELD = {
    "date_of_birth": "bsn",
    "reported_on": "datum",
    "absence_kind": "verzuimsoort",
    "days_absent": "dagen_afwezig",
}
"""The file's column for each field of the melding form that `report_refusals` names (the
date of birth is the register's, of the person the BSN names)."""


def _no_desk(report: Reported, kind: str, days: int | None, on: date) -> tuple[str, str] | None:
    """(column, Dutch message) when a new verzuimmelding of this kind about this person is
    wrong by the rules of report_rules (as the melding form checks it: a verzuimsoort that
    does not fit the age, a day before leerplicht, more days absent than leerplichtig): it
    would wait as 'geregistreerd' for ever. None when it can stand. A melding about someone
    past the upper age is no wrong row: it is kept, and signalling closes it
    (`rules.is_beyond_every_desk`)."""
    today = dates.today()
    if rules.is_past_upper_age(rules.PersonFacts(report.date_of_birth), today, report.upper_age):
        return None
    refusals = report_refusals(
        subject=ReportKind.ABSENCE, absence_kind=kind, days_absent=days,
        date_of_birth=report.date_of_birth, reported_on=on, today=today,
        upper_age=report.upper_age,
    )  # fmt: skip
    return next(((REFUSED_FIELD[f], m) for f, m in refusals.items()), None)


def read_absence_reports(run: ImportRun, rows: Rows, delimiter: str) -> SideCounts:
    check = partial(_check_absence, delivery_date=run.delivery_date)
    good, stager, counts = _collect(run, rows, delimiter, check, ABSENCE_COLUMNS, FREE_TEXT)
    persons = _reported_persons(run, {values[1] for _, values, _ in good})
    schools = school_ids_by_code()
    changed_persons: set[int] = set()
    existing = {
        report.report_number: report
        for report in Report.objects.filter(report_number__in=[values[0] for _, values, _ in good])
    }
    reports: dict[str, Report] = {}
    first_line: dict[str, int] = {}
    for line, (number, bsn, school, kind, moment, days, status, *texts), text in good:
        if (earlier := _earlier_line(first_line, number, line)) is not None:
            message = f"meldingnummer {number} staat al op regel {earlier}"
            stager.reject(RowError(line, "meldingnummer", message), text, bsn)
            continue
        if bsn not in persons:
            _unknown_person(stager, line, text, bsn, run)
            continue
        reported, old = persons[bsn], existing.get(number)
        if old is not None and (old.source != ReportSource.ROD or old.person_id != reported.pk):
            # the ROD's numbers are its own: never another jongere's melding, nor one that a
            # school or partner made (whose number Doorstroom gave), overwritten by a file
            message = f"meldingnummer {number} hoort bij een andere melding"
            stager.reject(RowError(line, "meldingnummer", message), text, bsn)
            continue
        if school and school not in schools:
            stager.reject(RowError(line, "brin", unknown_school(school)), text, bsn)
            continue
        if old is None and status == ReportStatus.REGISTERED:
            refused = _no_desk(reported, kind, days, timezone.localdate(moment))
            if refused is not None:
                stager.reject(RowError(line, *refused), text, bsn)
                continue
        report = Report(
            report_number=number, person_id=reported.pk, school_id=schools.get(school), kind=kind,
            reported_at=moment, days_absent=days, status=status, suspected_reason=texts[0],
            explanation=texts[1], action=texts[2], contact_person=texts[3], school_year=texts[4],
            level=texts[5], pathway=texts[6], run=run,
        )  # fmt: skip
        if old is None:
            counts.new += 1
        elif _fields(old) != _fields(report):
            counts.changed += 1
        if old is None or _fields(old) != _fields(report):
            changed_persons.add(report.person_id)
        reports[number] = report
    stager.finish()
    counts.rejected = stager.rejected_count
    _changed(run, changed_persons)
    with transaction.atomic():
        Report.objects.bulk_create(
            list(reports.values()),
            update_conflicts=True,
            unique_fields=["report_number"],
            update_fields=[f for f in FIELDS if f != "report_number"] + ["run"],
            batch_size=2000,
        )
    return counts


FIELDS = (
    "report_number", "person_id", "school_id", "kind", "reported_at", "days_absent", "status",
    "suspected_reason", "explanation", "action", "contact_person", "school_year", "level", "pathway",
)  # fmt: skip


def _fields(report: Report) -> tuple:
    return tuple(getattr(report, f) for f in FIELDS)


def _check_priority(v: list[str]) -> tuple[str, int]:
    bsn = check_bsn(v[0])
    priority = check_choice(v[1], PRIORITIES, "prioriteit", "prioriteit (1 tot en met 5)")
    return bsn, int(priority)


def read_priorities(run: ImportRun, rows: Rows, delimiter: str) -> SideCounts:
    good, stager, counts = _collect(run, rows, delimiter, _check_priority, PRIORITY_COLUMNS)
    persons = _persons(run, {bsn for _, (bsn, _), _ in good})
    current = dict(
        IncomeMatch.objects.filter(person_id__in=persons.values()).values_list(
            "person_id", "priority"
        )
    )
    matches: dict[int, IncomeMatch] = {}
    first_line: dict[str, int] = {}
    for line, (bsn, priority), text in good:
        # which of two priorities for one person holds cannot be told: the first stands
        if (earlier := _earlier_line(first_line, bsn, line)) is not None:
            message = f"dit BSN staat al op regel {earlier}"
            stager.reject(RowError(line, "bsn", message), text, bsn)
            continue
        if bsn not in persons:
            _unknown_person(stager, line, text, bsn, run)
            continue
        matches[persons[bsn]] = IncomeMatch(
            person_id=persons[bsn], priority=priority, reported_on=run.delivery_date
        )
    for person_id, match in matches.items():
        if person_id not in current:
            counts.new += 1
        elif current[person_id] != match.priority:
            counts.changed += 1
    stager.finish()
    counts.rejected = stager.rejected_count
    _changed(run, {p for p, m in matches.items() if current.get(p) != m.priority})
    with transaction.atomic():
        IncomeMatch.objects.bulk_create(
            list(matches.values()),
            update_conflicts=True,
            unique_fields=["person"],
            update_fields=["priority", "reported_on"],
            batch_size=2000,
        )
    return counts


READERS = {DeliveryKind.VERZUIM: read_absence_reports, DeliveryKind.PRIORITIES: read_priorities}
