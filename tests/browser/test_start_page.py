"""The start page in the browser: what asks the coordinator's attention, where each count
leads, and the work queue's filters it leads to."""

from datetime import timedelta

import pytest

from doorstroom import dates
from doorstroom.accounts.roles import Role
from doorstroom.people.factories import PersonFactory
from doorstroom.signals.factories import SignalFactory
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_coordinator_starts_from_the_counts_and_opens_the_unassigned_signals(
    page, assert_accessible, make_user, deventer
):
    coordinator = make_user(Role.COORDINATOR)
    for days in (3, 40, 45):
        SignalFactory(
            person=PersonFactory(municipality=deventer),
            raised_on=dates.today() - timedelta(days=days),
        )

    log_in(page, coordinator)

    attention = page.get_by_role("region", name="Wat vraagt uw aandacht")
    assert attention.get_by_role("link", name="3 signalen nog niet toegewezen").is_visible()
    overdue = "2 nieuwe signalen over de termijn (nog door niemand opgepakt)"
    assert attention.get_by_role("link", name=overdue).is_visible()
    assert_accessible(page)

    attention.get_by_role("link", name="3 signalen nog niet toegewezen").click()
    page.wait_for_url("**/signalen/?assigned=niemand")
    assert page.get_by_role("status").inner_text() == "3 signalen."
    assert page.get_by_label("Toegewezen aan").input_value() == "niemand"
    assert_accessible(page)


def test_a_checkbox_has_its_label_beside_it_on_one_line(page, make_user):
    log_in(page, make_user(Role.COORDINATOR))
    page.goto("/signalen/")

    box = page.get_by_role("checkbox", name="Alleen met verlopen termijn").bounding_box()
    label = page.locator("label", has_text="Alleen met verlopen termijn").bounding_box()

    assert label["x"] > box["x"] + box["width"]
    assert label["height"] < 2 * box["height"]  # one line, not a word a line


LINE_STARTS = """() => {
  const menu = document.querySelector('nav[aria-label="Hoofdmenu"] a');
  const left = e => Math.round(e.getBoundingClientRect().left);
  const footer = document.querySelector('footer').getBoundingClientRect();
  return {
    name: left(document.querySelector('header a')),
    menu: left(menu) + parseFloat(getComputedStyle(menu).paddingLeft),
    heading: left(document.querySelector('h1')),
    footerText: left(document.querySelector('footer p')),
    footer: [Math.round(footer.left), Math.round(footer.right), window.innerWidth],
  };
}"""


@pytest.mark.parametrize("width", [1280, 375])
def test_the_name_the_menu_the_heading_and_the_footer_start_on_one_line(page, make_user, width):
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, make_user(Role.COORDINATOR))

    starts = page.evaluate(LINE_STARTS)

    assert starts["name"] == starts["menu"] == starts["heading"] == starts["footerText"], starts
    assert starts["footer"] == [0, width, width], "the footer's colour reaches both edges"
