"""The legal rules, case by case, each table quoting the rule it checks (DOMAIN.md).

Every expected value was worked out by hand from the quoted text; the boundary rows (a
birthday on the peildatum, 31 July against 1 August, leap days, a diploma obtained or an
enrolment ending on the peildatum) are the ones a wrong comparison would get wrong.
"""

from datetime import date

import pytest

from doorstroom import dates
from doorstroom.people import rules
from doorstroom.people.choices import Desk, VsoProfile
from doorstroom.people.choices import EducationKind as K
from doorstroom.people.rules import EnrolmentFact, PersonFacts, ResultFact

D = date


def person(dob, enrolments=(), results=(), died=None, emigrated=None) -> PersonFacts:
    return PersonFacts(
        date_of_birth=dob,
        enrolments=tuple(enrolments),
        results=tuple(results),
        date_of_death=died,
        date_of_emigration=emigrated,
    )


def diploma(kind, on):
    return ResultFact(kind=kind, obtained_on=on)


def certificate(kind, on):
    return ResultFact(kind=kind, obtained_on=on, is_diploma=False)


def enrolled(kind, start, end=None, profile=None):
    return EnrolmentFact(kind=kind, start=start, end=end, vso_profile=profile)


# "Startkwalificatie (SK): a havo or vwo diploma, or an mbo diploma of level 2, 3 or 4.
#  Not an SK: vmbo diploma, mbo level 1 (entree), praktijkonderwijs (pro), vso certificate."
@pytest.mark.parametrize(
    ("results", "on", "expected"),
    [
        ([diploma(K.HAVO, D(2024, 7, 5))], D(2024, 7, 5), True),  # obtained on the peildatum
        ([diploma(K.HAVO, D(2024, 7, 5))], D(2024, 7, 4), False),  # the day before
        ([diploma(K.VWO, D(2023, 7, 5))], D(2025, 1, 1), True),
        ([diploma(K.MBO_2, D(2023, 6, 30))], D(2025, 1, 1), True),
        ([diploma(K.MBO_3, D(2023, 6, 30))], D(2025, 1, 1), True),
        ([diploma(K.MBO_4, D(2023, 6, 30))], D(2025, 1, 1), True),
        ([diploma(K.MBO_1, D(2023, 6, 30))], D(2025, 1, 1), False),  # entree
        ([diploma(K.VMBO_BB, D(2023, 7, 5))], D(2025, 1, 1), False),
        ([diploma(K.VMBO_KB, D(2023, 7, 5))], D(2025, 1, 1), False),
        ([diploma(K.VMBO_GL, D(2023, 7, 5))], D(2025, 1, 1), False),
        ([diploma(K.VMBO_TL, D(2023, 7, 5))], D(2025, 1, 1), False),
        ([certificate(K.PRO, D(2023, 7, 1))], D(2025, 1, 1), False),
        ([certificate(K.VSO, D(2023, 7, 1))], D(2025, 1, 1), False),
        (
            [certificate(K.HAVO, D(2023, 7, 1))],
            D(2025, 1, 1),
            False,
        ),  # a certificate, not a diploma
        ([diploma(K.HBO, D(2023, 7, 1))], D(2025, 1, 1), True),  # 'mbo niveau 2 of hoger'
        (
            [diploma(K.VMBO_TL, D(2021, 7, 5)), diploma(K.MBO_2, D(2023, 6, 30))],
            D(2025, 1, 1),
            True,
        ),
        ([], D(2025, 1, 1), False),
    ],
)
def test_startkwalificatie_is_havo_vwo_or_mbo_2_to_4_diploma(results, on, expected):
    assert rules.has_startkwalificatie(tuple(results), on) is expected


def test_highest_diploma_ranks_vmbo_kb_above_entree():
    results = (diploma(K.VMBO_KB, D(2024, 7, 5)), diploma(K.MBO_1, D(2025, 6, 30)))
    assert rules.highest_diploma(results, D(2026, 1, 1)).kind == K.VMBO_KB


# "Volledige leerplicht: from the first school day of the month after the 5th birthday"
@pytest.mark.parametrize(
    ("dob", "expected"),
    [
        (D(2020, 3, 15), D(2025, 4, 1)),
        (D(2020, 3, 1), D(2025, 4, 1)),  # birthday on the first of the month: still the next month
        (D(2020, 3, 31), D(2025, 4, 1)),
        (D(2020, 12, 31), D(2026, 1, 1)),  # across the year
        (D(2020, 2, 29), D(2025, 4, 1)),  # leap day: 5 on 1 March 2025, so from 1 April
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
        # Leap day: 18 on 1 March 2026.
        (person(D(2008, 2, 29)), D(2026, 2, 28), True),
        (person(D(2008, 2, 29)), D(2026, 3, 1), False),
    ],
)
def test_kwalificatieplicht_until_18_or_startkwalificatie(facts, on, expected):
    assert rules.is_kwalificatieplichtig(facts, on) is expected


