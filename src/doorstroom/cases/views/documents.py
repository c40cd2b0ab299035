"""The form pages for the documents of a case: a letter from a template, and an upload. Both
end in actions.add_document; the download is dossier.document."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from doorstroom.accounts import access
from doorstroom.accounts.models import User
from doorstroom.accounts.roles import Action
from doorstroom.cases import actions, letters
from doorstroom.cases.document_forms import DocumentForm, LetterForm
from doorstroom.cases.models import Case
from doorstroom.cases.views.base import case_form
from doorstroom.cases.workflow import WORKERS, Actor
from doorstroom.routes import methods, takes_upload

# The caseworkers, and the ondersteuner for 'letters' and documents (workflow.Actor.SUPPORT).
DOCUMENT_WRITERS = WORKERS | {Actor.SUPPORT}


@methods("GET", "POST")
def letter(request: HttpRequest, public_id: UUID) -> HttpResponse:
    if not access.can(request.user, Action.SEND_LETTERS):
        raise PermissionDenied

    def perform(user: User, case: Case, data: dict[str, Any]) -> object:
        return letters.send_letter(
            user, case, code=data["letter"],
            appointment=letters.Appointment(data["on"], data["at"], data["place"]),
            count_as_attempt=data.get("count_as_attempt", False), route="cases:letter",
        )  # fmt: skip

    def form_kwargs(case: Case) -> dict[str, Any]:
        may_count = bool(access.case_actors(request.user, case) & WORKERS)
        return {"case": case, "may_count": may_count}

    return case_form(
        request, public_id, form_class=LetterForm, perform=perform, title="Brief maken",
        done="De brief staat bij de documenten van het dossier.", section="documenten",
        intro="De brief wordt een pdf met de naam en het adres van de jongere, de afspraak en "
        "uw naam; hij komt bij de documenten van het dossier, om te downloaden en te versturen.",
        need=DOCUMENT_WRITERS, template="cases/letter_form.html", form_kwargs=form_kwargs,
        initial=lambda case: {"count_as_attempt": True},
    )  # fmt: skip


@methods("GET", "POST")
@takes_upload(
    "DOCUMENT_MAX_MEGABYTES",
    larger="Verklein het (bijvoorbeeld als pdf) of voeg het in delen toe.",
)
def upload(request: HttpRequest, public_id: UUID) -> HttpResponse:
    def perform(user: User, case: Case, data: dict[str, Any]) -> object:
        return actions.add_document(
            user, case, title=data["title"], upload=data["file"],
            content_type=data["kind"].content_type, route="cases:upload",
        )  # fmt: skip

    return case_form(
        request, public_id, form_class=DocumentForm, perform=perform, title="Document toevoegen",
        done="Het document staat bij het dossier.", section="documenten",
        need=DOCUMENT_WRITERS, template="cases/document_form.html",
    )  # fmt: skip
