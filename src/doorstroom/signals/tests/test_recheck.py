"""The nightly run leaves an open signal alone until a date in the person's facts comes due
(`detection.recheck_on`, `reading.due`): it must never miss what a full run would find.

Three layers: the rules give the same answers on every day before `recheck_on` (random
facts, every day of the window); a region run that skips gives the same signals as one
that looks at everyone (random registers, days and changes); and each thing that can change
without a date coming due makes the person due again."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doorstroom import dates
from doorstroom.deliveries.models import (
    ChangedPerson,
    ImportRun,
    ReportKind,
    ReportStatus,
    RunStatus,
)
from doorstroom.people.choices import Desk, EducationKind, ExemptionArticle, VsoProfile
from doorstroom.people.factories import (
    EnrolmentFactory,
    ExemptionFactory,
    PersonFactory,
    ResultFactory,
)
from doorstroom.people.models import Enrolment, Person, Result
from doorstroom.people.rules import EnrolmentFact, PersonFacts, ResultFact
from doorstroom.regions.factories import SchoolFactory
from doorstroom.signals.choices import Resolution, SignalKind, SignalStatus
from doorstroom.signals.detection import (
    ExemptionFact,
    OpenSignal,
    Situation,
    closing,
    findings,
    recheck_on,
)
from doorstroom.signals.factories import ReportFactory
from doorstroom.signals.models import CohortMembership, Signal, SignalSource
from doorstroom.signals.services import signal_persons, signal_region

K = EducationKind
HERE, THERE = 1, 2
WINDOW = 400
"""Days after `on` checked one by one (a next birthday is at most a year away)."""

# The rules on their own --------------------------------------------------------------


def offsets(low: int, high: int) -> st.SearchStrategy[int]:
    return st.integers(min_value=low, max_value=high)


@st.composite
def situations(draw) -> tuple[Situation, date]:
    """A young person of any age in the target group, with dates around `on` where the
    rules change their answers: birthdays, school-year ends, enrolments, diplomas."""
    on = date(2026, 1, 1) + timedelta(days=draw(offsets(0, 1460)))
    age = draw(st.sampled_from(range(3, 29)))
    born = dates.birthday_in_year(on, on.year - age) - timedelta(days=draw(offsets(0, 365)))
    if draw(st.integers(0, 4)) == 0:
        born = draw(st.sampled_from([date(2008, 2, 29), date(2010, 7, 31), date(2011, 8, 1)]))
    enrolments = []
    for _ in range(draw(offsets(0, 3))):
        kind = draw(st.sampled_from(list(K)))
        start = max(born + timedelta(days=4 * 365), on + timedelta(days=draw(offsets(-3000, 300))))
        length = draw(st.one_of(st.none(), offsets(0, 1500)))
        profile = draw(st.sampled_from(list(VsoProfile))) if kind == K.VSO else None
        end = None if length is None else start + timedelta(days=length)
        enrolments.append(EnrolmentFact(kind, start, end, profile))
    results = [
        ResultFact(
            draw(st.sampled_from([K.HAVO, K.MBO_2, K.PRO, K.VMBO_KB, K.MBO_1, K.VSO])),
            max(born, on + timedelta(days=draw(offsets(-2000, 300)))),
            draw(st.booleans()),
        )
        for _ in range(draw(offsets(0, 2)))
    ]
    gone = [
        on + timedelta(days=draw(offsets(-30, 300))) if draw(st.integers(0, 9)) == 0 else None
        for _ in range(2)
    ]
    exemptions = []
    if draw(st.integers(0, 3)) == 0:
        start = on + timedelta(days=draw(offsets(-600, 200)))
        length = draw(st.one_of(st.none(), offsets(0, 500)))
        end = None if length is None else start + timedelta(days=length)
        exemptions.append(
            ExemptionFact(draw(st.sampled_from(list(ExemptionArticle))), start, end, 7)
        )
    facts = PersonFacts(born, tuple(enrolments), tuple(results), *gone)
    upper = draw(st.sampled_from([23, 27]))
    return Situation(facts, HERE, upper, tuple(exemptions), "Deventer", "Stedendriehoek"), on


OPEN = [
    OpenSignal(kind, desk, region, date(2025, 9, 1), register)
    for kind in SignalKind
    for desk in Desk
    for region in (HERE, THERE)
    for register in (True, False)
]
"""Every open signal a person can have: each kind at each desk, from either source."""


def decisions(situation: Situation, on: date) -> tuple:
    """Everything a run decides for a person on `on`: what it finds, and how each possible
    open signal would close (or that it stays open)."""
    found = findings(situation, on)
    closings = []
    for signal in OPEN:
        ended = closing(signal, situation, on, found)
        handover = ended and ended.handover and (ended.handover.kind, ended.handover.desk)
        closings.append(ended and (ended.resolution, handover))
    return tuple((f.kind, f.desk, f.exemption_key) for f in found), tuple(closings)


@settings(max_examples=150, deadline=None)
@given(case=situations())
def test_the_rules_answer_the_same_on_every_day_before_the_recheck_day(case):
    situation, on = case
    recheck = recheck_on(situation, on)
    assert recheck > on
    expected = decisions(situation, on)
    last = min(recheck, on + timedelta(days=WINDOW))
    day = on + timedelta(days=1)
    while day < last:
        assert decisions(situation, day) == expected, f"changed on {day}, recheck {recheck}"
        day += timedelta(days=1)


LEFT = EnrolmentFact(K.MBO_2, date(2023, 8, 1), date(2026, 6, 30))
# 'the first day after `on` on which the rules may answer differently': each row names the
# date in the facts that comes first (an enrolment's end is its last day, a diploma counts
# from its own day, leerplicht starts the month after the 5th birthday and ends on 31 July).
RECHECKS = [
    ("a vsv'er of 20: the 21st birthday", PersonFacts(date(2006, 3, 1), (LEFT,)), (), date(2026, 11, 25), date(2027, 3, 1)),
    ("on the birthday itself: the next one", PersonFacts(date(2006, 3, 1), (LEFT,)), (), date(2027, 3, 1), date(2028, 3, 1)),
    ("born on 29 February: 1 March in other years", PersonFacts(date(2008, 2, 29), (LEFT,)), (), date(2026, 11, 25), date(2027, 3, 1)),
    ("a diploma on a later day", PersonFacts(date(2006, 3, 1), (LEFT,), (ResultFact(K.MBO_2, date(2027, 1, 15)),)), (), date(2026, 11, 25), date(2027, 1, 15)),
    ("an enrolment that starts later", PersonFacts(date(2006, 3, 1), (LEFT, EnrolmentFact(K.MBO_3, date(2026, 12, 1)))), (), date(2026, 11, 25), date(2026, 12, 1)),
    ("an enrolment that ends later: the day after its last day", PersonFacts(date(2006, 3, 1), (EnrolmentFact(K.MBO_2, date(2023, 8, 1), date(2026, 12, 20)),)), (), date(2026, 11, 25), date(2026, 12, 21)),
    ("a vrijstelling that ends later: the day after", PersonFacts(date(2006, 3, 1), (LEFT,)), (ExemptionFact(ExemptionArticle.PHYSICAL, date(2026, 1, 1), date(2026, 12, 31)),), date(2026, 11, 25), date(2027, 1, 1)),
    ("a vrijstelling that starts later", PersonFacts(date(2006, 3, 1), (LEFT,)), (ExemptionFact(ExemptionArticle.PHYSICAL, date(2027, 1, 4)),), date(2026, 11, 25), date(2027, 1, 4)),
    ("16 with a havo diploma: leerplicht ends on 31 July", PersonFacts(date(2011, 5, 10), (EnrolmentFact(K.HAVO, date(2022, 8, 1), date(2027, 5, 31)),), (ResultFact(K.HAVO, date(2027, 5, 20)),)), (), date(2027, 6, 1), date(2027, 8, 1)),
    ("5 years old: leerplicht starts on the first of the next month", PersonFacts(date(2021, 11, 2)), (), date(2026, 11, 10), date(2026, 12, 1)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "facts", "exemptions", "on", "expected"), RECHECKS, ids=[r[0] for r in RECHECKS]
)
def test_the_recheck_day_is_the_first_date_in_the_facts_that_comes_due(
    case, facts, exemptions, on, expected
):
    assert recheck_on(Situation(facts, HERE, exemptions=exemptions), on) == expected


# Region runs over the register -------------------------------------------------------

START = date(2025, 6, 1)


@st.composite
def registers(draw) -> list[dict]:
    people = []
    for _ in range(draw(offsets(1, 6))):
        born = START - timedelta(days=draw(offsets(4 * 365, 28 * 365)))
        first = born + timedelta(days=4 * 365)
        enrolments = []
        for _ in range(draw(offsets(0, 3))):
            kind = draw(
                st.sampled_from(
                    [
                        K.PO,
                        K.VMBO_BB,
                        K.VMBO_KB,
                        K.HAVO,
                        K.PRO,
                        K.VSO,
                        K.MBO_1,
                        K.MBO_2,
                        K.MBO_4,
                        K.HBO,
                    ]
                )
            )
            start = max(first, START + timedelta(days=draw(offsets(-3000, 500))))
            length = draw(st.one_of(st.none(), offsets(0, 1500)))
            profile = draw(st.sampled_from(list(VsoProfile))) if kind == K.VSO else ""
            enrolments.append(
                (kind, start, None if length is None else start + timedelta(days=length), profile)
            )
        results = [
            (
                draw(st.sampled_from([K.VMBO_KB, K.MBO_1, K.MBO_2, K.HAVO, K.PRO])),
                max(born, START + timedelta(days=draw(offsets(-2000, 500)))),
            )
            for _ in range(draw(offsets(0, 2)))
        ]
        exemption = None
        if draw(st.integers(0, 3)) == 0:
            start = START + timedelta(days=draw(offsets(-400, 400)))
            length = draw(st.one_of(st.none(), offsets(0, 400)))
            exemption = (
                draw(st.sampled_from(list(ExemptionArticle))),
                start,
                None if length is None else start + timedelta(days=length),
            )
        died = (
            START + timedelta(days=draw(offsets(0, 800))) if draw(st.integers(0, 9)) == 0 else None
        )
        report = draw(st.one_of(st.none(), st.sampled_from(list(ReportKind))))
        people.append(
            {
                "born": born,
                "enrolments": enrolments,
                "results": results,
                "exemption": exemption,
                "died": died,
                "report": report,
            }
        )
    return people


CHANGES = ("left school", "back at school", "diploma", "closed by hand", "died")


@st.composite
def scenarios(draw):
    days = sorted(draw(st.lists(offsets(0, 900), min_size=2, max_size=7, unique=True)))
    changes = draw(
        st.lists(
            st.tuples(offsets(1, len(days) - 1), offsets(0, 5), st.sampled_from(CHANGES)),
            max_size=4,
        )
    )
    return draw(registers()), days, changes


def build(deventer, people: list[dict]) -> list[Person]:
    persons = []
    for spec in people:
        person = PersonFactory(
            municipality=deventer, date_of_birth=spec["born"], date_of_death=spec["died"]
        )
        for kind, start, end, profile in spec["enrolments"]:
            EnrolmentFactory(
                person=person, kind=kind, start_date=start, end_date=end, vso_profile=profile
            )
        for kind, obtained in spec["results"]:
            ResultFactory(person=person, kind=kind, obtained_on=obtained)
        if spec["exemption"]:
            article, start, end = spec["exemption"]
            ExemptionFactory(person=person, article=article, start_date=start, end_date=end)
        if spec["report"]:
            ReportFactory(person=person, subject=spec["report"])
        persons.append(person)
    return persons


def change(person: Person, what: str, on: date, school) -> None:
    """A change as a delivery or a desk makes it: in bulk (no model save), then signalling
    of that person, as the import and the desk's actions do."""
    if what == "left school":
        Enrolment.objects.filter(person=person, end_date__isnull=True, start_date__lt=on).update(
            end_date=on - timedelta(days=1)
        )
    elif what == "back at school":
        Enrolment.objects.bulk_create(
            [
                Enrolment(
                    person=person, school=school, kind=K.MBO_2, mbo_pathway="bol", start_date=on
                )
            ]
        )
    elif what == "diploma":
        Result.objects.bulk_create([Result(person=person, kind=K.MBO_2, obtained_on=on)])
    elif what == "died":
        Person.objects.filter(pk=person.pk).update(date_of_death=on)
    else:  # the desk closes a signal that a melding raised (actions.close_signal)
        Signal.objects.open().filter(person=person, from_register=False).update(
            status=SignalStatus.CLOSED, closed_on=on, resolution=Resolution.CLOSED_BY_DESK
        )
        return
    signal_persons([person.pk], on=on)


