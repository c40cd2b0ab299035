"""A school account with an API key in the Stedendriehoek region, and a melding as JSON."""

from __future__ import annotations

import pytest
from django.test import Client

from doorstroom import dates
from doorstroom.accounts.roles import Role
from doorstroom.api.models import UserAPIKey
from doorstroom.people.bsn import reserved_test_bsns
from doorstroom.people.factories import born_years_ago

UNKNOWN_BSN = next(reserved_test_bsns(90_000))
MELDINGEN = "/api/v1/meldingen"


def key_for(user, **kwargs) -> str:
    """A key as the beheerder makes it (the admin's path is tested in test_admin.py)."""
    _, key = UserAPIKey.objects.create_key(user=user, name="koppeling", **kwargs)
    return key


def client_with(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Api-Key {key}")


@pytest.fixture
def school(make_user):
    return make_user(Role.PARTNER)


@pytest.fixture
def api(school) -> Client:
    return client_with(key_for(school))


@pytest.fixture
def melding(deventer):
    """A concern about a 19-year-old, as a school's system sends it."""

    def fill(**changes) -> dict:
        return {
            "soortMelding": "zorg",
            "bsn": UNKNOWN_BSN,
            "voornamen": "Sam",
            "achternaam": "de Wit",
            "geboortedatum": born_years_ago(19).isoformat(),
            "woongemeente": deventer.code,
            "datum": dates.today().isoformat(),
            "toelichting": "Komt niet meer naar de afspraken.",
            "contactpersoon": "mevrouw Jansen, 0570-123456",
            **changes,
        }

    return fill


def post(client: Client, body) -> object:
    return client.post(MELDINGEN, body, content_type="application/json")
