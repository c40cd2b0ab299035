"""The key is the only way in: no key, a wrong, revoked or expired key, or a blocked account
is 401 in problem+json; a web session counts for nothing here; a key is kept hashed."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.exceptions import Throttled

from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.roles import Role
from doorstroom.api.models import UserAPIKey
from doorstroom.api.problems import exception_handler
from doorstroom.api.tests.conftest import MELDINGEN, client_with, key_for, post
from doorstroom.deliveries.models import Report
from doorstroom.signals.factories import ReportFactory

pytestmark = pytest.mark.django_db


def assert_refused_with_401(response) -> None:
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == "Api-Key"
    body = response.json()
    assert (body["status"], body["title"]) == (401, "Niet aangemeld")
    assert "beheerder" in body["detail"]


def test_without_a_key_the_api_answers_401_in_dutch():
    assert_refused_with_401(Client().get(MELDINGEN))


@pytest.mark.parametrize(
    "header",
    ["Api-Key", "Api-Key ", "Api-Key zonderpunt", "Api-Key abcdefgh.verkeerd", "Api-Key .x",
     "Bearer abc.def", "Api-Key " + "a" * 200, "Api-Key \x00.\x00"],
)  # fmt: skip
def test_a_wrong_or_malformed_key_is_401(school, header):
    key_for(school)
    assert_refused_with_401(Client(HTTP_AUTHORIZATION=header).get(MELDINGEN))


def test_the_right_prefix_with_a_wrong_secret_is_401(school):
    prefix = key_for(school).partition(".")[0]
    assert_refused_with_401(client_with(f"{prefix}.{'x' * 32}").get(MELDINGEN))


def test_a_revoked_key_stops_working(school):
    key = key_for(school)
    assert client_with(key).get(MELDINGEN).status_code == 200
    UserAPIKey.objects.update(revoked=True)
    assert_refused_with_401(client_with(key).get(MELDINGEN))


def test_an_expired_key_stops_working(school):
    key = key_for(school, expiry_date=timezone.now() - timedelta(minutes=1))
    assert_refused_with_401(client_with(key).get(MELDINGEN))
    later = key_for(school, expiry_date=timezone.now() + timedelta(days=30))
    assert client_with(later).get(MELDINGEN).status_code == 200


def test_a_blocked_account_keeps_no_access_through_its_key(school):
    key = key_for(school)
    school.is_active = False
    school.save()
    assert_refused_with_401(client_with(key).get(MELDINGEN))


def test_an_account_that_lost_its_role_gets_403(school):
    key = key_for(school)
    school.groups.clear()
    response = client_with(key).get(MELDINGEN)
    assert response.status_code == 403
    assert response.json()["title"] == "Geen toegang"


def test_a_logged_in_web_session_does_not_open_the_api(client, school, melding):
    """No session authentication: a cookie (and so a forged cross-site request) gets nothing."""
    log_in_verified(client, school)
    assert_refused_with_401(client.get(MELDINGEN))
    assert_refused_with_401(post(client, melding()))
    assert not Report.objects.exists()


def test_the_key_is_kept_only_as_a_hash(school):
    key = key_for(school)
    stored = UserAPIKey.objects.get()
    secret = key.partition(".")[2]
    assert stored.hashed_key.startswith("sha512$$") and secret not in stored.hashed_key
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_userapikey")
        assert secret not in repr(cursor.fetchall())


def test_a_key_acts_as_its_own_account_only(school, make_user):
    other = make_user(Role.PARTNER)
    ReportFactory(reported_by=other)
    mine, theirs = client_with(key_for(school)), client_with(key_for(other))
    assert (mine.get(MELDINGEN).json()["aantal"], theirs.get(MELDINGEN).json()["aantal"]) == (0, 1)


def test_each_key_is_throttled_on_its_own(school, make_user, settings):
    settings.API_THROTTLE_RATE = "3/min"
    busy, calm = client_with(key_for(school)), client_with(key_for(make_user(Role.PARTNER)))
    for _ in range(3):
        assert busy.get(MELDINGEN).status_code == 200
    refused = busy.get(MELDINGEN)
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["title"] == "Te veel verzoeken"
    assert "Probeer het over" in refused.json()["detail"]
    assert calm.get(MELDINGEN).status_code == 200


@pytest.mark.parametrize(("wait", "text"), [(1, "1 seconde"), (2, "2 seconden")])
def test_the_429_says_the_wait_in_good_dutch(wait, text):
    response = exception_handler(Throttled(wait=wait), {})
    assert response.data["detail"] == (
        f"Deze API-sleutel deed te veel verzoeken. Probeer het over {text} opnieuw."
    )