def outcome() -> list:
    signals = sorted(
        (
            s.person.bsn,
            s.kind,
            s.desk,
            s.status,
            s.raised_on,
            s.closed_on,
            s.resolution,
            s.reason,
            s.from_register,
            s.priority,
        )
        for s in Signal.objects.select_related("person")
    )
    sources = sorted(
        (s.signal.person.bsn, s.signal.kind, s.signal.raised_on, s.kind, s.report_id)
        for s in SignalSource.objects.select_related("signal__person")
    )
    cohorts = sorted(CohortMembership.objects.values_list("person__bsn", "cohort", "year"))
    return [signals, sources, cohorts]


def run_days(region, persons, days, changes, *, full: bool, night=None) -> list:
    """The scenario's days, each with its changes and then its signalling: a region run
    (`full` or skipping), or `night(index, on)` where the test signals otherwise."""
    school = SchoolFactory()
    with transaction.atomic():
        for index, offset in enumerate(days):
            on = START + timedelta(days=offset)
            for at, who, what in changes:
                if at == index and who < len(persons):
                    change(persons[who], what, on, school)
            if night:
                night(index, on)
            else:
                signal_region(region, on=on, full=full)
        seen = outcome()
        # 'Re-running signalling on unchanged data creates nothing new': what the skipping
        # rests on.
        signal_region(region, on=on, full=True)
        assert outcome() == seen
        transaction.set_rollback(True)
    return seen


