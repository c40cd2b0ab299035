"""Headless Debian Chromium against the live server, with axe-core on every page visited.

The browser is /usr/bin/chromium (apt-get install chromium), never a download of
Playwright's own. Without it these tests are skipped, unless DOORSTROOM_REQUIRE_BROWSER is
set (as in CI), which turns the skip into a failure.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Playwright's sync API runs an event loop in the test thread; the ORM calls that the tests
# make to prepare data are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("DOORSTROOM_REQUIRE_BROWSER"):
            pytest.fail("/usr/bin/chromium ontbreekt: apt-get install chromium")
        pytest.skip("/usr/bin/chromium ontbreekt: browsertests overgeslagen")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []

    def on_console(message) -> None:
        # A page's own 403 or 404 status is logged as a failed resource: not an error of the page.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def on_response(response) -> None:
        if response.request.resource_type != "document" and response.status >= 400:
            errors.append(f"{response.status} voor {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture
def assert_accessible():
    """Run axe-core on the page as it is now; fail with axe's report on any violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page) -> None:
        from playwright.sync_api import Error

        page.wait_for_load_state()
        own = list(page.console_errors)
        try:
            results = axe.run(page)
        except Error:
            # A click's next page replaced the document while axe-core read it (a busy
            # machine, two workers): check the page that came, once it has loaded.
            page.wait_for_load_state()
            own = list(page.console_errors)
            results = axe.run(page)
        # axe-core inserts a <style> of its own on some pages, which our CSP refuses: that
        # refusal is axe's, not the page's, so only the errors from before it ran count.
        page.console_errors[:] = own
        assert results.violations_count == 0, results.generate_report()
        assert own == [], f"browserfouten (bijvoorbeeld CSP): {own}"

    return check


def current_code(device) -> str:
    """The code the user's authenticator app shows now (RFC 6238, from the device key)."""
    from django_otp.oath import TOTP

    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def log_in(page, user) -> None:
    """Log in through the real pages: the password, then (for a role that needs it) the code
    that the user's app would show, computed from the key of a confirmed device."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from doorstroom.accounts.access import needs_two_factor
    from doorstroom.accounts.factories import PASSWORD

    device = None
    if needs_two_factor(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    if device is not None:
        page.wait_for_url("**/inloggen/code/**")
        page.get_by_label("Code uit de app").fill(current_code(device))
        page.get_by_role("button", name="Controleren").click()
    page.wait_for_url(lambda url: urlparse(url).path == "/")
