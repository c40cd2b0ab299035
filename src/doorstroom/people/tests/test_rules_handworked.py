"""An auditor's hand-worked cases for the legal rules, worked from DOMAIN.md and the seeds
before the code or its other tests were read. Each table quotes the rule it checks; each
row's comment is the arithmetic done on paper. Where DOMAIN.md leaves a day open (a birthday
on 29 February, the first school day of a month) the row follows dates.py's stated reading.
"""

import pytest

from doorstroom import dates
from doorstroom.people import rules
from doorstroom.people.choices import Desk, VsoProfile
from doorstroom.people.choices import EducationKind as K
from doorstroom.people.tests.rulefacts import D, certificate, diploma, enrolled, person

# "Volledige leerplicht: from the first school day of the month after the 5th birthday."
LEERPLICHT_START = [
    # 5 on 15 March 2025; the month after March is April.
    pytest.param(D(2020, 3, 15), D(2025, 4, 1), id="5-mid-month-next-first"),
    # 5 on 1 March 2025: the birthday is in March, so April, not 1 March itself.
    pytest.param(D(2020, 3, 1), D(2025, 4, 1), id="5-on-the-first-still-next-month"),
    # 5 on 31 March 2025: the next day is 1 April, the month after.
    pytest.param(D(2020, 3, 31), D(2025, 4, 1), id="5-on-the-last-day-of-month"),
    # 5 on 31 December 2024: the month after is January of the next year.
    pytest.param(D(2019, 12, 31), D(2025, 1, 1), id="5-in-december-january-next-year"),
    # 5 in 2025, which has no 29 February: the age is reached on 1 March, so April.
    pytest.param(D(2020, 2, 29), D(2025, 4, 1), id="5-born-29-february"),
    # 5 on 10 July 2024: August, the month after, though it is in the summer holiday.
    pytest.param(D(2019, 7, 10), D(2024, 8, 1), id="5-in-july-august"),
]


@pytest.mark.parametrize(("born", "expected"), LEERPLICHT_START)
def test_leerplicht_starts_the_month_after_the_fifth_birthday(born, expected):
    assert rules.leerplicht_start(born) == expected