REGISTERS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
"""Random registers, days and changes: each example signals a small register for days."""


@pytest.mark.django_db
@REGISTERS
@given(scenario=scenarios())
def test_a_nightly_run_that_skips_finds_what_a_full_run_finds(region, deventer, scenario):
    people, days, changes = scenario
    with transaction.atomic():
        persons = build(deventer, people)
        full = run_days(region, persons, days, changes, full=True)
        skipping = run_days(region, persons, days, changes, full=False)
        transaction.set_rollback(True)
    assert skipping == full


# What makes a person due again without a date in the facts --------------------------

ON = date(2026, 11, 25)


def settled(region, on=ON) -> None:
    """Signal on `on` and the day after: from then on the open signals wait for a date in
    their facts."""
    signal_region(region, on=on)
    signal_region(region, on=on + timedelta(days=1))


@pytest.mark.django_db
def test_a_melding_the_register_already_answers_is_closed_as_it_is_raised(region, deventer):
    # The melding says uitgeschreven; the register already shows a school that started on the
    # day of the melding. The next run would close the signal as back in education, so the
    # run that raises it does: a run on unchanged data changes nothing.
    person = PersonFactory(municipality=deventer, date_of_birth=date(2006, 3, 1))
    EnrolmentFactory(person=person, kind=K.MBO_2, start_date=date(2026, 11, 20))
    report = ReportFactory(person=person, subject=ReportKind.LEFT_SCHOOL)
    run = signal_persons([person.pk], on=ON)
    signal = Signal.objects.get()
    assert (run.raised, run.closed) == (1, 1)
    assert (signal.status, signal.resolution, signal.closed_on) == (
        SignalStatus.CLOSED, Resolution.BACK_IN_EDUCATION, ON,
    )  # fmt: skip
    assert signal.resolution_reason == "ingeschreven (mbo-2)"
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED
    assert (signal_region(region, on=ON, full=True).raised, Signal.objects.count()) == (0, 1)


