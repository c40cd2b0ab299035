"""Headless Debian Chromium against the live server, with axe-core on every page visited.

The browser is /usr/bin/chromium (apt-get install chromium), never a download of
Playwright's own. Without it these tests are skipped, unless DOORSTROOM_REQUIRE_BROWSER is
set (as in CI), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

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
    page.base_url = live_server.url
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


def sign_in(page, user) -> None:
    """Log in as after both steps, by setting the session cookie of a log-in on Django's test
    client (log_in_verified): for the tests of the pages behind the log-in, which the log-in
    pages' own tests (test_log_in.py, log_in above) do not need to go through again."""
    from django.conf import settings
    from django.test import Client

    from doorstroom.accounts.factories import log_in_verified

    client = Client()
    log_in_verified(client, user)
    name = settings.SESSION_COOKIE_NAME
    page.context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": page.base_url}]
    )


# The WCAG 2.1 AA checks that axe-core cannot make (tests/browser/wcag.js does the measuring).
WCAG_JS = (Path(__file__).parent / "wcag.js").read_text()
NARROW = {"width": 320, "height": 640}  # 1.4.10: 320 CSS px, as 1280 px at 400 % zoom
LARGE_TEXT = {"standard": 32, "fixed": 26}  # 1.4.4: the browser's text size at 200 %
NORMAL_TEXT = {"standard": 16, "fixed": 13}  # Chromium's defaults
# 1.4.12's values, as a user's style sheet would set them over the page's own.
TEXT_SPACING = (
    "* { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
    " word-spacing: 0.16em !important; } p { margin-block-end: 2em !important; }"
)
MAX_TABS = 400


def wcag_problems(page) -> list[str]:
    """What the page as it is now fails of the WCAG 2.1 AA criteria that axe-core does not
    check: 3.1.1, 2.4.1, 2.4.7, 2.1.1/2.1.2, 1.4.10, 1.4.4 and 1.4.12. The page is left as
    it was (size, text size, address); its focus is on the main content."""
    page.wait_for_load_state()
    page.evaluate(WCAG_JS)
    problems = []
    lang = page.evaluate("document.documentElement.lang")
    if lang != "nl":
        problems.append(f"3.1.1: <html lang={lang!r}>, niet 'nl'")
    problems += _keyboard_problems(page)
    size = page.viewport_size
    cdp = page.context.new_cdp_session(page)
    try:
        page.set_viewport_size(NARROW)
        problems += _layout_problems(page, "1.4.10 (320 px)", overflow=True)
        problems += [f"1.4.10: scrollt zonder focusbaar, benoemd gebied: {box}"
                     for box in page.evaluate("wcag.unnamedScrollBoxes()")]  # fmt: skip
        page.set_viewport_size(size)
        cdp.send("Page.setFontSizes", {"fontSizes": LARGE_TEXT})
        problems += _layout_problems(page, "1.4.4 (tekst 200 %)", overflow=True)
        cdp.send("Page.setFontSizes", {"fontSizes": NORMAL_TEXT})
        page.evaluate(
            "css => { const sheet = new CSSStyleSheet(); sheet.replaceSync(css);"
            " document.adoptedStyleSheets = [sheet]; }",
            TEXT_SPACING,
        )
        problems += _layout_problems(page, "1.4.12 (tekstafstand)", overflow=False)
        page.set_viewport_size(NARROW)
        problems += _layout_problems(page, "1.4.12 (tekstafstand, 320 px)", overflow=False)
    finally:
        page.evaluate("document.adoptedStyleSheets = []")
        cdp.send("Page.setFontSizes", {"fontSizes": NORMAL_TEXT})
        cdp.detach()
        page.set_viewport_size(size)
    return problems


def _layout_problems(page, criterion: str, overflow: bool) -> list[str]:
    found = [f"afgekapt: {it}" for it in page.evaluate("wcag.clippedText()")]
    found += [f"overlapt: {it}" for it in page.evaluate("wcag.overlappingText()")]
    if overflow:
        found += [f"scrollt opzij: {it}" for it in page.evaluate("wcag.horizontalOverflow()")]
    return [f"{criterion}: {it}" for it in found]


def _keyboard_problems(page) -> list[str]:
    """Tab from the top of the page to past its end: the first stop is the skip link (if
    anything comes before the main content), every stop shows its focus, every element that
    takes focus is reached, and focus leaves the page at the end instead of going round in it.
    Then Tab once more (the top again) and Enter: the skip link puts the focus on the content."""
    problems = []
    address = page.evaluate("location.href")
    # Tab starts from the top, also where a field has autofocus (the beheer pages' forms).
    page.evaluate(
        "() => { const body = document.body; body.tabIndex = -1; body.focus();"
        " body.removeAttribute('tabindex'); }"
    )
    page.evaluate("wcag.startTabbing()")
    needs_skip_link = page.evaluate("wcag.hasBlocksBeforeMain()")
    stops = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        stop = page.evaluate("wcag.focused()")
        if stop["end"] or stop["again"]:
            break
        stops.append(stop)
        if not stop["shows"] or not stop["onScreen"]:
            problems.append(f"2.4.7: focus niet zichtbaar op {stop['what']}")
    else:
        problems.append(f"2.1.2: na {MAX_TABS} keer Tab nog op de pagina")
    if stop.get("again") and stop["what"] != stops[0]["what"]:
        problems.append(f"2.1.2: Tab blijft rondgaan, terug bij {stop['what']}")
    problems += [
        f"2.1.1: niet met Tab te bereiken: {it}" for it in page.evaluate("wcag.notReached()")
    ]
    if needs_skip_link:
        if not stops or not stops[0]["skipLink"]:
            first = stops[0]["what"] if stops else "niets"
            problems.append(f"2.4.1: de eerste Tab geeft {first}, geen link naar de inhoud")
        else:
            if not stop.get("again"):
                page.keyboard.press("Tab")  # past the end: the top of the page again
            page.keyboard.press("Enter")
            if not page.evaluate("wcag.isMainContent(document.activeElement)"):
                target = page.evaluate("wcag.focused()").get("what", "niets")
                problems.append(f"2.4.1: de link naar de inhoud geeft focus aan {target}")
    page.evaluate("address => history.replaceState(history.state, '', address)", address)
    return problems


@pytest.fixture
def assert_wcag():
    """Fail with the list of what the page fails of the WCAG 2.1 AA checks that axe-core does
    not make (wcag_problems); the page is left as it was, its focus on the main content."""

    def check(page) -> None:
        problems = wcag_problems(page)
        assert problems == [], "\n".join(problems)

    return check


def tab_to(page, locator, limit: int = 100) -> None:
    """Press Tab until the locator's element has the focus, as a keyboard user gets there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"niet met Tab te bereiken in {limit} stappen: {locator}")


def assert_announced(page, text: str) -> None:
    """4.1.3: the message is in a live region (role status or alert), so that a screen reader
    reads it without the focus going there."""
    message = page.get_by_text(text)
    live = message.evaluate(
        "el => Boolean(el.closest('[role=status], [role=alert], [aria-live=polite],"
        " [aria-live=assertive]'))"
    )
    assert live, f"niet in een role=status of role=alert: {text!r}"


def assert_field_message(page, label: str, message: str) -> None:
    """3.3.1: the field labelled `label` carries `message` (a screen reader reads it with the
    field), and the list at the top of the form leads to it."""
    shown = re.compile(re.escape(message))
    expect(page.get_by_label(label, exact=True)).to_have_accessible_description(shown)
    expect(page.get_by_role("alert").get_by_role("link", name=shown)).to_be_visible()
