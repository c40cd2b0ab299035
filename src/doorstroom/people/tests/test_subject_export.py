"""The inzage (AVG art. 15): everything held on one person, nothing on anyone else."""

import base64
import json
import re
import zlib
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.accounts.roles import Role
from doorstroom.cases.choices import EntryKind
from doorstroom.cases.factories import CaseFactory, OrganisationFactory
from doorstroom.cases.models import (
    CaseEntry,
    ContactAttempt,
    Document,
    FollowUp,
    Hearing,
    Intake,
    LeavingReason,
    Plan,
    PlanGoal,
    SealedText,
)
from doorstroom.deliveries.models import (
    EXPLANATION_LIMIT,
    ChangedPerson,
    DeliveryKind,
    ImportRun,
    RejectedRow,
    RunStatus,
)
from doorstroom.partners.models import Consent, Referral
from doorstroom.people.factories import (
    EnrolmentFactory,
    ExemptionFactory,
    PersonFactory,
    ResultFactory,
)
from doorstroom.people.models import IncomeMatch, IncomePriority, Rectification
from doorstroom.people.subject_export import as_json, gather
from doorstroom.people.subject_pdf import render
from doorstroom.signals.choices import SourceKind
from doorstroom.signals.factories import ReportFactory, SignalFactory
from doorstroom.signals.models import Cohort, CohortMembership, SignalSource

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("leaving_reasons")]

KINDS = (
    "residences", "enrolments", "results", "exemptions", "reports", "signals", "cases",
    "cohorts", "rectifications", "access_log", "contact_attempts", "intakes", "plans",
    "consents", "referrals", "follow_ups", "leerplicht", "documents", "deliveries",
    "refused_rows",
)  # fmt: skip


def one_of_each(person, user):
    """A person with one record of every kind the register, signalling and the trail hold."""
    EnrolmentFactory(person=person, start_date=date(2024, 8, 1), end_date=date(2026, 2, 28))
    ResultFactory(person=person)
    ExemptionFactory(person=person, decision_reference=f"LPA-{person.surname}")
    IncomeMatch.objects.create(
        person=person, priority=IncomePriority.NO_WORK_NO_BENEFIT, reported_on=date(2026, 10, 1)
    )
    report = ReportFactory(person=person, explanation=f"zorg om {person.surname}")
    case = CaseFactory(person=person, coach=user)
    with_case_work(case, user)
    signal = SignalFactory(person=person, case=case, assigned_to=user)
    SignalSource.objects.create(
        signal=signal, kind=SourceKind.REPORT, report=report, noted_on=date(2026, 11, 20)
    )
    CohortMembership.objects.create(person=person, cohort=Cohort.JIKP, year=2026)
    Rectification.objects.create(
        person=person, user=user, field="phone", old_value="", new_value="0612345678",
        reason="verzoek van de jongere",
    )  # fmt: skip
    run = ImportRun.objects.create(
        file_name=f"levering-{person.pk}.csv", checksum=f"{person.pk:064}", kind=DeliveryKind.P,
        delivery_date=date(2026, 11, 13), status=RunStatus.APPLIED, user=user,
    )  # fmt: skip
    ChangedPerson.objects.create(run=run, person_id=person.pk)
    RejectedRow.objects.create(
        run=run, line=7, field="einddatum", message="de einddatum ligt vóór de begindatum",
        raw=f"inschrijving;;;{person.bsn};I7;94AA", bsn=person.bsn, bsn_hash=person.bsn_hash,
    )  # fmt: skip
    AuditEvent.objects.create(
        user=user, username=user.username, action=AuditAction.VIEW, person_id=person.pk,
        route="people:detail", reason="persoonspagina bekeken", ip_address="10.1.2.3",
    )  # fmt: skip
    return report


