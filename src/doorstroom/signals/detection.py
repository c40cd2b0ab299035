"""Who needs attention on a day, and when that attention is no longer needed.

Plain functions of plain data, like people/rules.py, whose rules they combine: no database
here. signals/reading.py builds a `Situation` per person, signals/deciding.py decides with
what these return. Each finding names the rule that produced it and says why in Dutch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from doorstroom import dates
from doorstroom.cases.choices import Outcome
from doorstroom.people import rules
from doorstroom.people.choices import Desk, EducationKind, ExemptionArticle
from doorstroom.signals.choices import Resolution, SignalKind

# DOMAIN.md: 'Vrijstellingen are registered with start and end date and stop signals for that
# person while valid.' Which signals each article stops:
COVERED_BY = {
    # Art. 3a/3b: the leerplicht is met by an approved programme instead of a school, so not
    # being enrolled is no absoluut verzuim; its end raises a signal like a vrijstelling's.
    ExemptionArticle.SUBSTITUTE: frozenset({SignalKind.ABSOLUTE_ABSENCE}),
    # Art. 5 a/b/c: no duty to be enrolled at all, so neither absoluut verzuim nor a vsv signal.
    ExemptionArticle.PHYSICAL: frozenset({SignalKind.ABSOLUTE_ABSENCE, SignalKind.NEW_VSV}),
    ExemptionArticle.DENOMINATION: frozenset({SignalKind.ABSOLUTE_ABSENCE, SignalKind.NEW_VSV}),
    ExemptionArticle.ABROAD: frozenset({SignalKind.ABSOLUTE_ABSENCE, SignalKind.NEW_VSV}),
    # Art. 11: enrolled, but freed from regular attendance: verzuimmeldingen do not apply.
    ExemptionArticle.ATTENDANCE: frozenset({SignalKind.ABSENCE_REPORT}),
    # Art. 15: freed from the kwalificatieplicht, so not enrolled is no verzuim and no vsv.
    ExemptionArticle.QUALIFICATION: frozenset({SignalKind.ABSOLUTE_ABSENCE, SignalKind.NEW_VSV}),
}

NOT_WHILE_LEERPLICHTIG = frozenset({ExemptionArticle.QUALIFICATION})
"""Art. 15 frees from the kwalificatieplicht only (DOMAIN.md, 'The law as of 2026': '15
(vrijstelling from kwalificatieplicht)'): while the young person is still volledig
leerplichtig, not being enrolled stays absoluut verzuim."""

# The endings of the register that end the case too, with the outcome it is closed with:
# 'died (closes everything, no further letters)', 'reaches the upper age (leaves the caseload
# with a closing reason)', 'moved out of the region (hand over to the new region's desk)': the
# old region's case ends there, the new region opens its own from the handed-over signal.
CASE_OUTCOME = {
    Resolution.DIED: Outcome.DIED,
    Resolution.UPPER_AGE: Outcome.AGED_OUT,
    Resolution.MOVED_OUT: Outcome.MOVED,
    Resolution.EMIGRATED: Outcome.MOVED,
}

OUT_OF_SCHOOL = frozenset({SignalKind.NEW_VSV, SignalKind.ABSOLUTE_ABSENCE})
"""Signals about not being at school: enrolment or a startkwalificatie ends them."""

ENDED_AT_SCHOOL = OUT_OF_SCHOOL | {SignalKind.EXEMPTION_ENDED}
"""The signals that `closing` ends when the young person is back at school or qualified."""

COVERED_BY_OPEN = {
    SignalKind.ADULT_HANDOVER: frozenset({SignalKind.NEW_VSV}),
    SignalKind.EXEMPTION_ENDED: OUT_OF_SCHOOL,
}
"""An open handover at 18 or an open end-of-vrijstelling signal already carries the need:
no second signal for it (legal task 1: 'nobody twice')."""

RULES = {
    SignalKind.NEW_VSV: "vsv'er (WEB art. 8.3.1; startkwalificatie: Leerplichtwet 1969 art. 1)",
    SignalKind.ABSOLUTE_ABSENCE: "absoluut verzuim (Leerplichtwet 1969 art. 3, 4a en 21)",
    SignalKind.ADULT_HANDOVER: "vanaf 18 jaar het Doorstroompunt (Leerplichtwet 1969 art. 1b)",
    SignalKind.EXEMPTION_ENDED: "einde vrijstelling (Leerplichtwet 1969 art. 5, 11 en 15)",
    # A verzuimmelding's signal cites its verzuimsoort's rule instead (report_rules.py).
    SignalKind.ABSENCE_REPORT: "verzuimmelding van de school (Leerplichtwet 1969 art. 21, 21a)",
    SignalKind.CONCERN: "zorgsignaal van een school of ketenpartner",
}
"""The rule behind each kind of signal, as the signal page shows it."""


@dataclass(frozen=True)
class ExemptionFact:
    article: ExemptionArticle
    start: date
    end: date | None = None
    key: int | None = None
    """The exemption's id, so that its end raises one signal and never two."""

    def valid_on(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class Situation:
    """What signalling knows of one person: the register facts, where they live, exemptions."""

    facts: rules.PersonFacts
    region_id: int
    upper_age: int = rules.DEFAULT_UPPER_AGE
    exemptions: tuple[ExemptionFact, ...] = ()
    municipality_name: str = ""
    region_name: str = ""
    known_to_register: bool = True
    """False for someone only a melding told us about, until DUO delivers an enrolment or a
    result: 'never enrolled' would otherwise be read from missing data."""

    def covered(self, on: date) -> frozenset[SignalKind]:
        kinds: set[SignalKind] = set()
        for exemption in self.exemptions:
            if exemption.valid_on(on):
                kinds |= self.covered_by(exemption, on)
        return frozenset(kinds)

    def covered_by(self, exemption: ExemptionFact, on: date) -> frozenset[SignalKind]:
        """The signals `exemption` stops on `on`, a day on which it is valid."""
        if exemption.article in NOT_WHILE_LEERPLICHTIG and rules.is_leerplichtig(self.facts, on):
            return frozenset()
        return COVERED_BY[exemption.article]


@dataclass(frozen=True)
class Finding:
    """A signal the register asks for today. Its reason is worded only when a signal is
    written: a nightly run finds mostly needs that are open already."""

    kind: SignalKind
    desk: Desk
    explain: Callable[[], str] = field(compare=False, repr=False)
    exemption_key: int | None = None
    cites: str = field(default="", compare=False)
    """The rule, when it is not the kind's (a verzuimmelding's follows its verzuimsoort)."""

    @property
    def reason(self) -> str:
        return self.explain()

    @property
    def rule(self) -> str:
        return self.cites or RULES[self.kind]


@dataclass(frozen=True)
class OpenSignal:
    """An open signal as closing needs it."""

    kind: SignalKind
    desk: Desk
    region_id: int
    raised_on: date
    from_register: bool


@dataclass(frozen=True)
class Closing:
    resolution: Resolution
    reason: str
    handover: Finding | None = None
    """For a signal at the leerplicht desk of someone who turned 18: the signal that carries
    the young person, with the history, to the Doorstroompunt."""


def findings(situation: Situation, on: date) -> list[Finding]:
    """The signals the register asks for on `on`. Every one of them needs the person to be
    in the target group and not enrolled: signals/reading.py (`candidates`) selects its
    candidates by that.

    When the end of a vrijstelling left the need (`_left_need`), that end is the signal (with
    the need) as long as it was not raised before; `new_findings` keeps one of the two."""
    facts = situation.facts
    desk = rules.responsible_desk(facts, on, situation.upper_age)
    if desk is None or not situation.known_to_register or rules.is_enrolled(facts, on):
        return []
    need = _out_of_school(facts, on, desk, situation.upper_age)
    if need is None or need.kind in situation.covered(on):
        return []
    ended = _ended_exemption(situation, on)
    if ended is None or not _left_need(situation, ended, need.kind):
        return [need]
    article = ExemptionArticle(ended.article).label.split(":")[0]

    def reason() -> str:
        return (
            f"vrijstelling {article} is geëindigd op {dates.format_date(ended.end)}; {need.reason}"
        )

    return [Finding(SignalKind.EXEMPTION_ENDED, need.desk, reason, ended.key), need]


def closing(
    signal: OpenSignal, situation: Situation, on: date, found: list[Finding] | None = None
) -> Closing | None:
    """Why an open signal closes on `on`, or None while it still needs the desk. `found` is
    `findings(situation, on)` when the caller has it already."""
    facts = situation.facts
    if facts.date_of_death is not None and facts.date_of_death <= on:
        # 'died (closes everything, no further letters)'
        return Closing(Resolution.DIED, f"overleden op {dates.format_date(facts.date_of_death)}")
    if facts.date_of_emigration is not None and facts.date_of_emigration <= on:
        left = dates.format_date(facts.date_of_emigration)
        return Closing(Resolution.EMIGRATED, f"vertrokken naar het buitenland op {left}")
    age = rules.age_on(facts, on)
    if rules.is_past_upper_age(facts, on, situation.upper_age):
        return Closing(
            Resolution.UPPER_AGE,
            f"{age} jaar: de regio volgt jongeren tot {situation.upper_age} jaar",
        )
    if situation.region_id != signal.region_id:
        # 'moved out of the region (hand over to the new region's desk, which the register tells)'
        where = situation.municipality_name or "een andere gemeente"
        desk = (
            f"het loket van {situation.region_name}" if situation.region_name else "de nieuwe regio"
        )
        return Closing(Resolution.MOVED_OUT, f"verhuisd naar {where}; overgedragen aan {desk}")
    # 'Vrijstellingen ... stop signals for that person while valid', at 18 too (a delivery
    # may tell one after the birthday): nothing is left to hand over.
    exempt = any(e.valid_on(on) for e in situation.exemptions)
    if signal.kind in situation.covered(on) or (
        signal.kind == SignalKind.EXEMPTION_ENDED and exempt
    ):
        return Closing(Resolution.EXEMPTED, "er geldt een vrijstelling")
    if signal.desk == Desk.LEERPLICHT and age >= rules.ADULT_AGE:
        # 'turns 18 while open at leerplicht (warm handover to the Doorstroompunt)', unless
        # back at school or with a startkwalificatie on the day of the run (a weekly delivery
        # may tell it after the birthday, whichever came first): nothing is left to hand over;
        # at 18 no volledige leerplicht is left for an SK to leave open.
        if signal.kind in ENDED_AT_SCHOOL:
            met = _need_met(signal, situation, on, still_needed=False)
            if met is not None:
                return met
        handover = Finding(
            SignalKind.ADULT_HANDOVER,
            Desk.DOORSTROOMPUNT,
            lambda: (
                f"18 geworden met een open {SignalKind(signal.kind).label} bij leerplicht "
                f"(gemeld {dates.format_date(signal.raised_on)}); {_enrolment(facts, on)}"
            ),
        )
        return Closing(Resolution.HANDED_OVER, "18 jaar geworden", handover)
    if signal.kind in ENDED_AT_SCHOOL:
        return _back_at_school(signal, situation, on, found)
    return None


def new_findings(
    found: list[Finding], open_kinds: set[tuple[SignalKind, Desk]], seen_exemptions: set[int]
) -> list[Finding]:
    """The findings that are not already an open signal: re-running creates nothing new."""
    covered = {k for kind, _ in open_kinds for k in COVERED_BY_OPEN.get(kind, ())}
    fresh = [
        f
        for f in found
        if (f.kind, f.desk) not in open_kinds
        and f.kind not in covered
        and (f.exemption_key is None or f.exemption_key not in seen_exemptions)
    ]
    if any(f.kind == SignalKind.EXEMPTION_ENDED for f in fresh):
        return [f for f in fresh if f.kind not in OUT_OF_SCHOOL]
    return fresh


def recheck_on(situation: Situation, on: date) -> date:
    """The first day after `on` on which `findings` or `closing` may answer differently for
    this person while the register stays as it is: the rules read `on` only through the
    dates below, so until then a nightly run may leave the person's open signals alone.

    JIKP is not among them: its year turns on 1 October for everyone, and a region run then
    looks at every possible member once (services.signal_region)."""
    facts = situation.facts
    born = facts.date_of_birth
    days = [
        # Every age rule (12 for vsv, 18 for the desk and the kwalificatieplicht, the upper
        # age) turns on a birthday, and the age changes on no other day.
        _next_birthday(born, on),
        rules.leerplicht_start(born),
        facts.date_of_death,
        facts.date_of_emigration,
    ]
    if on <= dates.school_year_end(dates.date_of_age(born, 16)):
        # Leerplicht ends on a 31 July (art. 4: the school year of the 16th birthday or of
        # the 12th year followed), so the next 1 August is no later than the day after it
        # (and cheaper than counting school years); after the 16th, its end is past.
        days.append(date(dates.school_year_start(on).year + 1, 8, 1))
    for enrolment in facts.enrolments:
        days += (enrolment.start, _after(enrolment.end))
    days.extend(result.obtained_on for result in facts.results)
    for exemption in situation.exemptions:
        days += (exemption.start, _after(exemption.end))
    return min((day for day in days if day is not None and day > on), default=date.max)


def _after(last_day: date | None) -> date | None:
    """The first day after a last day (inclusive ends), None for an open end."""
    if last_day is None:
        return None
    return date.max if last_day == date.max else dates.day_after(last_day)


def _next_birthday(born: date, on: date) -> date:
    this_year = dates.birthday_in_year(born, on.year)
    return this_year if this_year > on else dates.birthday_in_year(born, on.year + 1)


def jikp_year(on: date) -> int:
    """The latest JIKP cohort complete on `on`: its second peildatum, 1 October T+1, passed."""
    return on.year - 1 if on >= dates.one_october(on.year) else on.year - 2


def _back_at_school(
    signal: OpenSignal, situation: Situation, on: date, found: list[Finding] | None
) -> Closing | None:
    if found is None:
        found = findings(situation, on)
    still_needed = signal.kind in {f.kind for f in found}
    met = _need_met(signal, situation, on, still_needed)
    if met is not None:
        return met
    if signal.from_register and not still_needed:
        return Closing(Resolution.NO_LONGER_APPLIES, "voldoet niet meer aan de regel")
    return None


def _need_met(
    signal: OpenSignal, situation: Situation, on: date, still_needed: bool
) -> Closing | None:
    """A startkwalificatie or an enrolment that ends a signal about not being at school."""
    facts = situation.facts
    # A startkwalificatie ends the kwalificatieplicht, not the volledige leerplicht (art. 3
    # and 4a): a pupil of 15 with a havo diploma and no school is still absoluut verzuim.
    if rules.has_startkwalificatie(facts.results, on) and not still_needed:
        best = rules.highest_diploma(facts.results, on)
        return Closing(Resolution.STARTKWALIFICATIE, f"diploma {EducationKind(best.kind).short}")
    current = rules.enrolments_on(facts, on)
    if signal.kind != SignalKind.EXEMPTION_ENDED and not signal.from_register:
        # A school's uitschrijving may reach us before DUO ends the enrolment: only an
        # enrolment that started after the melding shows the young person is back.
        current = [e for e in current if e.start >= signal.raised_on]
    if current:
        kinds = ", ".join(EducationKind(e.kind).short for e in current)
        return Closing(Resolution.BACK_IN_EDUCATION, f"ingeschreven ({kinds})")
    return None


def _out_of_school(
    facts: rules.PersonFacts, on: date, desk: Desk, upper_age: int
) -> Finding | None:
    # From 18 neither duty applies (kwalificatieplicht ends at the 18th birthday, art. 4a;
    # leerplicht earlier): most candidates are adults, so skip computing them.
    duty = _duty(facts, on) if desk == Desk.LEERPLICHT else None
    if duty:
        # 'absoluut verzuim (leerplichtig or kwalificatieplichtig and not enrolled)'
        return Finding(
            SignalKind.ABSOLUTE_ABSENCE,
            Desk.LEERPLICHT,
            lambda: f"{duty}, {_not_enrolled(facts, on)}",
        )
    if rules.is_vsv(facts, on, upper_age):
        return Finding(SignalKind.NEW_VSV, desk, lambda: _vsv_reason(facts, on, upper_age))
    return None


def _left_need(situation: Situation, ended: ExemptionFact, kind: SignalKind) -> bool:
    """Whether the end of `ended` left the need `kind` open: it stopped that need on its last
    day (of one it never stopped, art. 11 for someone not enrolled, a signal may be open
    already, and legal task 1 says 'none twice'), and the young person was not at school the
    day after (leaving school later is a need of its own, not the vrijstelling's end)."""
    return kind in situation.covered_by(ended, ended.end) and not rules.is_enrolled(
        situation.facts, dates.day_after(ended.end)
    )


def _ended_exemption(situation: Situation, on: date) -> ExemptionFact | None:
    """The last vrijstelling that ended before `on`, when none is valid any more."""
    if any(e.valid_on(on) for e in situation.exemptions):
        return None
    ended = [e for e in situation.exemptions if e.end is not None and e.end < on]
    return max(ended, key=lambda e: e.end, default=None)


def _duty(facts: rules.PersonFacts, on: date) -> str | None:
    if rules.is_leerplichtig(facts, on):
        return "volledig leerplichtig"
    if rules.is_kwalificatieplichtig(facts, on):
        return "kwalificatieplichtig"
    return None


def _enrolment(facts: rules.PersonFacts, on: date) -> str:
    """Where the young person is at school, if anywhere: a verzuimmelding or a zorgsignaal
    handed over at 18 is about a pupil who may well be enrolled."""
    current = rules.enrolments_on(facts, on)
    if not current:
        return _not_enrolled(facts, on)
    return f"ingeschreven ({', '.join(EducationKind(e.kind).short for e in current)})"


def _not_enrolled(facts: rules.PersonFacts, on: date) -> str:
    last = rules.last_enrolment_ended(facts, on)
    if last is None:
        return "nooit ingeschreven geweest"
    return (
        f"niet ingeschreven sinds {dates.format_date(dates.day_after(last.end))} "
        f"(laatst {EducationKind(last.kind).short})"
    )


def _vsv_reason(facts: rules.PersonFacts, on: date, upper_age: int) -> str:
    best = rules.highest_diploma(facts.results, on)
    diploma = f"hoogste diploma {EducationKind(best.kind).short}" if best else "geen diploma"
    age = rules.age_on(facts, on)
    # A vsv'er of the caseload differs from one of the legal count only by age.
    legal = (
        ""
        if age < rules.LEGAL_VSV_UPPER_AGE
        else f", buiten de wettelijke telling ({rules.LEGAL_VSV_UPPER_AGE} jaar of ouder)"
    )
    return f"{age} jaar, {_not_enrolled(facts, on)}, geen startkwalificatie ({diploma}){legal}"
