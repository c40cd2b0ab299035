"""A caseworker logs in, searches and opens a person page; every page passes axe-core."""

from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from playwright.sync_api import expect

from doorstroom import dates
from doorstroom.accounts.roles import Role
from doorstroom.deliveries.models import DeliveryKind, ImportRun, RejectedRow, RunStatus
from doorstroom.people.factories import EnrolmentFactory, PersonFactory, ResultFactory
from tests.browser.conftest import assert_field_message, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_coach_finds_a_person_and_reads_the_status(
    page, assert_accessible, make_user, deventer, doetinchem
):
    coach = make_user(Role.COACH)
    person = PersonFactory(municipality=deventer, surname="Haverkamp", given_names="Noor", age=19)
    left = dates.today() - timedelta(days=100)
    EnrolmentFactory(person=person, start_date=left - timedelta(days=400), end_date=left)
    ResultFactory(person=person, kind="vmbo_kb", obtained_on=date(left.year - 2, 7, 5))
    PersonFactory(municipality=doetinchem, surname="Haverkamp")
    since = dates.format_date(dates.day_after(left))

    page.goto("/inloggen/")
    assert_accessible(page)
    log_in(page, coach)
    assert_accessible(page)

    page.get_by_role("link", name="Jongeren zoeken").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jongeren zoeken")
    assert_accessible(page)
    page.get_by_label("BSN").fill("123456789")
    page.get_by_role("button", name="Zoeken").click()
    assert_field_message(page, "BSN (niet verplicht)", "voldoet niet aan de elfproef")
    assert_accessible(page)

    page.get_by_label("BSN").fill("")
    page.get_by_label("Achternaam").fill("haverk")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("status").first).to_contain_text("1 jongere gevonden")
    assert "haverk" not in page.url.lower()
    assert_accessible(page)

    page.get_by_role("link", name="Haverkamp, Noor").click()
    # a click does not wait for the next page: expect() waits for it (a loaded machine is slow)
    expect(page).to_have_title("Persoonspagina · Doorstroom")
    expect(page.get_by_role("heading", level=1)).to_have_text("Noor Haverkamp")
    expect(
        page.get_by_text(f"valt onder het Doorstroompunt: 19 jaar, niet ingeschreven sinds {since}")
    ).to_be_visible()
    expect(
        page.get_by_text(f"geen startkwalificatie: hoogste diploma vmbo-kb ({left.year - 2})")
    ).to_be_visible()
    assert_accessible(page)


def test_skip_link_is_the_first_tab_stop_and_moves_to_the_content(page, make_user):
    log_in(page, make_user(Role.COACH))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#inhoud")).to_be_focused()


def test_error_pages_are_accessible(page, assert_accessible, make_user, deventer):
    person = PersonFactory(municipality=deventer)
    log_in(page, make_user(Role.POLICY))
    assert page.goto(f"/jongeren/{person.public_id}/").status == 403
    assert page.get_by_role("heading", name="Geen toegang").is_visible()
    assert_accessible(page)
    assert page.goto("/bestaat-niet/").status == 404
    assert_accessible(page)


def test_a_form_with_a_stale_token_gets_the_dutch_page_that_says_what_to_do(
    page, assert_accessible, make_user
):
    log_in(page, make_user(Role.POLICY))
    page.locator("form.doorstroom-user input[name=csrfmiddlewaretoken]").evaluate(
        "input => { input.value = 'x'.repeat(64) }"
    )
    with page.expect_navigation():
        page.locator("form.doorstroom-user button").click()
    assert page.get_by_role("heading", name="Formulier verlopen").is_visible()
    assert_accessible(page)


def test_opening_a_form_only_address_gets_the_dutch_page_with_the_way_back(
    page, assert_accessible, make_user
):
    log_in(page, make_user(Role.COORDINATOR))
    page.get_by_role("link", name="Werkvoorraad").first.click()
    # on the work queue first: the way back is the page the address was opened from
    page.wait_for_url("**/signalen/")
    page.evaluate("window.location.assign('/signalen/toewijzen/')")  # as a link would
    page.wait_for_url("**/signalen/toewijzen/")
    assert page.get_by_role("heading", name="Alleen via een formulier").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Terug naar de vorige pagina").click()
    page.wait_for_url("**/signalen/")


def test_a_form_over_the_size_limit_gets_the_dutch_page(page, assert_accessible, make_user):
    log_in(page, make_user(Role.POLICY))
    page.locator("form.doorstroom-user").evaluate(
        """form => {
            const text = document.createElement('input');
            text.type = 'hidden';
            text.name = 'tekst';
            text.value = 'x'.repeat(3000000);
            form.append(text);
        }"""
    )
    with page.expect_navigation():
        page.locator("form.doorstroom-user button").click()
    assert page.get_by_role("heading", name="Formulier te groot").is_visible()
    assert page.get_by_text("ten hoogste 2,5 MB aan ingevulde tekst").is_visible()
    assert_accessible(page)


def test_the_server_error_page_is_accessible(page, assert_accessible):
    page.set_content(render_to_string("500.html"))
    assert page.get_by_role("heading", name="Er ging iets mis").is_visible()
    assert_accessible(page)


def test_the_rows_refused_about_a_person_are_on_their_page(
    page, assert_accessible, make_user, deventer
):
    person = PersonFactory(municipality=deventer, surname="Haverkamp", given_names="Noor")
    run = ImportRun.objects.create(
        file_name="doorstroom-P-RMC11-20261120.csv", checksum="0" * 64, kind=DeliveryKind.P,
        delivery_date=date(2026, 11, 20), area=deventer.region, status=RunStatus.APPLIED,
        finished_at=timezone.now(),
    )  # fmt: skip
    RejectedRow.objects.create(
        run=run, line=3, field="einddatum", bsn_hash=person.bsn_hash,
        message="de einddatum ligt vóór de begindatum",
    )  # fmt: skip
    log_in(page, make_user(Role.COORDINATOR))
    page.goto(f"/jongeren/{person.public_id}/")
    section = page.get_by_role("region", name="Geweigerde regels over deze jongere", exact=True)
    expect(section).to_be_visible()
    row = section.get_by_role("row").nth(1)
    expect(row).to_contain_text("P-levering (wijzigingen) van 20 november 2026")
    expect(row).to_contain_text("de einddatum ligt vóór de begindatum")
    assert_accessible(page)
    section.get_by_role("link", name="P-levering (wijzigingen) van 20 november 2026").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Inleesrun")
