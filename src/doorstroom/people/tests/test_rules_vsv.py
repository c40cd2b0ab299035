"""Vsv'er and the responsible desk: DOMAIN.md, 'vsv'er' and 'Who is responsible'."""

import pytest

from doorstroom.people import rules
from doorstroom.people.choices import Desk, VsoProfile
from doorstroom.people.choices import EducationKind as K
from doorstroom.people.tests.rulefacts import D, diploma, enrolled, person

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
        # "make the upper age a setting per region": any age, not only 23 and 27.
        (person(D(2001, 3, 1), LEFT_2021), D(2026, 2, 28), 25, True),
        (person(D(2001, 3, 1), LEFT_2021), D(2026, 3, 1), 25, False),
        # Born on 29 February: 23 and 27 on 1 March in a year without that day.
        (person(D(2004, 2, 29), LEFT_2021), D(2027, 2, 28), 23, True),
        (person(D(2004, 2, 29), LEFT_2021), D(2027, 3, 1), 23, False),
        (person(D(2000, 2, 29), LEFT_2021), D(2027, 2, 28), 27, True),
        (person(D(2000, 2, 29), LEFT_2021), D(2027, 3, 1), 27, False),
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
        # A vso leaver without a known uitstroomprofiel is not shown to need no SK.
        (
            person(D(2006, 1, 1), [enrolled(K.VSO, D(2018, 8, 1), D(2024, 7, 31))]),
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
        (person(D(2005, 5, 1), DROPOUT, died=D(2026, 3, 2)), D(2026, 3, 1), 23, True),
        # A diploma obtained on the last day of the enrolment: no vsv'er the day after.
        (
            person(D(2005, 5, 1), DROPOUT, [diploma(K.MBO_2, D(2026, 2, 28))]),
            D(2026, 3, 1),
            23,
            False,
        ),
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
        (D(2003, 3, 10), D(2026, 3, 9), 23, Desk.DOORSTROOMPUNT),
        (D(2003, 3, 10), D(2026, 3, 10), 23, None),  # a region that keeps the old upper age
        (D(2003, 3, 10), D(2026, 3, 10), 27, Desk.DOORSTROOMPUNT),  # 23: still in the caseload
        (D(2021, 6, 15), D(2026, 6, 30), 27, None),  # leerplicht starts 1 July 2026
        (D(2021, 6, 15), D(2026, 7, 1), 27, Desk.LEERPLICHT),
    ],
)
def test_responsible_desk_by_age_on_the_day(dob, on, upper_age, expected):
    assert rules.responsible_desk(person(dob), on, upper_age) == expected


def test_no_desk_after_death():
    assert rules.responsible_desk(person(D(2008, 1, 1), died=D(2025, 5, 1)), D(2025, 5, 1)) is None


# "died (closes everything, no further letters)"; "reaches the upper age (leaves the caseload
#  with a closing reason)": no desk takes such a young person up again. Who emigrated may come
#  back, who is not yet leerplichtig will be.
@pytest.mark.parametrize(
    ("facts", "on", "upper_age", "expected"),
    [
        (person(D(2008, 1, 1), died=D(2025, 5, 1)), D(2025, 4, 30), 27, False),
        (person(D(2008, 1, 1), died=D(2025, 5, 1)), D(2025, 5, 1), 27, True),  # the day of death
        (person(D(1999, 3, 10)), D(2026, 3, 9), 27, False),
        (person(D(1999, 3, 10)), D(2026, 3, 10), 27, True),  # 27th birthday
        (person(D(2003, 3, 10)), D(2026, 3, 10), 23, True),  # a region with upper age 23
        (person(D(2008, 1, 1), emigrated=D(2025, 5, 1)), D(2026, 1, 1), 27, False),
        (person(D(2022, 1, 1)), D(2026, 1, 1), 27, False),  # leerplicht still to come
    ],
)
def test_beyond_every_desk_after_death_or_from_the_upper_age(facts, on, upper_age, expected):
    assert rules.is_beyond_every_desk(facts, on, upper_age) is expected


def test_default_upper_ages_are_27_for_the_desk_and_23_for_vsv():
    assert rules.responsible_desk(person(D(1999, 3, 10)), D(2026, 3, 9)) == Desk.DOORSTROOMPUNT
    assert rules.responsible_desk(person(D(1999, 3, 10)), D(2026, 3, 10)) is None
    assert not rules.is_vsv(person(D(2003, 3, 1), LEFT_2021), D(2026, 3, 1))
    assert rules.is_vsv(person(D(2003, 3, 1), LEFT_2021), D(2026, 2, 28))
    assert not rules.is_jikp(
        person(D(2002, 10, 1), [enrolled(K.MBO_1, D(2024, 8, 1), D(2025, 1, 31))]), 2024
    )