# "Voortijdig schoolverlater (vsv'er): younger than 23 (... default 27 for the Doorstroompunt
#  caseload, 23 for the legal vsv count), not enrolled at any school, no SK, and not coming
#  from pro or vso with uitstroomprofiel arbeidsmarkt or dagbesteding."
DROPOUT = [
    enrolled(K.VMBO_KB, D(2018, 8, 1), D(2022, 7, 31)),
    enrolled(K.MBO_2, D(2022, 8, 1), D(2026, 2, 28)),
]
LEFT_2021 = [enrolled(K.MBO_2, D(2019, 8, 1), D(2021, 1, 31))]


@pytest.mark.parametrize(
    ("facts", "on", "upper_age", "expected"),
    [
        (person(D(2005, 5, 1), DROPOUT), D(2026, 3, 1), 23, True),
        (
            person(D(2005, 5, 1), DROPOUT),
            D(2026, 2, 28),
            23,
            False,
        ),  # enrolment ends on the peildatum
        # 23rd birthday on the peildatum: out of the legal count, still in the caseload to 27.
        (person(D(2003, 3, 1), LEFT_2021), D(2026, 2, 28), 23, True),
        (person(D(2003, 3, 1), LEFT_2021), D(2026, 3, 1), 23, False),
        (person(D(2003, 3, 1), LEFT_2021), D(2026, 3, 1), 27, True),
        (person(D(1999, 3, 1), LEFT_2021), D(2026, 2, 28), 27, True),
        (person(D(1999, 3, 1), LEFT_2021), D(2026, 3, 1), 27, False),  # 27th birthday
        # A diploma obtained on the peildatum: no longer a vsv'er that day.
        (
            person(D(2005, 5, 1), LEFT_2021, [diploma(K.HAVO, D(2026, 3, 1))]),
            D(2026, 3, 1),
            23,
            False,
        ),
        (
            person(D(2005, 5, 1), LEFT_2021, [diploma(K.HAVO, D(2026, 3, 1))]),
            D(2026, 2, 28),
            23,
            True,
        ),
        (
            person(D(2005, 5, 1), LEFT_2021, [diploma(K.VMBO_TL, D(2020, 7, 5))]),
            D(2026, 3, 1),
            23,
            True,
        ),
        # Pro and vso arbeidsmarkt/dagbesteding need no SK; vso vervolgonderwijs does.
        (
            person(D(2006, 1, 1), [enrolled(K.PRO, D(2018, 8, 1), D(2024, 7, 31))]),
            D(2025, 1, 1),
            23,
            False,
        ),
        (
            person(
                D(2006, 1, 1),
                [enrolled(K.VSO, D(2018, 8, 1), D(2024, 7, 31), VsoProfile.ARBEIDSMARKT)],
            ),
            D(2025, 1, 1),
            23,
            False,
        ),
        (
            person(
                D(2006, 1, 1),
                [enrolled(K.VSO, D(2018, 8, 1), D(2024, 7, 31), VsoProfile.DAGBESTEDING)],
            ),
            D(2025, 1, 1),
            23,
            False,
        ),
        (
            person(
                D(2006, 1, 1),
                [enrolled(K.VSO, D(2018, 8, 1), D(2024, 7, 31), VsoProfile.VERVOLGONDERWIJS)],
            ),
            D(2025, 1, 1),
            23,
            True,
        ),
        # Came from pro, then dropped out of entree: a vsv'er from mbo.
        (
            person(
                D(2006, 1, 1),
                [
                    enrolled(K.PRO, D(2018, 8, 1), D(2023, 7, 31)),
                    enrolled(K.MBO_1, D(2023, 8, 1), D(2024, 1, 31)),
                ],
            ),
            D(2025, 1, 1),
            23,
            True,
        ),
        (person(D(2005, 5, 1)), D(2026, 3, 1), 23, False),  # never enrolled: never left a school
        (person(D(2005, 5, 1), DROPOUT, died=D(2026, 3, 1)), D(2026, 3, 1), 23, False),
        (person(D(2005, 5, 1), DROPOUT, emigrated=D(2026, 3, 1)), D(2026, 3, 1), 23, False),
        (person(D(2005, 5, 1), DROPOUT, emigrated=D(2026, 3, 2)), D(2026, 3, 1), 23, True),
        # Younger than 12: not a vsv'er (the vsv approach runs from 12).
        (
            person(D(2014, 9, 1), [enrolled(K.PO, D(2018, 9, 1), D(2025, 7, 31))]),
            D(2026, 8, 31),
            23,
            False,
        ),
        (
            person(D(2014, 9, 1), [enrolled(K.PO, D(2018, 9, 1), D(2025, 7, 31))]),
            D(2026, 9, 1),
            23,
            True,
        ),
    ],
)
def test_vsv_is_young_not_enrolled_without_sk_and_not_from_pro_or_vso(
    facts, on, upper_age, expected
):
    assert rules.is_vsv(facts, on, upper_age) is expected


