"""The one-time token of a form page that stores something: the page carries it, and a page
sent twice (a double click, or 'back' and send again) stores its work once. Used by the case
forms, the melding form and the vrijstelling form; the sent tokens are rows of
`cases.FormSubmission`, kept a day."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from doorstroom.cases.models import FormSubmission

TOKEN = re.compile(r"[0-9a-f]{32}")
TOKEN_KEPT = timedelta(days=1)
"""How long a sent form's token is kept: long after anyone would press 'back' and resend."""


def sent_token(request: HttpRequest) -> str | None:
    """The one-time token the page was sent with; None for a page without one."""
    token = request.POST.get("form_token", "") if request.method == "POST" else ""
    return token if TOKEN.fullmatch(token) else None


def page_token(request: HttpRequest) -> str:
    """The token for the page shown now: a page shown again after a refusal keeps the one
    it was sent with (nothing was stored with it), a new page gets a new one."""
    return sent_token(request) or secrets.token_hex(16)


def once(token: str | None, perform: Callable[[], object]) -> bool:
    """Perform the step, unless a page with this token was sent before: False then. The token
    is written in the step's transaction: a refusal rolls it back with the step, and a second
    request at the same moment waits for the first on the unique token and then finds it."""
    if token is None:
        perform()
        return True
    FormSubmission.objects.filter(at__lt=timezone.now() - TOKEN_KEPT).delete()
    with transaction.atomic():
        try:
            with transaction.atomic():
                FormSubmission.objects.create(token=token)
        except IntegrityError:
            return False
        perform()
    return True