def vsv(deventer, born=date(2006, 3, 1)) -> Person:
    person = PersonFactory(municipality=deventer, date_of_birth=born)
    EnrolmentFactory(
        person=person, kind=K.MBO_2, start_date=date(2023, 8, 1), end_date=date(2026, 6, 30)
    )
    return person


@pytest.mark.django_db
def test_the_nightly_run_leaves_an_unchanged_open_signal_alone_until_its_day(region, deventer):
    vsv(deventer)  # turns 21 on 1 March 2027
    vsv(deventer, born=date(2006, 12, 5))  # turns 20 on 5 December 2026
    assert signal_region(region, on=ON).raised == 2
    assert signal_region(region, on=ON + timedelta(days=1)).checked == 0
    on_birthday = signal_region(region, on=date(2026, 12, 5))
    assert (on_birthday.checked, on_birthday.raised, on_birthday.closed) == (1, 0, 0)
    assert Signal.objects.get(person__date_of_birth=date(2006, 12, 5)).recheck_on == date(
        2027, 12, 5
    )


@pytest.mark.django_db
def test_moving_to_another_region_is_seen_by_the_old_regions_next_run(region, deventer, doetinchem):
    person = vsv(deventer)
    settled(region)
    # A move that reaches the register without signalling (a municipality moved to another
    # region in the reference data does the same).
    Person.objects.filter(pk=person.pk).update(municipality=doetinchem)
    signal_region(region, on=ON + timedelta(days=2))
    assert Signal.objects.get(region=region).resolution == Resolution.MOVED_OUT
    assert Signal.objects.open().get().region == doetinchem.region


