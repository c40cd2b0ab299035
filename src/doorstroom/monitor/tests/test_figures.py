"""Yearly figures: counted with the rules, fixed once, and the same after retention deleted
the persons behind them ('Aggregated figures are kept', DOMAIN.md Retention)."""

import zoneinfo
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from doorstroom.cases.choices import CaseState, Channel, ContactResult, FollowUpResult, Outcome
from doorstroom.cases.effect import effect_report, facts_of
from doorstroom.cases.factories import CaseFactory
from doorstroom.cases.models import Case, ContactAttempt, FollowUp, Intake, Plan
from doorstroom.cases.services import close_case, record_follow_up
from doorstroom.deliveries.models import ReportKind
from doorstroom.monitor import figures, services
from doorstroom.monitor.models import Breakdown, Measure, YearlyFigure
from doorstroom.people import rules
from doorstroom.people.choices import Desk, EducationKind, ResultType, VsoProfile
from doorstroom.people.factories import (
    EnrolmentFactory,
    PersonFactory,
    ResidenceFactory,
    ResultFactory,
)
from doorstroom.people.models import Person
from doorstroom.regions.factories import SchoolFactory
from doorstroom.regions.models import Municipality
from doorstroom.retention.services import apply_retention
from doorstroom.signals.choices import SignalKind, SignalStatus
from doorstroom.signals.factories import ReportFactory, SignalFactory

pytestmark = pytest.mark.django_db
ON = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("measure", "year", "fixed_from"),
    [
        # Cohorts of T: known on 1 October T+1, DUO's deliveries of that day in the weeks after.
        (Measure.NEW_VSV, 2024, date(2026, 1, 1)),
        (Measure.JIKP, 2024, date(2026, 1, 1)),
        # Calendar years: a month for late meldingen.
        (Measure.SIGNALS, 2025, date(2026, 2, 1)),
        (Measure.ABSENCE_REPORTS, 2025, date(2026, 2, 1)),
        (Measure.EFFECT, 2025, date(2026, 2, 1)),
    ],
)
def test_when_a_year_may_be_fixed(measure, year, fixed_from):
    assert figures.fixed_from(measure, year) == fixed_from
    assert year in figures.fixable_years(measure, fixed_from)
    assert year not in figures.fixable_years(measure, date.fromordinal(fixed_from.toordinal() - 1))


def new_vsv_of_2020(municipality, school, *, qualified_on=None, born=date(2003, 5, 1)):
    """Enrolled in mbo-2 on 1 October 2020 at 17, out of school on 1 October 2021: a new
    vsv'er of 2020; with a diploma later, out of the target group from that day."""
    person = PersonFactory(date_of_birth=born, municipality=municipality)
    EnrolmentFactory(
        person=person, school=school, start_date=date(2019, 8, 1), end_date=date(2021, 3, 31)
    )
    if qualified_on:
        EnrolmentFactory(
            person=person, school=school, start_date=date(2021, 11, 1), end_date=qualified_on
        )
        ResultFactory(person=person, kind=EducationKind.MBO_2, obtained_on=qualified_on)
    return person


def totals(region, measure, year):
    return YearlyFigure.objects.total(region.pk, measure, year)


def fixed_effect(region, year) -> dict:
    rows = YearlyFigure.objects.filter(region=region, measure=Measure.EFFECT, year=year)
    return {(b, k): n for b, k, n in rows.values_list("breakdown", "key", "value")}


def test_the_new_vsv_count_is_by_municipality_school_education_type_and_age(deventer):
    school = SchoolFactory(municipality=deventer)
    new_vsv_of_2020(deventer, school)
    new_vsv_of_2020(deventer, school, born=date(2004, 2, 1))  # 16 on 1 October 2020
    counts = services.count_new_vsv(2020)
    region = deventer.region_id
    assert counts[(region, Breakdown.TOTAL, "")] == 2
    assert counts[(region, Breakdown.MUNICIPALITY, "GM0150")] == 2
    assert counts[(region, Breakdown.SCHOOL, school.code)] == 2
    assert counts[(region, Breakdown.EDUCATION, "mbo_2")] == 2
    assert counts[(region, Breakdown.AGE, "17")] == counts[(region, Breakdown.AGE, "16")] == 1
    assert services.count_new_vsv(2019)[(region, Breakdown.TOTAL, "")] == 0


