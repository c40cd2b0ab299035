"""Single sign-on matches existing accounts by one claim, never creates one, and is off by
default. No network: the backend's matching is tested on claims as a provider sends them."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.urls import reverse

from doorstroom.accounts.models import AuditAction, AuditEvent, User
from doorstroom.accounts.oidc import DoorstroomOIDCBackend, users_matching
from doorstroom.accounts.roles import Role
from doorstroom.accounts.two_factor import OIDC_BACKEND

pytestmark = pytest.mark.django_db

OIDC_SETTINGS = {
    "OIDC_ENABLED": True,
    "OIDC_RP_CLIENT_ID": "doorstroom",
    "OIDC_RP_CLIENT_SECRET": "geheim",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example/auth",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.example/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://idp.example/jwks",
    "OIDC_PROVIDER_NAME": "Gemeente Deventer",
}


@pytest.fixture
def oidc(settings):
    for name, value in OIDC_SETTINGS.items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, OIDC_BACKEND]
    return settings


def backend_for(claims: dict, request=None) -> DoorstroomOIDCBackend:
    backend = DoorstroomOIDCBackend()
    backend.request = request
    backend.get_userinfo = lambda access_token, id_token, payload: claims
    return backend


def request_with_messages():
    request = RequestFactory().get("/inloggen/sso/terug/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_a_user_is_matched_by_username_claim_case_insensitively(oidc, make_user):
    coach = make_user(Role.COACH, username="c.jansen")
    user = backend_for({"preferred_username": "C.Jansen"}).get_or_create_user("a", "i", {})
    assert user == coach


def test_a_user_is_matched_by_email_claim_when_so_configured(oidc, make_user):
    oidc.OIDC_MATCH_CLAIM = "email"
    coach = make_user(Role.COACH, email="c.jansen@deventer.nl")
    user = backend_for({"email": "C.Jansen@Deventer.nl"}).get_or_create_user("a", "i", {})
    assert user == coach


def test_an_unknown_user_is_refused_in_dutch_and_no_account_is_made(oidc):
    request = request_with_messages()
    before = User.objects.count()
    backend = backend_for({"preferred_username": "onbekend"}, request)
    assert backend.get_or_create_user("a", "i", {}) is None
    assert User.objects.count() == before
    [message] = [str(m) for m in get_messages(request)]
    assert message.startswith("Uw account bij Gemeente Deventer hoort bij geen actieve gebruiker")
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).exists()


def test_an_inactive_account_is_not_matched(oidc, make_user):
    make_user(Role.COACH, username="weg", is_active=False)
    assert not users_matching({"preferred_username": "weg"}, "preferred_username").exists()


def test_claims_without_the_match_claim_are_refused(oidc):
    backend = backend_for({"email": "x@example.org"})
    assert backend.verify_claims({"email": "x@example.org"}) is False


def test_sso_is_off_by_default(client):
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404
    assert "Inloggen via" not in client.get(reverse("login")).content.decode()


def test_when_on_the_log_in_page_offers_it_and_the_start_goes_to_the_provider(oidc, client):
    assert "Inloggen via Gemeente Deventer" in client.get(reverse("login")).content.decode()
    response = client.get(reverse("oidc_authentication_init"))
    assert response.status_code == 302
    assert response["Location"].startswith("https://idp.example/auth?")
    assert "code_challenge=" in response["Location"]


def test_sso_users_still_need_the_second_step_unless_the_provider_enforces_mfa(
    oidc, client, make_user
):
    coach = make_user(Role.COACH)
    client.force_login(coach, backend=OIDC_BACKEND)
    search = reverse("people:search")
    assert client.get(search)["Location"].startswith(reverse("accounts:verify"))
    oidc.OIDC_IDP_ENFORCES_MFA = True
    assert client.get(search).status_code == 200
