"""When a person leaves the target group: the day from which retention counts."""

import pytest

from doorstroom.people import rules
from doorstroom.people.choices import EducationKind as K
from doorstroom.people.tests.rulefacts import D, certificate, diploma, enrolled, person

ON = D(2026, 12, 1)
BORN_2004 = D(2004, 5, 1)  # 16 on 1 May 2020: volledige leerplicht ends on 31 July 2020
DROPPED_OUT = [enrolled(K.MBO_1, D(2020, 8, 1), D(2022, 7, 31))]

# DOMAIN.md, Retention: "kwalificatieplicht and Doorstroompunt files 2 years after the person
# leaves the target group". The target group ends with death or emigration ("a death or
# emigration ends every duty"), at the region's upper age ("the Doorstroompunt now works up to
# 27"), or with a startkwalificatie once volledige leerplicht is over ("kwalificatieplicht:
# until the 18th birthday or until an SK"; a vsv'er has "no SK") - but not for a jongere in
# een kwetsbare positie: "Following them is a legal duty ... the Doorstroompunt follows them
# to 27".


@pytest.mark.parametrize(
    ("facts", "upper_age", "expected"),
    [
        # A vsv'er of 22: still in the target group.
        (person(BORN_2004, DROPPED_OUT), 27, None),
        # "a death or emigration ends every duty"
        (person(BORN_2004, DROPPED_OUT, died=D(2025, 3, 10)), 27, D(2025, 3, 10)),
        (person(BORN_2004, DROPPED_OUT, emigrated=D(2024, 2, 1)), 27, D(2024, 2, 1)),
        # "works up to 27": the 27th birthday; the birthday on the peildatum counts.
        (person(D(1999, 5, 1), DROPPED_OUT), 27, D(2026, 5, 1)),
        (person(D(1999, 12, 1), DROPPED_OUT), 27, D(2026, 12, 1)),
        (person(D(1999, 12, 2), DROPPED_OUT), 27, None),
        # "make the upper age a setting per region"
        (person(D(2002, 5, 1), DROPPED_OUT), 23, D(2025, 5, 1)),
        (person(D(2002, 5, 1), DROPPED_OUT), 27, None),
        # "until an SK": havo, vwo, mbo 2-4 diploma; the day it is obtained counts.
        (person(BORN_2004, results=[diploma(K.HAVO, D(2021, 7, 10))]), 27, D(2021, 7, 10)),
        (person(BORN_2004, results=[diploma(K.MBO_2, ON)]), 27, ON),
        # "after volledige leerplicht": an SK before 31 July of the 16th year ends it on 1 August.
        (person(BORN_2004, results=[diploma(K.VWO, D(2020, 6, 15))]), 27, D(2020, 8, 1)),
        # "Not an SK: vmbo diploma, mbo level 1 (entree), praktijkonderwijs (pro), vso certificate."
        (person(BORN_2004, DROPPED_OUT, [diploma(K.MBO_1, D(2022, 7, 1))]), 27, None),
        (person(BORN_2004, results=[diploma(K.VMBO_TL, D(2020, 7, 1))]), 27, None),
        (person(BORN_2004, results=[certificate(K.MBO_2, D(2022, 7, 1))]), 27, None),
        # Pro leavers need no SK but may come back: they stay until the upper age.
        (
            person(
                BORN_2004,
                [enrolled(K.PRO, D(2016, 8, 1), D(2022, 7, 31))],
                [certificate(K.PRO, D(2022, 7, 1))],
            ),
            27,
            None,
        ),
        # Whichever comes first.
        (
            person(BORN_2004, results=[diploma(K.HAVO, D(2021, 7, 10))], emigrated=D(2023, 1, 1)),
            27,
            D(2021, 7, 10),
        ),
    ],
)
def test_the_day_a_person_leaves_the_target_group(facts, upper_age, expected):
    assert rules.left_target_group_on(facts, ON, upper_age) == expected


def test_born_on_29_february_the_upper_age_is_reached_on_1_march():
    leap = person(D(2000, 2, 29), DROPPED_OUT)
    assert rules.left_target_group_on(leap, D(2027, 2, 28)) is None
    assert rules.left_target_group_on(leap, D(2027, 3, 1)) == D(2027, 3, 1)


# "JIKP: enrolled on 1 October of year T in vmbo bb, pro, vso or mbo-1 (entree), and on
#  1 October of T+1 in mbo-1, mbo-2 or out of education; aged 16 to 22 (the Doorstroompunt
#  follows them to 27). Following them is a legal duty."
BORN_2009 = D(2009, 5, 1)
MBO_2_DIPLOMA = diploma(K.MBO_2, D(2025, 9, 15))


def jikp_2024(first_kind):
    return person(
        BORN_2009,
        [enrolled(first_kind, D(2021, 8, 1), D(2025, 7, 31)), enrolled(K.MBO_2, D(2025, 8, 1))],
        [MBO_2_DIPLOMA],
    )


@pytest.mark.parametrize(
    ("facts", "on", "expected"),
    [
        # In the JIKP cohort of 2024 (vmbo bb on 1 October 2024, mbo-2 on 1 October 2025):
        # followed to 27, the mbo-2 diploma does not end it.
        (jikp_2024(K.VMBO_BB), D(2025, 10, 1), None),
        (jikp_2024(K.VMBO_BB), D(2026, 12, 1), None),
        # Before 1 October 2025 the cohort is not established yet: the diploma ends it.
        (jikp_2024(K.VMBO_BB), D(2025, 9, 30), D(2025, 9, 15)),
        # vmbo kb is not a JIKP school type: the diploma ends the target group.
        (jikp_2024(K.VMBO_KB), D(2025, 10, 1), D(2025, 9, 15)),
    ],
)
def test_a_jikp_member_stays_in_the_target_group_until_the_upper_age(facts, on, expected):
    assert rules.left_target_group_on(facts, on) == expected


def test_a_jikp_member_still_leaves_at_the_upper_age_or_by_death():
    member = jikp_2024(K.VMBO_BB)
    assert rules.left_target_group_on(member, D(2036, 5, 1)) == D(2036, 5, 1)
    died = person(BORN_2009, member.enrolments, member.results, died=D(2027, 1, 5))
    assert rules.left_target_group_on(died, D(2027, 2, 1)) == D(2027, 1, 5)
