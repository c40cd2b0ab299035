"""The error page of views.py for a request that Django will not read: more form data than
DATA_UPLOAD_MAX_MEMORY_SIZE (413), too many fields or another host (400). The 405 page is
tested with its middleware (test_middleware.py)."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.roles import Role
from doorstroom.deliveries.models import Report

pytestmark = pytest.mark.django_db

TWELVE_MB = "x" * 12_000_000


@pytest.fixture
def partner(make_user):
    """A school's account with its CSRF cookie, as a browser has it after opening a page."""
    client = Client(enforce_csrf_checks=True)
    log_in_verified(client, make_user(Role.PARTNER))
    client.get(reverse("reports:new"))
    client.token = client.cookies["csrftoken"].value
    return client


def melding(client, **fields) -> dict:
    return {"csrfmiddlewaretoken": client.token, "surname": "Jansen", **fields}


def assert_dutch_page(response, status, heading) -> str:
    assert response.status_code == status
    content = response.content.decode()
    assert f'<h1 class="utrecht-heading-1">{heading}</h1>' in content
    assert 'lang="nl"' in content and "Naar de inhoud" in content  # the site's own layout
    return content


@pytest.mark.parametrize("encoding", ["multipart", "urlencoded"])
def test_a_form_over_the_limit_is_a_dutch_413_page_naming_it_and_stores_nothing(partner, encoding):
    """12 MB of form fields, as a hostile test sent: Django's own English 400 before."""
    fields = melding(partner, explanation=TWELVE_MB)
    if encoding == "multipart":
        response = partner.post(reverse("reports:new"), fields)
    else:
        response = partner.generic(
            "POST", reverse("reports:new"), urlencode(fields), "application/x-www-form-urlencoded"
        )
    content = assert_dutch_page(response, 413, "Formulier te groot")
    assert "ten hoogste 2,5\xa0MB aan ingevulde tekst" in content
    assert "Er is niets opgeslagen." in content
    assert "no-store" in response["Cache-Control"]
    assert not Report.objects.exists()


def test_a_form_with_too_many_fields_is_a_dutch_400_page(partner):
    body = urlencode(melding(partner)) + "&" + "&".join(f"veld{i}=1" for i in range(1001))
    response = partner.generic(
        "POST", reverse("reports:new"), body, "application/x-www-form-urlencoded"
    )
    content = assert_dutch_page(response, 400, "Verzoek niet te verwerken")
    assert "Er is niets opgeslagen." in content
    assert not Report.objects.exists()


def test_a_request_for_another_host_is_the_dutch_400_page():
    response = Client().get("/inloggen/", HTTP_HOST="doorstroom.example.org")
    assert_dutch_page(response, 400, "Verzoek niet te verwerken")