@pytest.mark.django_db
def test_a_signal_closed_by_hand_makes_the_persons_other_signals_due(region, deventer):
    person = PersonFactory(municipality=deventer, date_of_birth=date(2008, 12, 10))
    EnrolmentFactory(
        person=person, kind=K.VMBO_KB, start_date=date(2022, 8, 1), end_date=date(2026, 7, 31)
    )
    signal_region(region, on=ON)
    signal_region(region, on=date(2026, 12, 10))  # 18: handed over to the Doorstroompunt
    ReportFactory(person=person, subject=ReportKind.CONCERN)
    signal_persons([person.pk], on=date(2026, 12, 10))
    signal_region(region, on=date(2026, 12, 11))
    handover = Signal.objects.open().get(kind=SignalKind.ADULT_HANDOVER)
    # The desk closes the handover (actions.close_signal): it carried the vsv need, and the
    # person's zorgsignaal stays open.
    Signal.objects.filter(pk=handover.pk).update(
        status=SignalStatus.CLOSED, closed_on=date(2026, 12, 15),
        resolution=Resolution.CLOSED_BY_DESK,
    )  # fmt: skip
    signal_region(region, on=date(2026, 12, 16))
    assert set(Signal.objects.open().values_list("kind", flat=True)) == {
        SignalKind.CONCERN, SignalKind.NEW_VSV,
    }  # fmt: skip


@pytest.mark.django_db
def test_a_lower_upper_age_closes_the_signals_above_it_at_the_next_run(region, deventer):
    vsv(deventer, born=date(2002, 1, 10))  # 24
    settled(region)
    region.upper_age = 23
    region.save()
    assert signal_region(region, on=ON + timedelta(days=2)).closed == 1
    assert Signal.objects.get().resolution == Resolution.UPPER_AGE


@pytest.mark.django_db
def test_a_run_for_an_earlier_day_looks_at_every_signal_checked_after_it(region, deventer):
    person = vsv(deventer)
    EnrolmentFactory(
        person=person, kind=K.MBO_2, start_date=date(2026, 12, 1), end_date=date(2026, 12, 20)
    )
    signal_region(region, on=date(2026, 12, 21))
    assert signal_region(region, on=date(2026, 12, 5)).closed == 1


@pytest.mark.django_db
def test_a_change_saved_through_a_model_makes_the_person_due(region, deventer):
    person = vsv(deventer)
    settled(region)
    ResultFactory(person=person, kind=K.MBO_2, obtained_on=date(2026, 11, 20))  # late entry
    assert Signal.objects.get().recheck_on is None
    assert signal_region(region, on=ON + timedelta(days=2)).closed == 1


@pytest.mark.django_db
def test_an_import_whose_signalling_was_lost_is_signalled_by_the_next_run(region, deventer):
    person = vsv(deventer)
    settled(region)
    # The import committed, then its process died before signalling (no SignalRun of it).
    run = ImportRun.objects.create(
        file_name="p.csv",
        kind="P",
        delivery_date=ON,
        status=RunStatus.APPLIED,
        finished_at=timezone.now(),
    )
    ChangedPerson.objects.create(run=run, person_id=person.pk)
    Result.objects.bulk_create([Result(person=person, kind=K.MBO_2, obtained_on=ON)])
    assert signal_region(region, on=ON + timedelta(days=2)).closed == 1
    # Once signalled, an import is not looked at again.
    vsv(deventer)
    settled(region, ON + timedelta(days=3))
    signal_persons([], on=ON, import_run=run)
    assert signal_region(region, on=ON + timedelta(days=5)).checked == 0


@pytest.mark.django_db
def test_every_possible_jikp_member_is_looked_at_once_per_cohort_year(region, deventer):
    # 'enrolled on 1 October of year T in vmbo bb ..., on 1 October of T+1 in mbo-1, mbo-2 or
    # out of education'; both still at school, so neither can have a finding.
    first, second = (
        PersonFactory(municipality=deventer, date_of_birth=date(2009, 6, 1)) for _ in "ab"
    )
    for person in (first, second):
        EnrolmentFactory(
            person=person,
            kind=K.VMBO_BB,
            mbo_pathway="",
            start_date=date(2021, 8, 1),
            end_date=date(2026, 7, 31),
        )
        EnrolmentFactory(person=person, kind=K.MBO_2, start_date=date(2026, 8, 1))
    signal_region(region, on=date(2026, 9, 30))
    # On 1 October a delivery of the first one arrives before the nightly run.
    signal_persons([first.pk], on=date(2026, 10, 1))
    signal_region(region, on=date(2026, 10, 1))
    assert set(CohortMembership.objects.values_list("person", "year")) == {
        (first.pk, 2025),
        (second.pk, 2025),
    }
    assert signal_region(region, on=date(2026, 10, 2)).checked == 0