# "... until the end of the school year (31 July) in which the young person turns 16 or has
#  followed 12 full school years, whichever comes first (a primary school finished in fewer
#  than 8 years counts as 8, art. 3(2))." School year: 1 August to 31 July (art. 1).
SKIPPED_A_YEAR = [
    # Primary from 1 February 2015 to 8 July 2022: full school years 2015-16 to 2021-22, 7.
    enrolled(K.PO, D(2015, 2, 1), D(2022, 7, 8)),
    enrolled(K.HAVO, D(2022, 8, 22)),
]
FROM_FOUR = [
    # Primary from the first school day of 2014-15 to the last of 2021-22: 8 full years.
    enrolled(K.PO, D(2014, 8, 15), D(2022, 7, 8)),
    enrolled(K.VMBO_KB, D(2022, 8, 22)),
]
LEERPLICHT_END = [
    # Turns 16 on 31 July 2026, the last day of school year 2025-26.
    pytest.param(person(D(2010, 7, 31)), D(2026, 7, 31), id="16-on-31-july"),
    # Turns 16 on 1 August 2026, the first day of 2026-27: a whole year more.
    pytest.param(person(D(2010, 8, 1)), D(2027, 7, 31), id="16-on-1-august"),
    # Turns 16 on 1 January 2026, in school year 2025-26.
    pytest.param(person(D(2010, 1, 1)), D(2026, 7, 31), id="16-on-1-january"),
    # Turns 16 on 31 December 2026, in school year 2026-27.
    pytest.param(person(D(2010, 12, 31)), D(2027, 7, 31), id="16-on-31-december"),
    # Primary in 7 full years counts as 8; havo 2022-23 to 2025-26 makes 12, a year before
    # the school year of the 16th birthday (10 January 2027: 2026-27).
    pytest.param(
        person(D(2011, 1, 10), SKIPPED_A_YEAR), D(2026, 7, 31), id="12-years-primary-in-7"
    ),
    # The same, leaving primary school on 24 June 2022 (the family moved): 2021-22 is not
    # followed in full, but primary was finished, in fewer than 8 years, so counts as 8.
    pytest.param(
        person(
            D(2011, 1, 10),
            [enrolled(K.PO, D(2015, 2, 1), D(2022, 6, 24)), enrolled(K.HAVO, D(2022, 8, 22))],
        ),
        D(2026, 7, 31),
        id="12-years-primary-left-in-june-counts-8",
    ),
    # 8 full primary years from 2014-15 and vmbo 2022-23 to 2025-26: 12 by 31 July 2026;
    # the 16th birthday (15 August 2026) would have run to 31 July 2027.
    pytest.param(person(D(2010, 8, 15), FROM_FOUR), D(2026, 7, 31), id="12-years-before-16"),
    # The same school career starting on 20 September 2014 (after any first school day):
    # 2014-15 is not full, so 7 primary years count as 8 (art. 3(2)) and vmbo 2022-23 to
    # 2025-26 still makes 12.
    pytest.param(
        person(
            D(2010, 8, 15),
            [enrolled(K.PO, D(2014, 9, 20), D(2022, 7, 8)), enrolled(K.VMBO_KB, D(2022, 8, 22))],
        ),
        D(2026, 7, 31),
        id="12-years-late-start-primary-counts-8",
    ),
    # 8 primary years; 2022-23 at vmbo to Friday 27 January 2023 and at havo from Monday
    # 30 January ('one or more schools', and a weekend has no school day): 12 by 31 July 2026.
    pytest.param(
        person(
            D(2010, 8, 15),
            [
                enrolled(K.PO, D(2014, 8, 15), D(2022, 7, 8)),
                enrolled(K.VMBO_KB, D(2022, 8, 22), D(2023, 1, 27)),
                enrolled(K.HAVO, D(2023, 1, 30)),
            ],
        ),
        D(2026, 7, 31),
        id="12-years-a-school-changed-over-a-weekend",
    ),
    # The same change with Monday 30 January out of school: 2022-23 is not followed in full.
    pytest.param(
        person(
            D(2010, 8, 15),
            [
                enrolled(K.PO, D(2014, 8, 15), D(2022, 7, 8)),
                enrolled(K.VMBO_KB, D(2022, 8, 22), D(2023, 1, 27)),
                enrolled(K.HAVO, D(2023, 1, 31)),
            ],
        ),
        D(2027, 7, 31),
        id="a-school-day-between-two-schools",
    ),
    # 8 primary years and vmbo 2022-23, none in 2023-24, vmbo again from 2024-25: 11 by
    # 31 July 2026, so the school year of the 16th birthday (2026-27) ends it.
    pytest.param(
        person(
            D(2010, 8, 15),
            [
                enrolled(K.PO, D(2014, 8, 15), D(2022, 7, 8)),
                enrolled(K.VMBO_KB, D(2022, 8, 22), D(2023, 7, 20)),
                enrolled(K.VMBO_KB, D(2024, 8, 20)),
            ],
        ),
        D(2027, 7, 31),
        id="a-year-out-of-school-12-years-not-reached",
    ),
]


@pytest.mark.parametrize(("facts", "expected"), LEERPLICHT_END)
def test_leerplicht_ends_with_the_school_year_of_16_or_of_12_years(facts, expected):
    assert rules.leerplicht_end(facts) == expected


