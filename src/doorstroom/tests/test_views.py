"""The error page of views.py for a request that Django will not read: more form data than
DATA_UPLOAD_MAX_MEMORY_SIZE (413), too many fields or another host (400). The 405 page is
tested with its middleware (test_middleware.py). And every page's form that posts names its
address, so that no fragment goes along to the page after it."""

import re
from pathlib import Path
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


TEMPLATE_DIRS = sorted(Path(__file__).parents[1].glob("**/templates"))
POST_FORM = re.compile(r"<form\b[^>]*\bmethod=\"post\"[^>]*>")


def test_every_form_that_posts_names_its_address_so_no_fragment_goes_along():
    """Without JavaScript the error summary's link puts #id_field in the page's address; a
    form without an action posts to that address, and the browser keeps its fragment across
    the redirect that follows (RFC 7231 7.1.2, as Chromium does), opening the next page at a
    field it lacks and past its message. An action of its own has no fragment."""
    without = [
        f"{path.relative_to(folder)}: {form}"
        for folder in TEMPLATE_DIRS
        for path in folder.glob("**/*.html")
        if not str(path.relative_to(folder)).startswith("admin/")
        for form in POST_FORM.findall(path.read_text())
        if "action=" not in form
    ]
    assert without == []


def test_a_form_page_posts_to_its_own_path_and_query(coach_client):
    page = coach_client.get(reverse("people:search"), {"van": "x"}).content.decode()
    assert f'action="{reverse("people:search")}?van=x"' in page
