"""What a melding may say about a young person, so that a desk can take it up: plain
functions of plain data on the rules of people/rules.py, like detection.py.

A melding raises a signal at the desk responsible for the young person (deciding.py,
`report_finding`): nobody's before leerplicht starts or from the region's upper age, so a
melding about such a person would wait as 'geregistreerd' for ever. And a verzuimsoort
belongs to an age (DOMAIN.md, 'Kinds of verzuim'). The melding form, and with it the API,
refuses what these refuse, on the field that is wrong.

A verzuimmelding's signal cites the rule of its verzuimsoort (`absence_rule`).
"""

from __future__ import annotations

from datetime import date

from doorstroom import dates
from doorstroom.deliveries.models import AbsenceKind, ReportKind
from doorstroom.people import rules
from doorstroom.people.choices import Desk
from doorstroom.signals.choices import SignalKind
from doorstroom.signals.detection import RULES

ABSENCE_DESK = {
    # '16 uur in 4 weken (relatief verzuim, under 18)' (Leerplichtwet art. 21, 21a)
    AbsenceKind.SIXTEEN_HOURS: Desk.LEERPLICHT,
    # 'langdurig relatief verzuim (more than 4 weeks)': relatief verzuim, so under 18 too
    AbsenceKind.LONG_TERM: Desk.LEERPLICHT,
    # 'luxe verzuim (holiday outside the school holidays)': leave is Leerplichtwet art. 13a/14
    AbsenceKind.LUXURY: Desk.LEERPLICHT,
    # 'Doorstroompunt 18-plus verzuim (mbo student of 18 up to 27)'
    AbsenceKind.ADULT: Desk.DOORSTROOMPUNT,
}
"""The desk a verzuimsoort belongs to, by the young person's age on the day of the verzuim
(`rules.responsible_desk`); 'overig' belongs to either."""

NAMES = {
    AbsenceKind.SIXTEEN_HOURS: "16 uur in 4 weken",
    AbsenceKind.LONG_TERM: "Langdurig relatief verzuim",
    AbsenceKind.LUXURY: "Luxe verzuim",
    AbsenceKind.ADULT: "18-plus verzuim",
}

UNDER_18 = RULES[SignalKind.ABSENCE_REPORT]
LUXURY = "luxe verzuim: afwezig zonder verlof (Leerplichtwet 1969 art. 13a, 14)"
FROM_18 = (
    "18-plus verzuim: mbo-scholen melden verzuim tot 27 jaar; hulp, geen handhaving (Wet van "
    "school naar duurzaam werk, Kamerstuk 36667)"
)
"""The rule a verzuimmelding's signal cites. From 18 the Leerplichtwet no longer applies
(kwalificatieplicht ends at 18, art. 4a): since 2026 mbo schools report verzuim up to 27
under the Wet van school naar duurzaam werk, and 'for those of 18 and over there is no
enforcement: help is offered, not imposed' (DOMAIN.md)."""


def absence_rule(kind: str, desk_on_the_day: Desk | None) -> str:
    """The rule behind a verzuimmelding of `kind`, for a young person at `desk_on_the_day`
    by age on the day of the verzuim."""
    if kind == AbsenceKind.LUXURY:
        return LUXURY
    return FROM_18 if desk_on_the_day == Desk.DOORSTROOMPUNT else UNDER_18


def report_refusals(
    *,
    subject: str,
    absence_kind: str,
    days_absent: int | None,
    date_of_birth: date,
    reported_on: date,
    today: date,
    upper_age: int,
) -> dict[str, str]:
    """Why no desk could take up this melding, by the form's field name, in Dutch; empty
    when one can. Only what the reporter gave counts: the reporter never learns what the
    register knows."""
    facts = rules.PersonFacts(date_of_birth=date_of_birth)
    refusals: dict[str, str] = {}
    starts = rules.leerplicht_start(date_of_birth)
    age_today = rules.age_on(facts, today)
    if rules.is_past_upper_age(facts, today, upper_age):
        refusals["date_of_birth"] = (
            f"Leerplicht en het Doorstroompunt werken met jongeren tot {upper_age} jaar; deze "
            f"jongere is {age_today}. Een melding over deze jongere kan hier niet."
        )
        return refusals
    if today < starts:
        refusals["date_of_birth"] = (
            f"Deze jongere is {age_today} en nog niet leerplichtig (vanaf "
            f"{dates.format_date(starts)}); een melding gaat over jongeren vanaf de leerplicht "
            f"tot {upper_age} jaar."
        )
        return refusals
    if reported_on < starts:
        refusals["reported_on"] = (
            f"Op {dates.format_date(reported_on)} was deze jongere nog niet leerplichtig (vanaf "
            f"{dates.format_date(starts)}); controleer de datum."
        )
        return refusals
    if subject != ReportKind.ABSENCE:
        return refusals
    desk = rules.responsible_desk(facts, reported_on, upper_age)
    wanted = ABSENCE_DESK.get(absence_kind)
    if wanted is not None and desk != wanted:
        age = rules.age_on(facts, reported_on)
        was = (
            f"is {age}"
            if reported_on == today
            else f"was op {dates.format_date(reported_on)} {age}"
        )
        limit = "tot" if wanted == Desk.LEERPLICHT else "vanaf"
        other = (
            "18-plus verzuim" if wanted == Desk.LEERPLICHT else "een verzuimsoort van onder de 18"
        )
        refusals["absence_kind"] = (
            f"{NAMES[absence_kind]} geldt {limit} {rules.ADULT_AGE} jaar; deze jongere {was}. "
            f"Kies {other} of overig verzuim."
        )
    passed = (reported_on - starts).days + 1
    if days_absent is not None and days_absent > passed:
        refusals["days_absent"] = (
            f"{days_absent} dagen afwezig kan niet: op {dates.format_date(reported_on)} was "
            f"deze jongere pas {passed} dagen leerplichtig (vanaf {dates.format_date(starts)})."
        )
    return refusals