LEERPLICHTIG = [
    # Leerplicht starts 1 April 2025 (5 on 15 March).
    pytest.param(person(D(2020, 3, 15)), D(2025, 3, 31), False, id="day-before-start"),
    pytest.param(person(D(2020, 3, 15)), D(2025, 4, 1), True, id="first-day"),
    # 16 on 31 July 2026: leerplichtig on that day, not on 1 August.
    pytest.param(person(D(2010, 7, 31)), D(2026, 7, 31), True, id="16-on-31-july-that-day"),
    pytest.param(person(D(2010, 7, 31)), D(2026, 8, 1), False, id="16-on-31-july-next-day"),
    # 16 on 1 August 2026: the 16th birthday opens the school year that ends it.
    pytest.param(person(D(2010, 8, 1)), D(2026, 8, 1), True, id="16-on-1-august-that-day"),
    pytest.param(person(D(2010, 8, 1)), D(2027, 7, 31), True, id="16-on-1-august-year-end"),
    pytest.param(person(D(2010, 8, 1)), D(2027, 8, 1), False, id="16-on-1-august-after"),
    # 12 full years by 31 July 2026 (FROM_FOUR), though 15 on 1 August 2026.
    pytest.param(person(D(2010, 8, 15), FROM_FOUR), D(2026, 8, 1), False, id="after-12-years"),
    pytest.param(person(D(2010, 8, 15), FROM_FOUR), D(2026, 7, 31), True, id="12th-year-end"),
    # A startkwalificatie ends the kwalificatieplicht, not volledige leerplicht: 15 with a
    # havo diploma, 16 on 1 January 2027, so leerplichtig until 31 July 2027.
    pytest.param(
        person(D(2011, 1, 1), results=[diploma(K.HAVO, D(2026, 7, 1))]),
        D(2026, 9, 1),
        True,
        id="havo-diploma-at-15-still-leerplichtig",
    ),
    # "A death or emigration ends every duty", each on its own date.
    pytest.param(person(D(2012, 5, 5), died=D(2021, 1, 1)), D(2021, 1, 1), False, id="died"),
    pytest.param(
        person(D(2012, 5, 5), emigrated=D(2022, 5, 1)), D(2022, 5, 1), False, id="emigrated"
    ),
    pytest.param(
        person(D(2012, 5, 5), emigrated=D(2022, 5, 1)),
        D(2022, 4, 30),
        True,
        id="day-before-emigration",
    ),
]


@pytest.mark.parametrize(("facts", "on", "expected"), LEERPLICHTIG)
def test_volledig_leerplichtig(facts, on, expected):
    assert rules.is_leerplichtig(facts, on) is expected


# "Kwalificatieplicht: after volledige leerplicht, until the 18th birthday or until an SK."
# "Startkwalificatie (SK): a havo or vwo diploma, or an mbo diploma of level 2, 3 or 4. Not an
#  SK: vmbo diploma, mbo level 1 (entree), praktijkonderwijs (pro), vso certificate."
# Art. 4a-4c: not for a pro certificate or vso uitstroomprofiel arbeidsmarkt/dagbesteding.
# Born 1 May 2009: 16 on 1 May 2025, leerplicht to 31 July 2025; 18 on 1 May 2027.
KB = [enrolled(K.VMBO_KB, D(2021, 8, 20), D(2025, 6, 30))]


def left(kind, profile=None):
    return [enrolled(kind, D(2021, 8, 20), D(2026, 6, 30), profile)]


