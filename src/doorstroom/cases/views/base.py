"""What every case page shares: the one way a form page works on a case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from doorstroom import dates, formtokens
from doorstroom.accounts import access
from doorstroom.accounts.roles import Action
from doorstroom.cases.models import Case
from doorstroom.cases.services import CaseRefused
from doorstroom.cases.workflow import WORKERS, Actor


def case_url(case: Case, section: str = "") -> str:
    url = reverse("cases:detail", args=[case.public_id])
    return f"{url}#{section}" if section else url


def work_on(
    request: HttpRequest, public_id: UUID, *, reason: str, need: frozenset[Actor] = WORKERS
) -> Case:
    """The case, if the user may change it in one of these capacities: 404 outside the
    user's region or desk, 403 for someone who may only read it (a colleague's case)."""
    if not access.can(request.user, Action.VIEW_CASES):
        raise PermissionDenied
    case = access.case_for(request, public_id, reason=reason)
    if not access.case_actors(request.user, case) & need:
        raise PermissionDenied
    return case


def case_form(
    request: HttpRequest,
    public_id: UUID,
    *,
    form_class: type[forms.Form],
    perform: Callable[..., object],
    title: str,
    done: str,
    section: str,
    intro: str = "",
    form_kwargs: Callable[[Case], dict[str, Any]] = lambda case: {},
    need: frozenset[Actor] = WORKERS,
    template: str = "cases/form.html",
    initial: Callable[[Case], dict[str, Any]] = lambda case: {},
    find: Callable[[Case], object] | None = None,
) -> HttpResponse:
    """A form page for one thing done in a case: GET shows it, a valid POST hands the cleaned
    data to `perform` (a function of actions.py) and returns to the case; a refusal of the
    rules shows above the form in Dutch and nothing is stored. The page carries a one-time
    token: sent twice (a double click, 'back' and again), its work is stored once (`formtokens`).
    A page about one record of the case (a referral, an aftercare check) gives `find`, which
    looks it up in the case; what it finds is `perform`'s fourth argument."""
    case = work_on(request, public_id, reason=title, need=need)
    # Looked up whatever the method: an unknown id, or one of another case, is 404 on GET too.
    found = (find(case),) if find is not None else ()
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    form = form_class(*data, initial=initial(case), **form_kwargs(case))
    if request.method == "POST" and form.is_valid():
        try:
            formtokens.once(
                formtokens.sent(request),
                lambda: perform(request.user, case, form.cleaned_data, *found),
            )
        except CaseRefused as refused:
            form.add_error(None, str(refused))
        except formtokens.SentBefore:
            messages.info(request, SENT_BEFORE)
            return redirect(case_url(case, section))
        else:
            messages.success(request, done)
            return redirect(case_url(case, section))
    context = {"case": case, "person": case.person, "form": form, "title": title, "intro": intro}
    context["form_token"] = formtokens.for_page(request)
    return render(request, template, context, status=400 if request.method == "POST" else 200)


SENT_BEFORE = "Dit formulier was al verstuurd; wat erin stond, staat één keer in het dossier."


def today_in(field: str) -> Callable[[Case], dict[str, Any]]:
    """A form's initial data: today in the date field a caseworker fills in most."""
    return lambda case: {field: dates.today()}
