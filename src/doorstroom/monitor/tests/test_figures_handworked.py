"""Hand-worked cases of the monitor's yearly figures, written from DOMAIN.md before reading
the rules: each row says in a comment why the person is or is not counted."""

from datetime import date as D

import pytest

from doorstroom.monitor import figures
from doorstroom.monitor.models import Measure
from doorstroom.people.choices import EducationKind as K
from doorstroom.people.rules import EnrolmentFact, PersonFacts, ResultFact

T = 2020
SCHOOL_YEAR = EnrolmentFact(K.VMBO_KB, D(2019, 8, 1), D(2021, 3, 1))
"""Enrolled on 1 October 2020, gone by 1 October 2021."""


def person(born=D(2004, 5, 1), *enrolments, results=()):
    return PersonFacts(
        date_of_birth=born, enrolments=tuple(enrolments) or (SCHOOL_YEAR,), results=results
    )


# 'New vsv'ers of a year (the official count): enrolled at a school on 1 October of year T
# and then older than 11 and younger than 22; on 1 October of T+1 not enrolled anywhere, no
# SK (havo, vwo, mbo 2-4 diploma), and not admitted to higher education' (DOMAIN.md).
@pytest.mark.parametrize(
    ("facts", "counted"),
    [
        # 16 in vmbo-kb on 1 Oct 2020, left in March 2021, nothing since: counted.
        (person(), True),
        # 12th birthday on 1 Oct 2020: 12, older than 11.
        (person(D(2008, 10, 1)), True),
        # 12th birthday on 2 Oct 2020: still 11 on 1 October.
        (person(D(2008, 10, 2)), False),
        # 22nd birthday on 1 Oct 2020: 22 is not younger than 22.
        (person(D(1998, 10, 1)), False),
        # 22nd birthday on 2 Oct 2020: 21 on 1 October.
        (person(D(1998, 10, 2)), True),
        # Born 29 Feb 2008: 12 on 1 Oct 2020.
        (person(D(2008, 2, 29)), True),
        # Enrolment ended on 30 Sep 2021: not enrolled on 1 Oct 2021.
        (person(D(2004, 5, 1), EnrolmentFact(K.MBO_2, D(2019, 8, 1), D(2021, 9, 30))), True),
        # Ended on 1 Oct 2021 itself: still enrolled on the second peildatum.
        (person(D(2004, 5, 1), EnrolmentFact(K.MBO_2, D(2019, 8, 1), D(2021, 10, 1))), False),
        # Enrolled from 1 Oct 2020: enrolled on the first peildatum.
        (person(D(2004, 5, 1), EnrolmentFact(K.MBO_2, D(2020, 10, 1), D(2021, 3, 1))), True),
        # Enrolled from 2 Oct 2020: not enrolled on 1 October 2020.
        (person(D(2004, 5, 1), EnrolmentFact(K.MBO_2, D(2020, 10, 2), D(2021, 3, 1))), False),
        # At another school on 1 Oct 2021 (vavo): enrolled somewhere.
        (
            person(D(2004, 5, 1), SCHOOL_YEAR, EnrolmentFact(K.VAVO, D(2021, 8, 1), None)),
            False,
        ),
        # A havo diploma before 1 Oct 2021: an SK.
        (person(results=(ResultFact(K.HAVO, D(2021, 2, 1)),)), False),
        # An mbo-2 diploma on 1 Oct 2021 itself: has an SK on the peildatum.
        (person(results=(ResultFact(K.MBO_2, D(2021, 10, 1)),)), False),
        # An mbo-2 diploma on 2 Oct 2021: no SK on the peildatum.
        (person(results=(ResultFact(K.MBO_2, D(2021, 10, 2)),)), True),
        # A vmbo or an mbo-1 diploma is no SK.
        (person(results=(ResultFact(K.VMBO_GL, D(2021, 2, 1)),)), True),
        (person(results=(ResultFact(K.MBO_1, D(2021, 2, 1)),)), True),
        # A result that is no diploma (a certificate) is no SK.
        (person(results=(ResultFact(K.MBO_2, D(2021, 2, 1), is_diploma=False),)), True),
        # Admitted to hbo in Sep 2021 and left again before 1 October: not counted.
        (
            person(
                D(2002, 5, 1),
                EnrolmentFact(K.VWO, D(2014, 8, 1), D(2021, 3, 1)),
                EnrolmentFact(K.HBO, D(2021, 9, 1), D(2021, 9, 20)),
            ),
            False,
        ),
        # Admitted to hbo only in 2022: not admitted on 1 October 2021, so counted for 2020.
        (
            person(D(2004, 5, 1), SCHOOL_YEAR, EnrolmentFact(K.HBO, D(2022, 9, 1), None)),
            True,
        ),
        # In hbo on 1 Oct 2020 (not 'a school' of the count) and out a year later.
        (person(D(2001, 5, 1), EnrolmentFact(K.HBO, D(2019, 9, 1), D(2021, 3, 1))), False),
    ],
)
def test_the_official_new_vsv_count(facts, counted):
    assert (figures.new_vsv_enrolment(facts, T) is not None) is counted


