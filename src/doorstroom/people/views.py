"""Pages about young people: the search and the person page."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from doorstroom import dates, formtokens
from doorstroom.accounts import access
from doorstroom.accounts.audit import record
from doorstroom.accounts.models import AuditAction
from doorstroom.accounts.roles import Action
from doorstroom.crypto import DecryptionError
from doorstroom.deliveries.refusals import refusals_about
from doorstroom.people import subject_export, subject_pdf
from doorstroom.people.forms import (
    EndExemptionForm,
    ExemptionForm,
    PersonSearchForm,
    RectificationForm,
    searched_bsn,
)
from doorstroom.people.models import IncomeMatch, PersonQuerySet
from doorstroom.people.names import surname_search_key
from doorstroom.people.services import rectify_person
from doorstroom.people.status import describe_status
from doorstroom.routes import methods
from doorstroom.signals.actions import end_exemption, register_exemption

SEARCH_SESSION_KEY = "person_search"
PAGE_SIZE = 25


def _matching(persons: PersonQuerySet, criteria: dict[str, str]) -> PersonQuerySet:
    if criteria.get("bsn"):
        persons = persons.with_bsn(searched_bsn(criteria))
    if criteria.get("surname"):
        persons = persons.filter(surname_key__startswith=surname_search_key(criteria["surname"]))
    if criteria.get("date_of_birth"):
        persons = persons.filter(date_of_birth=date.fromisoformat(criteria["date_of_birth"]))
    return persons


@methods("GET", "POST")
@access.requires(Action.SEARCH_PERSONS)
def search(request: HttpRequest) -> HttpResponse:
    """Search, then show the results. The criteria travel by POST and stay in the session,
    so that no BSN or name ever appears in a URL, a server log or the browser history."""
    if request.method == "POST":
        if "wissen" in request.POST:
            request.session.pop(SEARCH_SESSION_KEY, None)
            return redirect("people:search")
        form = PersonSearchForm(request.POST)
        if form.is_valid():
            request.session[SEARCH_SESSION_KEY] = form.criteria()
            return redirect("people:search")
        return render(request, "people/search.html", {"form": form})

    criteria = request.session.get(SEARCH_SESSION_KEY)
    try:
        searched_bsn(criteria or {})
    except DecryptionError:  # kept under a key that is gone: a search to make again
        request.session.pop(SEARCH_SESSION_KEY)
        criteria = None
    form = PersonSearchForm(initial=PersonSearchForm.initial_from(criteria))
    page = None
    if criteria:
        persons = _matching(access.persons_visible_to(request.user), criteria)
        paginator = Paginator(persons.select_related("municipality"), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("pagina"))
        record(
            request,
            AuditAction.SEARCH,
            person_ids=[p.pk for p in page],
            reason="zoekresultaat jongeren",
        )
    return render(request, "people/search.html", {"form": form, "page": page})


@methods("GET")
@access.requires(Action.VIEW_PERSON)
def detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    person = access.person_for(request, public_id, reason="persoonspagina bekeken")
    today = dates.today()
    residences = list(person.residences.select_related("municipality").order_by("-valid_from"))
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "status": describe_status(person.facts(), today, person.region.upper_age),
            "age": dates.age_on(person.date_of_birth, today),
            "residences": residences,
            "enrolments": sorted(person.enrolments.all(), key=lambda e: e.start_date, reverse=True),
            "results": sorted(person.results.all(), key=lambda r: r.obtained_on, reverse=True),
            "reports": list(person.reports.select_related("school")[:20]),
            "income_match": IncomeMatch.objects.filter(person=person).first(),
            **refusals_about(person.bsn_hash, person.municipality.region_id),
            "can_view_deliveries": access.can(request.user, Action.VIEW_DELIVERIES),
            "signals": list(person.signals.order_by("-raised_on")[:20]),
            "cases": list(
                access.cases_visible_to(request.user).filter(person=person).select_related("coach")
            ),
            "my_desks": access.desks_of(request.user),
            "exemptions": list(person.exemptions.all()),
            "can_exempt": access.can(request.user, Action.MANAGE_EXEMPTIONS),
            "rectifications": list(person.rectifications.select_related("user")),
            "can_export": access.can(request.user, Action.EXPORT_SUBJECT),
            "can_rectify": access.can(request.user, Action.RECTIFY_PERSON),
        },
    )


@methods("GET", "POST")
@access.requires(Action.MANAGE_EXEMPTIONS)
def exemption_new(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Register a vrijstelling; signalling takes it into account at once."""
    person = access.person_for(request, public_id, reason="vrijstelling registreren")
    form = ExemptionForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            formtokens.once(
                formtokens.sent(request),
                lambda: register_exemption(
                    request.user, person, form.cleaned_data, route="people:exemption_new"
                ),
            )
        except formtokens.SentBefore:
            messages.info(request, EXEMPTION_SENT_BEFORE)
        else:
            messages.success(request, "De vrijstelling is geregistreerd.")
        return redirect("people:detail", public_id)
    context = {"person": person, "form": form, "form_token": formtokens.for_page(request)}
    return render(request, "people/exemption_form.html", context)


