"""Hand-worked retention cases, written from DOMAIN.md and docs/operations.md before reading
the rules: each row says in a comment how its day was worked out."""

from datetime import date as D

import pytest

from doorstroom.people import rules as register_rules
from doorstroom.people.choices import EducationKind as K
from doorstroom.people.rules import EnrolmentFact, PersonFacts, ResultFact
from doorstroom.retention import rules
from doorstroom.retention.rules import Periods, PersonRecord

DEFAULTS = Periods()


# 'Leerplicht files until 19 (VNG Selectielijst 2020)' (DOMAIN.md, Retention).
@pytest.mark.parametrize(
    ("born", "ends"),
    [
        (D(2008, 5, 10), D(2027, 5, 10)),  # the 19th birthday itself
        (D(2008, 2, 29), D(2027, 3, 1)),  # 29 Feb: 19 on 1 March in 2027, a common year
        (D(2009, 2, 28), D(2028, 2, 28)),  # 28 Feb in a leap year: not pushed to the 29th
    ],
)
def test_a_leerplicht_file_is_kept_until_the_19th_birthday(born, ends):
    assert rules.leerplicht_file_ends(born, DEFAULTS) == ends


# 'verzuimmeldingen and processen-verbaal 5 years after they were made (received)'
# (docs/operations.md), which is also how long a case with a proces-verbaal is kept.
@pytest.mark.parametrize(
    ("made", "ends"),
    [
        (D(2021, 3, 15), D(2026, 3, 15)),  # five years to the day
        (D(2020, 2, 29), D(2025, 3, 1)),  # made on 29 Feb: 2025 has none, so 1 March
        (D(2021, 12, 31), D(2026, 12, 31)),  # the last day of a year stays in that year
    ],
)
def test_a_verzuimmelding_is_kept_five_years_after_it_was_made(made, ends):
    assert rules.absence_report_ends(made, DEFAULTS) == ends


# '2 years after they leave the target group ..., or after the last work on the file if
# later' (docs/operations.md).
@pytest.mark.parametrize(
    ("left", "last_work", "ends"),
    [
        (D(2025, 6, 1), None, D(2027, 6, 1)),  # no work: two years after leaving
        (D(2025, 6, 1), D(2026, 1, 10), D(2028, 1, 10)),  # later work counts from then
        (D(2025, 6, 1), D(2024, 1, 10), D(2027, 6, 1)),  # earlier work does not shorten it
        (D(2024, 2, 29), None, D(2026, 3, 1)),  # left on 29 Feb: 2026 has none, 1 March
    ],
)
def test_a_target_group_file_is_kept_two_years(left, last_work, ends):
    assert rules.target_group_file_ends(left, last_work, DEFAULTS) == ends


# 'never while a signal or case is open; at least until 19 with a leerplicht file, and until
# each verzuimmelding's period has passed' (docs/operations.md): the latest of them all.
@pytest.mark.parametrize(
    ("record", "deletable_from"),
    [
        # Still in the target group: no day yet.
        (PersonRecord(D(2005, 1, 1), left_target_group_on=None), None),
        # Left long ago, but a case is open: never while someone works on it.
        (PersonRecord(D(1990, 1, 1), D(2017, 1, 1), open_work=True), None),
        # Left at 27 on 1 Jan 2017: two years later.
        (PersonRecord(D(1990, 1, 1), D(2017, 1, 1)), D(2019, 1, 1)),
        # Emigrated at 15 with a leerplicht file: 2 years (2028-03-01) < 19th (2029-05-10).
        (
            PersonRecord(D(2010, 5, 10), D(2026, 3, 1), has_leerplicht_file=True),
            D(2029, 5, 10),
        ),
        # Without the leerplicht file the same person goes after 2 years.
        (PersonRecord(D(2010, 5, 10), D(2026, 3, 1)), D(2028, 3, 1)),
        # A melding of 1 Sep 2024 outlasts leaving on 1 Jan 2025: 2029-09-01 > 2027-01-01.
        (
            PersonRecord(D(2003, 1, 1), D(2025, 1, 1), absence_reports=(D(2024, 9, 1),)),
            D(2029, 9, 1),
        ),
        # The latest of two meldingen decides.
        (
            PersonRecord(
                D(2003, 1, 1), D(2025, 1, 1), absence_reports=(D(2024, 9, 1), D(2020, 1, 1))
            ),
            D(2029, 9, 1),
        ),
        # Work after leaving: 2 years from the last work (2026-05-05 -> 2028-05-05).
        (PersonRecord(D(1998, 1, 1), D(2025, 1, 1), last_work=D(2026, 5, 5)), D(2028, 5, 5)),
    ],
)
def test_a_person_may_be_deleted_once_every_period_has_passed(record, deletable_from):
    assert rules.person_deletable_from(record, DEFAULTS) == deletable_from


