"""The second log-in step: enrol an authenticator app once, then a code after each password."""

import re
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from doorstroom.accounts import two_factor
from doorstroom.accounts.access import needs_two_factor
from doorstroom.accounts.factories import PASSWORD, log_in_verified
from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.accounts.roles import Role
from doorstroom.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

LOGIN, VERIFY, ENROL = reverse("login"), reverse("accounts:verify"), reverse("accounts:enrol")


def code_for(device: TOTPDevice, later: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time += later
    return f"{totp.token():06d}"


def log_in_with_password(client, user) -> None:
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("role", "needed"),
    [
        (Role.COACH, True),
        (Role.COORDINATOR, True),
        (Role.SUPPORT, True),
        (Role.LEERPLICHT, True),
        (Role.PARTNER, True),
        (Role.PRIVACY, True),
        (Role.ADMIN, True),
        (Role.POLICY, False),
        (None, False),
    ],
)
def test_every_role_that_sees_persons_needs_the_second_step(make_user, role, needed):
    assert needs_two_factor(make_user(role)) is needed


def test_first_log_in_enrols_an_app_with_qr_code_and_typed_secret(client, make_user, deventer):
    coach = make_user(Role.COACH)
    person = PersonFactory(municipality=deventer)
    log_in_with_password(client, coach)
    page = reverse("people:detail", args=[person.public_id])
    response = client.get(page)
    assert response["Location"].startswith(VERIFY)
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0].startswith(ENROL)
    content = response.content.decode()
    device = TOTPDevice.objects.get(user=coach, confirmed=False)
    assert '<svg role="img" aria-label="QR-code' in content
    secret = re.search(r'id="geheime-sleutel">([A-Z2-7 ]+)<', content).group(1)
    assert b32decode(secret.replace(" ", "")) == device.bin_key
    assert 'autocomplete="one-time-code"' in content and 'inputmode="numeric"' in content

    response = client.post(ENROL, {"code": code_for(device), "next": page})
    assert response["Location"] == page
    assert client.get(page).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(user=coach, action=AuditAction.TWO_FACTOR_ENROLLED).exists()


def test_a_wrong_code_is_refused_in_dutch_and_audited(client, make_user):
    coach = make_user(Role.COACH)
    device = TOTPDevice.objects.create(user=coach, confirmed=True)
    log_in_with_password(client, coach)
    wrong = code_for(device, later=-3600)
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    assert "Deze code klopt niet of is verlopen" in response.content.decode()
    assert client.get(reverse("people:search"))["Location"].startswith(VERIFY)
    assert AuditEvent.objects.filter(user=coach, action=AuditAction.TWO_FACTOR_FAILED).exists()


def test_the_right_code_opens_the_person_pages_and_is_audited(client, make_user):
    coach = make_user(Role.COACH)
    device = TOTPDevice.objects.create(user=coach, confirmed=True)
    log_in_with_password(client, coach)
    key_before = client.session.session_key
    response = client.post(VERIFY, {"code": code_for(device)})
    assert response["Location"] == reverse("home")
    assert client.session.session_key != key_before
    assert client.get(reverse("people:search")).status_code == 200
    assert AuditEvent.objects.filter(user=coach, action=AuditAction.TWO_FACTOR_PASSED).exists()


def test_a_code_is_accepted_only_once(client, make_user):
    coach = make_user(Role.COACH)
    device = TOTPDevice.objects.create(user=coach, confirmed=True)
    code = code_for(device)
    log_in_with_password(client, coach)
    client.post(VERIFY, {"code": code})
    client.post(reverse("logout"))
    log_in_with_password(client, coach)
    assert client.post(VERIFY, {"code": code}).status_code == 200


def test_repeated_wrong_codes_are_slowed_down(client, make_user):
    coach = make_user(Role.COACH)
    device = TOTPDevice.objects.create(user=coach, confirmed=True)
    log_in_with_password(client, coach)
    client.post(VERIFY, {"code": code_for(device, later=-3600)})
    response = client.post(VERIFY, {"code": code_for(device)})
    assert "Te veel foute codes. Probeer het over" in response.content.decode()
    assert client.get(reverse("people:search"))["Location"].startswith(VERIFY)


@pytest.mark.parametrize(("wait", "text"), [(1, "1 seconde"), (30, "30 seconden")])
def test_the_wait_after_wrong_codes_is_said_in_good_dutch(
    client, make_user, monkeypatch, wait, text
):
    coach = make_user(Role.COACH)
    device = TOTPDevice.objects.create(user=coach, confirmed=True)
    log_in_with_password(client, coach)
    monkeypatch.setattr(two_factor, "retry_after_seconds", lambda device: wait)
    response = client.post(VERIFY, {"code": code_for(device)})
    assert f"Te veel foute codes. Probeer het over {text} opnieuw." in response.content.decode()


def test_a_password_alone_cannot_add_a_second_device(client, make_user):
    coach = make_user(Role.COACH)
    TOTPDevice.objects.create(user=coach, confirmed=True)
    log_in_with_password(client, coach)
    assert client.get(ENROL)["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=coach).count() == 1


def test_every_showing_of_the_enrolment_page_gives_a_new_secret(client, make_user):
    coach = make_user(Role.COACH)
    log_in_with_password(client, coach)
    client.get(ENROL)
    first = TOTPDevice.objects.get(user=coach).key
    client.get(ENROL)
    assert TOTPDevice.objects.get(user=coach).key != first


@pytest.mark.parametrize("code", ["12ab", "12345", "1234567", "\u00b2" * 6, "\u0663" * 6])
def test_a_code_must_be_six_digits(client, make_user, code):
    coach = make_user(Role.COACH)
    TOTPDevice.objects.create(user=coach, confirmed=True)
    log_in_with_password(client, coach)
    content = client.post(VERIFY, {"code": code}).content.decode()
    assert "Een code bestaat uit zes cijfers." in content


def test_a_role_without_persons_logs_in_with_the_password_alone(client, make_user):
    log_in_with_password(client, make_user(Role.POLICY))
    assert client.get(reverse("home")).status_code == 200
    assert client.get(VERIFY)["Location"] == reverse("home")


def test_the_steps_never_send_a_user_to_another_site(client, make_user):
    coach = make_user(Role.COACH)
    device = TOTPDevice.objects.create(user=coach, confirmed=True)
    log_in_with_password(client, coach)
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://kwaad.example/"})
    assert response["Location"] == reverse("home")


def test_log_out_works_before_the_second_step(client, make_user):
    log_in_with_password(client, make_user(Role.COACH))
    assert client.post(reverse("logout"))["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_the_test_helper_gives_a_verified_session(client, coach):
    log_in_verified(client, coach)
    assert client.get(reverse("people:search")).status_code == 200
