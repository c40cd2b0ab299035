"""Leerplicht and kwalificatieplicht (Leerplichtwet art. 3, 4a-4c), ages and school years."""

import itertools
from datetime import UTC, datetime
from unittest import mock

import pytest

from doorstroom import dates
from doorstroom.people import rules
from doorstroom.people.choices import EducationKind as K
from doorstroom.people.choices import VsoProfile
from doorstroom.people.tests.rulefacts import D, certificate, diploma, enrolled, person


# "Volledige leerplicht: from the first school day of the month after the 5th birthday"
@pytest.mark.parametrize(
    ("dob", "expected"),
    [
        (D(2020, 3, 15), D(2025, 4, 1)),
        (D(2020, 3, 1), D(2025, 4, 1)),  # birthday on the first of the month: still the next month
        (D(2020, 3, 31), D(2025, 4, 1)),
        (D(2020, 12, 31), D(2026, 1, 1)),  # across the year
        (D(2020, 2, 29), D(2025, 4, 1)),  # leap day: 5 on 1 March 2025, so from 1 April
        (D(2024, 2, 29), D(2029, 4, 1)),  # born in a leap year, 5 in a year without 29 February
        (D(2021, 7, 1), D(2026, 8, 1)),  # 5 in July: the month after is August
        (D(2021, 6, 30), D(2026, 7, 1)),  # the last day of a month
        (D(2021, 8, 1), D(2026, 9, 1)),  # 5 on the first day of a school year: September
    ],
)
def test_leerplicht_starts_the_month_after_the_fifth_birthday(dob, expected):
    assert rules.leerplicht_start(dob) == expected


PO_AUGUST_2013 = enrolled(K.PO, D(2013, 8, 19), D(2021, 7, 31))


VMBO_FROM_2021 = enrolled(K.VMBO_TL, D(2021, 8, 1))


