"""Reading for signalling: which persons to look at (a SQL preselection the rules are
tested against), and their facts as plain data, a batch at a time in a fixed number of
queries and without a model object per row."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection
from django.db.models import Exists, F, Field, ForeignObject, Lookup, OuterRef, Q, QuerySet

from doorstroom import dates
from doorstroom.deliveries.models import Report, ReportStatus
from doorstroom.people import rules
from doorstroom.people.choices import EducationKind, ExemptionArticle, ResultType, VsoProfile
from doorstroom.people.models import Enrolment, Exemption, Person, Result
from doorstroom.regions.models import Region
from doorstroom.signals.choices import BY_SIGNALLING, OPEN_STATUSES, SignalStatus
from doorstroom.signals.detection import ExemptionFact, Situation, jikp_year
from doorstroom.signals.models import Cohort, CohortMembership, Signal, SignalSource


@dataclass
class Candidate:
    pk: int
    situation: Situation
    deadline_days: int
    school_id: int | None
    priority: int | None
    open: list[dict] = field(default_factory=list)
    seen_exemptions: set[int] = field(default_factory=set)
    reports: list[dict] = field(default_factory=list)
    jikp: bool = False


SHORT_QUERY_SETTINGS = {
    # Compiling a query it thinks big to machine code first: for the preselection of a
    # region that took 0.6 of its 2 s.
    "jit": "off",
    # Parallel workers for a region's preselection (some 30 ms): starting two for each took
    # more than they saved; the nightly run of 40 regions of 400,000 persons in all took
    # 2.8-3.0 s with them, 2.3 s without (BENCHMARKS.md, session 5).
    "max_parallel_workers_per_gather": "0",
}


@contextmanager
def short_query_plans() -> Iterator[None]:
    """Signalling reads in many short queries: PostgreSQL plans them as such
    (SHORT_QUERY_SETTINGS) for this session while signalling reads, and as before afterwards
    (after an error they stay: harmless)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        for name, value in SHORT_QUERY_SETTINGS.items():
            cursor.execute(f"SET {name} = {value}")
    yield
    with connection.cursor() as cursor:
        for name in SHORT_QUERY_SETTINGS:
            cursor.execute(f"RESET {name}")


def candidates(
    persons: QuerySet[Person], open_signals: QuerySet[Signal], on: date, upper_age: int, jikp: bool
) -> list[int]:
    """The persons of `persons` (and of `open_signals`) the rules need to look at on `on`."""
    ids = set(preselected(persons, on, upper_age))
    ids.update(open_signals.order_by().values_list("person_id", flat=True))
    ids.update(reported(persons))
    if jikp:
        ids.update(possible_jikp(persons, on))
    return sorted(ids)


def _enrolled(on: date) -> QuerySet:
    """The person's enrolments that run on `on` (for an Exists on a person)."""
    return Enrolment.objects.filter(person=OuterRef("pk"), start_date__lte=on).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )


def _qualified(on: date) -> QuerySet:
    """The person's startkwalificatie diplomas by `on`. From 17 nobody is leerplichtig any
    more (art. 4: the school year of the 16th birthday), so an adult with one has no
    finding: most young adults out of school."""
    return Result.objects.filter(
        person=OuterRef("pk"),
        kind__in=rules.STARTKWALIFICATIE_KINDS,
        result_type=ResultType.DIPLOMA,
        obtained_on__lte=on,
    )


def _of_finding_age(on: date, upper_age: int) -> Q:
    """Alive, in the country, of leerplicht age (from 5) up to the upper age on `on`. The
    age bounds are a few days wide on purpose (leap days); the rules decide exactly."""
    return Q(
        date_of_death__isnull=True,
        date_of_emigration__isnull=True,
        date_of_birth__gt=on - timedelta(days=366 * upper_age),
        date_of_birth__lte=on - timedelta(days=365 * 5),
    )


