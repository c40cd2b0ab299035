"""The demo's case work: the regional programme's two measures from the seeds, a few
ketenpartners, and dossiers at every stage (benaderen, intake, plan, begeleiding, closed,
aftercare; and at the leerplicht desk hearings, Halt, a proces-verbaal), all made through
the same write path as the pages use, so their history is real. Seeded."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from doorstroom.accounts.models import User
from doorstroom.cases import actions, leerplicht, services
from doorstroom.cases.choices import (
    CaseState,
    Channel,
    ContactResult,
    FollowUpResult,
    HearingWho,
    MasPhase,
    MasRoute,
    Outcome,
    PlanKind,
    Situation,
)
from doorstroom.cases.models import Case, LeavingReason
from doorstroom.partners.choices import LegalBasis, PartnerDomain, SharedData
from doorstroom.partners.models import Organisation
from doorstroom.people.choices import Desk
from doorstroom.programme.models import Measure
from doorstroom.regions.models import Region
from doorstroom.signals.actions import open_signal
from doorstroom.signals.choices import SignalStatus
from doorstroom.signals.models import Signal, SignalSource

ROUTE = "demo"
# The two measures of the seeds (shared/seeds): 'Doorstroom' and 'Civil society', the latter
# with its 'gemiddeld budget van EUR 1.500 per maatwerktraject'.
MEASURES = (("Doorstroom", None), ("Civil society", Decimal("1500.00")))
PARTNERS = (
    ("Jongerenloket Stedendriehoek", PartnerDomain.WORK),
    ("Leerwerkloket Stedendriehoek", PartnerDomain.WORK),
    ("Mbo-college Stedendriehoek (demo)", PartnerDomain.EDUCATION),
    ("Wijkteam Deventer (demo)", PartnerDomain.SUPPORT),
    ("GGD Noord- en Oost-Gelderland (demo)", PartnerDomain.CARE),
    ("Halt Oost-Nederland (demo)", PartnerDomain.SAFETY),
)
GOALS = {
    PlanKind.EDUCATION: "ingeschreven bij een mbo-opleiding die past",
    PlanKind.WORK: "werk van minstens 24 uur per week",
    PlanKind.WORK_AND_LEARN: "een BBL-plek met leerbedrijf",
    PlanKind.DAY_ACTIVITY: "vier dagdelen dagbesteding per week",
    PlanKind.CARE: "aangemeld en gestart bij de juiste hulp",
}


@dataclass
class Casework:
    cases: int = 0
    closed: int = 0
    aftercare: int = 0


def create_casework(seed: int, on: date) -> Casework:
    rng = random.Random(seed)
    done = Casework()
    region = Region.objects.filter(code="RMC11").first()
    if region is None:
        return done
    for name, cost in MEASURES:
        Measure.objects.get_or_create(region=region, name=name, defaults={"cost_per_traject": cost})
    for name, domain in PARTNERS:
        Organisation.objects.get_or_create(region=region, name=name, defaults={"domain": domain})
    # The demo's partner account works at the partner the demo's referrals go to.
    User.objects.filter(username="school").update(
        organisation=Organisation.objects.get(region=region, name=PARTNERS[0][0])
    )
    coordinator = User.objects.get(username="coordinator")
    officer = User.objects.filter(username="leerplicht").first()
    worked: set[int] = set()
    for signal in _assigned(region, Desk.DOORSTROOMPUNT, 36):
        stage = rng.randrange(6)
        start = on - timedelta(
            days=rng.randrange(250, 330) if stage == 5 else rng.randrange(20, 120)
        )
        _listed(signal, start - timedelta(days=rng.randrange(1, 10)))
        case = open_signal(coordinator, signal, route=ROUTE, on=start)
        if case.pk in worked:
            continue  # a second signal of the young person joined the case: worked once
        worked.add(case.pk)
        case = _work(rng, case, case.coach or coordinator, on, stage, start)
        done.cases += 1
        done.closed += case.state == CaseState.CLOSED
        done.aftercare += case.state == CaseState.AFTERCARE
    if officer is not None:
        for signal in _open(region, Desk.LEERPLICHT, 8):
            _listed(signal, on - timedelta(days=30))
            case = open_signal(officer, signal, route=ROUTE, on=on - timedelta(days=21))
            _leerplicht(rng, case, officer, on)
            done.cases += 1
    return done


def _listed(signal: Signal, raised_on: date) -> None:
    """The demo's signals are raised today; its dossiers began earlier, so their signal did,
    and the register told us that day (the signal page lists its sources with their date).
    Its term for contact moves with it: the region's term counts from the day it was raised.
    Only the register's signals move back (`_assigned`, `_open`): a melding has its own date,
    and a signal raised before the melding it came from would be a signal of nothing."""
    signal.due_on = raised_on + (signal.due_on - signal.raised_on)
    signal.raised_on = raised_on
    Signal.objects.filter(pk=signal.pk).update(raised_on=raised_on, due_on=signal.due_on)
    SignalSource.objects.filter(signal=signal, noted_on__gt=raised_on).update(noted_on=raised_on)


def _assigned(region: Region, desk: Desk, count: int) -> list[Signal]:
    return list(
        Signal.objects.filter(
            region=region, desk=desk, status=SignalStatus.NEW, assigned_to__isnull=False
        )
        .exclude(sources__report__isnull=False)
        .select_related("person", "assigned_to")
        .order_by("id")[:count]
    )


def _open(region: Region, desk: Desk, count: int) -> list[Signal]:
    return list(
        Signal.objects.filter(region=region, desk=desk, status=SignalStatus.NEW)
        .exclude(sources__report__isnull=False)
        .select_related("person")
        .order_by("id")[:count]
    )


def _work(rng: random.Random, case: Case, coach: User, on: date, stage: int, start: date) -> Case:
    """Take a case as far as its stage: some are still being approached, some have a plan,
    some are closed and in aftercare."""
    tries = rng.randrange(1, 3)
    for n in range(tries):
        result = (
            ContactResult.REACHED if stage >= 1 and n == tries - 1 else ContactResult.NOT_REACHED
        )
        case = actions.record_contact_attempt(
            coach, case, on=start + timedelta(days=7 * n), channel=rng.choice([Channel.PHONE, Channel.LETTER, Channel.TEXT]),
            result=result, next_step="" if result == ContactResult.REACHED else "opnieuw bellen", route=ROUTE,
        )  # fmt: skip
    if stage < 2:
        return case
    reasons = list(LeavingReason.objects.filter(region__isnull=True).order_by("id"))
    case = actions.record_intake(
        coach, case, held_on=start + timedelta(days=7 * tries), reasons=rng.sample(reasons, 2), reason_note="",
        goal=rng.choice(["Ik wil een diploma halen.", "Ik wil werken en geld verdienen.", "Eerst mijn leven op orde."]),
        situation={Situation.LIVING: rng.choice(["bij ouders", "zelfstandig", "bij een vriend"]),
                   Situation.INCOME: rng.choice(["geen inkomen", "bijbaan", "uitkering"])},
        route=ROUTE,
    )  # fmt: skip
    if stage < 3:
        return case
    kind = rng.choice(list(PlanKind))
    measures = list(Measure.objects.filter(region_id=case.region_id).order_by("name"))
    measure = rng.choice(measures) if measures and rng.random() < 0.6 else None
    partners = list(
        Organisation.objects.filter(region_id=case.region_id, domain=PartnerDomain.WORK)[:1]
    )
    case = actions.make_plan(
        coach, case, made_on=start + timedelta(days=7 * tries + 7), kind=kind,
        agreements="Elke twee weken een gesprek; de jongere meldt zich aan bij de opleiding of het werk.",
        goals=[actions.Goal(GOALS[kind], on + timedelta(days=rng.randrange(30, 150)))],
        partners=partners, measure=measure, cost=measure.cost_per_traject if measure else None, route=ROUTE,
    )  # fmt: skip
    case = services.change_state(coach, case, CaseState.GUIDANCE, note="", route=ROUTE)
    actions.add_note(coach, case, on=on - timedelta(days=3), text="Goed gesprek gehad; de jongere is gemotiveerd.",
                     confidential=False, contact=True, route=ROUTE)  # fmt: skip
    if partners:
        case = actions.refer(
            coach, case, organisation=partners[0], referred_on=on - timedelta(days=2), reason="hulp bij werk zoeken",
            legal_basis=LegalBasis.DOORSTROOMPUNT, consent=None,
            shared="naam en telefoon; het plan bespreken we in het overdrachtsgesprek",
            shared_until=on + timedelta(days=120), route=ROUTE,
            shares=frozenset({SharedData.NAME, SharedData.CONTACT}),
        )  # fmt: skip
    if stage < 4:
        case = actions.add_task(coach, case, title="school bellen over de aanmelding",
                                due_on=on + timedelta(days=rng.randrange(0, 10)), route=ROUTE)  # fmt: skip
        return case
    outcome = rng.choice(
        [Outcome.EDUCATION, Outcome.WORK, Outcome.WORK_AND_LEARN, Outcome.CARE, Outcome.REFUSED]
    )
    closed_on = start + timedelta(days=60) if stage == 5 else on - timedelta(days=5)
    case = services.close_case(coach, case, outcome, closed_on=closed_on, reason="", route=ROUTE)
    first = case.follow_ups.order_by("due_on").first()
    if first is not None and first.due_on <= on:
        case = services.record_follow_up(
            coach, case, first, done_on=first.due_on, result=FollowUpResult.ON_TRACK, note="nog steeds op school",
            route=ROUTE,
        )  # fmt: skip
    return case


def _leerplicht(rng: random.Random, case: Case, officer: User, on: date) -> Case:
    case = actions.record_contact_attempt(
        officer,
        case,
        on=on - timedelta(days=14),
        channel=Channel.LETTER,
        result=ContactResult.REACHED,
        route=ROUTE,
    )
    case = leerplicht.record_hearing(
        officer, case, held_on=on - timedelta(days=7), who=HearingWho.BOTH,
        summary="Ouders en jongere gehoord over het verzuim; afspraken gemaakt met de mentor.", route=ROUTE,
    )  # fmt: skip
    case = leerplicht.set_mas(
        officer, case, phase=MasPhase.PLAN, route_kind=MasRoute.VOLUNTARY, route=ROUTE
    )
    if rng.random() < 0.3:
        case = leerplicht.make_official_report(
            officer,
            case,
            first_hearing_on=on - timedelta(days=7),
            reported_on=on - timedelta(days=30),
            route=ROUTE,
        )
    return case