# "Under 18, leerplicht/kwalificatieplicht (the leerplichtambtenaar); from 18, the
#  Doorstroompunt. The system routes every signal to the right desk by age on the day."
@pytest.mark.parametrize(
    ("dob", "on", "upper_age", "expected"),
    [
        (D(2008, 3, 10), D(2026, 3, 9), 27, Desk.LEERPLICHT),
        (D(2008, 3, 10), D(2026, 3, 10), 27, Desk.DOORSTROOMPUNT),  # 18th birthday
        (D(2008, 2, 29), D(2026, 2, 28), 27, Desk.LEERPLICHT),  # leap day: 18 on 1 March
        (D(2008, 2, 29), D(2026, 3, 1), 27, Desk.DOORSTROOMPUNT),
        (D(1999, 3, 10), D(2026, 3, 9), 27, Desk.DOORSTROOMPUNT),
        (D(1999, 3, 10), D(2026, 3, 10), 27, None),  # 27: out of the caseload
        (D(2003, 3, 10), D(2026, 3, 10), 23, None),  # a region that keeps the old upper age
        (D(2021, 6, 15), D(2026, 6, 30), 27, None),  # leerplicht starts 1 July 2026
        (D(2021, 6, 15), D(2026, 7, 1), 27, Desk.LEERPLICHT),
    ],
)
def test_responsible_desk_by_age_on_the_day(dob, on, upper_age, expected):
    assert rules.responsible_desk(person(dob), on, upper_age) == expected


def test_no_desk_after_death():
    assert rules.responsible_desk(person(D(2008, 1, 1), died=D(2025, 5, 1)), D(2025, 5, 1)) is None


# "Jongeren in een kwetsbare positie (JIKP): enrolled on 1 October of year T in vmbo bb, pro,
#  vso or mbo-1 (entree), and on 1 October of T+1 in mbo-1, mbo-2 or out of education; aged
#  16 to 22 (the Doorstroompunt follows them to 27)."
VMBO_BB_UNTIL_2025 = enrolled(K.VMBO_BB, D(2021, 8, 1), D(2025, 7, 31))


@pytest.mark.parametrize(
    ("facts", "upper_age", "expected"),
    [
        (person(D(2009, 5, 1), [VMBO_BB_UNTIL_2025, enrolled(K.MBO_2, D(2025, 8, 1))]), 23, True),
        (person(D(2009, 5, 1), [VMBO_BB_UNTIL_2025, enrolled(K.MBO_1, D(2025, 8, 1))]), 23, True),
        (person(D(2009, 5, 1), [VMBO_BB_UNTIL_2025]), 23, True),  # out of education
        (person(D(2009, 5, 1), [VMBO_BB_UNTIL_2025, enrolled(K.MBO_3, D(2025, 8, 1))]), 23, False),
        (person(D(2009, 5, 1), [enrolled(K.VMBO_KB, D(2021, 8, 1), D(2025, 7, 31))]), 23, False),
        (person(D(2009, 5, 1), [enrolled(K.PRO, D(2019, 8, 1), D(2025, 7, 31))]), 23, True),
        (
            person(
                D(2009, 5, 1),
                [enrolled(K.VSO, D(2019, 8, 1), D(2025, 7, 31), VsoProfile.ARBEIDSMARKT)],
            ),
            23,
            True,
        ),
        # Enrolment ending on 1 October T still counts as enrolled on that day.
        (person(D(2009, 5, 1), [enrolled(K.MBO_1, D(2024, 8, 1), D(2024, 10, 1))]), 23, True),
        (person(D(2009, 5, 1), [enrolled(K.MBO_1, D(2024, 8, 1), D(2024, 9, 30))]), 23, False),
        # Age on 1 October T+1: 16 on that very day counts, 15 does not.
        (person(D(2009, 10, 1), [VMBO_BB_UNTIL_2025]), 23, True),
        (person(D(2009, 10, 2), [VMBO_BB_UNTIL_2025]), 23, False),
        (
            person(D(2002, 10, 1), [enrolled(K.MBO_1, D(2024, 8, 1), D(2025, 1, 31))]),
            23,
            False,
        ),  # 23
        (person(D(2002, 10, 1), [enrolled(K.MBO_1, D(2024, 8, 1), D(2025, 1, 31))]), 27, True),
    ],
)
def test_jikp_cohort_of_year_2024(facts, upper_age, expected):
    assert rules.is_jikp(facts, 2024, upper_age) is expected


