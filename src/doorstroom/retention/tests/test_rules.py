"""The retention rules, quoting DOMAIN.md (Retention), worked out by hand."""

from datetime import date as D

import pytest

from doorstroom.people.choices import EducationKind
from doorstroom.people.rules import EnrolmentFact, PersonFacts
from doorstroom.retention import rules
from doorstroom.retention.rules import Periods, PersonRecord

ON = D(2026, 12, 1)
FIXED_UNTIL = D(2026, 1, 1)  # the yearly figures of 2025 and before are fixed
DEFAULTS = Periods()
BORN = D(2004, 5, 1)


def record(**kwargs) -> PersonRecord:
    return PersonRecord(date_of_birth=kwargs.pop("born", BORN), **kwargs)


# "Leerplicht files until 19 (VNG Selectielijst 2020)"
@pytest.mark.parametrize(
    ("born", "expected"),
    [(D(2007, 12, 1), D(2026, 12, 1)), (D(2008, 2, 29), D(2027, 3, 1))],
)
def test_a_leerplicht_file_goes_on_the_19th_birthday(born, expected):
    assert rules.leerplicht_file_ends(born, DEFAULTS) == expected


# "Leerplicht files until 19 (VNG Selectielijst 2020); kwalificatieplicht and Doorstroompunt
#  files 2 years after the person leaves the target group": a file of the leerplicht desk is
#  a leerplicht file if it was raised or opened while the young person was volledig
#  leerplichtig, "until the end of the school year (31 July) in which the young person turns
#  16 or has followed 12 full school years, whichever comes first"; raised later, while
#  kwalificatieplichtig ("after volledige leerplicht, until the 18th birthday or until an
#  SK"), it is a kwalificatieplicht file. people.rules decides the duty.
TWELVE_YEARS = (
    EnrolmentFact(EducationKind.PO, D(2011, 8, 15), D(2019, 7, 31)),
    EnrolmentFact(EducationKind.VMBO_BB, D(2019, 8, 1)),
)


@pytest.mark.parametrize(
    ("born", "enrolments", "opened", "leerplicht_file"),
    [
        # 16 on 1 May 2023: leerplichtig to the end of that school year, 31 July 2023.
        (D(2007, 5, 1), (), D(2020, 3, 1), True),
        (D(2007, 5, 1), (), D(2023, 7, 31), True),
        (D(2007, 5, 1), (), D(2023, 8, 1), False),
        (D(2007, 5, 1), (), D(2024, 9, 1), False),  # 17: a new vsv'er, kwalificatieplichtig
        # 16 on 1 August 2023, the first day of a school year: leerplichtig one year longer.
        (D(2007, 8, 1), (), D(2024, 7, 31), True),
        (D(2007, 8, 1), (), D(2024, 8, 1), False),
        # 16 on 31 July 2023, the last day of a school year.
        (D(2007, 7, 31), (), D(2023, 7, 31), True),
        (D(2007, 7, 31), (), D(2023, 8, 1), False),
        # Born on 29 February: 16 on 29 February 2024, leerplichtig until 31 July 2024; the
        # 5th birthday on 1 March 2013, leerplicht from the first of the next month.
        (D(2008, 2, 29), (), D(2013, 3, 31), False),
        (D(2008, 2, 29), (), D(2013, 4, 1), True),
        (D(2008, 2, 29), (), D(2024, 7, 31), True),
        (D(2008, 2, 29), (), D(2024, 8, 1), False),
        # 12 full school years by 31 July 2023, a year before the school year of the 16th birthday.
        (D(2007, 8, 15), TWELVE_YEARS, D(2023, 7, 31), True),
        (D(2007, 8, 15), TWELVE_YEARS, D(2023, 9, 1), False),
    ],
)
def test_a_file_is_a_leerplicht_file_if_raised_while_leerplichtig(
    born, enrolments, opened, leerplicht_file
):
    facts = PersonFacts(date_of_birth=born, enrolments=enrolments)
    assert rules.is_leerplicht_file(facts, opened) is leerplicht_file


# "verzuimmeldingen and processen-verbaal 5 years after first processing"
@pytest.mark.parametrize(
    ("processed", "periods", "expected"),
    [
        (D(2021, 12, 1), DEFAULTS, D(2026, 12, 1)),
        (D(2020, 2, 29), DEFAULTS, D(2025, 3, 1)),
        (D(2021, 12, 1), Periods(absence_report_years=3), D(2024, 12, 1)),
    ],
)
def test_a_verzuimmelding_goes_five_years_after_first_processing(processed, periods, expected):
    assert rules.absence_report_ends(processed, periods) == expected


# "kwalificatieplicht and Doorstroompunt files 2 years after the person leaves the target
#  group"; "a region can set its own, with the source"; "Aggregated figures are kept."
@pytest.mark.parametrize(
    ("person", "periods", "deletable_from", "deleted_on_1_december_2026"),
    [
        # In the target group: kept.
        (record(left_target_group_on=None), DEFAULTS, None, False),
        # Left exactly 2 years ago: goes today; a day less: tomorrow.
        (record(left_target_group_on=D(2024, 12, 1)), DEFAULTS, D(2026, 12, 1), True),
        (record(left_target_group_on=D(2024, 12, 2)), DEFAULTS, D(2026, 12, 2), False),
        # The region's own period.
        (
            record(left_target_group_on=D(2024, 12, 1)),
            Periods(target_group_file_years=3),
            D(2027, 12, 1),
            False,
        ),
        # Work after leaving (a zorgsignaal closed in 2025) counts from its own date.
        (
            record(left_target_group_on=D(2022, 7, 1), last_work=D(2025, 3, 1)),
            DEFAULTS,
            D(2027, 3, 1),
            False,
        ),
        # Someone works on the person: never.
        (record(left_target_group_on=D(2020, 1, 1), open_work=True), DEFAULTS, None, False),
        # A leerplicht file keeps the person until 19 at least.
        (
            record(
                born=D(2008, 6, 1), left_target_group_on=D(2024, 7, 1), has_leerplicht_file=True
            ),
            DEFAULTS,
            D(2027, 6, 1),
            False,
        ),
        # Each verzuimmelding for five years.
        (
            record(left_target_group_on=D(2023, 1, 1), absence_reports=(D(2022, 3, 1),)),
            DEFAULTS,
            D(2027, 3, 1),
            False,
        ),
        # Whichever period ends last.
        (
            record(
                born=D(2006, 1, 1),
                left_target_group_on=D(2022, 8, 1),
                has_leerplicht_file=True,
                absence_reports=(D(2021, 1, 1), D(2020, 1, 1)),
            ),
            DEFAULTS,
            D(2026, 1, 1),
            True,
        ),
    ],
)
def test_a_person_goes_when_every_period_has_passed(
    person, periods, deletable_from, deleted_on_1_december_2026
):
    assert rules.person_deletable_from(person, periods) == deletable_from
    assert rules.may_delete_person(person, periods, ON, FIXED_UNTIL) is deleted_on_1_december_2026


def test_a_person_counted_in_a_year_not_yet_fixed_waits_for_the_figures():
    """'Aggregated figures are kept': a signal raised in 2026 counts in the figures of 2026,
    fixed from 2027; the person stays until then even if every period has passed."""
    person = record(left_target_group_on=D(2020, 1, 1), last_counted=D(2026, 1, 5))
    assert rules.person_deletable_from(person, DEFAULTS) == D(2022, 1, 1)
    assert not rules.may_delete_person(person, DEFAULTS, ON, FIXED_UNTIL)
    assert rules.may_delete_person(person, DEFAULTS, D(2027, 2, 1), D(2027, 1, 1))
