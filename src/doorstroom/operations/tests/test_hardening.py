"""Web hardening that every page shares: the CSP, the cookies, CSRF, the upload checks, and\nno personal data in logs or on the error page."""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.factories import PASSWORD, log_in_verified
from doorstroom.accounts.roles import Role
from doorstroom.deliveries.forms import UploadForm, text_problem
from doorstroom.deliveries.models import ImportRun
from doorstroom.tests.console import console_output

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


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00" + b"x" * 100, "Excel- of zipbestand"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"x" * 100, "(oud) Excelbestand"),
        (b"%PDF-1.7\n" + b"x" * 100, "een pdf"),
        (b"record;bsn\n999990019;\x00\x00\x00", "binaire gegevens"),
        ("record;bsn\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_an_upload_that_is_no_csv_text_is_refused_before_it_is_stored(
    client, make_user, settings, tmp_path, content, message
):
    settings.DATA_DIR = tmp_path
    log_in_verified(client, make_user(Role.SUPPORT))
    upload = SimpleUploadedFile("doorstroom-C-RMC11-20261120.csv", content)
    response = client.post(reverse("deliveries:upload"), {"file": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportRun.objects.exists()
    assert not (tmp_path / "uploads").exists() or not any((tmp_path / "uploads").iterdir())


@pytest.mark.parametrize(
    "content",
    [
        "record;bsn;geslachtsnaam\npersoon;999990019;Çelik\n".encode(),
        "record;bsn;geslachtsnaam\npersoon;999990019;Çelik\n".encode("cp1252"),
        # A sample that ends inside a multibyte character is still UTF-8.
        b"record;bsn\n" + b"a" * (64 * 1024 - 12) + "é".encode(),
    ],
)
def test_csv_text_in_utf8_or_cp1252_passes_the_check(content):
    assert text_problem(content[: 64 * 1024]) is None


# Built at run time, so that the traceback's source lines do not show them.
BSN, NAME = "9999" + "90019", "Haver" + "kamp"


def test_a_logged_traceback_keeps_its_frames_but_not_the_personal_data_in_its_messages():
    def fail():
        try:
            raise ValueError(f"geen datum: {BSN} {NAME}")
        except ValueError as error:
            raise IntegrityError(f"Key (bsn)=({BSN}) already exists") from error

    def log():
        try:
            fail()
        except IntegrityError:
            logging.getLogger("doorstroom.test").exception("opslaan mislukt")

    written = console_output(log)
    assert "opslaan mislukt" in written
    assert "django.db.utils.IntegrityError" in written and "builtins.ValueError" in written
    assert "in fail" in written  # the frames are there
    assert BSN not in written and NAME not in written


def test_a_server_error_shows_and_logs_no_personal_data(client, coach, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError(f"weergave van {BSN} {NAME} mislukt")

    monkeypatch.setattr("doorstroom.views.render", broken)
    log_in_verified(client, coach)
    client.raise_request_exception = False
    written = console_output(lambda: setattr(client, "response", client.get(reverse("home"))))
    assert client.response.status_code == 500
    assert BSN not in client.response.content.decode()
    assert f"Interne fout (500): gebruiker {coach.pk}, GET /\n" in written
    assert "RuntimeError" in written
    assert BSN not in written and NAME not in written