KWALIFICATIEPLICHTIG = [
    pytest.param(person(D(2009, 5, 1), KB), D(2025, 7, 31), False, id="still-leerplichtig"),
    pytest.param(person(D(2009, 5, 1), KB), D(2025, 8, 1), True, id="day-after-leerplicht"),
    pytest.param(person(D(2009, 5, 1), KB), D(2027, 4, 30), True, id="day-before-18"),
    pytest.param(person(D(2009, 5, 1), KB), D(2027, 5, 1), False, id="on-18th-birthday"),
    pytest.param(
        person(D(2009, 5, 1), KB, [diploma(K.VMBO_KB, D(2025, 6, 30))]),
        D(2025, 9, 1),
        True,
        id="vmbo-diploma-is-no-sk",
    ),
    pytest.param(
        person(D(2009, 5, 1), KB, [diploma(K.MBO_1, D(2026, 6, 30))]),
        D(2026, 9, 1),
        True,
        id="mbo-1-diploma-is-no-sk",
    ),
    pytest.param(
        person(D(2009, 5, 1), KB, [diploma(K.MBO_2, D(2026, 7, 10))]),
        D(2026, 7, 9),
        True,
        id="day-before-mbo-2-diploma",
    ),
    pytest.param(
        person(D(2009, 5, 1), KB, [diploma(K.MBO_2, D(2026, 7, 10))]),
        D(2026, 7, 10),
        False,
        id="mbo-2-diploma-that-day",
    ),
    pytest.param(
        person(D(2009, 5, 1), KB, [certificate(K.HAVO, D(2026, 7, 10))]),
        D(2026, 9, 1),
        True,
        id="havo-certificate-is-no-sk",
    ),
    pytest.param(
        person(D(2009, 5, 1), left(K.PRO), [certificate(K.PRO, D(2026, 6, 30))]),
        D(2026, 9, 1),
        False,
        id="pro-certificate",
    ),
    pytest.param(
        person(D(2009, 5, 1), left(K.PRO)), D(2026, 9, 1), True, id="left-pro-without-certificate"
    ),
    pytest.param(
        person(D(2009, 5, 1), left(K.VSO, VsoProfile.ARBEIDSMARKT)),
        D(2026, 9, 1),
        False,
        id="vso-arbeidsmarkt",
    ),
    pytest.param(
        person(D(2009, 5, 1), left(K.VSO, VsoProfile.DAGBESTEDING)),
        D(2026, 9, 1),
        False,
        id="vso-dagbesteding",
    ),
    pytest.param(
        person(D(2009, 5, 1), left(K.VSO, VsoProfile.VERVOLGONDERWIJS)),
        D(2026, 9, 1),
        True,
        id="vso-vervolgonderwijs",
    ),
    # Enrolled at mbo-2 without an SK: the duty holds (and is met by the enrolment).
    pytest.param(
        person(D(2009, 5, 1), [enrolled(K.MBO_2, D(2025, 8, 25))]),
        D(2026, 9, 1),
        True,
        id="enrolled-still-under-the-duty",
    ),
    # Born 29 February 2008: 18 in 2026 (no 29 February) on 1 March.
    pytest.param(person(D(2008, 2, 29)), D(2026, 2, 28), True, id="29-february-on-28-february"),
    pytest.param(person(D(2008, 2, 29)), D(2026, 3, 1), False, id="29-february-on-1-march"),
    pytest.param(
        person(D(2009, 5, 1), KB, died=D(2026, 1, 5)), D(2026, 1, 5), False, id="died-that-day"
    ),
]


@pytest.mark.parametrize(("facts", "on", "expected"), KWALIFICATIEPLICHTIG)
def test_kwalificatieplichtig(facts, on, expected):
    assert rules.is_kwalificatieplichtig(facts, on) is expected


# "Voortijdig schoolverlater (vsv'er): younger than 23 (... 27 for the Doorstroompunt
#  caseload, 23 for the legal vsv count), not enrolled at any school, no SK, and not coming
#  from pro or vso with uitstroomprofiel arbeidsmarkt or dagbesteding." Seed 002: "12 jaar -
#  23 jaar". Born 15 September 2006, mbo-2 to 31 December 2025: 19 on 1 March 2026.
MBO = [enrolled(K.MBO_2, D(2022, 8, 20), D(2025, 12, 31))]
MAR = D(2026, 3, 1)


def came_from(kind, profile=None):
    return [enrolled(kind, D(2020, 8, 20), D(2025, 12, 31), profile)]


