"""The navigation every page shows, by what the user may do."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from doorstroom.accounts import two_factor
from doorstroom.accounts.access import can
from doorstroom.accounts.roles import Action


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)  # absent when a request failed before the middleware
    oidc = {"oidc_provider": settings.OIDC_PROVIDER_NAME if settings.OIDC_ENABLED else ""}
    if user is not None and user.is_authenticated and not two_factor.is_passed(request):
        # Before the second step every page but its own sends the user back to it: a menu
        # there would be links that lead nowhere.
        return {**oidc, "nav_items": []}
    items = [("Start", reverse("home"))]
    if can(user, Action.SEARCH_PERSONS):
        items.append(("Jongeren zoeken", reverse("people:search")))
    if can(user, Action.VIEW_QUEUE):
        items.append(("Werkvoorraad", reverse("signals:queue")))
    if can(user, Action.WORK_CASES):
        items.append(("Mijn dossiers", reverse("cases:mine")))
    if can(user, Action.VIEW_CASELOADS):
        items.append(("Caseloads", reverse("cases:caseloads")))
    if can(user, Action.EXPORT_REPORT_STATUS):
        items.append(("Terugmelding DUO", reverse("cases:report_status")))
    if can(user, Action.REPORT_PERSON):
        items.append(("Meldingen", reverse("reports:list")))
    if can(user, Action.VIEW_SHARED):
        items.append(("Gedeeld met ons", reverse("partners:shared")))
    if can(user, Action.VIEW_DELIVERIES):
        items.append(("Leveringen", reverse("deliveries:runs")))
    if can(user, Action.VIEW_AUDIT):
        items.append(("Logboek", reverse("privacy:log")))
    if can(user, Action.VIEW_RETENTION):
        items.append(("Bewaartermijnen", reverse("retention:runs")))
    if getattr(user, "is_active", False) and getattr(user, "is_staff", False):
        # Whom Django's admin lets in (AdminSite.has_permission): the beheerder's main work
        # (users, reference data, API keys), which no other page links to.
        items.append(("Beheer", reverse("admin:index")))
    current = request.path
    # The longest address that the page lies under is the current item (/dossiers/caseloads/
    # is Caseloads, not Mijn dossiers).
    under = [url for _, url in items if url == current or (url != "/" and current.startswith(url))]
    best = max(under, key=len, default=None)
    return {
        **oidc,
        "nav_items": [{"label": label, "url": url, "current": url == best} for label, url in items],
    }
