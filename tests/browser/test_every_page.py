"""Every page of the route table passes axe-core in Chromium, as a role that may open it, and
the WCAG checks that axe-core cannot make (tests/browser/conftest.py's assert_wcag).

The pages come from the route x role table of test_access.py (ROUTES), which a new route must
join (test_every_route_has_a_rule): so a new page is checked here too, with the same "one of
everything" that the table's test opens it with. The start page differs per role: every role's.
"""

from collections.abc import Callable

import pytest
from django.test import Client

from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.roles import Role
from doorstroom.accounts.tests.test_access import ROUTES, world
from doorstroom.tests.admin_pages import MODELS, admin_pages
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

DOWNLOADS = {
    "people:export_json",
    "people:export_pdf",
    "deliveries:rejected",
    "cases:document",
    "privacy:export",
}
"""GET routes whose answer is a file, not a page (test_downloads_are_files_not_pages)."""
FRAGMENTS = {"deliveries:progress"}
"""A part of a page that htmx fetches into it (the run page, checked with it)."""
# Of the roles that may open a page, the one that opens it here: the desk's own worker first.
PREFERENCE = [
    Role.COORDINATOR,
    Role.COACH,
    Role.LEERPLICHT,
    Role.SUPPORT,
    Role.PARTNER,
    Role.PRIVACY,
    Role.ADMIN,
    Role.POLICY,
]
PAGES = sorted(
    name
    for name, rule in ROUTES.items()
    if rule.method == "get" and name not in DOWNLOADS | FRAGMENTS and name != "home"
)


def opener(route: str) -> Role:
    return next(role for role in PREFERENCE if role in ROUTES[route].allowed)


SENDS_A_FILE = {"cases:report_status"}
"""Pages whose one form answers with a file (the melding status for DUO), not a page."""
# Every box of a form emptied, as a user who sends it without filling anything in.
EMPTY_THE_FORM = """form => { for (const box of form.elements) {
  if (['hidden', 'submit', 'button'].includes(box.type)) continue;
  if (box.type === 'checkbox' || box.type === 'radio') box.checked = false;
  else if (box.tagName === 'SELECT') box.selectedIndex = -1;
  else box.value = '';
} }"""


def routes_of(role: Role) -> list[str]:
    """The pages that the role opens here: its start page, then those it is the opener of."""
    return ["home", *(name for name in PAGES if opener(name) == role)]


PER_TEST = 4
CASES = [
    (role, routes_of(role)[start : start + PER_TEST])
    for role in PREFERENCE
    for start in range(0, len(routes_of(role)), PER_TEST)
]
"""A role with a few of its pages, in order: tests of some seconds each, so that the workers
share them out, and one database emptied after a few pages rather than after each."""


@pytest.mark.parametrize(
    ("role", "routes"), CASES, ids=[f"{role.value}-{','.join(routes)}" for role, routes in CASES]
)
def test_every_page_passes_axe_core(
    page, assert_accessible, assert_wcag, make_user, deventer, role, routes
):
    """Each page as its role opens it, then each page's form, where it has one, sent empty:
    the problems listed at the top of the page that comes back pass too. axe-core, and the
    WCAG checks it cannot make (assert_wcag). The world holds what all of the role's pages
    show, as when one test opened them all in turn."""
    user = make_user(role)
    w = world(user, deventer)
    for made in routes_of(role):
        ROUTES[made].url(w)
    sign_in(page, user)
    problems = []

    def check(route: str, how: Callable[..., None], *args: str) -> None:
        try:
            how(*args)
            assert page.locator("h1").count() == 1
            assert_accessible(page)
            assert_wcag(page)
        except AssertionError as error:
            problems.append(f"{route} ({page.url}): {error}")
            page.console_errors.clear()  # this page's, not the next one's

    def opened(route: str) -> None:
        response = page.goto(ROUTES[route].url(w))
        assert response.status == 200
        assert response.headers["content-type"].startswith("text/html")

    for route in routes:
        check(route, opened, route)
    for route in routes:
        page.goto(ROUTES[route].url(w))
        form = page.locator("main form[method=post]")
        if route in SENDS_A_FILE or form.count() != 1:
            continue
        form.evaluate(EMPTY_THE_FORM)
        with page.expect_navigation():
            form.locator("[type=submit], button:not([type])").last.click()
        # A form that needs nothing (take up a signal, search) shows its outcome instead.
        if page.title().startswith("Fout: "):
            check(f"{route}, leeg verstuurd", page.get_by_role("alert").wait_for)

    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize("route", sorted(DOWNLOADS))
def test_downloads_are_files_not_pages(make_user, deventer, route):
    """What the test above leaves out is a file indeed, so that no page hides in this list."""
    user = make_user(opener(route))
    client = Client()
    log_in_verified(client, user)

    response = client.get(ROUTES[route].url(world(user, deventer)))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("model", [None, *MODELS], ids=["index", *(m._meta.label for m in MODELS)])
def test_every_page_of_beheer_passes_axe_core(page, assert_accessible, make_user, deventer, model):
    """The index of /beheer/, or a model's list, its form for a new one and the form of one
    that exists (admin_pages: those the user may open), as the functioneel beheerder and as a
    superuser, under Doorstroom's name (the route table's world made first, so that most
    lists have a row)."""
    w = world(make_user(Role.COORDINATOR), deventer)
    for made in ("case", "lp_case", "exemption", "run", "report", "saved"):
        getattr(w, made)  # made now, for their rows in the lists
    problems = []

    for superuser in (False, True):
        beheerder = make_user(Role.ADMIN, is_staff=True, is_superuser=superuser)
        addresses = ["/beheer/"] if model is None else admin_pages(beheerder, [model])
        page.context.clear_cookies()
        sign_in(page, beheerder)
        for address in addresses:
            response = page.goto(address)
            try:
                assert response.status == 200
                assert page.title().endswith("| Doorstroom beheer")
                assert_accessible(page)
            except AssertionError as error:
                problems.append(f"{address} ({'superuser' if superuser else 'beheerder'}): {error}")
                page.console_errors.clear()

    assert not problems, "\n\n".join(problems)
