"""The ondersteuner corrects a young person's surname and downloads the inzage; axe on every page."""

import json

import pytest
from playwright.sync_api import expect

from doorstroom.accounts.roles import Role
from doorstroom.people.factories import PersonFactory
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_ondersteuner_corrects_a_name_and_downloads_the_inzage(
    page, assert_accessible, make_user, deventer
):
    support = make_user(Role.SUPPORT, first_name="Els", last_name="Ondersteuner")
    person = PersonFactory(municipality=deventer, given_names="Noor", surname="Haverkamb")
    log_in(page, support)

    page.goto(f"/jongeren/{person.public_id}/")
    assert page.get_by_text("Geen correcties.").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Gegevens corrigeren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Gegevens corrigeren van Noor Haverkamb"
    )
    assert_accessible(page)
    page.get_by_label("Geslachtsnaam").fill("Haverkamp")
    page.get_by_role("button", name="Correctie opslaan").click()
    expect(page.get_by_text("Vul de reden van de correctie in.").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Reden van de correctie").fill("verzoek van de jongere, paspoort gezien")
    page.get_by_role("button", name="Correctie opslaan").click()
    expect(page.get_by_text("De correctie is opgeslagen.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Noor Haverkamp")
    history = page.get_by_role("table", name="Correcties en inzage")
    expect(history).to_contain_text("Haverkamb")
    expect(history).to_contain_text("Els Ondersteuner")
    assert_accessible(page)

    with page.expect_download() as pdf:
        page.get_by_role("link", name="Inzage voor de jongere (pdf)").click()
    assert pdf.value.suggested_filename == f"inzage-{person.public_id}.pdf"
    with open(pdf.value.path(), "rb") as file:
        assert file.read(4) == b"%PDF"

    with page.expect_download() as data:
        page.get_by_role("link", name="Inzage als gegevensbestand (json)").click()
    with open(data.value.path(), encoding="utf-8") as file:
        export = json.load(file)
    assert export["person"]["surname"] == "Haverkamp"
    assert export["rectifications"][0]["old_value"] == "Haverkamb"