VSV = [
    pytest.param(person(D(2006, 9, 15), MBO), MAR, 23, True, id="19-left-mbo-2"),
    pytest.param(
        person(D(2006, 9, 15), MBO, [diploma(K.VMBO_TL, D(2022, 6, 30))]),
        MAR,
        23,
        True,
        id="vmbo-tl-diploma-no-sk",
    ),
    pytest.param(
        person(D(2006, 9, 15), MBO, [diploma(K.MBO_1, D(2023, 6, 30))]),
        MAR,
        23,
        True,
        id="mbo-1-diploma-no-sk",
    ),
    pytest.param(
        person(D(2006, 9, 15), MBO, [certificate(K.MBO_2, D(2025, 12, 20))]),
        MAR,
        23,
        True,
        id="mbo-2-certificate-no-sk",
    ),
    pytest.param(
        person(D(2006, 9, 15), MBO, [diploma(K.MBO_2, D(2025, 12, 20))]),
        MAR,
        23,
        False,
        id="mbo-2-diploma",
    ),
    pytest.param(
        person(D(2006, 9, 15), MBO, [diploma(K.HAVO, D(2022, 7, 1))]),
        MAR,
        23,
        False,
        id="havo-diploma",
    ),
    pytest.param(
        person(D(2006, 9, 15), MBO, [diploma(K.MBO_2, D(2026, 3, 2))]),
        MAR,
        23,
        True,
        id="sk-tomorrow",
    ),
    # "Not an SK: ... praktijkonderwijs (pro), vso certificate", whatever school came after.
    pytest.param(
        person(
            D(2006, 9, 15),
            MBO,
            [certificate(K.PRO, D(2022, 6, 30)), diploma(K.VSO, D(2022, 6, 30))],
        ),
        MAR,
        23,
        True,
        id="pro-and-vso-results-no-sk",
    ),
    pytest.param(person(D(2006, 9, 15), came_from(K.PRO)), MAR, 23, False, id="from-pro"),
    pytest.param(
        person(D(2006, 9, 15), came_from(K.VSO, VsoProfile.DAGBESTEDING)),
        MAR,
        23,
        False,
        id="from-vso-dagbesteding",
    ),
    pytest.param(
        person(D(2006, 9, 15), came_from(K.VSO, VsoProfile.VERVOLGONDERWIJS)),
        MAR,
        23,
        True,
        id="from-vso-vervolgonderwijs",
    ),
    # Left pro, then mbo-1, and left that: the school left is mbo-1.
    pytest.param(
        person(
            D(2006, 9, 15),
            [
                enrolled(K.PRO, D(2018, 8, 20), D(2024, 6, 30)),
                enrolled(K.MBO_1, D(2024, 8, 25), D(2025, 12, 31)),
            ],
        ),
        MAR,
        23,
        True,
        id="pro-then-left-mbo-1",
    ),
    # An enrolment's end is its last day: enrolled on 31 December, a vsv'er from 1 January.
    pytest.param(person(D(2006, 9, 15), MBO), D(2025, 12, 31), 23, False, id="last-day"),
    pytest.param(person(D(2006, 9, 15), MBO), D(2026, 1, 1), 23, True, id="first-day-out"),
    # 23 on 10 April 2026: out of the legal count on the birthday, in the caseload to 27.
    pytest.param(person(D(2003, 4, 10), MBO), D(2026, 4, 9), 23, True, id="22-day-before-23"),
    pytest.param(person(D(2003, 4, 10), MBO), D(2026, 4, 10), 23, False, id="23-legal"),
    pytest.param(person(D(2003, 4, 10), MBO), D(2026, 4, 10), 27, True, id="23-caseload"),
    pytest.param(person(D(1999, 4, 10), MBO), D(2026, 4, 9), 27, True, id="26-day-before-27"),
    pytest.param(person(D(1999, 4, 10), MBO), D(2026, 4, 10), 27, False, id="27-caseload"),
    # 12 on 1 June 2026: "12 jaar - 23 jaar".
    pytest.param(person(D(2014, 6, 1), MBO), D(2026, 5, 31), 23, False, id="11"),
    pytest.param(person(D(2014, 6, 1), MBO), D(2026, 6, 1), 23, True, id="12-on-birthday"),
    pytest.param(person(D(2006, 9, 15), MBO, died=D(2026, 2, 1)), MAR, 23, False, id="died-before"),
    pytest.param(
        person(D(2006, 9, 15), MBO, emigrated=MAR), MAR, 23, False, id="emigrated-that-day"
    ),
    pytest.param(
        person(D(2006, 9, 15), [*MBO, enrolled(K.MBO_1, D(2026, 2, 1))]),
        MAR,
        23,
        False,
        id="enrolled-again",
    ),
]


@pytest.mark.parametrize(("facts", "on", "upper_age", "expected"), VSV)
def test_vsv(facts, on, upper_age, expected):
    assert rules.is_vsv(facts, on, upper_age) is expected


