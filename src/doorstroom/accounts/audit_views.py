"""The privacyfunctionaris' pages: search the audit log of the region, and export it as CSV.

Read-only by design: there is no page, form or route that changes or removes an audit row.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from doorstroom.accounts import access
from doorstroom.accounts.audit import record
from doorstroom.accounts.audit_forms import AuditSearchForm, person_label, persons_by_id
from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.accounts.pages import page_name
from doorstroom.accounts.roles import Action
from doorstroom.csvfiles import SpreadsheetCsv
from doorstroom.deliveries.models import ImportRun
from doorstroom.numbers import thousands
from doorstroom.people.models import Person
from doorstroom.routes import methods

PAGE_SIZE = 25
COUNT_LIMIT = 10_000
EXPORT_LIMIT = 100_000
EXPORT_CHUNK = 2_000
EXPORT_HEADER = [
    "tijdstip",
    "gebruikersnaam",
    "handeling",
    "jongere",
    "pagina of functie",
    "route",
    "reden",
    "IP-adres",
]


class CappedPaginator(Paginator):
    """Counts no further than `cap` rows. On a trail of millions an exact count takes seconds
    (BENCHMARKS.md); the newest rows come from the index on the time, and nobody reads past
    page 400: a narrower filter finds the rest."""

    def __init__(self, object_list: QuerySet, per_page: int, cap: int) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        return self.object_list[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap


def _form(request: HttpRequest, data: object) -> AuditSearchForm:
    return AuditSearchForm(
        data,
        users=list(access.audit_users_of(request.user)),
        persons=access.audited_persons_of(request.user),
    )


def _from_query(request: HttpRequest) -> AuditSearchForm:
    """The filter from the query string; a BSN there is ignored, it belongs in a POST only."""
    data = request.GET.copy()
    data.pop("bsn", None)
    return _form(request, data)


@methods("GET", "POST")
@access.requires(Action.VIEW_AUDIT)
def log(request: HttpRequest) -> HttpResponse:
    """Search by POST, then show the results by GET with only codes in the URL."""
    if request.method == "POST":
        data = request.POST.copy()
        if "zonder_jongere" in data:
            data.pop("person", None)
        form = _form(request, data)
        if form.is_valid():
            query = form.query()
            return redirect(reverse("privacy:log") + (f"?{query}" if query else ""))
        person = form.cleaned_data.get("person")
        return render(
            request,
            "accounts/audit_log.html",
            {"form": form, "page": None, "person": person if isinstance(person, Person) else None},
        )

    form = _from_query(request)
    if not form.is_valid():
        return render(request, "accounts/audit_log.html", {"form": form, "page": None})
    events = form.apply(access.audit_events_visible_to(request.user)).select_related("user")
    page = CappedPaginator(events, PAGE_SIZE, COUNT_LIMIT).get_page(request.GET.get("pagina"))
    persons = persons_by_id({event.person_id for event in page})
    rows = [
        (event, person_label(event.person_id, persons), page_name(event.route)) for event in page
    ]
    person = form.cleaned_data["person"]
    record(
        request,
        AuditAction.SEARCH,
        person_ids=[person.pk] if person else [],
        reason=f"logboek doorzocht ({form.describe()})",
    )
    deliveries = (
        ImportRun.objects.of_the_area(person.municipality.region_id)
        .that_changed(person.pk)
        .select_related("user")
        .order_by("-created_at")
        if person
        else []
    )
    return render(
        request,
        "accounts/audit_log.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": form.query(),
            "person": person,
            "deliveries": deliveries,
        },
    )


@methods("GET", head=False)
@access.requires(Action.VIEW_AUDIT)
def export(request: HttpRequest) -> HttpResponse:
    """The current filter as CSV for Excel (';', UTF-8 with BOM), streamed in chunks."""
    form = _from_query(request)
    back = reverse("privacy:log") + (f"?{request.GET.urlencode()}" if request.GET else "")
    if not form.is_valid():
        messages.error(request, "Het filter klopt niet; verbeter het en exporteer opnieuw.")
        return redirect(back)
    events = form.apply(access.audit_events_visible_to(request.user))
    if events[: EXPORT_LIMIT + 1].count() > EXPORT_LIMIT:
        messages.error(
            request,
            f"Er vallen meer dan {thousands(EXPORT_LIMIT)} regels onder dit filter; een export "
            f"heeft er hoogstens {thousands(EXPORT_LIMIT)}. Kies een kortere periode of een "
            "smaller filter.",
        )
        return redirect(back)
    person = form.cleaned_data["person"]
    record(
        request,
        AuditAction.EXPORT,
        person_ids=[person.pk] if person else [],
        reason=f"logboek geëxporteerd ({form.describe()})",
    )
    response = StreamingHttpResponse(_csv_lines(events), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="logboek-{stamp}.csv"'
    return response


def _csv_lines(events: QuerySet[AuditEvent]) -> Iterator[str]:
    csv = SpreadsheetCsv()
    yield "\ufeff" + csv.row(EXPORT_HEADER)
    rows = events.values_list(
        "at", "username", "action", "person_id", "route", "reason", "ip_address"
    ).iterator(chunk_size=EXPORT_CHUNK)
    actions = dict(AuditAction.choices)
    while chunk := list(islice(rows, EXPORT_CHUNK)):
        persons = persons_by_id({row[3] for row in chunk})
        for at, username, action, person_id, route, reason, ip_address in chunk:
            cells = (
                timezone.localtime(at).strftime("%d-%m-%Y %H:%M:%S"),
                username,
                actions.get(action, action),
                person_label(person_id, persons),
                page_name(route),
                route,
                reason,
                ip_address,
            )
            yield csv.row(cells)