# "New vsv'ers of a year (the official count): enrolled at a school on 1 October of year T and
#  then older than 11 and younger than 22; on 1 October of T+1 not enrolled anywhere, no SK
#  (havo, vwo, mbo 2-4 diploma), and not admitted to higher education."
BORN_2006 = D(2006, 5, 1)


def mbo_2_until(end, dob=BORN_2006, results=()):
    return person(dob, [enrolled(K.MBO_2, D(2023, 8, 1), end)], results)


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (mbo_2_until(D(2025, 3, 31)), True),
        (mbo_2_until(D(2025, 3, 31), results=[diploma(K.MBO_2, D(2025, 3, 31))]), False),
        (
            mbo_2_until(D(2025, 3, 31), results=[diploma(K.MBO_2, D(2025, 10, 1))]),
            False,
        ),  # SK on T+1
        (mbo_2_until(D(2025, 3, 31), results=[diploma(K.MBO_2, D(2025, 10, 2))]), True),
        (mbo_2_until(D(2025, 10, 1)), False),  # still enrolled on 1 October T+1
        (mbo_2_until(D(2025, 9, 30)), True),
        (mbo_2_until(D(2025, 3, 31), dob=D(2013, 10, 1)), False),  # 11 on 1 October T
        (mbo_2_until(D(2025, 3, 31), dob=D(2012, 10, 1)), True),  # 12
        (mbo_2_until(D(2025, 3, 31), dob=D(2002, 10, 1)), False),  # 22 on 1 October T
        (mbo_2_until(D(2025, 3, 31), dob=D(2002, 10, 2)), True),  # 21
        # Went on to higher education: enrolled on 1 October T+1.
        (
            person(
                D(2006, 5, 1),
                [enrolled(K.MBO_2, D(2023, 8, 1), D(2025, 3, 31)), enrolled(K.HBO, D(2025, 9, 1))],
            ),
            False,
        ),
        (
            person(D(2008, 5, 1), [enrolled(K.PRO, D(2020, 8, 1), D(2025, 7, 31))]),
            False,
        ),  # from pro
        (
            person(D(2006, 5, 1), [enrolled(K.MBO_2, D(2025, 1, 1), D(2025, 3, 31))]),
            False,
        ),  # not on 1 Oct T
    ],
)
def test_new_vsv_of_2024(facts, expected):
    assert rules.is_new_vsv(facts, 2024) is expected


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


def test_a_diploma_in_higher_education_counts_as_at_least_a_startkwalificatie():
    assert rules.has_startkwalificatie((diploma(K.WO, D(2023, 7, 1)),), D(2025, 1, 1))


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        (
            (certificate(K.HAVO, D(2023, 7, 1)), diploma(K.VMBO_BB, D(2022, 7, 5))),
            (K.VMBO_BB, True),
        ),
        ((diploma(K.VMBO_TL, D(2022, 7, 5)), diploma(K.MBO_2, D(2024, 6, 30))), (K.MBO_2, True)),
        ((diploma(K.HAVO, D(2022, 7, 5)), diploma(K.VAVO, D(2023, 7, 5))), (K.HAVO, True)),
        ((diploma(K.MBO_3, D(2022, 6, 30)), diploma(K.MBO_3, D(2024, 6, 30))), (K.MBO_3, True)),
    ],
)
def test_highest_diploma_prefers_diplomas_then_level_then_the_latest(results, expected):
    best = rules.highest_diploma(results, D(2025, 1, 1))
    assert (best.kind, best.is_diploma) == expected
    if results[0].kind == results[1].kind:
        assert best.obtained_on == D(2024, 6, 30)


def test_highest_diploma_ignores_results_after_the_peildatum():
    assert rules.highest_diploma((diploma(K.MBO_2, D(2025, 7, 1)),), D(2025, 1, 1)) is None


