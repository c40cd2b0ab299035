"""A coordinator divides the work queue and takes up a signal; a partner reports a young
person. Every page passes axe-core."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from doorstroom import dates
from doorstroom.accounts.roles import Role
from doorstroom.deliveries.models import Report
from doorstroom.people.factories import PersonFactory, born_years_ago
from doorstroom.regions.factories import MunicipalityFactory
from doorstroom.signals.factories import SignalFactory
from doorstroom.signals.models import Signal
from tests.browser.conftest import assert_field_message, log_in

pytestmark = pytest.mark.django_db(transaction=True)

NAMES = ["Haverkamp", "Bouzid", "Jansen", "Kok"]


def test_coordinator_assigns_three_signals_and_takes_one_up(
    page, assert_accessible, make_user, region, deventer
):
    zutphen = MunicipalityFactory(code="GM0301", name="Zutphen", region=region)
    coordinator = make_user(Role.COORDINATOR)
    coach = make_user(Role.COACH, first_name="Fatima", last_name="El Amrani")
    colleague = make_user(Role.COACH, first_name="Joost", last_name="Mulder")
    raised = dates.today() - timedelta(days=10)
    for surname in NAMES:
        person = PersonFactory(municipality=deventer, given_names="Noor", surname=surname)
        SignalFactory(person=person, raised_on=raised)
    SignalFactory(person=PersonFactory(municipality=zutphen, surname="Smit"), raised_on=raised)
    SignalFactory(
        person=PersonFactory(municipality=deventer, surname="Visser"),
        raised_on=raised - timedelta(days=40),  # past its contact date: the 'verlopen' badge
        assigned_to=colleague,
    )

    log_in(page, coordinator)
    page.get_by_role("link", name="Werkvoorraad").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkvoorraad")
    expect(page.get_by_role("status").first).to_have_text("6 signalen.")
    assert_accessible(page)

    page.get_by_label("Toegewezen aan").select_option(label="Niet toegewezen")
    page.get_by_label("Woongemeente").select_option(label="Deventer")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("status").first).to_have_text("4 signalen.")
    expect(page.get_by_role("link", name="Smit, Sam")).to_have_count(0)
    assert_accessible(page)

    for surname in NAMES[:3]:
        page.get_by_label(f"{surname}, Noor selecteren").check()
    page.get_by_label("Toewijzen aan").select_option(label="Fatima El Amrani")
    page.get_by_role("button", name="Toewijzen", exact=True).click()
    expect(page.get_by_text("3 signalen toegewezen aan Fatima El Amrani.")).to_be_visible()
    # Back with the same filters: only the one still without a coach.
    expect(page.get_by_role("status").nth(1)).to_have_text("1 signaal.")
    assert_accessible(page)

    page.get_by_role("link", name="Filters wissen").click()
    page.wait_for_url("**/signalen/")  # the filtered list shows Kok's row too
    for surname in NAMES[:3]:
        row = page.locator("tbody tr", has=page.get_by_role("link", name=f"{surname}, Noor"))
        expect(row.get_by_role("cell", name="Fatima El Amrani")).to_be_visible()
    kok = page.locator("tbody tr", has=page.get_by_role("link", name="Kok, Noor"))
    expect(kok.get_by_role("cell", name="niet toegewezen")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Haverkamp, Noor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe vsv'er: Noor Haverkamp")
    assert_accessible(page)
    page.get_by_role("button", name="Signaal oppakken").click()
    expect(
        page.get_by_text(
            re.compile(
                r"Het signaal is opgepakt in dossier D-\d{4}-\d{6}, dat Fatima El Amrani begeleidt\."
            )
        )
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Noor Haverkamp: dossier D-\d{4}-\d{6}$")
    )
    # the signal's coach is the case's coach
    expect(page.get_by_role("definition").filter(has_text="Fatima El Amrani")).to_be_visible()
    assert_accessible(page)
    signal = Signal.objects.get(person__surname="Haverkamp")
    assert (signal.status, signal.assigned_to) == ("in_behandeling", coach)


def test_partner_reports_a_young_person_after_fixing_a_mistake(
    page, assert_accessible, make_user, deventer
):
    partner = make_user(Role.PARTNER)
    born = f"{born_years_ago(19):%d-%m-%Y}"

    log_in(page, partner)
    page.get_by_role("link", name="Meldingen").first.click()
    expect(page.get_by_text("U heeft nog geen meldingen gedaan.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Jongere melden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jongere melden")
    assert_accessible(page)
    page.get_by_label("Soort melding").select_option(label="zorgsignaal")
    page.get_by_label("BSN").fill("999990010")
    page.get_by_label("Voornamen").fill("Sam")
    page.get_by_label("Voorvoegsel").fill("de")
    page.get_by_label("Achternaam").fill("Wit")
    page.get_by_label("Geboortedatum").fill(born)
    page.get_by_label("Woongemeente").select_option(label="Deventer (GM0150)")
    page.get_by_label("Datum", exact=True).fill(f"{dates.today():%d-%m-%Y}")
    page.get_by_label("Toelichting").fill("Komt niet meer naar de afspraken.")
    page.get_by_label("Contactpersoon bij de melder").fill("mevrouw Jansen, 0570-123456")
    page.get_by_role("button", name="Melding versturen").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Niet alles is goed ingevuld; zie de meldingen bij de velden.")
    expect(page).to_have_title("Fout: Jongere melden · Doorstroom")
    # The message at the top leads to the field it is about, the address as it was.
    form_address = page.url
    alert.get_by_role(
        "link", name="BSN: Dit is geen geldig BSN: het voldoet niet aan de elfproef."
    ).click()
    expect(page.get_by_label("BSN")).to_be_focused()
    assert page.url == form_address
    bsn = page.get_by_label("BSN")
    expect(bsn).to_have_accessible_description(
        re.compile("Dit is geen geldig BSN: het voldoet niet aan de elfproef.")
    )
    expect(bsn).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Achternaam")).to_have_value("Wit")
    assert not Report.objects.exists()
    assert_accessible(page)

    page.get_by_label("BSN").fill("999990019")
    page.get_by_role("button", name="Melding versturen").click()
    # no #id_bsn of the link followed above carried over the redirect
    page.wait_for_url(re.compile(r"/meldingen/M-[^/]+/$"))
    report = Report.objects.get()
    assert page.get_by_text(
        f"Uw melding is ontvangen onder nummer {report.report_number}."
    ).is_visible()
    assert page.get_by_text(f"Sam de Wit ({born})").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Terug naar mijn meldingen").click()
    # waits for the list: on a busy machine the check came before the page was drawn
    expect(page.get_by_role("link", name=report.report_number)).to_be_visible()
    assert_accessible(page)


def test_leerplicht_registers_a_vrijstelling_and_ends_it_early(
    page, assert_accessible, make_user, deventer
):
    officer = make_user(Role.LEERPLICHT)
    person = PersonFactory(municipality=deventer, given_names="Lotte", surname="Brink", age=15)
    today = f"{dates.today():%d-%m-%Y}"

    log_in(page, officer)
    page.goto(f"/jongeren/{person.public_id}/")
    page.get_by_role("link", name="Vrijstelling registreren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Vrijstelling registreren voor Lotte Brink"
    )
    assert_accessible(page)
    page.get_by_label("Artikel").select_option(
        label="art. 5 onder a: lichamelijke of psychische gronden"
    )
    page.get_by_label("Geldig vanaf").fill(today)
    page.get_by_label("Kenmerk besluit").fill("LPA-2026-0142")
    page.get_by_role("button", name="Registreren").click()
    expect(page.get_by_text("De vrijstelling is geregistreerd.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("^Beëindigen")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Vrijstelling beëindigen voor Lotte Brink"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Beëindigen").click()
    assert_field_message(page, "Reden", "Schrijf waarom de vrijstelling eerder eindigt.")
    assert_accessible(page)
    page.get_by_label("Laatste dag van de vrijstelling").fill(today)
    page.get_by_label("Reden").fill("Weer ingeschreven op school.")
    page.get_by_role("button", name="Beëindigen").click()
    expect(page.get_by_text("eerder beëindigd: Weer ingeschreven op school.")).to_be_visible()
    assert_accessible(page)


def test_without_scripts_the_list_of_problems_still_leads_to_the_field(
    browser, live_server, make_user
):
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", java_script_enabled=False
    )
    page = context.new_page()
    log_in(page, make_user(Role.PARTNER))
    page.goto("/meldingen/nieuw/")
    page.get_by_role("button", name="Melding versturen").click()

    page.get_by_role("alert").get_by_role("link", name=re.compile("^Soort melding: ")).click()

    expect(page.get_by_label("Soort melding")).to_be_focused()
    assert page.url.endswith("/meldingen/nieuw/#id_subject")
    context.close()