# "... until the end of the school year (31 July) in which the young person turns 16 or has
#  followed 12 full school years, whichever comes first (a primary school finished in fewer
#  than 8 years counts as 8, art. 3(2))."
@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        # Turns 16 on 31 July: the school year 2024-25 is the one, it ends that same day.
        (person(D(2009, 7, 31)), D(2025, 7, 31)),
        # Turns 16 on 1 August: the next school year, 2025-26.
        (person(D(2009, 8, 1)), D(2026, 7, 31)),
        # Leap day: turns 16 on 29 February 2024 (a leap year), school year 2023-24.
        (person(D(2008, 2, 29)), D(2024, 7, 31)),
        # Turns 16 on 1 October 2026, the peildatum of the yearly counts: school year 2026-27.
        (person(D(2010, 10, 1)), D(2027, 7, 31)),
        # Born on 1 August, at school from the 4th birthday: 12 full school years 2013-14 ..
        # 2024-25 end a year before the school year in which 16 (2025-26).
        (
            person(D(2009, 8, 1), [enrolled(K.PO, D(2013, 8, 1), D(2021, 7, 31)), VMBO_FROM_2021]),
            D(2025, 7, 31),
        ),
        # Born in August, in school from the first school day at 4: 12 full school years
        # 2013-14 .. 2024-25 end before the school year in which 16 (2025-26).
        (person(D(2009, 8, 15), [PO_AUGUST_2013, VMBO_FROM_2021]), D(2025, 7, 31)),
        # Only primary school known: 8 years followed, the age rule decides.
        (person(D(2009, 8, 15), [PO_AUGUST_2013]), D(2026, 7, 31)),
        # First school day in regio Noord can be 4 September: still a full school year
        # (one enrolment running on, so no primary-school credit plays a part).
        (person(D(2009, 8, 15), [enrolled(K.PO, D(2013, 9, 4))]), D(2025, 7, 31)),
        # Enrolled from 8 September: that school year was not followed from its start.
        (person(D(2009, 8, 15), [enrolled(K.PO, D(2013, 9, 8))]), D(2026, 7, 31)),
        # Art. 3(2): primary school finished after 7 full school years (the first one began
        # on 8 September) counts as 8, so 8 + 4 years of vmbo end with 2024-25.
        (
            person(D(2009, 8, 15), [enrolled(K.PO, D(2013, 9, 8), D(2021, 7, 31)), VMBO_FROM_2021]),
            D(2025, 7, 31),
        ),
        # Primary school in 9 years counts as 9: with 3 years of vmbo that makes 12 at the end
        # of 2025-26, a year before the school year in which 16 ends (2027).
        (
            person(
                D(2010, 8, 15),
                [
                    enrolled(K.PO, D(2014, 8, 19), D(2023, 7, 31)),
                    enrolled(K.VMBO_BB, D(2023, 8, 1)),
                ],
            ),
            D(2026, 7, 31),
        ),
        # 'Followed': a school year without enrolment does not count (2015-16 abroad).
        (
            person(
                D(2009, 8, 15),
                [
                    enrolled(K.PO, D(2013, 8, 19), D(2015, 7, 31)),
                    enrolled(K.PO, D(2016, 8, 1), D(2022, 7, 31)),
                    enrolled(K.VMBO_BB, D(2022, 8, 1)),
                ],
            ),
            D(2026, 7, 31),
        ),
        # Two enrolments that join up without a gap count as one.
        (
            person(
                D(2009, 8, 15),
                [
                    PO_AUGUST_2013,
                    enrolled(K.VMBO_KB, D(2021, 8, 1), D(2023, 2, 28)),
                    enrolled(K.VMBO_BB, D(2023, 3, 1)),
                ],
            ),
            D(2025, 7, 31),
        ),
        # Started at 4 in October: the first full year is 2014-15; both rules give 2026.
        (
            person(D(2009, 10, 15), [enrolled(K.PO, D(2013, 10, 15), D(2022, 7, 31))]),
            D(2026, 7, 31),
        ),
        # Art. 3(2): primary school in 7 full years (2014-15 .. 2020-21) counts as 8, so the
        # 12 counted years end with 2024-25, a year before the school year in which 16.
        (
            person(
                D(2010, 3, 10),
                [enrolled(K.PO, D(2014, 3, 10), D(2021, 7, 31)), enrolled(K.HAVO, D(2021, 8, 1))],
            ),
            D(2025, 7, 31),
        ),
        # Primary school still running: no credit, the age rule decides (16 on 10 March 2026).
        (person(D(2010, 3, 10), [enrolled(K.PO, D(2014, 3, 10))]), D(2026, 7, 31)),
    ],
)
def test_leerplicht_ends_after_school_year_of_16_or_12_full_years(facts, expected):
    assert rules.leerplicht_end(facts) == expected


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2025, 3, 31), False),  # 5 on 10 March 2025: not yet
        (D(2025, 4, 1), True),
        (D(2036, 7, 31), True),  # 16 on 10 March 2036: last day of that school year
        (D(2036, 8, 1), False),
    ],
)
def test_leerplichtig_from_start_to_end(on, expected):
    assert rules.is_leerplichtig(person(D(2020, 3, 10)), on) is expected


# "... until the end of the school year (31 July) in which the young person turns 16": the
# 16th birthday on 31 July, on 1 August, on 29 February, and the birthday itself.
@pytest.mark.parametrize(
    ("dob", "on", "expected"),
    [
        (D(2010, 7, 31), D(2026, 7, 31), True),  # 16 that day, the school year's last
        (D(2010, 7, 31), D(2026, 8, 1), False),
        (D(2010, 8, 1), D(2026, 8, 1), True),  # 16 on the first day of a school year
        (D(2010, 8, 1), D(2027, 7, 31), True),
        (D(2010, 8, 1), D(2027, 8, 1), False),
        (D(2008, 2, 29), D(2024, 7, 31), True),  # 16 on 29 February 2024
        (D(2008, 2, 29), D(2024, 8, 1), False),
        (D(2010, 3, 10), D(2026, 3, 10), True),  # the 16th birthday ends nothing itself
    ],
)
def test_leerplichtig_to_31_july_of_the_school_year_of_the_16th_birthday(dob, on, expected):
    assert rules.is_leerplichtig(person(dob), on) is expected


# A startkwalificatie ends the kwalificatieplicht, not the volledige leerplicht (art. 3 and
# 4a): a havo diploma at 16 leaves the young person leerplichtig to 31 July, then free.
HAVO_AT_16 = person(
    D(2010, 3, 10),
    [enrolled(K.HAVO, D(2021, 8, 1), D(2026, 6, 30))],
    [diploma(K.HAVO, D(2026, 6, 30))],
)


