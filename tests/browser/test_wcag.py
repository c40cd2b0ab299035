"""The WCAG 2.1 AA criteria that axe-core cannot check, per role on the pages it uses most:
reflow at 320 px, 200 % text, text spacing, visible focus, the skip link, Tab through every
page without a trap, lang="nl" (the error pages too) and messages in a live region
(assert_wcag and the helpers in tests/browser/conftest.py). The main actions by keyboard
only: filter the work queue, open a signal, send a melding."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from doorstroom import dates
from doorstroom.accounts.roles import Role
from doorstroom.cases.factories import CaseFactory, OrganisationFactory
from doorstroom.deliveries.models import DeliveryKind, ImportRun, RejectedRow, RunStatus
from doorstroom.partners.choices import LegalBasis
from doorstroom.partners.models import Referral
from doorstroom.people.factories import EnrolmentFactory, PersonFactory, born_years_ago
from doorstroom.programme.models import Measure
from doorstroom.regions.factories import MunicipalityFactory
from doorstroom.retention.models import RetentionRun
from doorstroom.retention.services import run_retention, start_run
from doorstroom.signals.factories import SignalFactory
from tests.browser.conftest import assert_announced, log_in, tab_to

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_coordinator_filters_the_queue_and_opens_a_signal_by_keyboard(
    page, assert_wcag, make_user, region, deventer
):
    MunicipalityFactory(code="GM0301", name="Zutphen", region=region)
    coach = make_user(Role.COACH, first_name="Fatima", last_name="El Amrani")
    raised = dates.today() - timedelta(days=10)
    noor = PersonFactory(municipality=deventer, given_names="Noor", surname="Haverkamp")
    EnrolmentFactory(person=noor, start_date=date(2022, 8, 1), end_date=date(2025, 7, 1))
    SignalFactory(person=noor, raised_on=raised)
    SignalFactory(person=PersonFactory(municipality=deventer, surname="Bouzid"), raised_on=raised)
    CaseFactory(person=PersonFactory(municipality=deventer, surname="Kok"), coach=coach)

    log_in(page, make_user(Role.COORDINATOR))
    assert_wcag(page)

    page.goto("/signalen/")
    expect(page.get_by_role("status").first).to_have_text("2 signalen.")
    assert_wcag(page)
    # by keyboard only: a filter, the button, the signal's link
    tab_to(page, page.get_by_label("Toegewezen aan"))
    page.keyboard.press("ArrowDown")  # Iedereen -> Niet toegewezen
    expect(page.get_by_label("Toegewezen aan")).to_have_value("niemand")
    tab_to(page, page.get_by_role("button", name="Filteren"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/signalen/?*assigned=niemand*")
    expect(page.get_by_role("status").first).to_have_text("2 signalen.")
    tab_to(page, page.get_by_role("checkbox", name="Haverkamp, Noor selecteren"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("Toewijzen aan"))
    page.keyboard.type("Fatima")
    tab_to(page, page.get_by_role("button", name="Toewijzen", exact=True))
    page.keyboard.press("Enter")
    assert_announced(page, "1 signaal toegewezen aan Fatima El Amrani.")
    assert_wcag(page)

    page.goto("/signalen/")
    tab_to(page, page.get_by_role("link", name="Haverkamp, Noor"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe vsv'er: Noor Haverkamp")
    assert_wcag(page)

    page.goto(f"/jongeren/{noor.public_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Noor Haverkamp")
    assert_wcag(page)
    for address, heading in (("/dossiers/caseloads/", "Caseloads"), ("/jongeren/", None)):
        page.goto(address)
        if heading:
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_wcag(page)


def test_a_coach_reads_a_case_and_the_own_cases(page, assert_wcag, make_user, region, deventer):
    coach = make_user(Role.COACH)
    case = CaseFactory(
        person=PersonFactory(municipality=deventer, given_names="Noor", surname="Haverkamp"),
        coach=coach,
    )
    Referral.objects.create(
        case=case,
        organisation=OrganisationFactory(region=region),
        referred_on=dates.today(),
        reason="dagbesteding",
        legal_basis=LegalBasis.DOORSTROOMPUNT,
        shared="naam",
        shared_until=dates.today() + timedelta(days=90),
        outcome="vier dagdelen dagbesteding per week bij de zorgboerderij",
    )  # fmt: skip  (its link says which referral, to a screen reader only, past the table's edge)
    log_in(page, coach)
    page.goto(f"/dossiers/{case.public_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Noor Haverkamp: dossier ")
    )
    assert_wcag(page)
    page.goto("/dossiers/?toon=open")
    expect(page.get_by_role("link", name=re.compile("Haverkamp"))).to_be_visible()
    assert_wcag(page)


def test_a_partner_sends_a_melding_by_keyboard(page, assert_wcag, make_user, deventer):
    log_in(page, make_user(Role.PARTNER))
    page.goto("/meldingen/nieuw/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Jongere melden")
    assert_wcag(page)
    fields = {
        "BSN": "999990010",  # fails the elfproef: the form comes back with its messages
        "Voornamen": "Sam",
        "Achternaam": "Wit",
        "Geboortedatum": f"{born_years_ago(19):%d-%m-%Y}",
        "Toelichting": "Komt niet meer naar de afspraken.",
        "Contactpersoon bij de melder": "mevrouw Jansen, 0570-123456",
    }
    tab_to(page, page.get_by_label("Soort melding"))
    page.keyboard.type("zorg")
    for label, value in fields.items():
        tab_to(page, page.get_by_label(label))
        page.keyboard.type(value)
    tab_to(page, page.get_by_label("Woongemeente"))
    page.keyboard.type("Deventer")
    tab_to(page, page.get_by_label("Datum", exact=True))
    page.keyboard.type(f"{dates.today():%d-%m-%Y}")
    tab_to(page, page.get_by_role("button", name="Melding versturen"))
    page.keyboard.press("Enter")
    assert_announced(page, "Niet alles is goed ingevuld; zie de meldingen bij de velden.")
    assert_wcag(page)

    tab_to(page, page.get_by_label("BSN"))
    page.keyboard.press("Control+A")
    page.keyboard.type("999990019")
    page.keyboard.press("Enter")  # in a text field Enter sends the form
    page.wait_for_url("**/meldingen/M-*/")
    assert_announced(page, "Uw melding is ontvangen onder nummer")
    assert_wcag(page)
    page.goto("/meldingen/")
    assert_wcag(page)


def test_the_ondersteuner_reads_the_deliveries_and_the_upload_page(
    page, assert_wcag, make_user, deventer
):
    person = PersonFactory(municipality=deventer)
    run = ImportRun.objects.create(
        file_name="doorstroom-P-RMC11-20261120.csv", checksum="0" * 64, kind=DeliveryKind.P,
        delivery_date=date(2026, 11, 20), area=deventer.region, status=RunStatus.APPLIED,
        rows_read=3, rows_rejected=1,
    )  # fmt: skip
    RejectedRow.objects.create(
        run=run, line=3, field="einddatum", bsn_hash=person.bsn_hash,
        message="de einddatum ligt vóór de begindatum",
    )  # fmt: skip
    log_in(page, make_user(Role.SUPPORT))
    for address in ("/leveringen/", "/leveringen/nieuw/", f"/leveringen/{run.pk}/"):
        page.goto(address)
        assert_wcag(page)


def test_the_fg_reads_the_logboek_and_the_retention_runs(page, assert_wcag, make_user):
    run_retention(start_run(RetentionRun.Trigger.SCHEDULE))
    log_in(page, make_user(Role.PRIVACY))
    for address in ("/privacy/logboek/", "/privacy/bewaartermijnen/"):
        page.goto(address)
        assert_wcag(page)


def test_the_beheerder_works_in_the_beheer_pages(page, assert_wcag, make_user, region):
    Measure.objects.create(region=region, name="Doorstroom")
    coach = make_user(Role.COACH)
    log_in(page, make_user(Role.ADMIN, is_staff=True))
    for address in (
        "/beheer/",
        "/beheer/accounts/user/",
        f"/beheer/accounts/user/{coach.pk}/change/",  # the password's hash, a long word
        "/beheer/cases/leavingreason/",  # none yet: the count beside the filters
        "/beheer/programme/measure/",
        "/beheer/programme/measure/add/",  # a field has autofocus: Tab still starts at the top
    ):
        page.goto(address)
        assert_wcag(page)


def test_the_log_in_and_error_pages(page, assert_wcag, make_user, deventer, monkeypatch):
    page.goto("/inloggen/")
    assert_wcag(page)
    log_in(page, make_user(Role.POLICY))
    person = PersonFactory(municipality=deventer)
    assert page.goto(f"/jongeren/{person.public_id}/").status == 403
    assert_wcag(page)
    assert page.goto("/bestaat-niet/").status == 404
    assert_wcag(page)
    assert page.goto("/signalen/toewijzen/").status == 405
    assert_wcag(page)
    page.goto("/")
    page.locator("form.doorstroom-user input[name=csrfmiddlewaretoken]").evaluate(
        "input => { input.value = 'x'.repeat(64) }"
    )
    with page.expect_navigation():
        page.locator("form.doorstroom-user button").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Formulier verlopen")
    assert_wcag(page)

    def broken(*args, **kwargs):
        raise RuntimeError("weergave mislukt")

    monkeypatch.setattr("doorstroom.views.render", broken)  # the start page fails
    assert page.goto("/").status == 500
    expect(page.get_by_role("heading", level=1)).to_have_text("Er ging iets mis")
    assert_wcag(page)
