"""A coach makes a letter from a case, uploads a document, and downloads both; axe-core on
every page visited."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from doorstroom import dates
from doorstroom.accounts.roles import Role
from doorstroom.cases.choices import Channel
from doorstroom.cases.factories import CaseFactory
from doorstroom.cases.models import ContactAttempt, Document
from doorstroom.cases.tests.test_filetypes import PNG_BYTES
from doorstroom.people.factories import PersonFactory, ResidenceFactory
from doorstroom.people.tests.test_subject_export import pdf_text
from tests.browser.conftest import assert_field_message, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_coach_makes_a_letter_uploads_a_document_and_downloads_both(
    page, assert_accessible, make_user, deventer, tmp_path
):
    coach = make_user(Role.COACH, first_name="Fatima", last_name="El Amrani")
    person = PersonFactory(
        municipality=deventer, given_names="Noor", surname="Haverkamp", residence=False
    )
    ResidenceFactory(person=person, street="Brink", house_number=12, city="Deventer")
    case = CaseFactory(person=person, coach=coach)
    meeting = dates.today() + timedelta(days=7)
    log_in(page, coach)

    page.goto(f"/dossiers/{case.public_id}/")
    assert page.get_by_text("Geen documenten.").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Brief maken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Brief maken: Noor Haverkamp")
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()
    assert_field_message(page, "Soort brief", "Kies welke brief u wilt maken.")
    assert_field_message(page, "Datum van de afspraak", "Vul de datum van de afspraak in.")
    assert_accessible(page)

    page.get_by_label("Soort brief").select_option(label="Uitnodiging voor een gesprek")
    page.get_by_label("Datum van de afspraak").fill(f"{meeting:%d-%m-%Y}")
    page.get_by_label("Tijd van de afspraak").fill("14:30")
    page.get_by_label("Plaats van de afspraak").fill("Doorstroompunt, Brink 10, Deventer")
    assert page.get_by_label("Ook vastleggen als contactpoging per brief").is_checked()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De brief staat bij de documenten van het dossier.")).to_be_visible()
    letter_link = page.get_by_role(
        "link", name=f"Uitnodiging voor een gesprek (afspraak {dates.format_date(meeting)})"
    )
    expect(letter_link).to_be_visible()
    expect(page.get_by_role("cell", name="brief", exact=True)).to_be_visible()  # benaderen
    assert_accessible(page)

    with page.expect_download() as pdf:
        letter_link.click()
    letter = Document.objects.get(letter="uitnodiging")
    assert pdf.value.suggested_filename == f"{case.number}-{letter.pk}.pdf"
    with open(pdf.value.path(), "rb") as file:
        shown = pdf_text(file.read())
    assert "Noor Haverkamp" in shown and "Brink 12" in shown
    assert "Fatima El Amrani" in shown
    assert ContactAttempt.objects.get(case=case).channel == Channel.LETTER

    page.get_by_role("link", name="Document toevoegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Document toevoegen: Noor Haverkamp")
    assert_accessible(page)
    refused = tmp_path / "programma.pdf"
    refused.write_bytes(b"MZ\x90\x00" + b"\x00" * 60)
    page.get_by_label("Titel").fill("Programma")
    page.get_by_label("Bestand").set_input_files(str(refused))
    page.get_by_role("button", name="Opslaan").click()
    assert_field_message(page, "Bestand", "Dit soort bestand kan niet in een dossier")
    assert_accessible(page)

    scan = tmp_path / "diploma.png"
    scan.write_bytes(PNG_BYTES)
    page.get_by_label("Titel").fill("Kopie diploma vmbo")
    page.get_by_label("Bestand").set_input_files(str(scan))
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het document staat bij het dossier.")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as image:
        page.get_by_role("link", name="Kopie diploma vmbo").click()
    with open(image.value.path(), "rb") as file:
        assert file.read() == PNG_BYTES
    assert image.value.suggested_filename.endswith(".png")


def test_ondersteuner_is_told_why_a_person_without_an_address_gets_no_letter(
    page, assert_accessible, make_user, deventer
):
    support = make_user(Role.SUPPORT)
    person = PersonFactory(municipality=deventer, given_names="Sem", surname="Bos", residence=False)
    case = CaseFactory(person=person, coach=make_user(Role.COACH))
    log_in(page, support)

    page.goto(f"/dossiers/{case.public_id}/brief/")
    assert page.get_by_text("Van Sem Bos is geen huidig adres bekend").is_visible()
    assert page.get_by_label("Ook vastleggen als contactpoging per brief").count() == 0
    assert_accessible(page)
