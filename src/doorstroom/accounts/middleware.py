"""Two checks on every request of a logged-in user: the second step, and the idle timeout."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from doorstroom.accounts import two_factor
from doorstroom.accounts.models import AuditAction

LAST_ACTIVITY = "doorstroom_last_activity"
ACTIVITY_STEP = 60
"""The last activity is written at most once a minute: a page view then writes the session
only now and then (on SQLite every write waits for the one writer), and the idle timeout,
counted in minutes, stays right to the minute."""


class TwoFactorRequiredMiddleware:
    """Until the second step is passed, every page but log-in, log-out and the steps
    themselves sends the user to the step (after django_otp's OTPMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if getattr(view, "two_factor_exempt", False) or not request.user.is_authenticated:
            return None
        if two_factor.is_passed(request):
            return None
        return redirect_to_login(request.get_full_path(), reverse("accounts:verify"))


def idle_minutes(user: Any) -> int:
    """The region's idle timeout, never longer than the installation's ceiling."""
    ceiling = settings.SESSION_IDLE_MINUTES
    region = getattr(user, "region", None)
    return min(ceiling, region.session_idle_minutes) if region is not None else ceiling


class IdleTimeoutMiddleware:
    """Log out a user who did nothing for longer than their region allows (issue 5)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            minutes = idle_minutes(request.user)
            last = request.session.get(LAST_ACTIVITY)
            if last is not None and now - last > minutes * 60:
                request.logout_action = AuditAction.SESSION_EXPIRED
                logout(request)
                messages.info(
                    request,
                    f"U bent uitgelogd omdat u {minutes} minuten niets hebt gedaan. "
                    "Log opnieuw in om verder te gaan.",
                )
                return redirect_to_login(request.get_full_path())
            if last is None or now - last >= ACTIVITY_STEP:
                request.session[LAST_ACTIVITY] = int(now)
        return self.get_response(request)
