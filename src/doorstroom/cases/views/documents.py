"""The form page for the documents of a case: an upload, ending in actions.add_document; the
download is dossier.document."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse

from doorstroom.accounts.models import User
from doorstroom.cases import actions
from doorstroom.cases.document_forms import DocumentForm
from doorstroom.cases.models import Case
from doorstroom.cases.views.base import case_form
from doorstroom.cases.workflow import WORKERS, Actor

# The caseworkers, and the ondersteuner for 'letters' and documents (workflow.Actor.SUPPORT).
DOCUMENT_WRITERS = WORKERS | {Actor.SUPPORT}


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