@pytest.mark.parametrize(
    ("on", "leerplichtig", "kwalificatieplichtig"),
    [
        (D(2026, 7, 1), True, False),
        (D(2026, 7, 31), True, False),
        (D(2026, 8, 1), False, False),
    ],
)
def test_a_startkwalificatie_before_16_leaves_leerplicht_to_its_end(
    on, leerplichtig, kwalificatieplichtig
):
    assert rules.is_leerplichtig(HAVO_AT_16, on) is leerplichtig
    assert rules.is_kwalificatieplichtig(HAVO_AT_16, on) is kwalificatieplichtig


# "Kwalificatieplicht: after volledige leerplicht, until the 18th birthday or until an SK."
PRO_UNTIL_2025 = enrolled(K.PRO, D(2021, 8, 1), D(2025, 7, 31))


MBO_PUPIL = person(D(2009, 3, 10), [enrolled(K.MBO_2, D(2025, 8, 1))])


@pytest.mark.parametrize(
    ("facts", "on", "expected"),
    [
        (MBO_PUPIL, D(2025, 7, 31), False),  # still volledig leerplichtig (16 in 2024-25)
        (MBO_PUPIL, D(2025, 8, 1), True),  # the day after leerplicht ends
        (MBO_PUPIL, D(2027, 3, 9), True),  # the day before the 18th birthday
        (MBO_PUPIL, D(2027, 3, 10), False),  # the 18th birthday itself
        # An SK on the peildatum ends it that day.
        (person(D(2009, 3, 10), results=[diploma(K.MBO_2, D(2026, 6, 30))]), D(2026, 6, 30), False),
        (person(D(2009, 3, 10), results=[diploma(K.MBO_2, D(2026, 6, 30))]), D(2026, 6, 29), True),
        # "not for a pro certificate or vso uitstroomprofiel arbeidsmarkt/dagbesteding"
        (
            person(D(2009, 3, 10), [PRO_UNTIL_2025], [certificate(K.PRO, D(2025, 7, 1))]),
            D(2025, 9, 1),
            False,
        ),
        (person(D(2009, 3, 10), [PRO_UNTIL_2025]), D(2025, 9, 1), True),  # left pro without it
        (
            person(D(2009, 3, 10), [enrolled(K.PRO, D(2021, 8, 1))]),
            D(2025, 9, 1),
            True,
        ),  # still in pro
        (
            person(
                D(2009, 3, 10),
                [enrolled(K.VSO, D(2021, 8, 1), D(2025, 7, 31), VsoProfile.DAGBESTEDING)],
            ),
            D(2025, 9, 1),
            False,
        ),
        # After pro with its certificate, enrolled in entree: the duty applies again.
        (
            person(
                D(2009, 3, 10),
                [PRO_UNTIL_2025, enrolled(K.MBO_1, D(2025, 8, 1))],
                [certificate(K.PRO, D(2025, 7, 1))],
            ),
            D(2025, 9, 1),
            True,
        ),
        (person(D(2009, 3, 10), emigrated=D(2025, 9, 1)), D(2025, 9, 1), False),
        # The school-year boundary: 16 on 31 July, kwalificatieplichtig from the next day; 16
        # on 1 August, volledig leerplichtig a school year more, and 18 on 1 August 2028.
        (person(D(2010, 7, 31)), D(2026, 8, 1), True),
        (person(D(2010, 8, 1)), D(2027, 7, 31), False),
        (person(D(2010, 8, 1)), D(2027, 8, 1), True),
        (person(D(2010, 8, 1)), D(2028, 7, 31), True),
        (person(D(2010, 8, 1)), D(2028, 8, 1), False),
        # A certificate is no diploma: an mbo-2 certificate ends nothing.
        (
            person(D(2009, 3, 10), results=[certificate(K.MBO_2, D(2025, 7, 5))]),
            D(2025, 8, 1),
            True,
        ),
        # Leap day: 18 on 1 March 2026.
        (person(D(2008, 2, 29)), D(2026, 2, 28), True),
        (person(D(2008, 2, 29)), D(2026, 3, 1), False),
        # "Not an SK: vmbo diploma, mbo level 1 (entree)"; a vwo diploma is one.
        (person(D(2009, 3, 10), results=[diploma(K.VMBO_BB, D(2025, 7, 5))]), D(2025, 8, 1), True),
        (person(D(2009, 3, 10), results=[diploma(K.VMBO_TL, D(2025, 7, 5))]), D(2025, 8, 1), True),
        (person(D(2009, 3, 10), results=[diploma(K.MBO_1, D(2025, 7, 5))]), D(2025, 8, 1), True),
        (person(D(2009, 3, 10), results=[diploma(K.VWO, D(2025, 7, 5))]), D(2025, 8, 1), False),
        # Only uitstroomprofiel arbeidsmarkt or dagbesteding frees a vso leaver; an unknown
        # profile does not.
        (
            person(
                D(2009, 3, 10),
                [enrolled(K.VSO, D(2021, 8, 1), D(2025, 7, 31), VsoProfile.VERVOLGONDERWIJS)],
            ),
            D(2025, 9, 1),
            True,
        ),
        (
            person(D(2009, 3, 10), [enrolled(K.VSO, D(2021, 8, 1), D(2025, 7, 31))]),
            D(2025, 9, 1),
            True,
        ),
        # After 12 full school years (2014-15 .. 2025-26) at 15: kwalificatieplichtig.
        (
            person(
                D(2010, 8, 10),
                [
                    enrolled(K.PO, D(2014, 8, 18), D(2022, 7, 31)),
                    enrolled(K.VMBO_TL, D(2022, 8, 1), D(2026, 7, 31)),
                ],
            ),
            D(2026, 8, 1),
            True,
        ),
    ],
)
def test_kwalificatieplicht_until_18_or_startkwalificatie(facts, on, expected):
    assert rules.is_kwalificatieplichtig(facts, on) is expected


