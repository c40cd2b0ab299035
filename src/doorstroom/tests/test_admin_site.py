"""The beheer pages (/beheer/) as Doorstroom's: one log-in for the whole site, with its second
step, and a Dutch refusal for whoever may not manage."""

import pytest

from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_the_beheer_pages_send_whoever_is_not_logged_in_to_the_sites_own_log_in(client):
    response = client.get("/beheer/")
    assert response.status_code == 302
    assert client.get(response.url).url == "/inloggen/?next=/beheer/"


def test_a_user_who_may_not_manage_gets_the_refusal_not_a_second_log_in_form(client, make_user):
    log_in_verified(client, make_user(Role.COACH))

    refused = client.get("/beheer/", follow=True)

    assert refused.status_code == 403
    assert "Gebruikersnaam" not in refused.content.decode()


def test_the_beheerder_sees_doorstroom_s_name_on_the_beheer_pages(client, make_user):
    log_in_verified(client, make_user(Role.ADMIN, is_staff=True))

    page = client.get("/beheer/").content.decode()

    assert "<title>Referentiegegevens, gebruikers en bewaartermijnen | Doorstroom beheer" in page
    assert "Doorstroom · beheer" in page