def test_a_past_years_figures_are_the_same_after_retention_deleted_the_persons_behind_them(
    deventer, doetinchem
):
    school = SchoolFactory(municipality=deventer)
    # Three new vsv'ers of 2020 who obtained a startkwalificatie in 2022: two years later
    # they are out of every period, and retention deletes them.
    leavers = [new_vsv_of_2020(deventer, school, qualified_on=date(2022, 7, 1)) for _ in range(3)]
    still_here = new_vsv_of_2020(deventer, school)  # still a vsv'er: kept
    for person in leavers:
        SignalFactory(
            person=person,
            kind=SignalKind.NEW_VSV,
            raised_on=date(2021, 10, 4),
            status=SignalStatus.CLOSED,
            closed_on=date(2022, 7, 1),
        )
    SignalFactory(person=leavers[0], desk=Desk.LEERPLICHT, kind=SignalKind.ABSENCE_REPORT,
                  raised_on=date(2021, 1, 4), status=SignalStatus.CLOSED)  # fmt: skip
    region = deventer.region
    before_vsv = services.count_new_vsv(2020)[(region.pk, Breakdown.TOTAL, "")]
    before_signals = services.count_signals(2021)[(region.pk, Breakdown.TOTAL, "")]
    assert (before_vsv, before_signals) == (4, 4)

    outcome = apply_retention(ON)

    assert not Person.objects.filter(pk__in=[p.pk for p in leavers]).exists()
    assert Person.objects.filter(pk=still_here.pk).exists()
    assert outcome.total("jongeren") == 3
    # A recount now would be wrong ...
    assert services.count_new_vsv(2020)[(region.pk, Breakdown.TOTAL, "")] == 1
    assert services.count_signals(2021)[(region.pk, Breakdown.TOTAL, "")] == 0
    # ... the fixed figures are what they were, and stay so on the next run.
    apply_retention(date(2026, 12, 2))
    assert totals(region, Measure.NEW_VSV, 2020) == before_vsv == 4
    assert totals(region, Measure.SIGNALS, 2021) == before_signals == 4
    split = dict(
        YearlyFigure.objects.filter(
            region=region, measure=Measure.SIGNALS, year=2021, breakdown=Breakdown.DESK
        ).values_list("key", "value")
    )
    assert split == {"doorstroompunt": 3, "leerplicht": 1}
    # The other region has its figures too: zero, and fixed.
    assert totals(doetinchem.region, Measure.NEW_VSV, 2020) == 0


def test_a_fixed_year_is_never_counted_again(deventer):
    school = SchoolFactory(municipality=deventer)
    new_vsv_of_2020(deventer, school)
    services.fix_figures(ON)
    new_vsv_of_2020(deventer, school)  # a late correction: the fixed figure stands
    services.fix_figures(ON)
    assert totals(deventer.region, Measure.NEW_VSV, 2020) == 1
    assert services.count_new_vsv(2020)[(deventer.region_id, Breakdown.TOTAL, "")] == 2


def test_a_year_not_yet_fixable_is_not_fixed_and_a_dry_run_fixes_nothing(deventer):
    SignalFactory(person=PersonFactory(municipality=deventer), raised_on=date(2026, 3, 1))
    fixed = services.fix_figures(ON, dry_run=True)
    assert fixed and not YearlyFigure.objects.exists()
    services.fix_figures(ON)
    assert totals(deventer.region, Measure.SIGNALS, 2025) == 0
    assert totals(deventer.region, Measure.SIGNALS, 2026) is None