EXEMPTION_SENT_BEFORE = "Dit formulier was al verstuurd; de vrijstelling is één keer geregistreerd."


@methods("GET", "POST")
@access.requires(Action.MANAGE_EXEMPTIONS)
def exemption_end(request: HttpRequest, public_id: UUID, pk: int) -> HttpResponse:
    """End a vrijstelling earlier than decided (a withdrawn decision, back at school)."""
    person = access.person_for(request, public_id, reason="vrijstelling beëindigen")
    exemption = get_object_or_404(person.exemptions, pk=pk)
    form = EndExemptionForm(request.POST or None, exemption=exemption)
    if request.method == "POST" and form.is_valid():
        end_exemption(
            request.user, exemption, form.cleaned_data["end_date"], form.cleaned_data["reason"],
            route="people:exemption_end",
        )  # fmt: skip
        messages.success(request, "De vrijstelling is beëindigd.")
        return redirect("people:detail", public_id)
    return render(
        request,
        "people/exemption_end.html",
        {"person": person, "exemption": exemption, "form": form},
    )


SUBJECT_REQUEST = "inzageverzoek (AVG art. 15)"


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    """An attachment that no cache keeps; the file name holds no name or BSN."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@methods("GET", head=False)
@access.requires(Action.EXPORT_SUBJECT)
def export_json(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Everything held on the person, for machines (docs/formats/subject-export.md)."""
    person = access.person_for(
        request, public_id, reason=SUBJECT_REQUEST, action=AuditAction.EXPORT
    )
    return _download(
        subject_export.as_json(subject_export.gather(person)),
        "application/json; charset=utf-8",
        f"inzage-{public_id}.json",
    )


@methods("GET", head=False)
@access.requires(Action.EXPORT_SUBJECT)
def export_pdf(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Everything held on the person, as a PDF to send to them."""
    person = access.person_for(
        request, public_id, reason=SUBJECT_REQUEST, action=AuditAction.EXPORT
    )
    return _download(
        subject_pdf.render(subject_export.gather(person)),
        "application/pdf",
        f"inzage-{public_id}.pdf",
    )


@methods("GET", "POST")
@access.requires(Action.RECTIFY_PERSON)
def rectify(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Correct a person's data (AVG art. 16); the old values stay in the history."""
    person = access.person_for(request, public_id, reason="persoonsgegevens corrigeren")
    form = RectificationForm(request.POST or None, initial=RectificationForm.initial_for(person))
    if request.method == "POST" and form.is_valid():
        try:
            rectify_person(
                request.user,
                person,
                form.changes(),
                form.cleaned_data["reason"],
                route="people:rectify",
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "De correctie is opgeslagen.")
            return redirect("people:detail", public_id)
    return render(request, "people/rectification_form.html", {"person": person, "form": form})


def _add_errors(form: RectificationForm, error: ValidationError) -> None:
    """The service's Dutch messages at their field, or above the form for a field it lacks
    (a date of death before the corrected date of birth)."""
    per_field = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, messages_ in per_field.items():
        form.add_error(field if field in form.fields else None, messages_)
