"""The rules of case work, as plain functions of plain data (no database), so that a table of
hand-worked cases can test each one: what contact is due, when aftercare checks fall, the
Halt criteria, the deadlines of a proces-verbaal, and the effect report's bands.

Sources: DOMAIN.md ('What the Doorstroompunt must do', 'Leerplicht: the route for those under
18', 'Reporting duties'); the numbers a region may change are arguments, with the defaults of
regions.models.Region.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from doorstroom import dates
from doorstroom.cases.choices import Channel, ContactResult, FollowUpResult, Outcome
from doorstroom.people.choices import Desk


@dataclass(frozen=True)
class ContactRule:
    """A region's agreement on benaderen, e.g. 'three attempts in four weeks, then a home
    visit' (Region.contact_attempts, Region.contact_weeks)."""

    attempts: int = 3
    weeks: int = 4


@dataclass(frozen=True)
class Attempt:
    on: date
    channel: Channel
    result: ContactResult
    next_on: date | None = None
    """The date the coach set for the next step, if any."""


@dataclass(frozen=True)
class Due:
    """Something a caseworker must do, by a date, in Dutch words."""

    on: date
    what: str


HOME_VISIT_GRACE = timedelta(days=7)
"""A home visit is due within a week of the last attempt the rule allows."""


def contact_due(opened_on: date, attempts: Iterable[Attempt], rule: ContactRule) -> Due | None:
    """What benaderen asks next, or None once the young person was reached or refused.

    The rule's attempts are spread over its weeks: the first at once, the last at the end
    (three in four weeks: day 0, day 14, day 28). After that many failed attempts, or when
    the period is over, a home visit is due within a week. A failed home visit leaves the
    address to be checked. A date the coach set for the next step comes first when earlier.
    """
    attempts = sorted(attempts, key=lambda a: a.on)
    if any(a.result in (ContactResult.REACHED, ContactResult.REFUSED) for a in attempts):
        return None
    window = timedelta(weeks=rule.weeks)
    planned = attempts[-1].next_on if attempts else None
    visits = [a for a in attempts if a.channel == Channel.HOME_VISIT]
    tries = [a for a in attempts if a.channel != Channel.HOME_VISIT]
    if visits:
        due = Due(
            visits[-1].on,
            "huisbezoek leverde geen contact op: adres nagaan (BRP) of sluiten als onvindbaar",
        )
    elif attempts and attempts[-1].result == ContactResult.WRONG_ADDRESS:
        due = Due(attempts[-1].on, "adres of nummer klopt niet: gegevens nagaan (BRP, school)")
    elif len(tries) >= rule.attempts or (tries and tries[-1].on >= opened_on + window):
        last = max(tries[-1].on, opened_on + window) if tries else opened_on + window
        due = Due(last + HOME_VISIT_GRACE, "huisbezoek afleggen")
    else:
        number = len(tries) + 1
        step = window / max(rule.attempts - 1, 1)
        due = Due(
            opened_on + step * len(tries),
            f"contactpoging {number} van {rule.attempts}",
        )
    if planned and planned < due.on:
        return Due(planned, f"geplande vervolgstap: {due.what}")
    return due


INTAKE_WITHIN = timedelta(weeks=2)
PLAN_WITHIN = timedelta(weeks=4)
"""Our defaults for the steps after contact: an intake within two weeks of reaching the young
person, a plan within four weeks of the intake (the effect report counts the weeks from the
listing to the intake: under 4 is its best band)."""


def intake_due(attempts: Iterable[Attempt]) -> Due | None:
    """Once the young person was reached, the intake is due."""
    reached = [a.on for a in attempts if a.result == ContactResult.REACHED]
    return Due(min(reached) + INTAKE_WITHIN, "intake houden") if reached else None


def plan_due(intake_on: date) -> Due:
    return Due(intake_on + PLAN_WITHIN, "plan opstellen")


AFTERCARE_OUTCOMES = frozenset({Outcome.EDUCATION, Outcome.WORK_AND_LEARN, Outcome.WORK})
"""Outcomes after which the young person is followed up: someone back at school or at work
can drop out again (legal task 2: 'and aftercare (nazorg)')."""


def follow_up_dates(closed_on: date, months: Iterable[int]) -> list[date]:
    """The days of the aftercare checks, e.g. 3 and 6 months after closing."""
    return sorted({dates.add_months(closed_on, m) for m in months if m > 0})


