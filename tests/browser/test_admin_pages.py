"""The functioneel beheerder in /beheer/ (Django's admin) in the browser: only the own region's
reference data, a period of the region's own needs its own source, and the privacyfunctionaris
reads the change in the logboek. (Every page of /beheer/ with axe-core and Doorstroom's name:
tests/browser/test_every_page.py.)"""

import pytest
from playwright.sync_api import expect

from doorstroom.accounts.roles import Role
from doorstroom.retention.models import RetentionPolicy
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_beheerder_changes_the_own_periods_and_the_fg_reads_it(
    page, make_user, region, deventer, doetinchem
):
    other = RetentionPolicy.objects.create(region=doetinchem.region)
    log_in(page, make_user(Role.ADMIN, is_staff=True))

    page.goto("/beheer/regions/municipality/")
    assert page.get_by_role("link", name="GM0150").is_visible()
    assert page.get_by_text("Doetinchem").count() == 0
    page.goto(f"/beheer/retention/retentionpolicy/{other.pk}/change/")
    assert page.url.endswith("/beheer/")  # as if it did not exist

    page.goto("/beheer/retention/retentionpolicy/add/")
    page.get_by_label("Regio").select_option(label="Stedendriehoek")
    page.get_by_label("leerplichtdossiers bewaren tot de leeftijd van").fill("21")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    # wait_for: the form comes back after the POST (is_visible would ask the page before it)
    page.get_by_text("Deze bron hoort bij de standaardtermijn (19)").wait_for()
    page.get_by_label("Bron (leerplichtdossiers)").fill("Besluit AB Stedendriehoek 2026-12")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.wait_for_url("**/beheer/retention/retentionpolicy/")
    assert RetentionPolicy.objects.get(region=region).leerplicht_file_until_age == 21
    page.goto("/")
    page.get_by_role("button", name="Uitloggen").click()
    # log_in opens /inloggen/ itself: before it does, the log-out has to have happened
    page.wait_for_url("**/inloggen/")

    log_in(page, make_user(Role.PRIVACY))
    page.get_by_role("link", name="Logboek").first.click()
    row = page.get_by_role("row", name="bewaartermijnen Stedendriehoek aangemaakt")
    expect(row).to_contain_text("leerplichtdossiers bewaren tot de leeftijd van: 21")


def test_the_filter_widget_of_a_users_groups_speaks_dutch(page, make_user, coach):
    log_in(page, make_user(Role.ADMIN, is_staff=True))

    page.goto(f"/beheer/accounts/user/{coach.pk}/change/")

    expect(page.get_by_role("button", name="Alle groepen kiezen")).to_be_visible()
    expect(page.get_by_role("button", name="Geselecteerde groepen verwijderen")).to_be_attached()
    assert page.get_by_role("button", name="Choose all groepen").count() == 0