def test_the_jikp_cohort_is_counted_by_where_they_are_a_year_later(deventer):
    school = SchoolFactory(municipality=deventer)
    person = PersonFactory(date_of_birth=date(2008, 5, 1), municipality=deventer)
    EnrolmentFactory(
        person=person, school=school, kind=EducationKind.VMBO_BB,
        start_date=date(2020, 8, 1), end_date=date(2024, 7, 31),
    )  # fmt: skip
    EnrolmentFactory(person=person, school=school, start_date=date(2024, 8, 1))  # mbo-2
    counts = services.count_jikp(2023)
    region = deventer.region_id
    assert counts[(region, Breakdown.TOTAL, "")] == 1
    assert counts[(region, Breakdown.EDUCATION, "vmbo_bb")] == 1
    assert counts[(region, Breakdown.FOLLOW_UP, "mbo_2")] == 1


def doorstroompunt_case(person, outcome, *, intake_on, closed_on, followed_up_on=None):
    """A Doorstroompunt case listed on 4 October 2021: reached, intake, plan, an outcome."""
    case = CaseFactory(
        person=person, listed_on=date(2021, 10, 4), opened_on=date(2021, 10, 4),
        state=CaseState.CLOSED, outcome=outcome, closed_on=closed_on,
    )  # fmt: skip
    ContactAttempt.objects.create(
        case=case, on=date(2021, 10, 6), channel=Channel.PHONE, result=ContactResult.REACHED
    )
    Intake.objects.create(case=case, held_on=intake_on, goal="terug naar school")
    Plan.objects.create(case=case, version=1, made_on=intake_on, kind="leren", agreements="x")
    if followed_up_on:
        FollowUp.objects.create(case=case, due_on=followed_up_on, done_on=followed_up_on)
    return case


def test_a_past_years_effect_report_is_the_same_after_retention_deleted_its_cases(
    deventer, doetinchem
):
    """'Aggregates for past years stay correct after deletion' (issue 5): OCW's effect report
    of 2021 is fixed before retention deletes the persons, and with them their cases."""
    school = SchoolFactory(municipality=deventer)
    leavers = [new_vsv_of_2020(deventer, school, qualified_on=date(2022, 7, 1)) for _ in range(3)]
    doorstroompunt_case(leavers[0], Outcome.EDUCATION, intake_on=date(2021, 10, 20),
                        closed_on=date(2022, 3, 1), followed_up_on=date(2022, 9, 1))  # fmt: skip
    doorstroompunt_case(leavers[1], Outcome.WORK, intake_on=date(2021, 11, 10),
                        closed_on=date(2022, 2, 1))  # fmt: skip
    doorstroompunt_case(leavers[2], Outcome.REFUSED, intake_on=date(2021, 12, 1),
                        closed_on=date(2022, 1, 10))  # fmt: skip
    still_here = new_vsv_of_2020(deventer, school)
    CaseFactory(person=still_here, listed_on=date(2021, 10, 4), opened_on=date(2021, 10, 4))
    region = deventer.region
    counted = services.count_effect(2021)
    before = {(b, k): n for (r, b, k), n in counted.items() if r == region.pk}
    assert before[(Breakdown.TOTAL, "")] == 4
    assert [before[(Breakdown.STEP, step)] for step in services.STEPS] == [3, 3, 3]
    assert {k: n for (b, k), n in before.items() if b == Breakdown.OUTCOME} == {
        Outcome.EDUCATION.value: 1,
        Outcome.WORK.value: 1,
        Outcome.OTHER.value: 1,  # wil geen hulp: OCW's "anders"
        services.RUNNING: 1,
    }

    outcome = apply_retention(ON)

    assert outcome.total("jongeren") == 3
    assert list(Case.objects.values_list("person_id", flat=True)) == [still_here.pk]
    # Counted from the cases now, the report would have lost three of them ...
    recount = effect_report(facts_of(services.effect_cases(2021).filter(region=region)))
    assert recount.cases == 1
    # ... the fixed figures are the ones counted before, and stay so on the next run.
    apply_retention(date(2026, 12, 2))
    assert fixed_effect(region, 2021) == before
    assert {k: n for (b, k), n in before.items() if b == Breakdown.WEEKS_TO_INTAKE} == {
        "minder dan 4 weken": 1, "4 tot 6 weken": 1, "meer dan 6 weken": 1, "geen intake": 1,
    }  # fmt: skip
    assert {k: n for (b, k), n in before.items() if b == Breakdown.AFTERCARE} == {
        "meer dan 3 maanden": 1, "geen": 3,
    }  # fmt: skip
    assert totals(doetinchem.region, Measure.EFFECT, 2021) == 0


