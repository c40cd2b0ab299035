"""One-time tokens for the form pages whose POST stores something new (a case's step, a
melding, a vrijstelling): a page sent twice (a double click, 'back' and again, two requests
at once) stores its work once.

The page carries a random token in a hidden field (`includes/form_token.html`); the first
POST with it writes a `FormSubmission` in the transaction of the work itself, so a refused or
failed step leaves the token free, and two at once are settled by its unique constraint. The
retention job deletes tokens older than `KEPT` (`retention.installation.form_tokens`)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from doorstroom.cases.models import FormSubmission

FIELD = "form_token"
TOKEN = re.compile(r"[0-9a-f]{32}")
KEPT = timedelta(days=1)
"""How long a sent form's token is kept: long after anyone would press 'back' and resend."""
T = TypeVar("T")


class SentBefore(Exception):
    """The page was sent before with this token: its work is stored already."""


def sent(request: HttpRequest) -> str | None:
    """The one-time token the page was sent with; None for a page without one (a client of
    its own, a test)."""
    token = request.POST.get(FIELD, "") if request.method == "POST" else ""
    return token if TOKEN.fullmatch(token) else None


def for_page(request: HttpRequest) -> str:
    """The token for the page to show: the one it was sent with when it is shown again after
    a refusal (nothing was stored with it), else a new one."""
    return sent(request) or secrets.token_hex(16)


def once(token: str | None, perform: Callable[[], T]) -> T:
    """Perform the work and return what it returns, unless a page with this token was sent
    before: SentBefore then. The token is written in the work's transaction: a refusal rolls
    it back with the work, and a second request at the same moment waits for the first on the
    unique token and then finds it."""
    if token is None:
        return perform()
    with transaction.atomic():
        try:
            with transaction.atomic():
                FormSubmission.objects.create(token=token)
        except IntegrityError:
            raise SentBefore from None
        return perform()


def expired(now: datetime) -> QuerySet[FormSubmission]:
    """The tokens older than `KEPT`: nobody resends a page that old."""
    return FormSubmission.objects.filter(at__lt=now - KEPT)