def test_default_upper_ages_are_27_for_the_desk_and_23_for_vsv():
    assert rules.responsible_desk(person(D(1999, 3, 10)), D(2026, 3, 9)) == Desk.DOORSTROOMPUNT
    assert rules.responsible_desk(person(D(1999, 3, 10)), D(2026, 3, 10)) is None
    assert not rules.is_vsv(person(D(2003, 3, 1), LEFT_2021), D(2026, 3, 1))
    assert rules.is_vsv(person(D(2003, 3, 1), LEFT_2021), D(2026, 2, 28))
    assert not rules.is_jikp(
        person(D(2002, 10, 1), [enrolled(K.MBO_1, D(2024, 8, 1), D(2025, 1, 31))]), 2024
    )


# The school a person "comes from" is the enrolment that ended last before the peildatum.
PRO_2018_2024 = enrolled(K.PRO, D(2018, 8, 1), D(2024, 7, 31))


@pytest.mark.parametrize(
    ("enrolments", "expected"),
    [
        (
            [PRO_2018_2024, enrolled(K.MBO_1, D(2025, 9, 1), D(2026, 7, 31))],
            False,
        ),  # entree still ahead
        (
            [enrolled(K.MBO_1, D(2023, 8, 1), D(2024, 1, 31)), PRO_2018_2024],
            False,
        ),  # pro ended last
        (
            [PRO_2018_2024, enrolled(K.MBO_1, D(2024, 2, 1), D(2024, 7, 31))],
            True,
        ),  # same day: the later start
    ],
)
def test_vsv_looks_at_the_school_that_ended_last(enrolments, expected):
    assert rules.is_vsv(person(D(2006, 1, 1), enrolments), D(2025, 1, 1)) is expected


@pytest.mark.parametrize(
    ("enrolments", "on", "expected"),
    [
        ([enrolled(K.MBO_2, D(2024, 8, 1), D(2026, 2, 28))], D(2026, 3, 5), D(2026, 3, 1)),
        ([enrolled(K.MBO_2, D(2024, 8, 1), D(2026, 2, 28))], D(2026, 2, 28), None),  # last day
        (
            [enrolled(K.VMBO_KB, D(2020, 8, 1), D(2024, 7, 31)), enrolled(K.MBO_2, D(2024, 8, 1))],
            D(2026, 3, 5),
            None,
        ),
        ([], D(2026, 3, 5), None),
    ],
)
def test_not_enrolled_since_the_day_after_the_last_day(enrolments, on, expected):
    assert rules.not_enrolled_since(person(D(2006, 1, 1), enrolments), on) == expected


def test_duties_and_counts_end_with_emigration():
    emigrated = person(D(2009, 5, 1), [VMBO_BB_UNTIL_2025], emigrated=D(2025, 9, 1))
    assert not rules.is_leerplichtig(person(D(2020, 3, 10), emigrated=D(2025, 5, 1)), D(2025, 5, 1))
    assert rules.is_leerplichtig(person(D(2020, 3, 10), emigrated=D(2025, 5, 2)), D(2025, 5, 1))
    assert not rules.is_jikp(emigrated, 2024)
    assert not rules.is_new_vsv(
        person(
            D(2006, 5, 1),
            [enrolled(K.MBO_2, D(2023, 8, 1), D(2025, 3, 31))],
            emigrated=D(2025, 6, 1),
        ),
        2024,
    )


def test_jikp_counts_an_entree_enrolment_beside_another():
    both = person(
        D(2009, 5, 1),
        [VMBO_BB_UNTIL_2025, enrolled(K.MBO_1, D(2025, 8, 1)), enrolled(K.MBO_3, D(2025, 8, 1))],
    )
    assert rules.is_jikp(both, 2024)


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        # Enrolled from 1 October T itself.
        (person(D(2006, 5, 1), [enrolled(K.MBO_2, D(2024, 10, 1), D(2025, 3, 31))]), True),
        # In higher education on 1 October T, dropped out: admitted to higher education.
        (person(D(2004, 5, 1), [enrolled(K.HBO, D(2024, 9, 1), D(2025, 1, 31))]), False),
        # A primary-school pupil is not in the count of school leavers (vo, mbo, vavo).
        (person(D(2012, 5, 1), [enrolled(K.PO, D(2016, 8, 1), D(2025, 1, 31))]), False),
        (person(D(2005, 5, 1), [enrolled(K.VAVO, D(2024, 8, 1), D(2025, 1, 31))]), True),
    ],
)
def test_new_vsv_counts_pupils_of_vo_mbo_and_vavo_not_admitted_to_higher_education(facts, expected):
    assert rules.is_new_vsv(facts, 2024) is expected


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