def with_case_work(case, user):
    """One record of every kind a dossier holds, and a confidential note."""
    on = date(2026, 11, 2)
    partner = OrganisationFactory(region=case.region, name=f"Jongerenloket {case.pk}")
    note = CaseEntry.objects.create(
        case=case, at=timezone.now(), on=on, by=user, kind=EntryKind.NOTE, summary="vertrouwelijke notitie",
        confidential=True, state=case.state,
    )  # fmt: skip
    SealedText.objects.create(entry=note, text=f"zorgen thuis bij {case.person.surname}")
    ContactAttempt.objects.create(case=case, on=on, channel="telefoon", result="bereikt")
    Intake.objects.create(case=case, held_on=on, goal="kok worden").reasons.set(
        LeavingReason.objects.all()[:1]
    )
    plan = Plan.objects.create(
        case=case, version=1, made_on=on, kind="onderwijs", agreements="aanmelden"
    )
    PlanGoal.objects.create(plan=plan, description="ingeschreven", due_on=date(2027, 2, 1))
    consent = Consent.objects.create(
        person=case.person, case=case, organisation=partner, scope="naam", given_on=on
    )
    Referral.objects.create(
        case=case, organisation=partner, referred_on=on, reason="werk", legal_basis="toestemming",
        consent=consent, shared="naam", shared_until=date(2027, 2, 1),
    )  # fmt: skip
    FollowUp.objects.create(case=case, due_on=date(2027, 2, 2))
    Hearing.objects.create(case=case, held_on=on, who="ouders", summary="gesprek")
    Document.objects.create(
        case=case, title="uitnodiging", file=ContentFile(b"%PDF-1.4", name="u.pdf"),
        content_type="application/pdf", size=8,
    )  # fmt: skip


@pytest.fixture
def support(make_user):
    return make_user(Role.SUPPORT, first_name="Els", last_name="Ondersteuner")


def test_the_export_holds_every_kind_of_record(deventer, support):
    person = PersonFactory(municipality=deventer, surname="Haverkamp")
    report = one_of_each(person, support)
    data = gather(person)
    assert data["person"]["surname"] == "Haverkamp"
    assert {kind: len(data[kind]) for kind in KINDS} == dict.fromkeys(KINDS, 1)
    assert data["income_match"]["priority"] == 1
    assert data["signals"][0]["sources"][0]["report_number"] == report.report_number
    assert data["signals"][0]["case"] == data["cases"][0]["number"]
    assert data["access_log"][0]["by"] == "Els Ondersteuner"
    assert [e["kind"] for e in data["case_history"]] == ["geopend", "notitie"]
    assert data["case_history"][1]["text"] == "zorgen thuis bij Haverkamp"  # art. 15: all of it
    assert data["plans"][0]["goals"] == "ingeschreven (streefdatum 01-02-2027)"
    refused = data["refused_rows"][0]
    assert (refused["line"], refused["field"]) == (7, "einddatum")
    assert refused["reason"] == "de einddatum ligt vóór de begindatum"
    assert refused["row"] == f"inschrijving;;;{person.bsn};I7;94AA"  # as delivered, decrypted


def test_another_regions_delivery_and_its_refused_rows_are_that_regions_to_answer(
    deventer, doetinchem, support
):
    person = PersonFactory(municipality=deventer)
    run = ImportRun.objects.create(
        file_name="verzuim-elders.csv", checksum="1" * 64, kind=DeliveryKind.VERZUIM,
        delivery_date=date(2026, 11, 13), status=RunStatus.APPLIED, area=doetinchem.region,
    )  # fmt: skip
    RejectedRow.objects.create(
        run=run, line=2, field="verzuimsoort", message="onbekend", raw=person.bsn,
        bsn=person.bsn, bsn_hash=person.bsn_hash,
    )  # fmt: skip
    ChangedPerson.objects.create(run=run, person_id=person.pk)
    assert gather(person)["refused_rows"] == []
    assert gather(person)["deliveries"] == []  # nor who there offered it, nor its name
    run.area = deventer.region
    run.save(update_fields=["area"])
    assert [r["field"] for r in gather(person)["refused_rows"]] == ["verzuimsoort"]
    assert [d["file_name"] for d in gather(person)["deliveries"]] == ["verzuim-elders.csv"]