@pytest.mark.parametrize(
    ("dob", "on", "expected"),
    [
        (D(2008, 2, 29), D(2026, 2, 28), 17),
        (D(2008, 2, 29), D(2026, 3, 1), 18),
        (D(2008, 2, 29), D(2028, 2, 29), 20),
        (D(2007, 11, 25), D(2025, 11, 25), 18),  # birthday on the peildatum counts
        (D(2007, 11, 25), D(2025, 11, 24), 17),
    ],
)
def test_age_counts_the_birthday_and_leap_days_turn_on_1_march(dob, on, expected):
    assert dates.age_on(dob, on) == expected


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2025, 7, 31), D(2024, 8, 1)),
        (D(2025, 8, 1), D(2025, 8, 1)),
        (D(2026, 1, 1), D(2025, 8, 1)),
    ],
)
def test_a_school_year_starts_on_1_august(on, expected):
    assert dates.school_year_start(on) == expected
    assert dates.school_year_end(on) == D(expected.year + 1, 7, 31)


# More boundaries of 'followed 12 full school years', each a case a wrong comparison misses.
@pytest.mark.parametrize(
    ("enrolments", "expected"),
    [
        ([enrolled(K.PO, D(2013, 9, 7))], D(2025, 7, 31)),  # enrolled on 7 September: in time
        (
            [PO_AUGUST_2013, enrolled(K.VMBO_TL, D(2021, 8, 1), D(2025, 7, 1))],
            D(2025, 7, 31),
        ),  # to 1 July
        (
            [PO_AUGUST_2013, enrolled(K.VMBO_TL, D(2021, 8, 1), D(2025, 6, 30))],
            D(2026, 7, 31),
        ),  # left 30 June
        ([PO_AUGUST_2013, enrolled(K.VMBO_TL, D(2021, 8, 1), D(2025, 7, 31))], D(2025, 7, 31)),
        ([PO_AUGUST_2013, enrolled(K.VMBO_TL, D(2021, 8, 1), D(2024, 12, 31))], D(2026, 7, 31)),
        # A gap of one day breaks the school year.
        (
            [
                PO_AUGUST_2013,
                enrolled(K.VMBO_KB, D(2021, 8, 1), D(2023, 2, 27)),
                enrolled(K.VMBO_BB, D(2023, 3, 1)),
            ],
            D(2026, 7, 31),
        ),
        (
            [
                enrolled(K.PO, D(2013, 8, 19), D(2015, 7, 31)),
                enrolled(K.PO, D(2016, 8, 1), D(2021, 7, 31)),
                enrolled(K.VMBO_KB, D(2021, 8, 1), D(2023, 2, 28)),
                enrolled(K.VMBO_BB, D(2023, 3, 1)),
            ],
            D(2025, 7, 31),
        ),
        # An earlier short enrolment and a nested one do not cut the open one short.
        (
            [
                enrolled(K.PO, D(2012, 9, 1), D(2012, 12, 31)),
                enrolled(K.PO, D(2013, 8, 19)),
                enrolled(K.VMBO_BB, D(2014, 1, 1), D(2014, 6, 30)),
            ],
            D(2025, 7, 31),
        ),
    ],
)
def test_followed_school_years_at_their_edges(enrolments, expected):
    assert rules.leerplicht_end(person(D(2009, 8, 15), enrolments)) == expected


