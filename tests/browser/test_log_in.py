"""Log-in in the browser: enrolling the authenticator app, the code step and the lock-out."""

from base64 import b32decode
from urllib.parse import urlparse

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from doorstroom.accounts.factories import PASSWORD
from doorstroom.accounts.roles import Role
from tests.browser.conftest import current_code, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coach_enrols_an_app_on_first_log_in_and_uses_its_code_next_time(
    page, assert_accessible, make_user
):
    coach = make_user(Role.COACH)
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(coach.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/inloggen/app-koppelen/**")
    assert page.get_by_role(
        "img", name="QR-code om Doorstroom aan uw authenticator-app"
    ).is_visible()
    assert_accessible(page)

    secret = page.locator("#geheime-sleutel").inner_text().replace(" ", "")
    device = TOTPDevice.objects.get(user=coach, confirmed=False)
    assert b32decode(secret) == device.bin_key
    wrong = f"{(int(current_code(device)) + 500_000) % 1_000_000:06d}"
    page.get_by_label("Code uit de app").fill(wrong)
    page.get_by_role("button", name="Koppeling bevestigen").click()
    # wait_for: is_visible() does not wait for the page that the click loads (flaky under load)
    page.get_by_text("Deze code klopt niet of is verlopen").first.wait_for()
    assert_accessible(page)

    page.wait_for_timeout(1100)  # django-otp waits a second after a wrong code
    page.get_by_label("Code uit de app").fill(current_code(device))
    page.get_by_role("button", name="Koppeling bevestigen").click()
    # the start page: url.endswith("/") held for the enrolment page too, and did not wait
    page.wait_for_url(lambda url: urlparse(url).path == "/")
    expect(page.get_by_role("link", name="Jongeren zoeken").first).to_be_visible()

    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/inloggen/")  # logged out: the log-in page comes
    page.get_by_label("Gebruikersnaam").fill(coach.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/inloggen/code/**")
    assert_accessible(page)


def test_the_browser_log_in_helper_passes_the_code_step(page, make_user):
    log_in(page, make_user(Role.SUPPORT))
    expect(page.get_by_role("link", name="Leveringen").first).to_be_visible()


def test_five_wrong_passwords_show_the_lock_out_page(page, assert_accessible, make_user):
    coach = make_user(Role.COACH)
    for _ in range(5):
        page.goto("/inloggen/")
        page.get_by_label("Gebruikersnaam").fill(coach.username)
        page.get_by_label("Wachtwoord").fill("verkeerd-wachtwoord")
        # each attempt's answer before the next: wait_for_load_state() after the click saw
        # the page it left, already loaded, and the next goto cut the attempt off
        with page.expect_navigation():
            page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Inloggen tijdelijk geblokkeerd")).to_be_visible()
    assert_accessible(page)