def _adults_born_by(on: date) -> date:
    """Born on or before this day: 17 or older on `on` (a few days wide), past leerplicht."""
    return on - timedelta(days=366 * 17)


def _of_jikp_age(on: date) -> Q:
    """16 to 22 on 1 October of the year after the JIKP cohort's (a few days wide)."""
    second = dates.one_october(jikp_year(on) + 1)
    return Q(
        date_of_birth__lte=second - timedelta(days=365 * rules.JIKP_LOWER_AGE),
        date_of_birth__gt=second - timedelta(days=366 * rules.LEGAL_VSV_UPPER_AGE),
    )


def _in_a_jikp_school(on: date) -> QuerySet:
    """The enrolments in a JIKP school that run on the cohort's first peildatum."""
    first = dates.one_october(jikp_year(on))
    return Enrolment.objects.filter(kind__in=rules.JIKP_FIRST_KINDS, start_date__lte=first).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=first)
    )


def _waiting_reports() -> QuerySet:
    """The meldingen that no signal carries yet (registered, no signal's source)."""
    return Report.objects.filter(status=ReportStatus.REGISTERED).filter(
        ~Exists(SignalSource.objects.filter(report=OuterRef("pk")))
    )


def preselected(
    persons: QuerySet[Person], on: date, upper_age: int, fields: tuple[str, ...] = ("id",)
) -> QuerySet:
    """The ids (or `fields`) of the persons who can have a finding on `on`: alive, in the
    country, of leerplicht age (from 5) up to the upper age, not enrolled, and not an adult
    with a startkwalificatie. signals/tests/test_services.py compares this with the rules."""
    flat = fields == ("id",)
    if connection.vendor == "sqlite":
        # One pass over the persons, each one's diplomas looked up only for an adult: the
        # nightly preselection of 40 regions of 400,000 persons in all 0.70 s instead of
        # 0.92 s in the two parts below, which walk every person twice (BENCHMARKS.md,
        # session 14).
        return (
            persons.filter(_can_have_finding(on, upper_age))
            .order_by()
            .values_list(*fields, flat=flat)
        )
    enrolled, qualified = _enrolled(on), _qualified(on)
    out_of_school = (
        persons.filter(_of_finding_age(on, upper_age)).filter(~Exists(enrolled)).order_by()
    )
    adult = _adults_born_by(on)
    # Two parts, so that each is a plain anti-join: with 'adult AND has a diploma' in one
    # condition PostgreSQL hashed every diploma in the country for each query.
    young = out_of_school.filter(date_of_birth__gt=adult).values_list(*fields, flat=flat)
    adults = (
        out_of_school.filter(date_of_birth__lte=adult)
        .filter(~Exists(qualified))
        .values_list(*fields, flat=flat)
    )
    return young.union(adults, all=True)


def preselected_by_region(regions: Sequence[Region], on: date) -> dict[int, set[int]]:
    """`preselected` for several regions at once (the nightly run of the country): per
    region, the persons living there without an open signal of that region who can have a
    finding on `on`, by the region's own upper age. One query over all of them lets
    PostgreSQL hash the enrolments once instead of probing them person by person, region by
    region (for the country's 3.5 million persons 5-8 s instead of some 14 s)."""
    upper_ages = {region.pk: region.upper_age for region in regions}
    found: dict[int, set[int]] = {pk: set() for pk in upper_ages}
    if not regions:
        return found
    persons = Person.objects.filter(municipality__region__in=list(upper_ages))
    # Someone who moved in with a signal of the old region has none here: looked at.
    # (PostgreSQL hashes the open signals for this; SQLite would scan a region's open
    # signals for every person: services.signal_regions uses it on PostgreSQL only.)
    open_here = Signal.objects.open().filter(
        person=OuterRef("pk"), region=OuterRef("municipality__region")
    )
    fields = ("id", "municipality__region_id", "date_of_birth")
    rows = preselected(persons.filter(~Exists(open_here)), on, max(upper_ages.values()), fields)
    born_after = {pk: on - timedelta(days=366 * age) for pk, age in upper_ages.items()}
    for pk, region_id, born in rows:
        if born > born_after[region_id]:  # the bound `preselected` uses, per region
            found[region_id].add(pk)
    return found