def test_a_case_reopened_after_its_outcome_is_fixed_as_running(deventer, coach):
    """A drop-out at the aftercare check reopens the case: until it closes again the
    traject has no outcome, and the fixed effect report says 'loopt nog'."""
    case = CaseFactory(
        person=PersonFactory(municipality=deventer), coach=coach, listed_on=date(2025, 3, 3),
        opened_on=date(2025, 3, 3), state=CaseState.GUIDANCE,
    )  # fmt: skip
    case = close_case(
        coach, case, Outcome.WORK, closed_on=date(2025, 6, 2), reason="", route="test"
    )
    record_follow_up(
        coach, case, case.follow_ups.first(), done_on=date(2025, 9, 2),
        result=FollowUpResult.DROPPED_OUT, note="", route="test",
    )  # fmt: skip
    services.fix_figures(ON)
    outcomes = dict(
        YearlyFigure.objects.filter(
            region=deventer.region, measure=Measure.EFFECT, year=2025, breakdown=Breakdown.OUTCOME
        ).values_list("key", "value")
    )
    assert outcomes == {services.RUNNING: 1}


def test_a_case_of_the_leerplicht_desk_is_not_in_the_effect_report(deventer):
    """OCW's effect report is the Doorstroompunt's (DOMAIN.md 'Reporting duties')."""
    person = PersonFactory(municipality=deventer)
    CaseFactory(person=person, desk=Desk.LEERPLICHT, listed_on=date(2025, 3, 1))
    CaseFactory(person=person, listed_on=date(2025, 3, 1))
    services.fix_figures(ON)
    assert totals(deventer.region, Measure.EFFECT, 2025) == 1


