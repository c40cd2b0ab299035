"""The second log-in step: a time-based code (TOTP, RFC 6238) from an authenticator app.

django-otp keeps the devices and checks the codes (with throttling and replay protection);
this module only decides the steps: enrol a device once, then verify a code after every
password log-in. access.needs_two_factor decides who must.
"""

from __future__ import annotations

import time
from base64 import b32encode
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from doorstroom.accounts.access import may_reset_two_factor, needs_two_factor
from doorstroom.accounts.audit import record
from doorstroom.accounts.models import AuditAction, User

DEVICE_NAME = "Authenticator-app"
OIDC_BACKEND = "doorstroom.accounts.oidc.DoorstroomOIDCBackend"


def two_factor_exempt(view: Callable) -> Callable:
    """Mark a view that a session may reach before the second step (log-in, log-out, the
    steps themselves); TwoFactorRequiredMiddleware sends every other request to the step."""
    view.two_factor_exempt = True
    return view


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def device_to_enrol(user: User, *, new_secret: bool) -> TOTPDevice:
    """The one unconfirmed device of a user who has none confirmed yet. Each time the page is
    shown it gets a new secret, so a secret seen earlier by someone else never gets linked."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    if new_secret:
        device.key = default_key()
        device.save(update_fields=["key"])
    return device


def reset_devices(request: HttpRequest, target: User) -> bool:
    """A lost authenticator app: delete the user's devices, so that the next log-in enrols a
    new app (and a session that passed the step with the old one must pass it again), and log
    who did it. False, and nothing changed, for a user the beheerder may not reset."""
    if not may_reset_two_factor(request.user, target):
        return False
    deleted, _ = TOTPDevice.objects.filter(user=target).delete()
    record(
        request,
        AuditAction.TWO_FACTOR_RESET,
        reason=f"authenticator-app van {target.get_username()} losgekoppeld "
        f"({deleted} apparaat/apparaten); opnieuw koppelen bij de volgende keer inloggen",
    )
    return True


def is_passed(request: HttpRequest) -> bool:
    """True when this session needs no second step, or has passed it."""
    user = request.user
    if not needs_two_factor(user) or user.is_verified():
        return True
    # An identity provider that enforces MFA itself stands in for our second step (a setting
    # the installation sets only after checking the provider's policy; docs/security.md).
    return settings.OIDC_IDP_ENFORCES_MFA and request.session.get(BACKEND_SESSION_KEY) == (
        OIDC_BACKEND
    )


def check_code(request: HttpRequest, device: TOTPDevice, code: str) -> bool:
    """Check a code against the device; on success the session counts as verified."""
    if not device.verify_token(code.strip().replace(" ", "")):
        return False
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return True


def retry_after_seconds(device: TOTPDevice) -> int:
    """Seconds until the device accepts another code after failures (django-otp's backoff)."""
    allowed, data = device.verify_is_allowed()
    if allowed or not data or "locked_until" not in data:
        return 0
    return max(1, int((data["locked_until"] - timezone.now()).total_seconds()) + 1)


def secret_in_groups(device: TOTPDevice) -> str:
    """The secret as an app asks for it when typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// link as an inline SVG image (no request elsewhere, no inline style)."""
    # Here, not at the top: qrcode (and the PIL it loads) cost every process ~20 ms at start.
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage)
    svg = image.to_string(encoding="unicode")
    svg = svg[svg.index("<svg") :].replace(
        "<svg ",
        '<svg role="img" aria-label="QR-code om Doorstroom aan uw authenticator-app toe te '
        'voegen" class="doorstroom-qr" ',
        1,
    )
    # qrcode writes only path data and fixed attributes; nothing of the user reaches the SVG
    # but the otpauth URL, encoded as black and white modules.
    return mark_safe(svg)  # noqa: S308  # nosec B308 B703


def demo_code(device: TOTPDevice) -> str:
    """The code the demo device accepts now; shown only with DOORSTROOM_ENV=demo."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:  # the current code was used: the next one is accepted too
        totp.time += device.step
    return f"{totp.token():0{device.digits}d}"


def demo_hint(device: TOTPDevice | None) -> str:
    """Never outside the demo: there the code is a second factor, not a hint."""
    if settings.ENVIRONMENT != "demo" or device is None:
        return ""
    return demo_code(device)