def test_the_export_names_employees_but_never_their_accounts_or_addresses(deventer, support):
    person = PersonFactory(municipality=deventer)
    report = one_of_each(person, support)
    report.reported_by = support
    report.save()
    text = as_json(gather(person))
    assert "Els Ondersteuner" in text
    assert support.username not in text
    assert "10.1.2.3" not in text
    assert report.contact_person in text


def test_the_export_holds_nothing_of_another_person(deventer, support):
    person = PersonFactory(municipality=deventer, surname="Haverkamp")
    other = PersonFactory(municipality=deventer, surname="Anderspersoon")
    one_of_each(person, support)
    one_of_each(other, support)
    text = as_json(gather(person))
    assert "Anderspersoon" not in text
    assert other.bsn not in text
    assert f"LPA-{other.surname}" not in text


def test_the_json_is_dated_in_iso_and_carries_its_schema(deventer, support):
    person = PersonFactory(municipality=deventer, date_of_birth=date(2007, 3, 1))
    data = json.loads(as_json(gather(person)))
    assert data["schema"] == "doorstroom.subject-export/1"
    assert data["person"]["date_of_birth"] == "2007-03-01"


def pdf_text(content: bytes) -> str:
    """The text drawn in a PDF: its streams unpacked (ASCII85, then Flate, as reportlab
    writes them), the strings it shows."""
    streams = re.findall(rb"stream\r?\n(.*?)endstream", content, re.DOTALL)
    shown = []
    for stream in streams:
        try:
            shown.append(
                zlib.decompress(base64.a85decode(stream.strip(), adobe=True)).decode("latin-1")
            )
        except (ValueError, zlib.error):
            continue
    return " ".join(re.findall(r"\((.*?)\) Tj", " ".join(shown)))


def test_the_pdf_is_a_pdf_in_plain_dutch_with_the_name_and_dates(deventer, support):
    person = PersonFactory(
        municipality=deventer, given_names="Noor", surname="Haverkamp",
        date_of_birth=date(2007, 3, 1),
    )  # fmt: skip
    one_of_each(person, support)
    content = render(gather(person))
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "Noor Haverkamp" in text
    assert "Inzage in uw gegevens" in text
    assert "1 maart 2007" in text
    assert "Wie uw gegevens bekeek of gebruikte" in text


@pytest.mark.parametrize(
    ("route", "kind"), [("people:export_json", "json"), ("people:export_pdf", "pdf")]
)
def test_each_download_is_audited_as_an_export_for_the_subject_request(
    client, deventer, support, route, kind
):
    person = PersonFactory(municipality=deventer)
    log_in_verified(client, support)
    response = client.get(reverse(route, args=[person.public_id]))
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="inzage-{person.public_id}.{kind}"'
    )
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(person_id=person.pk)
    assert (event.user, event.action, event.route, event.reason) == (
        support, AuditAction.EXPORT, route, "inzageverzoek (AVG art. 15)",
    )  # fmt: skip


def test_the_export_lists_its_own_download(client, deventer, support):
    person = PersonFactory(municipality=deventer)
    log_in_verified(client, support)
    data = json.loads(client.get(reverse("people:export_json", args=[person.public_id])).content)
    assert [e["action"] for e in data["access_log"]] == ["export"]


@pytest.mark.parametrize("route", ["people:export_json", "people:export_pdf"])
@pytest.mark.parametrize("role", [Role.SUPPORT, Role.COORDINATOR])
def test_a_person_of_another_region_cannot_be_exported(
    client, make_user, other_region, deventer, route, role
):
    person = PersonFactory(municipality=deventer)
    log_in_verified(client, make_user(role, user_region=other_region))
    assert client.get(reverse(route, args=[person.public_id])).status_code == 404
    assert not AuditEvent.objects.filter(person_id=person.pk).exists()