# An auditor's register for the cohorts of 2024, each person at one boundary of the rules,
# counted by hand. New vsv'ers: 'enrolled at a school on 1 October of year T and then older
# than 11 and younger than 22; on 1 October of T+1 not enrolled anywhere, no SK (havo, vwo,
# mbo 2-4 diploma), and not admitted to higher education', not from pro or vso arbeidsmarkt/
# dagbesteding. JIKP: 'enrolled on 1 October of year T in vmbo bb, pro, vso or mbo-1, and on
# 1 October of T+1 in mbo-1, mbo-2 or out of education; aged 16 to 22' (on 1 October T+1).
# Each row: born, enrolments (kind, first day, last day, vso profile), results (kind, day,
# diploma), died, emigrated, where they live, and whether they count (new vsv, JIKP).
AUDIT_REGISTER = {
    "mbo-2 at 17, left in March 2025": (
        date(2007, 6, 1), [("mbo_2", date(2023, 8, 1), date(2025, 3, 31), "")], [],
        None, None, "GM0150", (True, False),
    ),
    "22 on 1 October 2024 itself: not younger than 22": (
        date(2002, 10, 1), [("mbo_3", date(2022, 8, 1), date(2025, 6, 30), "")], [],
        None, None, "GM0150", (False, False),
    ),
    "22 the day after 1 October 2024: counted, where they live (Zutphen)": (
        date(2002, 10, 2), [("mbo_3", date(2022, 8, 1), date(2025, 6, 30), "")], [],
        None, None, "GM0301", (True, False),
    ),
    "12 on 1 October 2024 itself: older than 11": (
        date(2012, 10, 1), [("vmbo_kb", date(2024, 8, 1), date(2025, 6, 30), "")], [],
        None, None, "GM0150", (True, False),
    ),
    "12 the day after 1 October 2024: not older than 11": (
        date(2012, 10, 2), [("vmbo_kb", date(2024, 8, 1), date(2025, 6, 30), "")], [],
        None, None, "GM0150", (False, False),
    ),
    "last day enrolled 30 September 2025: out on 1 October": (
        date(2006, 1, 1), [("mbo_2", date(2023, 8, 1), date(2025, 9, 30), "")], [],
        None, None, "GM0150", (True, False),
    ),
    "last day enrolled 1 October 2025: still enrolled": (
        date(2006, 1, 1), [("mbo_2", date(2023, 8, 1), date(2025, 10, 1), "")], [],
        None, None, "GM0150", (False, False),
    ),
    "havo diploma on 1 October 2025 itself: a startkwalificatie": (
        date(2007, 3, 1), [("vavo", date(2024, 8, 1), date(2025, 9, 15), "")],
        [("havo", date(2025, 10, 1), True)], None, None, "GM0150", (False, False),
    ),
    "mbo-2 diploma the day after: not yet": (
        date(2006, 5, 1), [("mbo_2", date(2023, 8, 1), date(2025, 6, 30), "")],
        [("mbo_2", date(2025, 10, 2), True)], None, None, "GM0150", (True, False),
    ),
    "pro with its certificate: no vsv'er, a JIKP member out of education": (
        date(2007, 5, 1), [("pro", date(2019, 8, 1), date(2025, 7, 31), "")],
        [("pro", date(2025, 7, 1), False)], None, None, "GM0150", (False, True),
    ),
    "vso dagbesteding: no vsv'er, a JIKP member out of education": (
        date(2007, 5, 1), [("vso", date(2019, 8, 1), date(2025, 7, 31), "dagbesteding")], [],
        None, None, "GM0150", (False, True),
    ),
    "vso vervolgonderwijs needs an SK: a vsv'er and a JIKP member": (
        date(2006, 5, 1), [("vso", date(2018, 8, 1), date(2025, 7, 31), "vervolgonderwijs")], [],
        None, None, "GM0150", (True, True),
    ),
    "left vwo, three weeks in hbo: admitted to higher education": (
        date(2006, 5, 1),
        [("vwo", date(2018, 8, 1), date(2025, 6, 30), ""),
         ("hbo", date(2025, 9, 1), date(2025, 9, 20), "")],
        [], None, None, "GM0150", (False, False),
    ),
    "in hbo on 1 October 2024: not a pupil the count follows": (
        date(2005, 5, 1), [("hbo", date(2023, 9, 1), date(2025, 1, 31), "")],
        [("havo", date(2023, 7, 1), True)], None, None, "GM0150", (False, False),
    ),
    "vavo, left with a vmbo diploma": (
        date(2005, 5, 1), [("vavo", date(2024, 8, 1), date(2025, 5, 31), "")],
        [("vmbo_tl", date(2024, 7, 1), True)], None, None, "GM0150", (True, False),
    ),
    "vmbo bb to mbo-2: a JIKP member in mbo-2": (
        date(2009, 1, 1),
        [("vmbo_bb", date(2021, 8, 1), date(2025, 7, 31), ""), ("mbo_2", date(2025, 8, 1), None, "")],
        [], None, None, "GM0150", (False, True),
    ),
    "vmbo bb to mbo-1, 16 on 1 October 2025 itself: a JIKP member": (
        date(2009, 10, 1),
        [("vmbo_bb", date(2021, 8, 1), date(2025, 7, 31), ""), ("mbo_1", date(2025, 8, 1), None, "")],
        [], None, None, "GM0150", (False, True),
    ),
    "vmbo bb to mbo-1, 16 the day after: too young for JIKP": (
        date(2009, 10, 2),
        [("vmbo_bb", date(2021, 8, 1), date(2025, 7, 31), ""), ("mbo_1", date(2025, 8, 1), None, "")],
        [], None, None, "GM0150", (False, False),
    ),
    "mbo-1 to mbo-3: not in JIKP's second year": (
        date(2007, 5, 1),
        [("mbo_1", date(2024, 8, 1), date(2025, 7, 31), ""), ("mbo_3", date(2025, 8, 1), None, "")],
        [], None, None, "GM0150", (False, False),
    ),
    "vmbo bb a second year: not in JIKP's second year": (
        date(2008, 5, 1), [("vmbo_bb", date(2020, 8, 1), None, "")], [],
        None, None, "GM0150", (False, False),
    ),
    "vso arbeidsmarkt, 23 on 1 October 2025 itself: neither": (
        date(2002, 10, 1), [("vso", date(2016, 8, 1), date(2025, 7, 31), "arbeidsmarkt")], [],
        None, None, "GM0150", (False, False),
    ),
    "mbo-1 at 21, out, living in Doetinchem: the other region's vsv'er and JIKP member": (
        date(2002, 10, 2), [("mbo_1", date(2024, 8, 1), date(2025, 6, 30), "")], [],
        None, None, "GM0222", (True, True),
    ),
    "died in August 2025: neither": (
        date(2007, 5, 1), [("mbo_1", date(2024, 8, 1), date(2025, 6, 30), "")], [],
        date(2025, 8, 1), None, "GM0150", (False, False),
    ),
    "emigrated on 1 October 2025: neither": (
        date(2008, 5, 1), [("vmbo_bb", date(2020, 8, 1), date(2025, 7, 31), "")], [],
        None, date(2025, 10, 1), "GM0150", (False, False),
    ),
    "died on 2 October 2025, the day after the peildatum: counted": (
        date(2006, 1, 1), [("mbo_2", date(2023, 8, 1), date(2025, 6, 30), "")], [],
        date(2025, 10, 2), None, "GM0150", (True, False),
    ),
    "emigrated on 2 October 2025: counted in both": (
        date(2008, 5, 1), [("vmbo_bb", date(2020, 8, 1), date(2025, 7, 31), "")], [],
        None, date(2025, 10, 2), "GM0150", (True, True),
    ),
}  # fmt: skip