# "Who is responsible: under 18, leerplicht/kwalificatieplicht (the leerplichtambtenaar);
#  from 18, the Doorstroompunt ... by age on the day of the signal."
DESK = [
    pytest.param(person(D(2008, 6, 10)), D(2026, 6, 9), 27, Desk.LEERPLICHT, id="day-before-18"),
    pytest.param(person(D(2008, 6, 10)), D(2026, 6, 10), 27, Desk.DOORSTROOMPUNT, id="on-18"),
    # Born 29 February 2008: 18 on 1 March 2026.
    pytest.param(person(D(2008, 2, 29)), D(2026, 2, 28), 27, Desk.LEERPLICHT, id="29-feb-17"),
    pytest.param(person(D(2008, 2, 29)), D(2026, 3, 1), 27, Desk.DOORSTROOMPUNT, id="29-feb-18"),
    # Leerplicht starts 1 April 2026 (5 on 15 March): no duty, no desk, before it.
    pytest.param(person(D(2021, 3, 15)), D(2026, 3, 31), 27, None, id="before-leerplicht"),
    pytest.param(person(D(2021, 3, 15)), D(2026, 4, 1), 27, Desk.LEERPLICHT, id="leerplicht"),
    pytest.param(person(D(1999, 4, 10)), D(2026, 4, 9), 27, Desk.DOORSTROOMPUNT, id="26"),
    pytest.param(person(D(1999, 4, 10)), D(2026, 4, 10), 27, None, id="27-upper-age"),
    pytest.param(person(D(2003, 4, 10)), D(2026, 4, 10), 23, None, id="23-region-to-23"),
    pytest.param(person(D(2003, 4, 10)), D(2026, 4, 10), 27, Desk.DOORSTROOMPUNT, id="23-to-27"),
    pytest.param(person(D(2006, 9, 15), died=MAR), MAR, 27, None, id="died"),
    pytest.param(person(D(2006, 9, 15), emigrated=MAR), MAR, 27, None, id="emigrated"),
]


@pytest.mark.parametrize(("facts", "on", "upper_age", "expected"), DESK)
def test_responsible_desk(facts, on, upper_age, expected):
    assert rules.responsible_desk(facts, on, upper_age) == expected


# "JIKP: enrolled on 1 October of year T in vmbo basisberoepsgerichte leerweg, pro, vso or
#  mbo-1 (entree), and on 1 October of T+1 in mbo-1, mbo-2 or out of education; aged 16 to
#  22." Cohort T = 2025; the ages below are the same on both peildata's side of 16 and 22.
def jikp_person(born, first, second=None):
    enrolments = [enrolled(first, D(2022, 8, 20), D(2026, 6, 30))]
    if second:
        enrolments.append(enrolled(second, D(2026, 8, 25)))
    return person(born, enrolments)


JIKP = [
    # 16 on 1 October 2025, 17 on 1 October 2026.
    pytest.param(jikp_person(D(2009, 9, 1), K.VMBO_BB, K.MBO_2), True, id="vmbo-bb-to-mbo-2"),
    pytest.param(jikp_person(D(2009, 9, 1), K.VMBO_BB, K.MBO_1), True, id="vmbo-bb-to-mbo-1"),
    pytest.param(jikp_person(D(2009, 9, 1), K.PRO), True, id="pro-to-out-of-education"),
    pytest.param(jikp_person(D(2009, 9, 1), K.VSO, K.MBO_1), True, id="vso-to-mbo-1"),
    pytest.param(jikp_person(D(2009, 9, 1), K.MBO_1, K.MBO_2), True, id="entree-to-mbo-2"),
    pytest.param(jikp_person(D(2009, 9, 1), K.VMBO_BB, K.HAVO), False, id="vmbo-bb-to-havo"),
    pytest.param(jikp_person(D(2009, 9, 1), K.VMBO_BB, K.MBO_3), False, id="vmbo-bb-to-mbo-3"),
    pytest.param(jikp_person(D(2009, 9, 1), K.VMBO_KB, K.MBO_2), False, id="vmbo-kb-not-jikp"),
    # 14 on 1 October 2025, 15 on 1 October 2026: too young on both.
    pytest.param(jikp_person(D(2010, 12, 1), K.VMBO_BB, K.MBO_2), False, id="15"),
    # 21 and 22: in; 23 and 24: out.
    pytest.param(jikp_person(D(2003, 11, 1), K.MBO_1), True, id="22"),
    pytest.param(jikp_person(D(2002, 9, 1), K.MBO_1), False, id="23-and-24"),
    # Enrolled until 30 September 2025: not on the first peildatum.
    pytest.param(
        person(D(2009, 9, 1), [enrolled(K.MBO_1, D(2024, 8, 20), D(2025, 9, 30))]),
        False,
        id="left-the-day-before-1-october",
    ),
    # Enrolled from 1 October 2025 itself.
    pytest.param(
        person(D(2009, 9, 1), [enrolled(K.MBO_1, D(2025, 10, 1), D(2026, 3, 1))]),
        True,
        id="enrolled-from-1-october",
    ),
]