def test_the_person_page_offers_the_downloads_only_to_the_roles_that_may(
    client, make_user, deventer
):
    person = PersonFactory(municipality=deventer)
    url = reverse("people:export_pdf", args=[person.public_id])
    for role, shown in [(Role.SUPPORT, True), (Role.COORDINATOR, True), (Role.COACH, False)]:
        log_in_verified(client, make_user(role))
        page = client.get(reverse("people:detail", args=[person.public_id])).content.decode()
        assert (url in page) is shown


def test_markup_in_stored_text_is_printed_as_text(deventer, support):
    person = PersonFactory(municipality=deventer)
    ReportFactory(person=person, explanation="<b>school & thuis</b>")
    # reportlab draws the brackets as pieces of their own: compare without the seams.
    shown = pdf_text(render(gather(person))).replace(" ", "")
    assert "<b>school&thuis</b>" in shown


@pytest.mark.parametrize(
    "explanation",
    [
        # as long as the melding form and the API let a school write it: a row over pages
        ("woord " * EXPLANATION_LIMIT)[: EXPLANATION_LIMIT - 5] + " eind",
        # one word wider than its column (a pasted link, a row of dashes)
        "x" * EXPLANATION_LIMIT,
    ],
    ids=["long text", "long word"],
)
def test_the_pdf_holds_a_meldings_longest_toelichting(deventer, explanation):
    # a long name too, within the 200 characters a melding keeps of it as reported
    person = PersonFactory(
        municipality=deventer, given_names="Noor", surname_prefix="", surname="Haverkamp" * 21
    )
    ReportFactory(person=person, explanation=explanation, contact_person="c" * 200)
    content = render(gather(person))
    assert content.startswith(b"%PDF")
    assert "eind" in pdf_text(content) or "xxxx" in pdf_text(content)


def test_an_aftercare_check_that_lapsed_says_when_and_why(deventer, support):
    person = PersonFactory(municipality=deventer)
    case = CaseFactory(person=person, coach=support)
    FollowUp.objects.create(
        case=case, due_on=date(2027, 2, 2), lapsed_on=date(2026, 11, 30),
        lapse_reason="dossier afgesloten: overleden",
    )  # fmt: skip
    data = gather(person)
    (check,) = data["follow_ups"]
    assert (check["lapsed_on"], check["lapse_reason"]) == (
        date(2026, 11, 30),
        "dossier afgesloten: overleden",
    )
    assert json.loads(as_json(data))["follow_ups"][0]["lapsed_on"] == "2026-11-30"
    text = pdf_text(render(data))
    assert "Vervallen" in text and "30 november 2026" in text
    assert "dossier afgesloten: overleden" in text


def test_a_consent_says_who_gave_it(deventer, support):
    person = PersonFactory(municipality=deventer, age=15)
    case = CaseFactory(person=person, coach=support)
    partner = OrganisationFactory(region=case.region)
    Consent.objects.create(
        person=person, case=case, organisation=partner, scope="naam", given_on=date(2026, 11, 2),
        given_by="ouder",
    )  # fmt: skip
    (consent,) = gather(person)["consents"]
    assert (consent["given_by"], consent["given_by_label"]) == ("ouder", "ouder of voogd")
    assert "ouder of voogd" in pdf_text(render(gather(person)))


def test_the_refused_rows_of_a_refused_delivery_are_in_the_export(deventer):
    """A delivery of no valid row is refused, its rows kept (deliveries/services.py): they
    are the young person's data as much as an applied delivery's."""
    person = PersonFactory(municipality=deventer)
    run = ImportRun.objects.create(
        file_name="verzuim.csv", checksum="2" * 64, kind=DeliveryKind.VERZUIM,
        delivery_date=date(2026, 11, 13), status=RunStatus.REFUSED, area=deventer.region,
    )  # fmt: skip
    RejectedRow.objects.create(
        run=run, line=2, field="verzuimsoort", message="onbekend", raw=person.bsn,
        bsn=person.bsn, bsn_hash=person.bsn_hash,
    )  # fmt: skip
    assert [r["field"] for r in gather(person)["refused_rows"]] == ["verzuimsoort"]