# The day before, of and after: from the first day, not before it.
@pytest.mark.parametrize(
    ("on", "may"),
    [(D(2027, 5, 31), False), (D(2027, 6, 1), True), (D(2027, 6, 2), True)],
)
def test_a_person_is_deleted_from_the_first_day_not_before(on, may):
    record = PersonRecord(D(1999, 1, 1), D(2025, 6, 1))
    assert rules.may_delete_person(record, DEFAULTS, on, figures_fixed_until=on) is may


def facts(born, *enrolments, results=(), died=None, emigrated=None):
    return PersonFacts(
        date_of_birth=born,
        enrolments=tuple(enrolments),
        results=tuple(results),
        date_of_death=died,
        date_of_emigration=emigrated,
    )


# A JIKP member: 16 on 1 Oct 2020 in vmbo-bb, on 1 Oct 2021 in mbo-1, then mbo-2 with an SK.
JIKP = facts(
    D(2004, 3, 1),
    EnrolmentFact(K.VMBO_BB, D(2016, 8, 1), D(2021, 7, 31)),
    EnrolmentFact(K.MBO_1, D(2021, 8, 1), D(2022, 7, 31)),
    EnrolmentFact(K.MBO_2, D(2022, 8, 1), D(2024, 6, 30)),
    results=[ResultFact(K.MBO_2, D(2024, 6, 30))],
)


# 'the person leaves the target group (death, emigration, the upper age, or a
# startkwalificatie once leerplicht is over, unless counted as JIKP)' (docs/operations.md).
@pytest.mark.parametrize(
    ("person", "on", "left"),
    [
        # Died at 20 on 3 March 2025: still in it the day before, out on the day.
        (facts(D(2005, 1, 1), died=D(2025, 3, 3)), D(2025, 3, 2), None),
        (facts(D(2005, 1, 1), died=D(2025, 3, 3)), D(2025, 3, 3), D(2025, 3, 3)),
        # Emigrated at 19: out from that day.
        (facts(D(2005, 1, 1), emigrated=D(2024, 7, 15)), D(2026, 1, 1), D(2024, 7, 15)),
        # The upper age 27: the day before the 27th birthday still in, on it out.
        (facts(D(2000, 4, 10)), D(2027, 4, 9), None),
        (facts(D(2000, 4, 10)), D(2027, 4, 10), D(2027, 4, 10)),
        # Born 29 Feb 2000: 27 on 1 March 2027 (a common year), not on 28 February.
        (facts(D(2000, 2, 29)), D(2027, 2, 28), None),
        (facts(D(2000, 2, 29)), D(2027, 3, 1), D(2027, 3, 1)),
        # An mbo-2 diploma at 18 (leerplicht ended 31 July 2020): out on the diploma's day.
        (facts(D(2004, 3, 1), results=[ResultFact(K.MBO_2, D(2022, 6, 30))]), D(2022, 6, 29), None),
        (
            facts(D(2004, 3, 1), results=[ResultFact(K.MBO_2, D(2022, 6, 30))]),
            D(2023, 1, 1),
            D(2022, 6, 30),
        ),
        # A vmbo or an mbo-1 diploma is no SK: still in the target group.
        (
            facts(D(2004, 3, 1), results=[ResultFact(K.VMBO_TL, D(2022, 6, 30))]),
            D(2023, 1, 1),
            None,
        ),
        (facts(D(2004, 3, 1), results=[ResultFact(K.MBO_1, D(2022, 6, 30))]), D(2023, 1, 1), None),
        # A havo diploma at 15 (born 15 Sep 2006: 16 in school year 2022-23, so volledig
        # leerplichtig until 31 July 2023): still in on that day, out from 1 August 2023.
        (facts(D(2006, 9, 15), results=[ResultFact(K.HAVO, D(2022, 7, 1))]), D(2023, 7, 31), None),
        (
            facts(D(2006, 9, 15), results=[ResultFact(K.HAVO, D(2022, 7, 1))]),
            D(2024, 1, 1),
            D(2023, 8, 1),
        ),
        # A JIKP member with an SK is followed to 27: still in at 20.
        (JIKP, D(2025, 1, 1), None),
    ],
)
def test_the_day_a_person_leaves_the_target_group(person, on, left):
    assert register_rules.left_target_group_on(person, on) == left