@pytest.mark.parametrize(("facts", "expected"), JIKP)
def test_jikp_cohort_2025(facts, expected):
    assert rules.is_jikp(facts, 2025) is expected


# "New vsv'ers of a year: enrolled at a school on 1 October of year T and then older than 11
#  and younger than 22; on 1 October of T+1 not enrolled anywhere, no SK (havo, vwo, mbo 2-4
#  diploma), and not admitted to higher education." T = 2025.
def counted(born, end, *more, results=()):
    return person(born, [enrolled(K.MBO_2, D(2024, 8, 20), end), *more], results)


NEW_VSV = [
    # 17 on 1 October 2025; left 31 January 2026.
    pytest.param(counted(D(2008, 3, 1), D(2026, 1, 31)), True, id="left-mbo-2"),
    # Enrolled to 30 September 2026: not enrolled on 1 October 2026.
    pytest.param(counted(D(2008, 3, 1), D(2026, 9, 30)), True, id="left-30-september-t1"),
    pytest.param(counted(D(2008, 3, 1), D(2026, 10, 1)), False, id="left-1-october-t1"),
    pytest.param(counted(D(2008, 3, 1), D(2025, 9, 30)), False, id="left-30-september-t"),
    pytest.param(
        counted(D(2008, 3, 1), D(2026, 1, 31), results=[diploma(K.MBO_2, D(2026, 7, 1))]),
        False,
        id="sk-before-t1",
    ),
    pytest.param(
        counted(D(2008, 3, 1), D(2026, 1, 31), results=[certificate(K.MBO_2, D(2026, 1, 31))]),
        True,
        id="certificate-is-no-sk",
    ),
    pytest.param(
        counted(D(2008, 3, 1), D(2026, 1, 31), enrolled(K.MBO_3, D(2026, 9, 1))),
        False,
        id="enrolled-again",
    ),
    pytest.param(
        counted(D(2008, 3, 1), D(2026, 1, 31), enrolled(K.HBO, D(2026, 9, 1), D(2026, 9, 20))),
        False,
        id="admitted-to-hbo",
    ),
    # 22 on 1 October 2025 itself: not younger than 22.
    pytest.param(counted(D(2003, 10, 1), D(2026, 1, 31)), False, id="22-on-1-october"),
    pytest.param(counted(D(2003, 10, 2), D(2026, 1, 31)), True, id="21-on-1-october"),
    # 12 on 1 October 2025 is older than 11; 11 is not.
    pytest.param(counted(D(2013, 10, 1), D(2026, 1, 31)), True, id="12-on-1-october"),
    pytest.param(counted(D(2013, 10, 2), D(2026, 1, 31)), False, id="11-on-1-october"),
    # The count is of living residents: died or emigrated before 1 October 2026.
    pytest.param(
        person(
            D(2008, 3, 1), [enrolled(K.MBO_2, D(2024, 8, 20), D(2026, 1, 31))], died=D(2026, 5, 1)
        ),
        False,
        id="died-before-t1",
    ),
    pytest.param(
        person(
            D(2008, 3, 1),
            [enrolled(K.MBO_2, D(2024, 8, 20), D(2026, 1, 31))],
            emigrated=D(2026, 5, 1),
        ),
        False,
        id="emigrated-before-t1",
    ),
]


