"""An ondersteuner uploads a delivery and reads the outcome; every page passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from doorstroom.accounts.roles import Role
from doorstroom.deliveries.tests.builders import BSNS, enrolment, person, write
from doorstroom.regions.loading import DEMO_FILES, load_reference_data
from doorstroom.regions.models import Region
from tests.browser.conftest import assert_field_message, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_ondersteuner_uploads_a_delivery_and_sees_what_was_refused(
    page, assert_accessible, make_user, tmp_path
):
    load_reference_data(**DEMO_FILES)
    user = make_user(Role.SUPPORT, user_region=Region.objects.get(code="RMC11"))
    good, other = BSNS[:2]
    path = write(
        tmp_path / "doorstroom-C-RMC11-20261120.csv",
        [
            person(good),
            enrolment(good, "I1"),
            person(other, gemeentecode="GM0222"),
            person("123456789"),
        ],
    )
    log_in(page, user)
    page.get_by_role("link", name="Leveringen").first.click()
    expect(page.get_by_text("Er zijn nog geen leveringen ingelezen.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Levering inlezen").click()
    page.get_by_role("button", name="Inlezen").click()
    assert_field_message(page, "Bestand", "Dit veld is verplicht.")
    assert_accessible(page)

    page.get_by_label("Bestand").set_input_files(str(path))
    page.get_by_role("button", name="Inlezen").click()
    # the run's own page (a glob like **/leveringen/*/ matches the upload page it leaves too)
    page.wait_for_url(re.compile(r"/leveringen/\d+/$"))
    status = page.get_by_role("status").first
    expect(status).to_have_text("Ingelezen: 4 regels gelezen, waarvan 2 geweigerd.")
    expect(page.get_by_text("buiten de regio Stedendriehoek")).to_be_visible()
    expect(page.get_by_text("voldoet niet aan de elfproef")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Terug naar de leveringen").click()
    expect(page.get_by_role("link", name="doorstroom-C-RMC11-20261120.csv")).to_be_visible()
    assert_accessible(page)
