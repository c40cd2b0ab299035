"""Every answer is kept out of caches unless its view says otherwise, static files apart.
Over the route table of test_access.py, so that a new route is checked without being listed
here."""

import pytest
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.roles import Role
from doorstroom.accounts.tests.test_access import API_ROUTES, ROUTES, call_api, world
from doorstroom.api.models import UserAPIKey

pytestmark = pytest.mark.django_db


def allowed_role(allowed: set) -> Role | None:
    return min((role for role in allowed if role is not None), default=None)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_every_page_and_download_is_no_store(client, make_user, deventer, route):
    rule = ROUTES[route]
    user = make_user(allowed_role(rule.allowed))
    log_in_verified(client, user)
    response = getattr(client, rule.method)(rule.url(world(user, deventer)))
    assert response.status_code == rule.success
    assert "no-store" in response["Cache-Control"]


def test_a_page_without_its_own_rule_is_no_store_and_private(coach_client):
    assert coach_client.get(reverse("people:search"))["Cache-Control"] == "no-store, private"


@pytest.mark.parametrize("url", ["/inloggen/", "/bestaat-niet/", "/signalen/"])
def test_the_log_in_page_and_what_an_anonymous_visitor_gets_is_no_store(client, url):
    assert "no-store" in client.get(url)["Cache-Control"]


@pytest.mark.parametrize("step", ["accounts:verify", "accounts:enrol"])
def test_the_second_step_is_no_store(client, make_user, step):
    client.force_login(make_user(Role.COACH))  # the password only: the QR code and its secret
    response = client.get(reverse(step), follow=True)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(("route", "index"), [("api:meldingen", 0), ("api:melding", 0)])
def test_the_apis_answers_are_no_store(make_user, deventer, route, index):
    user = make_user(Role.PARTNER)
    _, key = UserAPIKey.objects.create_key(user=user, name="test")
    client = Client(HTTP_AUTHORIZATION=f"Api-Key {key}")
    response = call_api(client, API_ROUTES[route][index], world(user, deventer))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_static_files_keep_their_own_caching(client):
    response = client.get("/static/doorstroom/doorstroom.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
