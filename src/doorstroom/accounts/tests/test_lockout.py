"""Five wrong passwords for one username from one address lock it for 30 minutes (django-axes)."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from doorstroom.accounts.factories import PASSWORD
from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.accounts.roles import Role

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")


def attempt(client, username: str, password: str, ip: str = "192.0.2.10"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_wrong_passwords_lock_and_the_right_one_is_then_refused_in_dutch(client, make_user):
    coach = make_user(Role.COACH)
    for _ in range(4):
        assert attempt(client, coach.username, "verkeerd").status_code == 200
    locked = attempt(client, coach.username, "verkeerd")
    assert locked.status_code == 429
    response = attempt(client, coach.username, PASSWORD)
    assert response.status_code == 429
    content = response.content.decode()
    assert "Inloggen tijdelijk geblokkeerd" in content
    assert "de komende 30 minuten niet inloggen" in content
    assert "_auth_user_id" not in client.session


def test_failures_and_the_lock_out_are_in_the_audit_log(client, make_user):
    coach = make_user(Role.COACH)
    for _ in range(5):
        attempt(client, coach.username, "verkeerd")
    failed = AuditEvent.objects.filter(username=coach.username, action=AuditAction.LOGIN_FAILED)
    assert failed.count() == 5
    assert AuditEvent.objects.filter(
        username=coach.username, action=AuditAction.LOCKED_OUT
    ).exists()


def test_the_lock_is_per_username_and_address(client, make_user):
    coach, other = make_user(Role.COACH), make_user(Role.COACH)
    for _ in range(5):
        attempt(client, coach.username, "verkeerd")
    assert attempt(client, other.username, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    assert attempt(client, coach.username, PASSWORD, ip="192.0.2.99").status_code == 302


def test_a_successful_log_in_clears_earlier_failures(client, make_user):
    coach = make_user(Role.COACH)
    for _ in range(4):
        attempt(client, coach.username, "verkeerd")
    assert attempt(client, coach.username, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username=coach.username).exists()


def test_the_lock_out_keeps_no_password(client, make_user):
    coach = make_user(Role.COACH)
    for _ in range(5):
        attempt(client, coach.username, "geheim-verkeerd-wachtwoord")
    stored = " ".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert "geheim-verkeerd-wachtwoord" not in stored


def test_a_username_longer_than_any_account_is_refused_like_a_wrong_password(client, coach):
    """The lock-out store keeps 255 characters: a longer name is refused before it is tried
    (PostgreSQL gave a server error here)."""
    response = client.post(reverse("login"), {"username": "a" * 5000, "password": "x"})
    assert response.status_code == 200
    assert "De combinatie van gebruikersnaam en wachtwoord klopt niet." in response.content.decode()
    assert not AccessAttempt.objects.exists()
