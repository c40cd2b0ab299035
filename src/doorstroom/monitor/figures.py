"""Which year a figure belongs to, when it may be fixed, and how a person is counted in it:
plain functions over the rules of people/rules.py."""

from __future__ import annotations

from datetime import date

from doorstroom import dates
from doorstroom.monitor.models import Measure
from doorstroom.people import rules
from doorstroom.people.choices import EducationKind

YEARS_BACK = 10
"""How many years back a first run fixes: older years cannot be whole in a register that
keeps nobody past the upper age plus the retention periods."""

COHORT_MEASURES = frozenset({Measure.NEW_VSV, Measure.JIKP})
"""Counted on 1 October of T and T+1 (DOMAIN.md: 'New vsv'ers of a year', 'JIKP')."""


def fixed_from(measure: Measure, year: int) -> date:
    """The first day the figures of `year` may be fixed for good.

    The cohorts of year T are known on 1 October of T+1; DUO's deliveries of that day arrive
    in the weeks after, so they are fixed from 1 January T+2. Signals and meldingen count by
    calendar year; a melding of late December may arrive in January, so from 1 February T+1.
    So does the effect report: the Doorstroompunt's cases listed in year T, as they stand
    on that day (a case still running then counts as 'loopt nog' in the fixed figure).
    The retention job fixes every fixable year before it deletes anything, and deletes no
    signal or melding of a year that is not fixed yet (`counted_until`); a cohort member is
    kept at least a year after 1 October T+1 (retention.rules.MINIMUM_YEARS).
    """
    if measure in COHORT_MEASURES:
        return date(year + 2, 1, 1)
    return date(year + 1, 2, 1)


def fixable_years(measure: Measure, on: date) -> list[int]:
    """The years whose figures may be fixed on `on`, oldest first."""
    return [
        year for year in range(on.year - YEARS_BACK, on.year) if fixed_from(measure, year) <= on
    ]


def counted_until(measure: Measure, on: date) -> date:
    """Data dated before this day (a signal raised, a melding made) belongs to years whose
    figures of `measure` are fixable on `on`; later data must wait for its year."""
    years = fixable_years(measure, on)
    return date(years[-1] + 1, 1, 1) if years else date(on.year - YEARS_BACK, 1, 1)


def new_vsv_enrolment(facts: rules.PersonFacts, year: int) -> rules.EnrolmentFact | None:
    """The enrolment of 1 October T a new vsv'er of year T is counted by (school, education
    type); None if the person is not a new vsv'er of that year."""
    if not rules.is_new_vsv(facts, year):
        return None
    counted = [
        e
        for e in rules.enrolments_on(facts, dates.one_october(year))
        if e.kind in rules.NEW_VSV_COUNTED_KINDS
    ]
    return min(counted, key=lambda e: (e.start, e.kind))


def jikp_enrolment(facts: rules.PersonFacts, year: int) -> rules.EnrolmentFact | None:
    """The enrolment of 1 October T that made the person a JIKP member of cohort T."""
    if not rules.is_jikp(facts, year):
        return None
    first = [
        e
        for e in rules.enrolments_on(facts, dates.one_october(year))
        if e.kind in rules.JIKP_FIRST_KINDS
    ]
    return min(first, key=lambda e: (e.start, e.kind))


def jikp_follow_up(facts: rules.PersonFacts, year: int) -> str:
    """Where a JIKP member of cohort T is on 1 October T+1: mbo-1, mbo-2 or out of education."""
    later = {e.kind for e in rules.enrolments_on(facts, dates.one_october(year + 1))}
    for kind in (EducationKind.MBO_2, EducationKind.MBO_1):
        if kind in later:
            return kind.value
    return "niet_ingeschreven"
