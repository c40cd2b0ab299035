"""Web hardening that every page shares: the CSP, the cookies, CSRF and the upload limit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.factories import PASSWORD
from doorstroom.deliveries.forms import UploadForm

pytestmark = pytest.mark.django_db


def test_every_page_has_a_strict_content_security_policy(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_session_cookie_is_httponly_and_samesite(client, coach):
    response = client.post(reverse("login"), {"username": coach.username, "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_a_form_without_its_csrf_token_is_refused(coach):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("login"), {"username": coach.username, "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in strict.session


def test_an_upload_over_the_limit_is_refused_in_dutch(settings):
    settings.UPLOAD_MAX_MEGABYTES = 1
    upload = SimpleUploadedFile("doorstroom-C-RMC11-20261120.csv", b"x" * (1024 * 1024 + 1))
    form = UploadForm(data={}, files={"file": upload})
    assert not form.is_valid()
    assert "Het bestand is groter dan 1 MB" in form.errors["file"][0]