@pytest.fixture
def audit_register(deventer, doetinchem):
    towns = {
        "GM0150": deventer,
        "GM0222": doetinchem,
        "GM0301": Municipality.objects.create(
            code="GM0301", name="Zutphen", region=deventer.region
        ),
    }
    for born, enrolments, results, died, emigrated, town, _ in AUDIT_REGISTER.values():
        person = PersonFactory(
            date_of_birth=born, municipality=towns[town], date_of_death=died,
            date_of_emigration=emigrated,
        )  # fmt: skip
        for kind, start, end, profile in enrolments:
            EnrolmentFactory(
                person=person, kind=kind, start_date=start, end_date=end, vso_profile=profile
            )
        for kind, obtained_on, is_diploma in results:
            ResultFactory(
                person=person, kind=kind, obtained_on=obtained_on,
                result_type=ResultType.DIPLOMA if is_diploma else ResultType.CERTIFICATE,
            )  # fmt: skip
    return deventer.region_id, doetinchem.region_id


def without_schools(counts) -> dict:
    return {key: n for key, n in counts.items() if key[1] != Breakdown.SCHOOL and n}


def test_the_hand_worked_register_counts_its_new_vsvers_of_2024(audit_register):
    here, there = audit_register
    counted = [name for name, row in AUDIT_REGISTER.items() if row[-1][0]]
    assert len(counted) == 10
    assert without_schools(services.count_new_vsv(2024)) == {
        (here, Breakdown.TOTAL, ""): 9,
        (here, Breakdown.MUNICIPALITY, "GM0150"): 8,
        (here, Breakdown.MUNICIPALITY, "GM0301"): 1,
        (here, Breakdown.EDUCATION, "mbo_2"): 4,
        (here, Breakdown.EDUCATION, "mbo_3"): 1,
        (here, Breakdown.EDUCATION, "vmbo_kb"): 1,
        (here, Breakdown.EDUCATION, "vmbo_bb"): 1,
        (here, Breakdown.EDUCATION, "vso"): 1,
        (here, Breakdown.EDUCATION, "vavo"): 1,
        (here, Breakdown.AGE, "12"): 1,
        (here, Breakdown.AGE, "16"): 1,
        (here, Breakdown.AGE, "17"): 1,
        (here, Breakdown.AGE, "18"): 4,
        (here, Breakdown.AGE, "19"): 1,
        (here, Breakdown.AGE, "21"): 1,
        (there, Breakdown.TOTAL, ""): 1,
        (there, Breakdown.MUNICIPALITY, "GM0222"): 1,
        (there, Breakdown.EDUCATION, "mbo_1"): 1,
        (there, Breakdown.AGE, "21"): 1,
    }