def test_a_new_vsver_is_counted_by_the_enrolment_of_1_october_t():
    # Two enrolments in year T: the one that ran on 1 Oct 2020 gives school and type.
    earlier = EnrolmentFact(K.VMBO_TL, D(2016, 8, 1), D(2020, 7, 31))
    that_day = EnrolmentFact(K.MBO_2, D(2020, 8, 1), D(2021, 3, 1))
    assert figures.new_vsv_enrolment(person(D(2004, 5, 1), earlier, that_day), T) == that_day


def jikp(born, first, second=None):
    """In `first` from 2016 to 31 July 2021; in `second` (if any) from 1 August 2021."""
    enrolments = [EnrolmentFact(first, D(2016, 8, 1), D(2021, 7, 31))]
    if second:
        enrolments.append(EnrolmentFact(second, D(2021, 8, 1), D(2023, 7, 31)))
    return PersonFacts(date_of_birth=born, enrolments=tuple(enrolments))


# JIKP: 'enrolled on 1 October of year T in vmbo basisberoepsgerichte leerweg, pro, vso or
# mbo-1 (entree), and on 1 October of T+1 in mbo-1, mbo-2 or out of education; aged 16 to
# 22' (DOMAIN.md).
@pytest.mark.parametrize(
    ("facts", "member"),
    [
        (jikp(D(2004, 3, 1), K.VMBO_BB, K.MBO_1), True),  # vmbo-bb to mbo-1
        (jikp(D(2004, 3, 1), K.PRO, K.MBO_2), True),  # pro to mbo-2
        (jikp(D(2004, 3, 1), K.VSO), True),  # vso to out of education
        (jikp(D(2004, 3, 1), K.MBO_1, K.MBO_1), True),  # staying in mbo-1
        (jikp(D(2004, 3, 1), K.VMBO_KB, K.MBO_1), False),  # vmbo-kb is not in the list
        (jikp(D(2004, 3, 1), K.VMBO_BB, K.MBO_3), False),  # on to mbo-3
        (jikp(D(2004, 3, 1), K.VMBO_BB, K.HAVO), False),  # on to havo
        (jikp(D(2003, 3, 1), K.PRO, K.MBO_2), True),  # 17 and 18: inside 16 to 22
        (jikp(D(1996, 3, 1), K.MBO_1), False),  # 24 and 25: too old on either peildatum
    ],
)
def test_who_is_a_jikp_member_of_cohort_t(facts, member):
    assert (figures.jikp_enrolment(facts, T) is not None) is member


def test_the_jikp_enrolment_is_that_of_1_october_t():
    facts = jikp(D(2004, 3, 1), K.VMBO_BB, K.MBO_1)
    assert figures.jikp_enrolment(facts, T) == facts.enrolments[0]


# 'The monitor asks, for each: in education, ...': where cohort T is on 1 October T+1.
@pytest.mark.parametrize(
    ("facts", "where"),
    [
        (jikp(D(2004, 3, 1), K.VMBO_BB, K.MBO_1), "mbo_1"),
        (jikp(D(2004, 3, 1), K.VMBO_BB, K.MBO_2), "mbo_2"),
        (jikp(D(2004, 3, 1), K.VMBO_BB), "niet_ingeschreven"),
        # In mbo-1 and mbo-2 at once: the higher level.
        (
            PersonFacts(
                date_of_birth=D(2004, 3, 1),
                enrolments=(
                    EnrolmentFact(K.VMBO_BB, D(2016, 8, 1), D(2021, 7, 31)),
                    EnrolmentFact(K.MBO_1, D(2021, 8, 1), None),
                    EnrolmentFact(K.MBO_2, D(2021, 8, 1), None),
                ),
            ),
            "mbo_2",
        ),
        # Left mbo-1 on 30 Sep 2021: out of education on 1 October.
        (
            PersonFacts(
                date_of_birth=D(2004, 3, 1),
                enrolments=(
                    EnrolmentFact(K.VMBO_BB, D(2016, 8, 1), D(2021, 7, 31)),
                    EnrolmentFact(K.MBO_1, D(2021, 8, 1), D(2021, 9, 30)),
                ),
            ),
            "niet_ingeschreven",
        ),
    ],
)
def test_the_jikp_follow_up(facts, where):
    assert figures.jikp_follow_up(facts, T) == where


# A cohort of T is known on 1 October T+1 and fixed from 1 January T+2; signals and
# meldingen of calendar year T from 1 February T+1 (docs/operations.md, retention step 1).
@pytest.mark.parametrize(
    ("measure", "on", "fixable"),
    [
        (Measure.NEW_VSV, D(2021, 12, 31), [2019]),  # the day before: cohort 2020 still open
        (Measure.NEW_VSV, D(2022, 1, 1), [2019, 2020]),  # on the day
        (Measure.JIKP, D(2022, 1, 2), [2019, 2020]),  # the day after, not yet 2021
        (Measure.SIGNALS, D(2021, 1, 31), [2019]),  # 2020 waits for late December meldingen
        (Measure.ABSENCE_REPORTS, D(2021, 2, 1), [2019, 2020]),
    ],
)
def test_when_a_years_figure_may_be_fixed(measure, on, fixable):
    assert [y for y in figures.fixable_years(measure, on) if y >= 2019] == fixable
