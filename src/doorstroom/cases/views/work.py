"""The form pages of the daily work in a case: each hands its cleaned data to one function of
actions.py or services.py and returns to the case."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from doorstroom import dates
from doorstroom.accounts import access
from doorstroom.accounts.models import User
from doorstroom.cases import actions, forms, services, workflow
from doorstroom.cases.choices import (
    CaseState,
    Channel,
    ContactResult,
    FollowUpResult,
    Outcome,
    PlanKind,
    Situation,
)
from doorstroom.cases.models import Case, FollowUp, Intake
from doorstroom.cases.views.base import case_form
from doorstroom.partners import workflow as referral_workflow
from doorstroom.partners.choices import ConsentGiver, LegalBasis, ReferralStatus, SharedData
from doorstroom.partners.models import Referral
from doorstroom.people.choices import Desk
from doorstroom.routes import methods


@methods("GET", "POST")
def contact_attempt(request: HttpRequest, public_id: UUID) -> HttpResponse:
    def perform(user: User, case: Case, data: dict[str, Any]) -> object:
        return actions.record_contact_attempt(
            user, case, on=data["on"], channel=Channel(data["channel"]),
            result=ContactResult(data["result"]), next_step=data["next_step"],
            next_on=data["next_on"], route="cases:contact_attempt",
        )  # fmt: skip

    return case_form(
        request, public_id, form_class=forms.ContactAttemptForm, perform=perform,
        title="Contactpoging vastleggen", done="De contactpoging is vastgelegd.", section="benaderen",
        initial=lambda case: {"on": dates.today()},
    )  # fmt: skip


@methods("GET", "POST")
def note(request: HttpRequest, public_id: UUID) -> HttpResponse:
    def perform(user: User, case: Case, data: dict[str, Any]) -> object:
        return actions.add_note(
            user, case, on=data["on"], text=data["text"], confidential=data["confidential"],
            contact=data["contact"], route="cases:note",
        )  # fmt: skip

    return case_form(
        request, public_id, form_class=forms.NoteForm, perform=perform,
        title="Notitie of contactmoment", done="De notitie staat in de tijdlijn.", section="tijdlijn",
        initial=lambda case: {"on": dates.today()},
    )  # fmt: skip


@methods("GET", "POST")
def intake(request: HttpRequest, public_id: UUID) -> HttpResponse:
    def perform(user: User, case: Case, data: dict[str, Any]) -> object:
        return actions.record_intake(
            user, case, held_on=data["held_on"], reasons=list(data["reasons"]),
            reason_note=data["reason_note"], goal=data["goal"], situation=form_situation(data),
            route="cases:intake",
        )  # fmt: skip

    return case_form(
        request, public_id, form_class=forms.IntakeForm, perform=perform, title="Intake",
        done="De intake is vastgelegd.", section="intake", template="cases/intake_form.html",
        form_kwargs=lambda case: {"region_id": case.region_id}, initial=_intake_initial,
    )  # fmt: skip


def form_situation(data: dict[str, Any]) -> dict[Situation, str]:
    return {d: data.get(f"situation_{d.value}", "") for d in Situation}


def _intake_initial(case: Case) -> dict[str, Any]:
    """A correction starts from the intake as it was recorded."""
    existing = Intake.objects.filter(case=case).prefetch_related("reasons", "situation").first()
    if existing is None:
        return {"held_on": dates.today()}
    return {
        "held_on": existing.held_on,
        "reasons": list(existing.reasons.all()),
        "reason_note": existing.reason_note,
        "goal": existing.goal,
        **{f"situation_{s.domain}": s.note for s in existing.situation.all()},
    }


@methods("GET", "POST")
def consent(request: HttpRequest, public_id: UUID) -> HttpResponse:
    def perform(user: User, case: Case, data: dict[str, Any]) -> object:
        return actions.record_consent(
            user, case, organisation=data["organisation"], scope=data["scope"],
            given_on=data["given_on"], given_by=ConsentGiver(data["given_by"]),
            valid_until=data["valid_until"], route="cases:consent",
            allows=frozenset(SharedData(item) for item in data["allows"]),
        )  # fmt: skip

    return case_form(
        request, public_id, form_class=forms.ConsentForm, perform=perform,
        title="Toestemming voor delen", done="De toestemming is vastgelegd.", section="delen",
        intro="Leg vast met welke ketenpartner de jongere gegevens laat delen, welke en tot wanneer.",
        form_kwargs=lambda case: {
            "region_id": case.region_id, "born": case.person.date_of_birth
        },
        initial=lambda case: {"given_on": dates.today()},
    )  # fmt: skip


@methods("GET", "POST")
def plan(request: HttpRequest, public_id: UUID) -> HttpResponse:
    def perform(user: User, case: Case, data: dict[str, Any]) -> object:
        return actions.make_plan(
            user, case, made_on=data["made_on"], kind=PlanKind(data["kind"]),
            agreements=data["agreements"],
            goals=[actions.Goal(text, due) for text, due in data["goals"]],
            partners=list(data["partners"]), measure=data["measure"], cost=data["cost"],
            route="cases:plan",
        )  # fmt: skip

    return case_form(
        request, public_id, form_class=forms.PlanForm, perform=perform, title="Plan (maatwerktraject)",
        done="Het plan is vastgelegd.", section="plan", template="cases/plan_form.html",
        intro="Een herzien plan is een nieuwe versie; de eerdere versies blijven bewaard.",
        form_kwargs=lambda case: {"region_id": case.region_id},
        initial=lambda case: {"made_on": dates.today()},
    )  # fmt: skip


@methods("GET", "POST")
def task(request: HttpRequest, public_id: UUID) -> HttpResponse:
    def perform(user: User, case: Case, data: dict[str, Any]) -> object:
        return actions.add_task(
            user, case, title=data["title"], due_on=data["due_on"], route="cases:task"
        )

    return case_form(
        request, public_id, form_class=forms.TaskForm, perform=perform, title="Taak toevoegen",
        done="De taak staat bij het dossier.", section="taken",
    )  # fmt: skip


@methods("GET", "POST")
def referral(request: HttpRequest, public_id: UUID) -> HttpResponse:
    def perform(user: User, case: Case, data: dict[str, Any]) -> object:
        return actions.refer(
            user, case, organisation=data["organisation"], referred_on=data["referred_on"],
            reason=data["reason"], legal_basis=LegalBasis(data["legal_basis"]),
            consent=data["consent"], shared=data["shared"], shared_until=data["shared_until"],
            shares=frozenset(SharedData(item) for item in data["shares"]), route="cases:referral",
        )  # fmt: skip

    return case_form(
        request, public_id, form_class=forms.ReferralForm, perform=perform,
        title="Verwijzen naar een ketenpartner", done="De verwijzing is vastgelegd en het delen gelogd.",
        section="delen",
        intro="Een warme overdracht: gegevens gaan alleen naar de partner met een wettelijke "
        "grondslag of een geldige toestemming, en alleen tot de einddatum.",
        form_kwargs=lambda case: {"case": case}, initial=lambda case: {"referred_on": dates.today()},
    )  # fmt: skip


@methods("GET", "POST")
def referral_status(request: HttpRequest, public_id: UUID, pk: int) -> HttpResponse:
    def perform(user: User, case: Case, data: dict[str, Any], referral: Referral) -> object:
        return actions.update_referral(
            user, case, referral, status=ReferralStatus(data["status"]), outcome=data["outcome"],
            route="cases:referral_status",
        )  # fmt: skip

    return case_form(
        request, public_id, form_class=forms.ReferralStatusForm, perform=perform,
        title="Verwijzing bijwerken", done="De verwijzing is bijgewerkt.", section="delen",
        find=lambda case: get_object_or_404(Referral, pk=pk, case=case),
        form_kwargs=lambda case: {"statuses": next_statuses(case, pk)},
    )  # fmt: skip


def next_statuses(case: Case, pk: int) -> list[ReferralStatus]:
    referral = get_object_or_404(Referral, pk=pk, case=case)
    return referral_workflow.next_statuses(ReferralStatus(referral.status))


@methods("GET", "POST")
def state(request: HttpRequest, public_id: UUID) -> HttpResponse:
    def perform(user: User, case: Case, data: dict[str, Any]) -> object:
        return services.change_state(
            user, case, CaseState(data["to"]), note=data["note"], route="cases:state"
        )

    def targets(case: Case) -> dict[str, Any]:
        actors = access.case_actors(request.user, case)
        allowed = workflow.allowed_targets(CaseState(case.state), actors)
        # Closing and aftercare have their own pages: they ask for the outcome and the checks.
        return {"targets": [t for t in allowed if t not in (CaseState.CLOSED, CaseState.AFTERCARE)]}

    return case_form(
        request, public_id, form_class=forms.StateForm, perform=perform, title="Status wijzigen",
        done="De status is gewijzigd.", section="samenvatting", form_kwargs=targets,
    )  # fmt: skip


@methods("GET", "POST")
def close(request: HttpRequest, public_id: UUID) -> HttpResponse:
    def perform(user: User, case: Case, data: dict[str, Any]) -> object:
        return services.close_case(
            user, case, Outcome(data["outcome"]), closed_on=data["closed_on"], reason=data["reason"],
            route="cases:close",
        )  # fmt: skip

    return case_form(
        request, public_id, form_class=forms.CloseForm, perform=perform, title="Dossier afsluiten",
        done="Het dossier is afgesloten.", section="samenvatting",
        intro="Na een uitkomst in onderwijs of werk volgen nazorgcontroles; blijkt de jongere "
        "dan uitgevallen, dan gaat het dossier weer open.",
        form_kwargs=lambda case: {"desk": Desk(case.desk)},
        initial=lambda case: {"closed_on": dates.today()},
    )  # fmt: skip


@methods("GET", "POST")
def follow_up(request: HttpRequest, public_id: UUID, pk: int) -> HttpResponse:
    def perform(user: User, case: Case, data: dict[str, Any], check: FollowUp) -> object:
        return services.record_follow_up(
            user, case, check, done_on=data["done_on"], result=FollowUpResult(data["result"]),
            note=data["note"], route="cases:follow_up",
        )  # fmt: skip

    return case_form(
        request, public_id, form_class=forms.FollowUpForm, perform=perform,
        title="Nazorgcontrole", done="De nazorgcontrole is vastgelegd.", section="nazorg",
        initial=lambda case: {"done_on": dates.today()},
        find=lambda case: get_object_or_404(FollowUp, pk=pk, case=case),
    )  # fmt: skip