def outcomes_for(desk: Desk) -> list[Outcome]:
    """The outcomes a desk may close a case with. The leerplicht desk enforces, so 'wil geen
    hulp' is no ending there (art. 1b: only from 18 does help become an offer); it hands
    over at 18 instead. The Doorstroompunt never hands over to itself."""
    excluded = {Outcome.REFUSED} if desk == Desk.LEERPLICHT else {Outcome.HANDED_OVER}
    return [o for o in Outcome if o not in excluded]


def aftercare_finished(results: Iterable[FollowUpResult | None], planned: int) -> bool:
    """Aftercare is over when every planned check was done and none found a drop-out (a
    drop-out reopens the case instead)."""
    done = [r for r in results if r is not None]
    return len(done) >= planned and FollowUpResult.DROPPED_OUT not in done


# Leerplicht: Halt and the proces-verbaal (DOMAIN.md 'Leerplicht').

HALT_MIN_AGE, HALT_MAX_AGE = 12, 18
HALT_MIN_HOURS, HALT_MIN_LATE, HALT_MAX_HOURS = 9, 12, 60


@dataclass(frozen=True)
class HaltRequest:
    age: int
    hours_absent: int
    times_late: int
    earlier_halt_for_absence: bool
    consent: bool


def halt_refusals(request: HaltRequest) -> list[str]:
    """Why a Halt referral for verzuim is not possible, in Dutch; empty when it is.
    'Halt: age 12-18, at least 9 hours absent or 12 times late, at most 60 hours, once per
    young person for verzuim, with consent.'"""
    reasons = []
    if not HALT_MIN_AGE <= request.age < HALT_MAX_AGE:
        reasons.append(f"Halt is voor jongeren van 12 tot 18 jaar; deze jongere is {request.age}.")
    if request.hours_absent < HALT_MIN_HOURS and request.times_late < HALT_MIN_LATE:
        reasons.append("Halt vraagt minstens 9 uur ongeoorloofd verzuim of 12 keer te laat.")
    if request.hours_absent > HALT_MAX_HOURS:
        reasons.append(
            f"Bij meer dan 60 uur verzuim ({request.hours_absent} uur) past Halt niet: "
            "maak een proces-verbaal op."
        )
    if request.earlier_halt_for_absence:
        reasons.append("Deze jongere had al een Halt-afdoening voor verzuim: dat kan één keer.")
    if not request.consent:
        reasons.append("Halt kan alleen met toestemming van de jongere (en de ouders).")
    return reasons


def official_report_deadline(first_hearing_on: date, reported_on: date) -> date:
    """The last day for the proces-verbaal to reach the officier van justitie: 'within one
    month of the first hearing and within two months of the melding', so the earlier."""
    return min(dates.add_months(first_hearing_on, 1), dates.add_months(reported_on, 2))


# The effect report to OCW (DOMAIN.md 'What the Doorstroompunt must do', 'Reporting duties').


def intake_band(listed_on: date, intake_on: date | None) -> str:
    """Weeks from the DUO listing to the intake: 'under 4, 4 to 6, over 6' (whole weeks:
    28 days is 4 weeks, in the middle band; 42 days too; 43 days is over 6)."""
    if intake_on is None:
        return "geen intake"
    days = (intake_on - listed_on).days
    if days < 28:
        return "minder dan 4 weken"
    if days <= 42:
        return "4 tot 6 weken"
    return "meer dan 6 weken"


def follow_up_band(closed_on: date | None, last_follow_up_on: date | None) -> str:
    """How long the young person was followed after the traject: 'none, under 1 month,
    1-3 months, over 3 months'."""
    if closed_on is None or last_follow_up_on is None or last_follow_up_on <= closed_on:
        return "geen"
    if last_follow_up_on < dates.add_months(closed_on, 1):
        return "minder dan 1 maand"
    if last_follow_up_on <= dates.add_months(closed_on, 3):
        return "1 tot 3 maanden"
    return "meer dan 3 maanden"


def earliest(dues: Iterable[Due | None]) -> Due | None:
    """The first thing due of several (tasks, contact, aftercare, deadlines)."""
    return min((d for d in dues if d is not None), key=lambda d: d.on, default=None)


OCW_CATEGORIES = (
    Outcome.EDUCATION,
    Outcome.WORK_AND_LEARN,
    Outcome.WORK,
    Outcome.CARE,
    Outcome.NOTHING,
    Outcome.MOVED,
    Outcome.OTHER,
)
"""The outcome categories of OCW's effect report, in its order."""


def ocw_category(outcome: Outcome | None) -> Outcome | None:
    """The effect report's category of an outcome; our own endings (a startkwalificatie,
    the upper age, refused help, died) count as 'anders'; None while the case runs."""
    if not outcome:
        return None
    return outcome if outcome in OCW_CATEGORIES else Outcome.OTHER
