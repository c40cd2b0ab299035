"""The case page (everything in one dossier, in a fixed number of queries) and the small
steps taken on it with one button: assigning, ticking off a goal or a task, downloading."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from doorstroom import dates
from doorstroom.accounts import access
from doorstroom.accounts.roles import Action
from doorstroom.cases import actions, leerplicht, services, workflow
from doorstroom.cases.choices import CaseState
from doorstroom.cases.forms import AssignCaseForm
from doorstroom.cases.models import (
    Case,
    ContactAttempt,
    Intake,
    Plan,
    PlanGoal,
    SealedText,
    Task,
)
from doorstroom.cases.services import CaseRefused
from doorstroom.cases.views.base import case_url, work_on
from doorstroom.cases.workflow import Actor
from doorstroom.partners.models import Consent, Referral
from doorstroom.people.choices import Desk
from doorstroom.routes import methods

logger = logging.getLogger(__name__)

HISTORY_PAGE = 20


@methods("GET")
def detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    if not access.can(request.user, Action.VIEW_CASES):
        raise PermissionDenied
    case = access.case_for(request, public_id, reason="dossier bekeken")
    actors = access.case_actors(request.user, case)
    today = dates.today()
    history = Paginator(case.entries.select_related("by"), HISTORY_PAGE).get_page(
        request.GET.get("pagina")
    )
    _show_texts(request.user, case, history)
    intake = Intake.objects.filter(case=case).prefetch_related("reasons", "situation").first()
    plans = list(
        Plan.objects.filter(case=case)
        .select_related("measure")
        .prefetch_related("partners", Prefetch("goals", queryset=PlanGoal.objects.all()))
    )
    can_work = bool(actors & workflow.WORKERS)
    can_assign = (
        Actor.COORDINATOR in actors
        and access.can(request.user, Action.ASSIGN_CASES)
        and case.is_open
    )
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "person": case.person,
            "age": dates.age_on(case.person.date_of_birth, today),
            "today": today,
            "history": history,
            "attempts": list(ContactAttempt.objects.filter(case=case).select_related("by")),
            "intake": intake,
            "plan": plans[0] if plans else None,
            "earlier_plans": plans[1:],
            "tasks": list(Task.objects.filter(case=case, done_on__isnull=True)),
            "documents": list(case.documents.select_related("added_by")),
            "consents": list(Consent.objects.filter(case=case).select_related("organisation")),
            "referrals": list(
                Referral.objects.filter(case=case)
                .select_related("organisation", "consent")
                .annotate(
                    shared_today=Exists(Referral.objects.filter(pk=OuterRef("pk")).shared_on(today))
                )
            ),
            "follow_ups": list(case.follow_ups.all()),
            "signals": list(case.signals.order_by("raised_on")),
            "targets": workflow.allowed_targets(CaseState(case.state), actors) if can_work else [],
            "can_work": can_work and case.is_open,
            "can_add_documents": bool(actors & (workflow.WORKERS | {Actor.SUPPORT}))
            and case.is_open,
            "can_letter": access.can(request.user, Action.SEND_LETTERS)
            and case.is_open
            and bool(actors & (workflow.WORKERS | {Actor.SUPPORT})),
            "can_assign": can_assign,
            "assign_form": AssignCaseForm(
                coaches=list(access.assignable_users(request.user, Desk(case.desk)))
            )
            if can_assign
            else None,
            "leerplicht": leerplicht.page_context(request.user, case)
            if case.is_leerplicht
            else None,
        },
    )


def _show_texts(user: object, case: object, entries: Any) -> None:
    """Each entry's `shown` text: its words, or None for a confidential note this user may
    not read. Only the sealed texts the user may read are fetched and decrypted (one query)."""
    entries.object_list = list(entries.object_list)  # one read; the attributes stay
    readable = [
        e.pk for e in entries if e.confidential and access.may_read_confidential(user, case, e)
    ]
    sealed = dict(SealedText.objects.filter(entry_id__in=readable).values_list("entry_id", "text"))
    for entry in entries:
        entry.shown = sealed.get(entry.pk) if entry.confidential else entry.text


def _one_step(
    request: HttpRequest, case: Case, step: Callable[[], object], *, done: str, section: str
) -> HttpResponse:
    """A step taken with one button: do it, say that it was done (or, in Dutch, why the rules
    refused it), and go back to the case at `section`."""
    try:
        step()
    except CaseRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, done)
    return redirect(case_url(case, section))


@methods("POST")
def assign(request: HttpRequest, public_id: UUID) -> HttpResponse:
    if not access.can(request.user, Action.ASSIGN_CASES):
        raise PermissionDenied
    case = work_on(
        request, public_id, reason="dossier toewijzen", need=frozenset({Actor.COORDINATOR})
    )
    form = AssignCaseForm(
        request.POST, coaches=list(access.assignable_users(request.user, Desk(case.desk)))
    )
    if not form.is_valid():
        messages.error(request, form.errors["coach"][0])
        return redirect(case_url(case))
    coach = form.chosen()
    who = coach.display_name if coach else "niemand"
    return _one_step(
        request, case,
        lambda: services.assign_case(request.user, case, coach, route="cases:assign"),
        done=f"Het dossier is toegewezen aan {who}.", section="",
    )  # fmt: skip


@methods("POST")
def goal_achieved(request: HttpRequest, public_id: UUID, pk: int) -> HttpResponse:
    case = work_on(request, public_id, reason="doel behaald")
    goal = get_object_or_404(PlanGoal, pk=pk, plan__case=case)
    return _one_step(
        request, case,
        lambda: actions.mark_goal_achieved(
            request.user, case, goal, on=dates.today(), route="cases:goal_achieved"
        ),
        done=f"Doel behaald: {goal.description}.", section="plan",
    )  # fmt: skip


@methods("POST")
def withdraw_consent(request: HttpRequest, public_id: UUID, pk: int) -> HttpResponse:
    """Withdrawing is as easy as giving (AVG art. 7(3)): one button, who may record it."""
    case = work_on(request, public_id, reason="toestemming intrekken")
    consent = get_object_or_404(Consent, pk=pk, case=case)
    return _one_step(
        request, case,
        lambda: actions.withdraw_consent(
            request.user, case, consent, on=dates.today(), route="cases:withdraw_consent"
        ),
        done=f"De toestemming voor {consent.organisation.name} is ingetrokken; "
        "verwijzingen op deze toestemming zijn beëindigd.",
        section="delen",
    )  # fmt: skip


@methods("POST")
def task_done(request: HttpRequest, public_id: UUID, pk: int) -> HttpResponse:
    case = work_on(request, public_id, reason="taak gedaan")
    task = get_object_or_404(Task, pk=pk, case=case)
    return _one_step(
        request, case,
        lambda: actions.complete_task(
            request.user, case, task, on=dates.today(), route="cases:task_done"
        ),
        done=f"Taak gedaan: {task.title}.", section="taken",
    )  # fmt: skip


@methods("GET", head=False)
def document(request: HttpRequest, public_id: UUID, pk: int) -> HttpResponse:
    """A document of the case, to whoever may read the case; the download is logged. Sent as
    an attachment with its stored type, never rendered by the browser as a page. A document
    whose file is gone is a Dutch page that says so (410), not a server error."""
    if not access.can(request.user, Action.VIEW_CASES):
        raise PermissionDenied
    case = access.case_for(request, public_id, reason="document openen")
    doc, handle = access.document_for(request, case, pk)
    if handle is None:
        logger.error("document %s: het bestand ontbreekt in de opslag", doc.pk)
        context = {"case": case, "back": case_url(case, "documenten")}
        return render(request, "cases/document_missing.html", context, status=410)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{case.number}-{doc.pk}{_suffix(doc.file.name)}",
        content_type=doc.content_type,
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > name.rfind("/") else ""