def changed_candidates(persons: QuerySet[Person], on: date, upper_age: int) -> QuerySet:
    """The ids of the persons of `persons` (a delta: a slice of an import's changed persons)
    that `candidates(..., jikp=True)` gives, plus those counted in the JIKP cohort of the
    year, in one pass over the persons: each condition a probe of an index, tried in turn
    (most have an open signal or can have a finding). A region run keeps `candidates`,
    whose parts are anti-joins over the whole region."""
    open_signal = Signal.objects.open().filter(person=OuterRef("pk"))
    # The cohort's members as a set, which PostgreSQL hashes once per query, instead of a
    # probe of their index for each person that reaches this last condition (most of a
    # weekly delta: 20,912 of 29,568; BENCHMARKS.md, session 19). The open signals stay a
    # probe: as a set too, PostgreSQL hashed every enrolment and diploma as well and scanned
    # every person (0.7 s instead of 0.2 s).
    counted = CohortMembership.objects.filter(cohort=Cohort.JIKP, year=jikp_year(on))
    return (
        persons.filter(
            Exists(open_signal)
            | _can_have_finding(on, upper_age)
            | (_of_jikp_age(on) & Exists(_in_a_jikp_school(on).filter(person=OuterRef("pk"))))
            | Exists(_waiting_reports().filter(person=OuterRef("pk")))
            | Q(id__in=counted.values("person_id"))
        )
        .order_by()
        .values_list("id", flat=True)
    )


def _can_have_finding(on: date, upper_age: int) -> Q:
    """`preselected` as one condition on a person (for `changed_candidates`)."""
    enrolled, qualified = _enrolled(on), _qualified(on)
    return (
        _of_finding_age(on, upper_age)
        & ~Exists(enrolled)
        & (Q(date_of_birth__gt=_adults_born_by(on)) | ~Exists(qualified))
    )


def reported(persons: QuerySet[Person]) -> QuerySet:
    """The ids of the persons with a melding that no signal carries yet."""
    return (
        _waiting_reports()
        # Per melding (few are waiting), not `person__in`: SQLite would list every person.
        .filter(Exists(persons.filter(pk=OuterRef("person_id"))))
        .order_by()
        .values_list("person_id", flat=True)
    )


def possible_jikp(persons: QuerySet[Person], on: date) -> QuerySet:
    """The ids of the persons of JIKP age (16 to 22 on 1 October T+1, a few days wide)
    enrolled on the cohort's first peildatum in a JIKP school."""
    of_age = persons.filter(_of_jikp_age(on))
    return (
        _in_a_jikp_school(on)
        .filter(person__in=of_age)
        .order_by()
        .values_list("person_id", flat=True)
    )


def due(open_signals: QuerySet[Signal], on: date, upper_age: int) -> QuerySet:
    """The ids of the persons whose open signals a nightly run must look at on `on`: a date in
    their facts came due (or nobody looked yet), or something changed that does not pass
    through signalling: they moved out of the region, another of their signals was closed
    by hand, or the region's upper age came below their age."""
    closed_by_hand = Signal.objects.filter(
        person=OuterRef("person_id"),
        status=SignalStatus.CLOSED,
        closed_on__gte=OuterRef("checked_on"),
    ).exclude(resolution__in=BY_SIGNALLING)
    return (
        open_signals.filter(
            Q(recheck_on__isnull=True)
            | Q(recheck_on__lte=on)
            | Q(checked_on__gt=on)
            | ~Q(region_id=F("person__municipality__region_id"))
            | Q(person__date_of_birth__lte=_years_before(on, upper_age) + timedelta(days=2))
            | Exists(closed_by_hand)
        )
        .order_by()
        .values_list("person_id", flat=True)
    )