@pytest.mark.django_db
def test_a_full_run_looks_at_every_open_signal(region, deventer):
    vsv(deventer)
    signal_region(region, on=ON)
    assert signal_region(region, on=ON + timedelta(days=1), full=True).checked == 1


# A C-levering that brought in a whole region counts as its full run -----------------


def c_levering(persons, on: date, kind: str = "C"):
    """A delivery that changed every one of `persons`, and its signalling after the commit."""
    run = ImportRun.objects.create(
        file_name="c.csv",
        kind=kind,
        delivery_date=on,
        status=RunStatus.APPLIED,
        finished_at=timezone.now(),
    )
    ChangedPerson.objects.bulk_create([ChangedPerson(run=run, person_id=p.pk) for p in persons])
    return signal_persons([p.pk for p in persons], on=on, import_run=run)


def run_days_after_c_levering(region, persons, days, changes) -> list:
    """As `run_days` with full=False, but the first day's signalling is that of a
    C-levering that brought in every person, not a region run."""

    def night(index: int, on: date) -> None:
        if index == 0:
            assert list(c_levering(persons, on).covered_regions.all()) == [region]
        else:
            assert not signal_region(region, on=on).full

    return run_days(region, persons, days, changes, full=False, night=night)


@pytest.mark.django_db
@REGISTERS
@given(scenario=scenarios())
def test_after_a_c_levering_of_everyone_a_nightly_run_finds_what_full_runs_find(
    region, deventer, scenario
):
    people, days, changes = scenario
    with transaction.atomic():
        persons = build(deventer, people)
        full = run_days(region, persons, days, changes, full=True)
        after_delivery = run_days_after_c_levering(region, persons, days, changes)
        transaction.set_rollback(True)
    assert after_delivery == full


@pytest.mark.django_db
def test_the_night_after_a_c_levering_looks_only_at_what_came_due(region, deventer):
    settled_vsv = vsv(deventer)  # turns 21 on 1 March 2027: nothing due on ON + 1
    # Turns 18 the day after the delivery, out of school: handed over that night.
    adult = PersonFactory(municipality=deventer, date_of_birth=date(2008, 11, 26))
    EnrolmentFactory(
        person=adult, kind=K.VMBO_KB, start_date=date(2021, 8, 1), end_date=date(2026, 7, 31)
    )
    # Its last school day is the delivery's day: out of school (a vsv'er) the day after.
    leaving = PersonFactory(municipality=deventer, date_of_birth=date(2006, 5, 1))
    EnrolmentFactory(person=leaving, kind=K.MBO_2, start_date=date(2023, 8, 1), end_date=ON)
    run = c_levering([settled_vsv, adult, leaving], ON)
    assert (run.checked, run.raised, run.jikp_year) == (2, 2, 2025)
    night = signal_region(region, on=ON + timedelta(days=1))
    # Not full: the settled vsv'er waits for the 21st birthday; the JIKP cohort was done.
    assert (night.full, night.checked, night.jikp_year) == (False, 2, None)
    assert set(Signal.objects.open().values_list("person", "kind")) == {
        (settled_vsv.pk, SignalKind.NEW_VSV),
        (adult.pk, SignalKind.ADULT_HANDOVER),
        (leaving.pk, SignalKind.NEW_VSV),
    }


@pytest.mark.django_db
def test_a_delivery_that_left_someone_out_is_no_full_run_of_the_region(
    region, deventer, doetinchem
):
    first, second = vsv(deventer), vsv(deventer)
    elsewhere = vsv(doetinchem)
    run = c_levering([first, elsewhere], ON)
    # Deventer's region has someone the delivery did not change; Doetinchem's is covered.
    assert list(run.covered_regions.all()) == [doetinchem.region]
    assert signal_region(region, on=ON + timedelta(days=1)).full
    assert not signal_region(doetinchem.region, on=ON + timedelta(days=1)).full
    # A P-levering of everyone is not looked at for it (it never is a whole region).
    assert not c_levering([first, second], ON, kind="P").covered_regions.exists()
