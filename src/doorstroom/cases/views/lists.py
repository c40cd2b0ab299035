"""Case lists: 'my cases' with what is due today and overdue, a coach's caseload for the
coordinator, and the coordinator's view of every coach. Each page is a fixed number of
queries whatever the number of cases (the due date is kept on the case, indexed)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from doorstroom import dates
from doorstroom.accounts import access
from doorstroom.accounts.audit import record
from doorstroom.accounts.models import AuditAction, User
from doorstroom.accounts.roles import Action
from doorstroom.cases.choices import CaseState
from doorstroom.cases.models import Case
from doorstroom.cases.workflow import OPEN_STATES
from doorstroom.people.choices import Desk
from doorstroom.routes import methods

PAGE_SIZE = 25
NOBODY = "niemand"
SHOWS = {
    "te_doen": "vandaag en te laat",
    "open": "alle open dossiers",
    "afgesloten": "afgesloten dossiers",
}


@methods("GET")
def my_cases(request: HttpRequest) -> HttpResponse:
    """A caseworker's own cases, what is due first; the coordinator (and at the leerplicht
    desk every leerplichtambtenaar) may open any colleague's list with ?begeleider=."""
    user = request.user
    if not access.can(user, Action.WORK_CASES):
        raise PermissionDenied
    today = dates.today()
    may_see_others = access.can(user, Action.VIEW_CASELOADS)
    wanted = request.GET.get("begeleider", "") if may_see_others else ""
    colleagues = _colleagues(user) if may_see_others else []
    owner: User | None = user
    cases = access.cases_visible_to(user)
    if wanted == NOBODY:
        owner, cases = None, cases.filter(coach__isnull=True)
    elif wanted.isascii() and wanted.isdigit() and int(wanted) in {c.pk for c in colleagues}:
        owner = next(c for c in colleagues if c.pk == int(wanted))
        cases = cases.filter(coach=owner)
    else:
        cases = cases.filter(coach=user)
    show = request.GET.get("toon", "te_doen")
    show = show if show in SHOWS else "te_doen"
    if show == "te_doen":
        cases = cases.due_by(today).order_by("next_due_on", "id")
    elif show == "open":
        cases = cases.open().order_by(F("next_due_on").asc(nulls_last=True), "id")
    else:
        cases = cases.filter(state=CaseState.CLOSED).order_by("-closed_on", "-id")
    ordered = cases.values_list("pk", flat=True)
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("pagina"))
    shown = Case.objects.filter(pk__in=list(page.object_list)).for_list().in_bulk()
    page.object_list = [shown[pk] for pk in page.object_list]
    record(
        request, AuditAction.SEARCH, person_ids=[c.person_id for c in page], reason="dossierlijst"
    )
    query = "&".join(f"{k}={v}" for k, v in (("begeleider", wanted), ("toon", show)) if v)
    return render(
        request,
        "cases/my_cases.html",
        {
            "page": page,
            "today": today,
            "owner": owner,
            "is_own": owner == user,
            "nobody": wanted == NOBODY,
            "wanted": wanted,
            "colleagues": colleagues,
            "show": show,
            "shows": SHOWS,
            "show_label": SHOWS[show],
            "query": query,
        },
    )


def _colleagues(user: User) -> list[User]:
    """Everyone of the region who works one of the user's desks."""
    people: dict[int, User] = {}
    for desk in Desk:
        if desk in access.desks_of(user):
            people.update({u.pk: u for u in access.assignable_users(user, desk)})
    return sorted(people.values(), key=lambda u: (u.get_full_name(), u.username))


@methods("GET")
def caseloads(request: HttpRequest) -> HttpResponse:
    """Every coach's caseload with its due and overdue work, and the unassigned cases: one
    grouped count for the whole region."""
    user = request.user
    if not access.can(user, Action.VIEW_CASELOADS):
        raise PermissionDenied
    today = dates.today()
    counts = {
        row["coach_id"]: row
        for row in access.cases_visible_to(user)
        .filter(state__in=OPEN_STATES)
        .values("coach_id")
        .annotate(
            open=Count("id"),
            due_today=Count("id", filter=Q(next_due_on=today)),
            overdue=Count("id", filter=Q(next_due_on__lt=today)),
            aftercare=Count("id", filter=Q(state=CaseState.AFTERCARE)),
        )
        .order_by()
    }
    empty = {"open": 0, "due_today": 0, "overdue": 0, "aftercare": 0}
    rows = [(coach, counts.get(coach.pk, empty)) for coach in _colleagues(user)]
    return render(
        request,
        "cases/caseloads.html",
        {"rows": rows, "unassigned": counts.get(None, empty), "today": today},
    )