def test_the_hand_worked_register_counts_its_jikp_cohort_of_2024(audit_register):
    here, there = audit_register
    assert len([name for name, row in AUDIT_REGISTER.items() if row[-1][1]]) == 7
    assert without_schools(services.count_jikp(2024)) == {
        (here, Breakdown.TOTAL, ""): 6,
        (here, Breakdown.MUNICIPALITY, "GM0150"): 6,
        (here, Breakdown.EDUCATION, "vmbo_bb"): 3,
        (here, Breakdown.EDUCATION, "pro"): 1,
        (here, Breakdown.EDUCATION, "vso"): 2,
        (here, Breakdown.FOLLOW_UP, "mbo_2"): 1,
        (here, Breakdown.FOLLOW_UP, "mbo_1"): 1,
        (here, Breakdown.FOLLOW_UP, "niet_ingeschreven"): 4,
        (there, Breakdown.TOTAL, ""): 1,
        (there, Breakdown.MUNICIPALITY, "GM0222"): 1,
        (there, Breakdown.EDUCATION, "mbo_1"): 1,
        (there, Breakdown.FOLLOW_UP, "niet_ingeschreven"): 1,
    }


def audit_facts(row) -> rules.PersonFacts:
    born, enrolments, results, died, emigrated, _, _ = row
    return rules.PersonFacts(
        born,
        tuple(
            rules.EnrolmentFact(EducationKind(k), s, e, VsoProfile(p) if p else None)
            for k, s, e, p in enrolments
        ),
        tuple(rules.ResultFact(EducationKind(k), on, d) for k, on, d in results),
        died,
        emigrated,
    )


@pytest.mark.parametrize("name", list(AUDIT_REGISTER))
def test_each_person_of_the_hand_worked_register_counts_as_worked_out(name):
    facts = audit_facts(AUDIT_REGISTER[name])
    new_vsv, jikp = AUDIT_REGISTER[name][-1]
    assert (figures.new_vsv_enrolment(facts, 2024) is not None, rules.is_jikp(facts, 2024)) == (
        new_vsv,
        jikp,
    )


def test_a_cohort_member_is_counted_where_they_lived_on_1_october_t_plus_1(deventer, doetinchem):
    # Found out of school on 1 October 2025: counted by that day's address, whichever region
    # they moved to before or after it.
    moves = [
        (deventer, date(2025, 11, 30), doetinchem),  # moved away after the peildatum
        (doetinchem, date(2025, 8, 31), deventer),  # moved here before it
    ]
    for before, last_day, after in moves:
        person = PersonFactory(date_of_birth=date(2008, 5, 1), municipality=after, residence=False)
        ResidenceFactory(person=person, municipality=before, valid_to=last_day)
        ResidenceFactory(person=person, municipality=after, valid_from=last_day + timedelta(1))
        EnrolmentFactory(
            person=person, kind=EducationKind.VMBO_BB,
            start_date=date(2020, 8, 1), end_date=date(2025, 7, 31),
        )  # fmt: skip
    for count in (services.count_new_vsv(2024), services.count_jikp(2024)):
        assert count[(deventer.region_id, Breakdown.MUNICIPALITY, "GM0150")] == 2
        assert count[(doetinchem.region_id, Breakdown.TOTAL, "")] == 0


def test_verzuimmeldingen_are_counted_by_the_dutch_calendar_year_they_were_made(deventer):
    # The leerplicht jaarverslag counts meldingen per year; 'a peildatum is a Dutch calendar
    # day' (settings.TIME_ZONE): 1 January 2026 at 00:30 in Deventer is 31 December in UTC.
    person = PersonFactory(municipality=deventer, date_of_birth=date(2010, 5, 1))
    for at in (datetime(2025, 12, 31, 23, 30), datetime(2026, 1, 1, 0, 30)):
        ReportFactory(
            person=person, subject=ReportKind.ABSENCE, kind="16_uur",
            reported_at=timezone.make_aware(at, zoneinfo.ZoneInfo("Europe/Amsterdam")),
        )  # fmt: skip
    region = deventer.region_id
    assert services.count_absence_reports(2025)[(region, Breakdown.TOTAL, "")] == 1
    assert services.count_absence_reports(2026)[(region, Breakdown.TOTAL, "")] == 1
