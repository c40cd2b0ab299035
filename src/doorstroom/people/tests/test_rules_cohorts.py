"""The yearly cohorts on 1 October: JIKP and the new vsv'ers of year T."""

import pytest

from doorstroom.people import rules
from doorstroom.people.choices import EducationKind as K
from doorstroom.people.choices import VsoProfile
from doorstroom.people.tests.rulefacts import D, certificate, diploma, enrolled, person

# "Jongeren in een kwetsbare positie (JIKP): enrolled on 1 October of year T in vmbo bb, pro,
#  vso or mbo-1 (entree), and on 1 October of T+1 in mbo-1, mbo-2 or out of education; aged
#  16 to 22 (the Doorstroompunt follows them to 27)."
VMBO_BB_UNTIL_2025 = enrolled(K.VMBO_BB, D(2021, 8, 1), D(2025, 7, 31))


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (person(D(2009, 5, 1), [VMBO_BB_UNTIL_2025, enrolled(K.MBO_2, D(2025, 8, 1))]), True),
        (person(D(2009, 5, 1), [VMBO_BB_UNTIL_2025, enrolled(K.MBO_1, D(2025, 8, 1))]), True),
        (person(D(2009, 5, 1), [VMBO_BB_UNTIL_2025]), True),  # out of education
        (person(D(2009, 5, 1), [VMBO_BB_UNTIL_2025, enrolled(K.MBO_3, D(2025, 8, 1))]), False),
        (person(D(2009, 5, 1), [enrolled(K.VMBO_KB, D(2021, 8, 1), D(2025, 7, 31))]), False),
        (person(D(2009, 5, 1), [enrolled(K.PRO, D(2019, 8, 1), D(2025, 7, 31))]), True),
        (
            person(
                D(2009, 5, 1),
                [enrolled(K.VSO, D(2019, 8, 1), D(2025, 7, 31), VsoProfile.ARBEIDSMARKT)],
            ),
            True,
        ),
        # Enrolment ending on 1 October T still counts as enrolled on that day.
        (person(D(2009, 5, 1), [enrolled(K.MBO_1, D(2024, 8, 1), D(2024, 10, 1))]), True),
        (person(D(2009, 5, 1), [enrolled(K.MBO_1, D(2024, 8, 1), D(2024, 9, 30))]), False),
        # Enrolment starting on 1 October T counts; one starting the day after does not.
        (person(D(2009, 5, 1), [enrolled(K.MBO_1, D(2024, 10, 1), D(2025, 1, 31))]), True),
        (person(D(2009, 5, 1), [enrolled(K.MBO_1, D(2024, 10, 2), D(2025, 1, 31))]), False),
        # Not a JIKP school type on 1 October T.
        (person(D(2009, 5, 1), [enrolled(K.VMBO_GL, D(2021, 8, 1), D(2025, 7, 31))]), False),
        (person(D(2009, 5, 1), [enrolled(K.MBO_2, D(2024, 8, 1), D(2025, 7, 31))]), False),
        # On 1 October T+1: out of education even if mbo-2 starts the day after; still in
        # vmbo bb, or in havo, is neither mbo-1, mbo-2 nor out of education.
        (person(D(2009, 5, 1), [VMBO_BB_UNTIL_2025, enrolled(K.MBO_2, D(2025, 10, 2))]), True),
        (person(D(2009, 5, 1), [enrolled(K.VMBO_BB, D(2021, 8, 1))]), False),
        (person(D(2009, 5, 1), [VMBO_BB_UNTIL_2025, enrolled(K.HAVO, D(2025, 8, 1))]), False),
        # Died on 1 October T+1: not in the cohort; the day after: in it.
        (person(D(2009, 5, 1), [VMBO_BB_UNTIL_2025], died=D(2025, 10, 1)), False),
        (person(D(2009, 5, 1), [VMBO_BB_UNTIL_2025], died=D(2025, 10, 2)), True),
        # Age on 1 October T+1: 16 on that very day counts, 15 does not.
        (person(D(2009, 10, 1), [VMBO_BB_UNTIL_2025]), True),
        (person(D(2009, 10, 2), [VMBO_BB_UNTIL_2025]), False),
        (
            person(D(2002, 10, 1), [enrolled(K.MBO_1, D(2024, 8, 1), D(2025, 1, 31))]),
            False,
        ),  # 23
        # 22 on 1 October T+1: the oldest age in the cohort.
        (person(D(2002, 10, 2), [enrolled(K.MBO_1, D(2024, 8, 1), D(2025, 1, 31))]), True),
        # In entree on both peildatums; in vavo on T+1 is neither mbo-1, mbo-2 nor out of
        # education.
        (person(D(2009, 5, 1), [enrolled(K.MBO_1, D(2024, 8, 1))]), True),
        (person(D(2009, 5, 1), [VMBO_BB_UNTIL_2025, enrolled(K.VAVO, D(2025, 8, 1))]), False),
    ],
)
def test_jikp_cohort_of_year_2024(facts, expected):
    assert rules.is_jikp(facts, 2024) is expected


