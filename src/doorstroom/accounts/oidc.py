"""Optional single sign-on through a municipality's OpenID Connect provider.

Off unless DOORSTROOM_OIDC_CLIENT_ID is set (settings.OIDC_ENABLED). The provider proves who
someone is; Doorstroom decides what they may do: a user is matched to an existing, active
account by one claim (username or e-mail), never created, because a functioneel beheerder
gives every account its region and role. The second step still applies unless
DOORSTROOM_OIDC_IDP_ENFORCES_MFA says the provider enforces MFA itself.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from doorstroom.accounts.audit import record_login
from doorstroom.accounts.models import AuditAction, User
from doorstroom.accounts.two_factor import two_factor_exempt

UNKNOWN_USER = (
    "Uw account bij {provider} hoort bij geen actieve gebruiker van Doorstroom. Vraag de "
    "functioneel beheerder van uw regio om een account; inloggen met een wachtwoord kan ook."
)

MATCH_FIELDS = {"preferred_username": "username__iexact", "email": "email__iexact"}
"""The claims an account may be matched on, and the field each is matched to."""


def users_matching(claims: dict[str, Any], claim: str) -> QuerySet[User]:
    """The active accounts whose username or e-mail equals the claim (case-insensitive)."""
    value = str(claims.get(claim) or "").strip()
    if not value or claim not in MATCH_FIELDS:
        return User.objects.none()
    return User.objects.filter(is_active=True, **{MATCH_FIELDS[claim]: value})


class DoorstroomOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, matching existing accounts only."""

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        return users_matching(claims, settings.OIDC_MATCH_CLAIM)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get(settings.OIDC_MATCH_CLAIM))

    def describe_user_by_claims(self, claims: dict[str, Any]) -> str:
        return "een onbekende gebruiker"  # never the claim itself: no personal data in logs

    def create_user(self, claims: dict[str, Any]) -> User:
        raise AssertionError("OIDC_CREATE_USER is uit: accounts worden nooit aangemaakt")

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict) -> User | None:
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is None and self.request is not None:
            messages.error(self.request, UNKNOWN_USER.format(provider=settings.OIDC_PROVIDER_NAME))
            record_login(self.request, None, AuditAction.LOGIN_FAILED, "(eenmalige aanmelding)")
        return user

    def get_user(self, user_id: Any) -> User | None:
        user = User.objects.select_related("region").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


def _only_when_enabled(view_class: type) -> Any:
    view = view_class.as_view()

    @wraps(view)  # its view_class: the methods it takes (routes.allowed_methods)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404("Eenmalig inloggen is niet ingesteld.")
        return view(request, *args, **kwargs)

    return login_not_required(two_factor_exempt(wrapper))


start = _only_when_enabled(OIDCAuthenticationRequestView)
callback = _only_when_enabled(OIDCAuthenticationCallbackView)