def test_a_lower_upper_age_of_the_region_ends_the_target_group_sooner():
    # The region works up to 23: out on the 23rd birthday.
    assert register_rules.left_target_group_on(
        facts(D(2003, 5, 5)), D(2026, 5, 5), upper_age=23
    ) == D(2026, 5, 5)


# JIKP: 'enrolled on 1 October of year T in vmbo basisberoepsgerichte leerweg, pro, vso or
# mbo-1 (entree), and on 1 October of T+1 in mbo-1, mbo-2 or out of education; aged 16 to
# 22' (DOMAIN.md); counted once the second peildatum has come.
@pytest.mark.parametrize(
    ("person", "on", "was"),
    [
        (JIKP, D(2021, 9, 30), False),  # the day before 1 Oct T+1: not counted yet
        (JIKP, D(2021, 10, 1), True),  # on 1 Oct T+1
        # vmbo-kb is not in the list, so cohort 2020 does not count; but mbo-1 on 1 Oct 2021
        # and out on 1 Oct 2022 makes cohort 2021: counted from 1 Oct 2022, not the day before.
        (
            facts(
                D(2004, 3, 1),
                EnrolmentFact(K.VMBO_KB, D(2016, 8, 1), D(2021, 7, 31)),
                EnrolmentFact(K.MBO_1, D(2021, 8, 1), D(2022, 7, 31)),
            ),
            D(2022, 9, 30),
            False,
        ),
        (
            facts(
                D(2004, 3, 1),
                EnrolmentFact(K.VMBO_KB, D(2016, 8, 1), D(2021, 7, 31)),
                EnrolmentFact(K.MBO_1, D(2021, 8, 1), D(2022, 7, 31)),
            ),
            D(2022, 10, 1),
            True,
        ),
        # From vmbo-bb on to mbo-3: not JIKP.
        (
            facts(
                D(2004, 3, 1),
                EnrolmentFact(K.VMBO_BB, D(2016, 8, 1), D(2021, 7, 31)),
                EnrolmentFact(K.MBO_3, D(2021, 8, 1), D(2024, 7, 31)),
            ),
            D(2023, 1, 1),
            False,
        ),
        # From pro out of education: JIKP.
        (
            facts(D(2004, 3, 1), EnrolmentFact(K.PRO, D(2016, 8, 1), D(2021, 7, 31))),
            D(2023, 1, 1),
            True,
        ),
        # 16 on 1 Oct 2020 itself: aged 16, JIKP.
        (
            facts(D(2004, 10, 1), EnrolmentFact(K.PRO, D(2016, 8, 1), D(2021, 7, 31))),
            D(2023, 1, 1),
            True,
        ),
        # 16 on 2 Oct 2021: 14 on 1 Oct 2020 and 15 on 1 Oct 2021, and not enrolled on 1 Oct
        # 2021: too young for cohort 2020 on whichever peildatum the age is taken.
        (
            facts(D(2005, 10, 2), EnrolmentFact(K.PRO, D(2016, 8, 1), D(2021, 7, 31))),
            D(2023, 1, 1),
            False,
        ),
    ],
)
def test_was_jikp(person, on, was):
    assert register_rules.was_jikp(person, on) is was


# 'the closed signals and cases of the leerplicht desk raised or opened while the young
# person was leerplichtig' (docs/operations.md); volledige leerplicht runs 'from the first
# school day of the month after the 5th birthday until the end of the school year (31 July)
# in which the young person turns 16' (DOMAIN.md).
@pytest.mark.parametrize(
    ("born", "opened", "is_file"),
    [
        # 16 on 15 Sep 2022: leerplichtig until 31 July 2023, not a day longer.
        (D(2006, 9, 15), D(2023, 7, 31), True),
        (D(2006, 9, 15), D(2023, 8, 1), False),
        # 5 on 10 March 2020: leerplichtig from 1 April 2020 (a Wednesday).
        (D(2015, 3, 10), D(2020, 3, 31), False),
        (D(2015, 3, 10), D(2020, 4, 1), True),
        # Born 29 Feb 2016: 5 on 1 March 2021, so leerplichtig from 1 April, not 1 March.
        (D(2016, 2, 29), D(2021, 3, 31), False),
        (D(2016, 2, 29), D(2021, 4, 1), True),
    ],
)
def test_a_leerplicht_file_is_one_opened_while_leerplichtig(born, opened, is_file):
    assert rules.is_leerplicht_file(facts(born), opened) is is_file
