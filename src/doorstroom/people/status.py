"""A person's status on a day, in the words a caseworker uses, computed by the rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from doorstroom import dates
from doorstroom.people import rules
from doorstroom.people.choices import Desk, EducationKind


@dataclass(frozen=True)
class Status:
    """What the person page shows: the responsible desk, vsv or not, and why, in Dutch."""

    on: date
    desk: Desk | None
    is_vsv: bool
    lines: list[str] = field(default_factory=list)


def describe_status(facts: rules.PersonFacts, on: date, upper_age: int) -> Status:
    """The status on `on` with a Dutch sentence per finding, each derived from one rule."""
    if not rules.is_in_register(facts, on):
        died = facts.date_of_death is not None and facts.date_of_death <= on
        verb, gone = (
            ("overleden", facts.date_of_death)
            if died
            else ("geëmigreerd", facts.date_of_emigration)
        )
        return Status(on, None, False, [f"{verb} op {dates.format_date(gone)}"])
    desk = rules.responsible_desk(facts, on, upper_age)
    vsv = rules.is_vsv(facts, on, upper_age)
    lines = [_desk_line(facts, on, desk, upper_age)]
    duty = _duty_line(facts, on)
    if duty:
        lines.append(duty)
    lines.append(_startkwalificatie_line(facts, on))
    if vsv:
        legal = rules.is_vsv(facts, on, rules.LEGAL_VSV_UPPER_AGE)
        lines.append(
            "voortijdig schoolverlater (vsv'er)"
            + (
                ""
                if legal
                else f", buiten de wettelijke telling ({rules.LEGAL_VSV_UPPER_AGE} jaar of ouder)"
            )
        )
    return Status(on, desk, vsv, lines)


def _enrolment_phrase(facts: rules.PersonFacts, on: date) -> str:
    current = rules.enrolments_on(facts, on)
    if current:
        kinds = ", ".join(EducationKind(e.kind).short for e in current)
        return f"ingeschreven ({kinds})"
    since = rules.not_enrolled_since(facts, on)
    if since is not None:
        return f"niet ingeschreven sinds {dates.format_date(since)}"
    return "geen inschrijving bekend"


def _desk_line(facts: rules.PersonFacts, on: date, desk: Desk | None, upper_age: int) -> str:
    age = rules.age_on(facts, on)
    if desk == Desk.LEERPLICHT:
        return f"valt onder leerplicht: {age} jaar, {_enrolment_phrase(facts, on)}"
    if desk == Desk.DOORSTROOMPUNT:
        return f"valt onder het Doorstroompunt: {age} jaar, {_enrolment_phrase(facts, on)}"
    if rules.is_past_upper_age(facts, on, upper_age):
        return f"buiten de doelgroep: {age} jaar (de regio volgt jongeren tot {upper_age} jaar)"
    start = rules.leerplicht_start(facts.date_of_birth)
    return f"nog niet leerplichtig: {age} jaar, leerplichtig vanaf {dates.format_date(start)}"


def _duty_line(facts: rules.PersonFacts, on: date) -> str | None:
    if rules.is_leerplichtig(facts, on):
        return f"volledig leerplichtig tot en met {dates.format_date(rules.leerplicht_end(facts))}"
    if rules.is_kwalificatieplichtig(facts, on):
        until = dates.format_date(rules.kwalificatieplicht_end(facts))
        return f"kwalificatieplichtig tot {until} (18e verjaardag) of tot een startkwalificatie"
    return None


def _startkwalificatie_line(facts: rules.PersonFacts, on: date) -> str:
    best = rules.highest_diploma(facts.results, on)
    if rules.has_startkwalificatie(facts.results, on):
        return f"startkwalificatie: {_result_phrase(best)}"
    if rules.is_exempt_from_startkwalificatie(facts, on):
        came_from = rules.last_enrolment_ended(facts, on)
        if came_from.kind == EducationKind.VSO:
            return f"geen startkwalificatie nodig: komt uit het vso (uitstroomprofiel {came_from.vso_profile})"
        if rules.is_exempt_from_kwalificatieplicht(facts, on):
            return "geen startkwalificatie nodig: komt uit het praktijkonderwijs, met certificaat"
        return "geen startkwalificatie nodig na het praktijkonderwijs, maar zonder pro-certificaat"
    if best is None:
        return "geen startkwalificatie: geen diploma bekend"
    return f"geen startkwalificatie: hoogste {_result_phrase(best)}"


def _result_phrase(result: rules.ResultFact) -> str:
    noun = "diploma" if result.is_diploma else "certificaat"
    return f"{noun} {EducationKind(result.kind).short} ({result.obtained_on.year})"
