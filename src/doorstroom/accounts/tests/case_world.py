"""The cases of the route x role test's world: one Doorstroompunt case of the asking user
with one of every record a route can address, and one leerplicht case."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile

from doorstroom import dates
from doorstroom.accounts.roles import Role
from doorstroom.cases.choices import CaseState
from doorstroom.cases.factories import CaseFactory, OrganisationFactory
from doorstroom.cases.models import (
    Document,
    FollowUp,
    HaltReferral,
    OfficialReport,
    Plan,
    PlanGoal,
    Task,
)
from doorstroom.partners.choices import LegalBasis
from doorstroom.partners.models import Consent, Referral
from doorstroom.people.choices import Desk
from doorstroom.people.factories import PersonFactory
from doorstroom.signals.factories import ReportFactory, SignalFactory
from doorstroom.signals.models import SignalSource

TODAY = dates.today()


def case_world(person, user, signal):
    """In aftercare, so that every route of a Doorstroompunt case has something to show."""
    coach = user if user and Role.COACH in user.roles else None
    case = CaseFactory(person=person, coach=coach, state=CaseState.GUIDANCE)
    signal.case = case
    signal.save()
    plan = Plan.objects.create(
        case=case, version=1, made_on=TODAY, kind="onderwijs", agreements="x"
    )
    case.goal = PlanGoal.objects.create(plan=plan, description="ingeschreven", due_on=TODAY)
    Task.objects.create(case=case, title="bellen", due_on=TODAY)
    FollowUp.objects.create(case=case, due_on=TODAY + timedelta(days=90))
    Document.objects.create(
        case=case, title="brief", file=ContentFile(b"%PDF-1.4 test", name="brief.pdf"),
        content_type="application/pdf", size=13,
    )  # fmt: skip
    partner = OrganisationFactory(region=case.region)
    Consent.objects.create(
        person=person, case=case, organisation=partner, scope="naam", given_on=TODAY
    )
    Referral.objects.create(
        case=case, organisation=partner, referred_on=TODAY,
        reason="werk", legal_basis=LegalBasis.DOORSTROOMPUNT, shared="naam", shared_until=TODAY,
    )  # fmt: skip
    return case


def leerplicht_world(municipality):
    person = PersonFactory(municipality=municipality, age=15)
    case = CaseFactory(person=person, desk=Desk.LEERPLICHT, state=CaseState.APPROACH)
    signal = SignalFactory(person=person, desk=Desk.LEERPLICHT, case=case)
    case.report = ReportFactory(person=person)
    SignalSource.objects.create(signal=signal, kind="melding", report=case.report, noted_on=TODAY)
    HaltReferral.objects.create(
        case=case, person=person, referred_on=TODAY, hours_absent=10, consent=True
    )
    case.pv = OfficialReport.objects.create(
        case=case, first_hearing_on=TODAY, reported_on=TODAY, deadline=TODAY
    )
    return case


def shared_world(municipality, user):
    """A referral on a legal basis, shared today with a partner the user works for."""
    case = CaseFactory(person=PersonFactory(municipality=municipality), state=CaseState.GUIDANCE)
    organisation = OrganisationFactory(region=case.region)
    if user is not None:
        user.organisation = organisation
        user.save(update_fields=["organisation"])
    return Referral.objects.create(
        case=case, organisation=organisation, referred_on=TODAY, reason="werk",
        legal_basis=LegalBasis.DOORSTROOMPUNT, shared="naam", shared_until=TODAY,
        shares_name=True,
    )  # fmt: skip