def test_jikp_counts_an_entree_enrolment_beside_another():
    both = person(
        D(2009, 5, 1),
        [VMBO_BB_UNTIL_2025, enrolled(K.MBO_1, D(2025, 8, 1)), enrolled(K.MBO_3, D(2025, 8, 1))],
    )
    assert rules.is_jikp(both, 2024)


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
        (mbo_2_until(D(2025, 3, 31), dob=D(2012, 10, 2)), False),  # 11, 12 the day after
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
        (mbo_2_until(D(2024, 10, 1)), True),  # left on 1 October T itself
        (mbo_2_until(D(2024, 9, 30)), False),  # left the day before: not enrolled on it
        (person(D(2006, 5, 1), [enrolled(K.MBO_2, D(2024, 10, 2), D(2025, 3, 31))]), False),
        # "no SK (havo, vwo, mbo 2-4 diploma)": a vmbo or entree diploma is none.
        (mbo_2_until(D(2025, 3, 31), results=[diploma(K.VMBO_KB, D(2023, 7, 5))]), True),
        (mbo_2_until(D(2025, 3, 31), results=[diploma(K.MBO_1, D(2024, 7, 1))]), True),
        (mbo_2_until(D(2025, 3, 31), results=[certificate(K.MBO_2, D(2025, 3, 31))]), True),
        (mbo_2_until(D(2025, 3, 31), results=[diploma(K.HAVO, D(2023, 7, 5))]), False),
        # vso: only uitstroomprofiel arbeidsmarkt or dagbesteding needs no SK.
        (
            person(
                D(2008, 5, 1),
                [enrolled(K.VSO, D(2020, 8, 1), D(2025, 7, 31), VsoProfile.ARBEIDSMARKT)],
            ),
            False,
        ),
        (
            person(
                D(2008, 5, 1),
                [enrolled(K.VSO, D(2020, 8, 1), D(2025, 7, 31), VsoProfile.VERVOLGONDERWIJS)],
            ),
            True,
        ),
        # Died on 1 October T+1: not a school leaver that day.
        (
            person(
                D(2006, 5, 1),
                [enrolled(K.MBO_2, D(2023, 8, 1), D(2025, 3, 31))],
                died=D(2025, 10, 1),
            ),
            False,
        ),
    ],
)
def test_new_vsv_of_2024(facts, expected):
    assert rules.is_new_vsv(facts, 2024) is expected


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


@pytest.mark.parametrize("higher", [K.HBO, K.WO])
def test_admitted_to_higher_education_before_t_plus_1_is_not_a_new_vsv(higher):
    facts = person(
        D(2006, 5, 1),
        [
            enrolled(K.HAVO, D(2020, 8, 1), D(2025, 1, 31)),
            enrolled(higher, D(2025, 2, 1), D(2025, 6, 30)),
        ],
    )
    assert not rules.is_new_vsv(facts, 2024)


def test_higher_education_starting_after_1_october_t_plus_1_does_not_count_yet():
    facts = person(
        D(2006, 5, 1),
        [enrolled(K.HAVO, D(2020, 8, 1), D(2025, 1, 31)), enrolled(K.HBO, D(2026, 2, 1))],
    )
    assert rules.is_new_vsv(facts, 2024)
