"""One young person from signal to a closed case with aftercare, through the real pages:
contact attempts, intake, plan, referral, outcome, the aftercare check. The leerplicht desk
hears and refers to Halt; the coordinator looks at the caseloads. Every page passes axe-core."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from doorstroom import dates
from doorstroom.accounts.roles import Role
from doorstroom.cases.choices import CaseState
from doorstroom.cases.factories import CaseFactory, OrganisationFactory
from doorstroom.cases.models import Case
from doorstroom.people.choices import Desk
from doorstroom.people.factories import PersonFactory
from doorstroom.programme.models import Measure
from doorstroom.signals.factories import SignalFactory
from tests.browser.conftest import assert_field_message, log_in

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = dates.today()


def day(offset: int = 0) -> str:
    return (TODAY + timedelta(days=offset)).strftime("%d-%m-%Y")


def save(page) -> None:
    """Send the form and wait for the page that comes back (the case, or the form with its
    messages): a click does not wait for it, and axe-core would check the form still shown."""
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()


def test_a_coach_follows_one_young_person_from_signal_to_aftercare(
    page, assert_accessible, make_user, region, deventer, leaving_reasons
):
    coach = make_user(Role.COACH, first_name="Fatima", last_name="El Amrani")
    OrganisationFactory(region=region, name="Jongerenloket Deventer")
    Measure.objects.create(region=region, name="Doorstroom")
    person = PersonFactory(municipality=deventer, given_names="Noor", surname="Haverkamp")
    SignalFactory(person=person, raised_on=TODAY - timedelta(days=10), assigned_to=coach)

    log_in(page, coach)
    page.get_by_role("link", name="Werkvoorraad").first.click()
    page.get_by_role("link", name="Haverkamp, Noor").click()
    page.get_by_role("button", name="Signaal oppakken").click()
    expect(page.get_by_text("contactpoging 1 van 3, uiterlijk")).to_be_visible()
    assert_accessible(page)

    # Benaderen: not reached by phone, then reached.
    page.get_by_role("link", name="Contactpoging vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Contactpoging vastleggen: Noor Haverkamp"
    )
    assert_accessible(page)
    save(page)  # nothing filled in but the date: Dutch messages, nothing stored
    assert_field_message(page, "Manier", "Kies hoe u contact zocht.")
    assert_field_message(page, "Resultaat", "Kies wat de poging opleverde.")
    assert_accessible(page)
    page.get_by_label("Manier").select_option(label="telefoon")
    page.get_by_label("Resultaat").select_option(label="niet bereikt")
    page.get_by_label("Vervolgstap (niet verplicht)", exact=True).fill(
        "morgen na 16 uur opnieuw bellen"
    )
    save(page)
    expect(page.get_by_text("De contactpoging is vastgelegd.")).to_be_visible()
    page.get_by_role("link", name="Contactpoging vastleggen").click()
    page.get_by_label("Manier").select_option(label="sms of app-bericht")
    page.get_by_label("Resultaat").select_option(label="bereikt")
    save(page)
    expect(page.get_by_text("De contactpoging is vastgelegd.")).to_be_visible()
    assert_accessible(page)

    # Intake.
    page.get_by_role("link", name="Intake vastleggen").click()
    page.get_by_label("verkeerde studiekeuze").check()
    page.get_by_label("liever aan het werk").check()
    page.get_by_label("Situatie: wonen").fill("bij moeder, in Deventer")
    page.get_by_label("Eigen doel van de jongere").fill("Ik wil kok worden.")
    assert_accessible(page)
    save(page)
    expect(page.get_by_text("De intake is vastgelegd.")).to_be_visible()
    expect(
        page.get_by_text("liever aan het werk, verkeerde studiekeuze", exact=True)
    ).to_be_visible()

    # Plan, with a goal and the measure of the regional programme.
    page.get_by_role("link", name="Plan opstellen").click()
    page.get_by_label("Soort traject").select_option(label="onderwijs")
    page.get_by_label("Afspraken").fill("Aanmelden bij mbo-2 koken; elke twee weken een gesprek.")
    page.get_by_label("Doel 1", exact=True).fill("ingeschreven bij mbo-2 koken")
    page.get_by_label("Streefdatum doel 1").fill(day(60))
    page.get_by_label("Jongerenloket Deventer").check()
    page.get_by_label("Maatregel van het regionaal programma").select_option(label="Doorstroom")
    page.get_by_label("Kosten (euro)").fill("1.500,00")
    assert_accessible(page)
    save(page)
    expect(page.get_by_text("Het plan is vastgelegd.")).to_be_visible()

    page.get_by_role("link", name="Status wijzigen").click()
    page.get_by_label("Naar").select_option(label="begeleiding")
    assert_accessible(page)
    save(page)
    expect(page.get_by_text("De status is gewijzigd.")).to_be_visible()

    # Consent, then a warm referral on it.
    page.get_by_role("link", name="Toestemming vastleggen").click()
    page.get_by_label("Ketenpartner").select_option(label="Jongerenloket Deventer")
    page.get_by_label("Wat gedeeld mag worden").fill("naam, telefoon en het plan")
    page.get_by_label("Gegeven door").select_option(label="de jongere")
    assert_accessible(page)
    save(page)
    expect(page.get_by_text("De toestemming is vastgelegd.")).to_be_visible()
    page.get_by_role("link", name="Verwijzen naar een ketenpartner").click()
    page.get_by_label("Ketenpartner").select_option(label="Jongerenloket Deventer")
    page.get_by_label("Vraag aan de partner").fill("hulp bij een bijbaan naast de opleiding")
    page.get_by_label("Grondslag voor het delen").select_option(
        label="toestemming (AVG art. 6 lid 1 onder a; onder 16 jaar van een ouder of voogd)"
    )
    page.get_by_label("Toestemming (niet verplicht)", exact=True).select_option(index=1)
    page.get_by_label("Gedeelde gegevens").fill("naam, telefoon")
    page.get_by_label("Delen tot en met").fill(day(90))
    assert_accessible(page)
    save(page)
    expect(page.get_by_text("De verwijzing is vastgelegd en het delen gelogd.")).to_be_visible()

    # A note and a task on the timeline.
    page.get_by_role("link", name="Notitie of contactmoment toevoegen").click()
    page.get_by_label("Dit was een gesprek met de jongere (contactmoment)").check()
    page.get_by_label("Tekst").fill("Aanmelding bij het mbo samen ingevuld.")
    assert_accessible(page)
    save(page)
    expect(page.get_by_text("De notitie staat in de tijdlijn.")).to_be_visible()
    page.get_by_role("link", name="Taak toevoegen").click()
    page.get_by_label("Taak", exact=True).fill("school bellen over de intake")
    page.get_by_label("Uiterlijk op").fill(day(3))
    save(page)
    # the task is now what comes first in the summary
    expect(
        page.get_by_role("definition").filter(has_text="taak: school bellen over de intake")
    ).to_be_visible()
    assert_accessible(page)

    # The outcome, then aftercare.
    page.get_by_role("link", name="Dossier afsluiten met een uitkomst").click()
    page.get_by_label("Uitkomst").select_option(label="volledig erkend onderwijs")
    page.get_by_label("Toelichting").fill("mbo-2 koken")
    assert_accessible(page)
    save(page)
    expect(page.get_by_text("Het dossier is afgesloten.")).to_be_visible()
    expect(page.get_by_text("nazorg", exact=True)).to_be_visible()
    case = Case.objects.get(person=person)
    assert case.state == CaseState.AFTERCARE
    check = case.follow_ups.order_by("due_on").first()
    page.get_by_role(
        "link", name=f"Vastleggen (controle op {dates.format_date(check.due_on)})"
    ).click()
    page.get_by_label("Resultaat").select_option(label="opnieuw uitgevallen")
    page.get_by_label("Toelichting").fill("niet meer op school sinds een week")
    assert_accessible(page)
    save(page)
    expect(
        page.get_by_text(
            "nazorgcontrole: opnieuw uitgevallen (niet meer op school sinds een week); dossier heropend"
        )
    ).to_be_visible()
    assert_accessible(page)
    case.refresh_from_db()
    assert case.state == CaseState.GUIDANCE

    page.get_by_role("link", name="Mijn dossiers").first.click()
    page.get_by_label("Toon").select_option(label="alle open dossiers")
    page.get_by_role("button", name="Tonen").click()
    # the list chosen, not the one before it (which may show the case too)
    page.wait_for_url("**/dossiers/?toon=open")
    expect(page.get_by_role("link", name="Haverkamp, Noor")).to_be_visible()
    assert_accessible(page)


def test_the_leerplicht_desk_hears_and_refers_to_halt(page, assert_accessible, make_user, deventer):
    officer = make_user(Role.LEERPLICHT, first_name="Lars", last_name="Leerplicht")
    person = PersonFactory(municipality=deventer, given_names="Ravi", surname="Kok", age=14)
    case = CaseFactory(person=person, desk=Desk.LEERPLICHT, state=CaseState.APPROACH, coach=officer)
    log_in(page, officer)
    page.goto(f"/dossiers/{case.public_id}/")
    assert_accessible(page)
    page.get_by_role("link", name="Gesprek vastleggen").click()
    page.get_by_label("Wie is gehoord").select_option(label="ouders en jongere samen")
    page.get_by_label("Verslag").fill("Verzuim besproken; afspraken met de mentor.")
    assert_accessible(page)
    save(page)
    expect(page.get_by_text("Het gesprek is vastgelegd.")).to_be_visible()
    page.get_by_role("link", name="Verwijzen naar Halt").click()
    page.get_by_label("Uren ongeoorloofd verzuim").fill("70")
    save(page)
    expect(page.get_by_text("Bij meer dan 60 uur verzuim (70 uur) past Halt niet")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Uren ongeoorloofd verzuim").fill("14")
    page.get_by_label("De jongere en de ouders stemmen in met Halt").check()
    save(page)
    expect(page.get_by_text("De Halt-verwijzing is vastgelegd.")).to_be_visible()
    expect(page.get_by_text("loopt")).to_be_visible()
    assert_accessible(page)


def test_the_coordinator_sees_every_caseload(page, assert_accessible, make_user, deventer):
    coordinator = make_user(Role.COORDINATOR)
    coach = make_user(Role.COACH, first_name="Kees", last_name="Klaassen")
    for _ in range(3):
        CaseFactory(
            person=PersonFactory(municipality=deventer),
            coach=coach,
            next_due_on=TODAY - timedelta(days=2),
        )
    CaseFactory(person=PersonFactory(municipality=deventer, surname="Zonderbegeleider"))
    log_in(page, coordinator)
    page.get_by_role("link", name="Caseloads").first.click()
    row = page.locator("tbody tr", has=page.get_by_role("link", name="Kees Klaassen"))
    expect(row.get_by_role("cell").nth(2)).to_have_text("3")
    assert_accessible(page)
    page.get_by_role("link", name="Niet toegewezen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossiers zonder begeleider")
    expect(page.get_by_role("link", name="Zonderbegeleider, Sam")).to_be_visible()
    assert_accessible(page)