# 'Followed in full: enrolled from the first school day to the last' (LATEST_FIRST_SCHOOL_DAY
# 7 September, EARLIEST_LAST_SCHOOL_DAY 1 July); an open enrolment runs on.
@pytest.mark.parametrize(
    ("enrolments", "years"),
    [
        ([enrolled(K.HAVO, D(2021, 9, 7), D(2023, 7, 1))], [2021, 2022]),
        ([enrolled(K.HAVO, D(2021, 9, 8), D(2023, 7, 1))], [2022]),
        ([enrolled(K.HAVO, D(2021, 9, 7), D(2023, 6, 30))], [2021]),
        ([enrolled(K.HAVO, D(2021, 9, 8), D(2022, 6, 30))], []),
        # Two enrolments a day apart are one span, and two with only a weekend between them
        # (Friday 26 February, Monday 1 March 2021); a school day between breaks it (Wednesday
        # 24 February).
        (
            [enrolled(K.PO, D(2019, 8, 1), D(2021, 2, 27)), enrolled(K.HAVO, D(2021, 2, 28))],
            [2019, 2020, 2021, 2022, 2023],
        ),
        (
            [enrolled(K.PO, D(2019, 8, 1), D(2021, 2, 26)), enrolled(K.HAVO, D(2021, 3, 1))],
            [2019, 2020, 2021, 2022, 2023],
        ),
        (
            [enrolled(K.PO, D(2019, 8, 1), D(2021, 2, 23)), enrolled(K.HAVO, D(2021, 2, 25))],
            [2019, 2021, 2022, 2023, 2024],
        ),
    ],
)
def test_followed_school_years_are_those_covered_from_first_to_last_school_day(enrolments, years):
    followed = rules.followed_school_years(person(D(2009, 8, 15), enrolments))
    assert list(itertools.islice(followed, 5)) == years


def test_primary_school_counts_as_finished_only_when_the_next_school_starts_after_it():
    # HAVO starting on the last day of primary school is no 'went on afterwards': no credit.
    facts = person(
        D(2010, 3, 10),
        [enrolled(K.PO, D(2014, 3, 10), D(2021, 7, 31)), enrolled(K.HAVO, D(2021, 7, 31))],
    )
    assert rules.leerplicht_end(facts) == D(2026, 7, 31)


PRO_UNTIL_JUNE = enrolled(K.PRO, D(2020, 8, 1), D(2025, 6, 30))


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        ([certificate(K.PRO, D(2025, 7, 1))], False),  # certificate on the peildatum
        ([diploma(K.MBO_1, D(2025, 6, 30))], True),  # another result is no pro certificate
        ([certificate(K.PRO, D(2025, 7, 15))], True),  # certificate only after the peildatum
    ],
)
def test_only_the_pro_certificate_obtained_by_then_ends_the_kwalificatieplicht(results, expected):
    assert (
        rules.is_kwalificatieplichtig(
            person(D(2008, 3, 10), [PRO_UNTIL_JUNE], results), D(2025, 7, 1)
        )
        is expected
    )


def test_an_enrolment_that_ends_on_the_peildatum_has_not_ended_yet():
    facts = person(D(2009, 1, 1), [enrolled(K.VMBO_TL, D(2021, 8, 1), D(2025, 7, 31))])
    assert rules.last_enrolment_ended(facts, D(2025, 7, 31)) is None
    assert rules.last_enrolment_ended(facts, D(2025, 8, 1)).kind == K.VMBO_TL


def test_today_is_the_dutch_calendar_day():
    late = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    with mock.patch("django.utils.timezone.now", return_value=late):
        assert dates.today() == D(2026, 1, 1)


def test_dates_are_read_in_both_notations_with_spaces_around():
    assert dates.parse_date(" 01-03-2026 ") == D(2026, 3, 1)
    assert dates.parse_date("2026-03-01") == D(2026, 3, 1)
