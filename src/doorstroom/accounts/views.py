"""The second log-in step: enrol an authenticator app once, then enter its code each log-in."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_totp.models import TOTPDevice

from doorstroom.accounts import two_factor
from doorstroom.accounts.audit import record_login
from doorstroom.accounts.forms import CodeForm
from doorstroom.accounts.models import AuditAction
from doorstroom.accounts.two_factor import two_factor_exempt
from doorstroom.routes import methods


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    url = reverse(name)
    return f"{url}?{urlencode({'next': target})}" if target else url


def _try_code(request: HttpRequest, device: TOTPDevice, form: CodeForm, success: AuditAction):
    """Check the posted code; audit the outcome; the response on success, else None."""
    user = request.user
    wait = two_factor.retry_after_seconds(device)
    if wait:
        form.add_error(
            "code",
            f"Te veel foute codes. Probeer het over {wait} seconde{pluralize(wait, 'n')} opnieuw.",
        )
    elif two_factor.check_code(request, device, form.cleaned_data["code"]):
        request.session.cycle_key()  # a new session id for the raised level of trust
        record_login(request, user, success, user.get_username())
        return redirect(_next_url(request))
    else:
        form.add_error(
            "code", "Deze code klopt niet of is verlopen. Vul de code in die de app nu toont."
        )
    record_login(request, user, AuditAction.TWO_FACTOR_FAILED, user.get_username())
    return None


@methods("GET", "POST")
@two_factor_exempt
def verify(request: HttpRequest) -> HttpResponse:
    if two_factor.is_passed(request):
        return redirect(_next_url(request))
    device = two_factor.confirmed_device(request.user)
    if device is None:
        return redirect(_with_next("accounts:enrol", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _try_code(request, device, form, AuditAction.TWO_FACTOR_PASSED)
        if done:
            return done
    context = {"form": form, "next": _next_url(request), "demo_code": two_factor.demo_hint(device)}
    return render(request, "accounts/verify.html", context)


@methods("GET", "POST")
@two_factor_exempt
def enrol(request: HttpRequest) -> HttpResponse:
    """Only for a user without a confirmed device: a password alone never adds a second one."""
    if two_factor.is_passed(request) or two_factor.confirmed_device(request.user):
        return redirect(_with_next("accounts:verify", request))
    device = two_factor.device_to_enrol(request.user, new_secret=request.method == "GET")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _try_code(request, device, form, AuditAction.TWO_FACTOR_ENROLLED)
        if done:
            return done
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_code": two_factor.qr_code_svg(device),
        "secret": two_factor.secret_in_groups(device),
    }
    return render(request, "accounts/enrol.html", context)


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' answer to a log-in while locked out: a Dutch page, status 429."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)