@pytest.mark.parametrize(("facts", "expected"), NEW_VSV)
def test_new_vsv_of_2025(facts, expected):
    assert rules.is_new_vsv(facts, 2025) is expected


# School year: "the end of the school year (31 July)"; Leerplichtwet art. 1: 1 August - 31 July.
SCHOOL_YEAR = [
    pytest.param(D(2026, 7, 31), (D(2025, 8, 1), D(2026, 7, 31)), id="31-july"),
    pytest.param(D(2026, 8, 1), (D(2026, 8, 1), D(2027, 7, 31)), id="1-august"),
    pytest.param(D(2026, 1, 1), (D(2025, 8, 1), D(2026, 7, 31)), id="1-january"),
]


@pytest.mark.parametrize(("on", "expected"), SCHOOL_YEAR)
def test_school_year_bounds(on, expected):
    assert (dates.school_year_start(on), dates.school_year_end(on)) == expected


# Retention: "kwalificatieplicht and Doorstroompunt files 2 years after the person leaves the
# target group": jongeren "tot 27 jaar zonder startkwalificatie" (seed 000); "a death or
# emigration ends every duty"; JIKP: "the Doorstroompunt follows them to 27".
JIKP_THEN_SK = person(
    D(2009, 9, 1),
    [
        enrolled(K.VMBO_BB, D(2022, 8, 20), D(2026, 6, 30)),
        enrolled(K.MBO_2, D(2026, 8, 25), D(2028, 7, 1)),
    ],
    [diploma(K.MBO_2, D(2028, 7, 1))],
)
LEFT_TARGET_GROUP = [
    # 27 on 15 September 2033.
    pytest.param(person(D(2006, 9, 15), MBO), D(2033, 9, 14), 27, None, id="26"),
    pytest.param(person(D(2006, 9, 15), MBO), D(2033, 9, 15), 27, D(2033, 9, 15), id="27"),
    pytest.param(person(D(2003, 4, 10), MBO), D(2026, 4, 10), 23, D(2026, 4, 10), id="23-of-23"),
    pytest.param(
        person(D(2006, 9, 15), MBO, died=D(2026, 5, 1)), D(2026, 4, 30), 27, None, id="alive"
    ),
    pytest.param(
        person(D(2006, 9, 15), MBO, died=D(2026, 5, 1)),
        D(2026, 6, 1),
        27,
        D(2026, 5, 1),
        id="died",
    ),
    pytest.param(
        person(D(2006, 9, 15), MBO, emigrated=D(2026, 5, 1)),
        D(2026, 6, 1),
        27,
        D(2026, 5, 1),
        id="emigrated",
    ),
    # An mbo-2 diploma at 19 ends it on its day.
    pytest.param(
        person(D(2006, 9, 15), MBO, [diploma(K.MBO_2, D(2025, 12, 20))]),
        MAR,
        27,
        D(2025, 12, 20),
        id="sk-at-19",
    ),
    # A havo diploma at 15 (16 on 1 January 2027): volledige leerplicht runs to 31 July 2027.
    pytest.param(
        person(D(2011, 1, 1), results=[diploma(K.HAVO, D(2026, 7, 1))]),
        D(2027, 7, 31),
        27,
        None,
        id="sk-at-15-still-leerplichtig",
    ),
    pytest.param(
        person(D(2011, 1, 1), results=[diploma(K.HAVO, D(2026, 7, 1))]),
        D(2027, 8, 1),
        27,
        D(2027, 8, 1),
        id="sk-at-15-after-leerplicht",
    ),
    # vmbo-bb on 1 October 2025, mbo-2 on 1 October 2026 at 17: JIKP, followed to 27.
    pytest.param(JIKP_THEN_SK, D(2029, 1, 1), 27, None, id="jikp-with-sk-followed"),
]


@pytest.mark.parametrize(("facts", "on", "upper_age", "expected"), LEFT_TARGET_GROUP)
def test_left_target_group_on(facts, on, upper_age, expected):
    assert rules.left_target_group_on(facts, on, upper_age) == expected
