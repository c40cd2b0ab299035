"""The one audit helper: every read or change of a person's data goes through here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from datetime import datetime

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse

from doorstroom.accounts.client_address import client_address
from doorstroom.accounts.models import AuditAction, AuditEvent, AuditPurgePermit, User

_address: ContextVar[str | None] = ContextVar("audit_client_address", default=None)
"""The client address of the request being handled (`RequestAddressMiddleware`)."""


class RequestAddressMiddleware:
    """While a request is handled, every audit row gets its client's address, also one that
    a service writes without seeing the request (a case's step, a signal taken up, the
    API's meldingen: `record_for`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _address.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            _address.reset(token)


def _route(request: HttpRequest) -> str:
    match = request.resolver_match
    return match.view_name if match else request.path[:200]


READS = frozenset({AuditAction.VIEW, AuditAction.SEARCH, AuditAction.EXPORT})
"""The actions that only show data: what a HEAD request, answered without a body, never does."""


def record(
    request: HttpRequest,
    action: AuditAction,
    *,
    person_ids: Iterable[int] = (),
    reason: str,
) -> None:
    """One audit row per person concerned (one insert for all), or one row without a person.
    A HEAD writes no read: its answer has no body, so it showed nobody's data; the view still
    checked access, so it answers as its GET would (403, 404), and the GET is logged."""
    if request.method == "HEAD" and action in READS:
        return
    user = request.user if isinstance(request.user, User) else None
    record_for(
        user,
        action,
        person_ids=person_ids,
        route=_route(request),
        reason=reason,
        ip_address=client_address(request),
    )


def record_for(
    user: User | None,
    action: AuditAction,
    *,
    person_ids: Iterable[int] = (),
    route: str,
    reason: str,
    ip_address: str | None = None,
) -> None:
    """The same, outside a request: a service, a command or a background import."""
    common = {
        "user": user,
        "username": user.get_username() if user else "",
        "action": action,
        "route": route[:200],
        "reason": reason[:300],
        "ip_address": ip_address or _address.get(),
    }
    ids = list(person_ids)
    if ids:
        AuditEvent.objects.bulk_create(AuditEvent(person_id=pk, **common) for pk in ids)
    else:
        AuditEvent.objects.create(**common)


def record_login(
    request: HttpRequest | None, user: User | None, action: AuditAction, username: str
) -> None:
    """Log-ins, failed log-ins and log-outs (AVG art. 32: who had access, and who tried)."""
    AuditEvent.objects.create(
        user=user,
        username=username[:150],
        action=action,
        route=_route(request) if request is not None else "",
        ip_address=client_address(request) if request is not None else None,
    )


PURGE = (
    "DELETE FROM accounts_auditevent WHERE id IN "
    "(SELECT id FROM accounts_auditevent WHERE at < %s ORDER BY id LIMIT %s)"
)


def purge_before(
    cutoff: datetime,
    *,
    dry_run: bool = False,
    batch: int = 10_000,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Delete the audit rows written before `cutoff` (the retention job only), a batch per
    transaction; the append-only triggers let these through for as long as the permit
    exists, and nothing else."""
    old = AuditEvent.objects.filter(at__lt=cutoff)
    total = old.count()
    if dry_run or not total:
        return total
    done = 0
    while True:
        with transaction.atomic():
            permit = AuditPurgePermit.objects.create(cutoff=cutoff)
            with connection.cursor() as cursor:
                cursor.execute(PURGE, [connection.ops.adapt_datetimefield_value(cutoff), batch])
                deleted = cursor.rowcount
            permit.delete()
        done += deleted
        if progress:
            progress(done, total)
        if deleted < batch:
            return done


def refresh_statistics() -> None:
    """Fresh planner statistics of the audit table (nightly, by the retention job). Without
    them SQLite answers the logboek's newest page of a trail of millions by sorting all of
    them (19 s in BENCHMARKS.md) instead of reading the index on the time (20 ms)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE accounts_auditevent")
