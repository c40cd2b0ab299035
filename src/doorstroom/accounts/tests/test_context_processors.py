"""The navigation on every page: each role's pages, and the beheer pages for whom the admin
lets in."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.roles import Role

pytestmark = pytest.mark.django_db


def navigation_of(user) -> list[tuple[str, str]]:
    client = Client()
    log_in_verified(client, user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return [(item["label"], item["url"]) for item in response.context["nav_items"]]


def test_the_beheerder_finds_the_beheer_pages_from_every_page(make_user):
    """The functioneel beheerder's users, reference data and API keys are in /beheer/: the
    start page linked only to Bewaartermijnen, so a beheerder had to know the address."""
    beheerder = make_user(Role.ADMIN, is_staff=True)

    assert navigation_of(beheerder)[-1] == ("Beheer", reverse("admin:index"))
    assert Client().get(reverse("admin:index")).status_code == 302  # still behind the log-in


def test_a_superuser_without_a_role_finds_them_too(make_user):
    superuser = make_user(None, is_staff=True, is_superuser=True)

    assert ("Beheer", reverse("admin:index")) in navigation_of(superuser)


@pytest.mark.parametrize("role", [Role.COACH, Role.COORDINATOR, Role.PRIVACY, Role.ADMIN])
def test_whom_the_admin_does_not_let_in_gets_no_link_to_it(make_user, role):
    """A beheerder without staff status (the admin refuses them) sees no dead link either."""
    labels = [label for label, _ in navigation_of(make_user(role))]

    assert "Beheer" not in labels


@pytest.mark.parametrize("page", ["accounts:verify", "accounts:enrol"])
def test_before_the_second_step_there_is_no_menu_that_leads_back_to_it(make_user, page):
    """Every page but the second step's sends a user who has not passed it back there: the
    code page showed Start, Jongeren zoeken, Werkvoorraad and Mijn dossiers all the same."""
    coach = make_user(Role.COACH)
    if page == "accounts:verify":  # the code page is for an app already linked
        TOTPDevice.objects.create(user=coach, name="app", confirmed=True)
    client = Client()
    client.force_login(coach)  # the password only

    response = client.get(reverse(page))

    assert response.status_code == 200
    assert response.context["nav_items"] == []
    assert 'aria-label="Hoofdmenu"' not in response.content.decode()
    assert "Uitloggen" in response.content.decode()  # the way out stays
