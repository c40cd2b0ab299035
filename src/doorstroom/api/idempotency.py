"""`Idempotency-Key` on the creating POSTs: a client that retries a request (after a timeout,
a dropped connection, a 500) with the same key and the same body gets the first answer, and
no second melding (draft-ietf-httpapi-idempotency-key-header).

The key belongs to the account: another school may use the same key for its own melding.
Only a request that created something is kept: a refusal (400, 403, ...) stores nothing, so
the corrected request may use the same key.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import exceptions, status
from rest_framework.request import Request

from doorstroom.accounts.models import User
from doorstroom.api.models import IdempotencyKey
from doorstroom.deliveries.models import Report

HEADER = "Idempotency-Key"
KEY = re.compile(r"^[!-~]{1,255}$")
"""1 to 255 visible ASCII characters, e.g. a UUID: what fits a header and the column."""
KEPT = timedelta(hours=24)
"""How long a first answer is kept: a retry comes within minutes; after a day the same key
is a new request (and the retention job removes the old row)."""
MALFORMED = (
    "Een Idempotency-Key bestaat uit 1 tot 255 zichtbare ASCII-tekens (geen spaties), "
    "bijvoorbeeld een UUID."
)


class KeyReused(exceptions.APIException):
    """The same key with another request: a mistake of the client, never a retry."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = (
        "Deze Idempotency-Key is de afgelopen 24 uur al gebruikt voor een verzoek met een "
        "andere inhoud. Een herhaling stuurt precies dezelfde inhoud mee; gebruik voor elke "
        "nieuwe melding een nieuwe sleutel."
    )
    default_code = "idempotency_key_reused"


@dataclass(frozen=True)
class Answer:
    report: Report
    status_code: int
    replayed: bool


def requested_key(request: Request) -> str | None:
    """The header's key, None without one; a malformed key is refused (400)."""
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not KEY.match(key):
        raise exceptions.ValidationError({HEADER: [MALFORMED]})
    return key


def fingerprint(route: str, data: Any) -> str:
    """The request as its route and JSON content, whatever the order of its fields or its
    white space (ASCII escapes: a lone surrogate is hashed, not an error)."""
    canonical = json.dumps([route, data], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def expired(now: datetime) -> QuerySet[IdempotencyKey]:
    return IdempotencyKey.objects.filter(created_at__lt=now - KEPT)


def _kept(user: User, key: str) -> IdempotencyKey | None:
    return (
        IdempotencyKey.objects.select_related("report__school")
        .filter(user=user, key=key, created_at__gte=timezone.now() - KEPT)
        .first()
    )


def _replay(kept: IdempotencyKey, digest: str) -> Answer:
    if kept.request_hash != digest:
        raise KeyReused
    return Answer(kept.report, kept.status_code, replayed=True)


def once(user: User, key: str, route: str, data: Any, create: Callable[[], Report]) -> Answer:
    """`create()` once per key and account: the first request creates, in one transaction
    with the key; a retry gets the first answer; another request with the key is refused.

    Two requests with the same key at the same time: both find no key, the second one's
    insert waits on the unique constraint until the first commits, then fails, and the
    second answers from what the first committed. A refusal in `create()` rolls back the
    key with everything else."""
    digest = fingerprint(route, data)
    kept = _kept(user, key)
    if kept is not None:
        return _replay(kept, digest)
    try:
        with transaction.atomic():
            # Only an expired row: one that a concurrent request committed since we looked
            # must stop this insert (the constraint), not be replaced by it.
            expired(timezone.now()).filter(user=user, key=key).delete()
            claim = IdempotencyKey.objects.create(
                user=user, key=key, request_hash=digest, status_code=status.HTTP_201_CREATED
            )
            report = create()
            claim.report = report
            claim.save(update_fields=["report"])
    except IntegrityError:
        kept = _kept(user, key)
        if kept is None:
            raise  # not the key's constraint: a real error
        return _replay(kept, digest)
    return Answer(report, claim.status_code, replayed=False)