def _years_before(on: date, years: int) -> date:
    return date(on.year - years, on.month, 28 if (on.month, on.day) == (2, 29) else on.day)


@dataclass(frozen=True)
class Ids:
    """Ids for the `any_of` lookup (not a list, which Django would walk value by value)."""

    ids: Sequence[int]


class AnyOf(Lookup):
    """`id__any_of=Ids(ids)`, `person_id__any_of=Ids(ids)`: in these ids, sent as one query
    parameter (Django would prepare each of thousands of ids of an `__in` list one by one).
    On PostgreSQL `= ANY(array)`, whose length the planner knows: for `IN (SELECT unnest())`
    it assumed 200 ids and planned a probe per id where a hash join was cheaper."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return ("%s", [value])

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        lhs, params = self.process_lhs(compiler, connection)
        among, param = _ids_param(self.rhs.ids)
        return f"{lhs} {among}", [*params, param]


for _field in (Field, ForeignObject):  # a key (`id`) and a foreign key (`person_id`)
    _field.register_lookup(AnyOf)


def _ids_param(ids: list[int]) -> tuple[str, object]:
    """A condition on a column (without the column) and its one parameter."""
    if connection.vendor == "postgresql":
        # As the text of an array: psycopg would quote a Python list item by item.
        return "= ANY(%s::bigint[])", "{" + ",".join(map(str, map(int, ids))) + "}"
    return "IN (SELECT value FROM json_each(%s))", json.dumps(list(map(int, ids)))


# The three big reads of a batch in plain SQL: Django's per-value conversions cost more than
# the queries. Only our own table and column names; the ids travel as one parameter. A
# person's enrolments and results come in the order they were recorded, whatever the plan:
# the reasons list them ("ingeschreven (vso, po)") and the last school is the first of two
# begun on one day, so another order (PostgreSQL's for another batch) wrote another signal.
# SQLite reads the person_id index in that order; PostgreSQL sorts the batch's rows.
ENROLMENTS = """SELECT person_id, kind, {d}start_date, {d}end_date, vso_profile, school_id
    FROM people_enrolment WHERE person_id {among} ORDER BY person_id, id"""
RESULTS = """SELECT person_id, kind, {d}obtained_on, result_type
    FROM people_result WHERE person_id {among} ORDER BY person_id, id"""
PERSONS = """SELECT p.id, {d}p.date_of_birth, {d}p.date_of_death, {d}p.date_of_emigration, m.region_id,
        m.name, r.name, r.upper_age, r.contact_deadline_days, p.reported_only, i.priority,
        EXISTS (SELECT 1 FROM signals_cohortmembership c
            WHERE c.person_id = p.id AND c.cohort = %s AND c.year = %s)
    FROM people_person p
    JOIN regions_municipality m ON m.id = p.municipality_id
    JOIN regions_region r ON r.id = m.region_id
    LEFT JOIN people_incomematch i ON i.person_id = p.id
    WHERE p.id {among}"""
SIGNALS = """SELECT id, person_id, kind, desk, region_id, {d}raised_on, from_register, priority,
        {d}checked_on, {d}recheck_on, {d}date_of_birth, status IN (%s, %s), exemption_id
    FROM signals_signal
    WHERE (status IN (%s, %s) OR exemption_id IS NOT NULL) AND person_id {among}
    ORDER BY raised_on, id"""
"""The open signals of these persons, and every signal that an ended vrijstelling raised."""
OPEN_FIELDS = (
    "id", "person_id", "kind", "desk", "region_id", "raised_on", "from_register", "priority",
    "checked_on", "recheck_on", "date_of_birth",
)  # fmt: skip
KINDS = {kind.value: kind for kind in EducationKind}
PROFILES = {profile.value: profile for profile in VsoProfile}


def _rows(sql: str, ids: list[int], *params: object) -> list[tuple]:
    """The rows of one of the reads above; `params` come before the ids in the SQL."""
    among, param = _ids_param(ids)
    # On SQLite a date column comes as text when it is an expression (`+column` has no
    # declared type): Django's converter would parse each of some 80,000 dates a batch with a
    # regular expression, date.fromisoformat (`_from_text`) is ten times faster.
    plain = "+" if connection.vendor == "sqlite" else ""
    with connection.cursor() as cursor:
        cursor.execute(sql.format(among=among, d=plain), [*params, param])
        return cursor.fetchall()


def _same(value: date | None) -> date | None:
    return value


def _from_text(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def load(ids: list[int], on: date) -> dict[int, Candidate]:
    """Everything the rules need for these persons, as plain data, in a fixed number of
    queries; no model object per row."""
    # The driver gives dates (PostgreSQL) or ISO text (SQLite): the converter is chosen once
    # for every one of a batch's some 60,000 dates.
    day = _from_text if connection.vendor == "sqlite" else _same
    enrolments: dict[int, list] = defaultdict(list)
    last_school: dict[int, tuple[date, int]] = {}
    for pid, kind, start, end, profile, school in _rows(ENROLMENTS, ids):
        start = day(start)
        enrolments[pid].append(
            rules.EnrolmentFact(
                KINDS[kind], start, day(end), PROFILES[profile] if profile else None
            )
        )
        if pid not in last_school or start > last_school[pid][0]:
            last_school[pid] = (start, school)
    results: dict[int, list] = defaultdict(list)
    for pid, kind, obtained, result_type in _rows(RESULTS, ids):
        results[pid].append(
            rules.ResultFact(KINDS[kind], day(obtained), result_type == ResultType.DIPLOMA)
        )
    exemptions: dict[int, list] = defaultdict(list)
    # Each person's newest first, as Exemption's own ordering has them, but without its
    # sorting by the persons' names: that joined every id of the batch to its person.
    for pid, pk, article, start, end in (
        Exemption.objects.filter(person_id__any_of=Ids(ids))
        .order_by("-start_date")
        .values_list("person_id", "id", "article", "start_date", "end_date")
    ):
        exemptions[pid].append(ExemptionFact(ExemptionArticle(article), start, end, pk))
    persons: dict[int, Candidate] = {}
    none = ()
    for (
        pk, born, died, emigrated, region_id, town, region, upper_age, deadline, told, priority,
        jikp,
    ) in _rows(PERSONS, ids, Cohort.JIKP, jikp_year(on)):  # fmt: skip
        facts = rules.PersonFacts(
            day(born),
            tuple(enrolments.get(pk, none)),
            tuple(results.get(pk, none)),
            day(died),
            day(emigrated),
        )
        known = not told or bool(facts.enrolments or facts.results)
        situation = Situation(
            facts, region_id, upper_age, tuple(exemptions.get(pk, none)), town, region, known
        )
        school = last_school.get(pk)
        persons[pk] = Candidate(
            pk, situation, deadline, school[1] if school else None, priority, jikp=bool(jikp)
        )
    for *values, is_open, exemption in _rows(SIGNALS, ids, *OPEN_STATUSES, *OPEN_STATUSES):
        person = persons[values[1]]
        if exemption is not None:
            person.seen_exemptions.add(exemption)
        if is_open:
            row = dict(zip(OPEN_FIELDS, values, strict=True))
            row["from_register"] = bool(row["from_register"])
            for column in ("raised_on", "checked_on", "recheck_on", "date_of_birth"):
                row[column] = day(row[column])
            person.open.append(row)
    for row in (
        _waiting_reports()
        .filter(person_id__any_of=Ids(ids))
        .values("id", "person_id", "subject", "kind", "reported_at", "school_id", "report_number")
    ):
        persons[row["person_id"]].reports.append(row)
    return persons
