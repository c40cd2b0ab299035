"""The case pages: who sees and changes what, Dutch messages for bad input, nothing stored on
a refusal, and a fixed number of queries whatever the size of a case or a caseload."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from doorstroom import dates
from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.accounts.roles import Role
from doorstroom.accounts.tests.case_world import case_world, leerplicht_world
from doorstroom.cases import actions, services
from doorstroom.cases.choices import (
    CaseState,
    Channel,
    ContactResult,
    EntryKind,
    Outcome,
    PlanKind,
)
from doorstroom.cases.factories import CaseFactory, OrganisationFactory
from doorstroom.cases.models import Case, CaseEntry, ContactAttempt, LeavingReason, Task
from doorstroom.partners.choices import ConsentGiver, LegalBasis, ReferralStatus
from doorstroom.partners.models import Consent, Referral
from doorstroom.people.choices import Desk
from doorstroom.people.factories import PersonFactory
from doorstroom.signals.factories import ReportFactory, SignalFactory
from doorstroom.signals.models import SignalSource

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("leaving_reasons")]
TODAY = dates.today()


@pytest.fixture
def case(deventer, coach):
    return CaseFactory(person=PersonFactory(municipality=deventer, surname="Veldhuis"), coach=coach)


def url(name, case, *args):
    return reverse(f"cases:{name}", args=[case.public_id, *args])


def as_user(client, make_user, role, **kwargs):
    user = make_user(role, **kwargs)
    log_in_verified(client, user)
    return user


def test_the_case_page_shows_the_dossier_and_logs_the_read(coach_client, deventer, coach):
    case = services.open_or_join_case(
        PersonFactory(municipality=deventer, surname="Veldhuis"), Desk.DOORSTROOMPUNT,
        deventer.region_id, coach, coach=coach, listed_on=TODAY, route="t",
    )  # fmt: skip
    response = coach_client.get(url("detail", case))
    assert response.status_code == 200
    assert "Veldhuis" in response.content.decode()
    assert "contactpoging 1 van 3" in response.content.decode()
    assert AuditEvent.objects.filter(
        user=coach, action=AuditAction.VIEW, person_id=case.person_id, reason="dossier bekeken"
    ).exists()


def test_a_user_of_another_region_finds_no_case_and_ids_cannot_be_guessed(
    client, make_user, other_region, case
):
    for role in (Role.COACH, Role.COORDINATOR, Role.SUPPORT):
        as_user(client, make_user, role, user_region=other_region)
        for name in ("detail", "contact_attempt", "note", "close"):
            assert client.get(url(name, case)).status_code == 404
    as_user(client, make_user, Role.COORDINATOR)
    assert (
        client.get(
            reverse("cases:detail", args=["3f0c1c1e-1111-4a4a-9b9b-123456789abc"])
        ).status_code
        == 404
    )


def test_a_colleague_reads_the_case_but_cannot_change_it(client, make_user, case):
    as_user(client, make_user, Role.COACH)
    page = client.get(url("detail", case)).content.decode()
    assert "Contactpoging vastleggen" not in page
    assert client.get(url("contact_attempt", case)).status_code == 403
    response = client.post(
        url("contact_attempt", case),
        {"on": TODAY.strftime("%d-%m-%Y"), "channel": "telefoon", "result": "bereikt"},
    )
    assert response.status_code == 403
    assert not ContactAttempt.objects.exists()


def test_the_leerplicht_desk_does_not_see_a_doorstroompunt_case(client, make_user, case):
    as_user(client, make_user, Role.LEERPLICHT)
    assert client.get(url("detail", case)).status_code == 404


def dp_case(municipality, user):
    person = PersonFactory(municipality=municipality)
    return case_world(person, user, SignalFactory(person=person))


# The form pages about one record of a case: who works it, a case with one, and its id.
RECORD_PAGES = {
    "referral_status": (Role.COORDINATOR, dp_case, lambda c: c.referrals.get().pk),
    "follow_up": (Role.COORDINATOR, dp_case, lambda c: c.follow_ups.get().pk),
    "halt_outcome": (Role.LEERPLICHT, lambda m, u: leerplicht_world(m), lambda c: c.halt_referrals.get().pk),
    "official_report_sent": (Role.LEERPLICHT, lambda m, u: leerplicht_world(m), lambda c: c.pv.pk),
    "official_report_outcome": (Role.LEERPLICHT, lambda m, u: leerplicht_world(m), lambda c: c.pv.pk),
    "close_report": (Role.LEERPLICHT, lambda m, u: leerplicht_world(m), lambda c: c.report.pk),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(RECORD_PAGES))
def test_a_record_page_shows_no_form_for_an_unknown_id_or_another_cases_record(
    client, make_user, deventer, name
):
    role, make_case, record_of = RECORD_PAGES[name]
    user = as_user(client, make_user, role)
    case, other = make_case(deventer, user), make_case(deventer, user)
    assert client.get(url(name, case, record_of(case))).status_code == 200
    assert client.get(url(name, case, 999999)).status_code == 404
    assert client.post(url(name, case, 999999)).status_code == 404
    assert client.get(url(name, case, record_of(other))).status_code == 404


def test_a_contact_attempt_through_the_form(coach_client, case):
    response = coach_client.post(
        url("contact_attempt", case),
        {
            "on": TODAY.strftime("%d-%m-%Y"),
            "channel": Channel.PHONE,
            "result": ContactResult.NOT_REACHED,
            "next_step": "morgen na 16 uur opnieuw bellen",
            "next_on": (TODAY + timedelta(days=1)).strftime("%d-%m-%Y"),
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#benaderen")
    case.refresh_from_db()
    assert case.state == CaseState.APPROACH
    assert case.next_due == "geplande vervolgstap: contactpoging 2 van 3"


def test_an_incomplete_form_says_in_dutch_what_is_missing_and_stores_nothing(coach_client, case):
    response = coach_client.post(
        url("contact_attempt", case), {"on": "31-02-2026", "channel": "fax"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Vul een bestaande datum in als dd-mm-jjjj" in page
    assert "Kies een van de mogelijkheden." in page
    assert "Kies wat de poging opleverde." in page
    assert not ContactAttempt.objects.exists()
    assert CaseEntry.objects.filter(case=case).count() == 1


def test_a_date_in_the_future_is_refused_for_something_that_happened(coach_client, case):
    response = coach_client.post(
        url("note", case),
        {"on": (TODAY + timedelta(days=2)).strftime("%d-%m-%Y"), "text": "gesprek"},
    )
    assert response.status_code == 400
    assert "ligt in de toekomst" in response.content.decode()


def test_a_note_as_long_as_it_may_be_with_line_breaks_sent_as_crlf_is_kept_with_lf(
    coach_client, case
):
    """A browser counts a line break as one character towards maxlength but sends CRLF."""
    typed = ("Gebeld met moeder.\n" * 300)[:4999] + "."
    response = coach_client.post(
        url("note", case),
        {"on": TODAY.strftime("%d-%m-%Y"), "text": typed.replace("\n", "\r\n")},
    )
    assert response.status_code == 302
    assert CaseEntry.objects.get(case=case, kind=EntryKind.NOTE).text == typed


def test_the_note_form_tells_the_browser_the_limit_the_server_checks(coach_client, case):
    from doorstroom.cases.forms import NoteForm

    page = coach_client.get(url("note", case)).content.decode()

    textarea = re.search(r'<textarea[^>]*name="text"[^>]*>', page).group(0)
    assert f'maxlength="{NoteForm.base_fields["text"].max_length}"' in textarea


def test_a_refusal_of_the_rules_shows_above_the_form(coach_client, case):
    """An intake before any contact: the workflow says no, in Dutch, and nothing is kept."""
    reason = LeavingReason.objects.first()
    response = coach_client.post(
        url("intake", case),
        {"held_on": TODAY.strftime("%d-%m-%Y"), "reasons": [reason.pk], "goal": "werk vinden"},
    )
    assert response.status_code == 400
    assert "Leg eerst een contactpoging vast" in response.content.decode()
    assert not hasattr(Case.objects.get(pk=case.pk), "intake")


def test_the_intake_form_offers_the_regions_own_reasons_too(
    coach_client, case, region, other_region
):
    LeavingReason.objects.create(region=region, label="mantelzorg thuis")
    LeavingReason.objects.create(region=other_region, label="reden van elders")
    page = coach_client.get(url("intake", case)).content.decode()
    assert "mantelzorg thuis" in page and "verkeerde studiekeuze" in page
    assert "reden van elders" not in page


def test_a_plan_needs_a_goal_with_a_date(coach_client, case, coach):
    actions.record_contact_attempt(
        coach, case, on=TODAY, channel=Channel.PHONE, result=ContactResult.REACHED, route="t"
    )
    response = coach_client.post(
        url("plan", case),
        {
            "made_on": TODAY.strftime("%d-%m-%Y"),
            "kind": "onderwijs",
            "agreements": "aanmelden",
            "goal_1": "inschrijven",
            "goal_2_due": "01-03-2027",
            "cost": "1.500,00",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Vul een streefdatum in voor doel 1." in page
    assert "Schrijf doel 2 op, of laat de streefdatum leeg." in page


def test_a_confidential_note_is_read_only_by_its_author_and_the_coach(
    client, coach_client, case, coach, make_user
):
    coordinator = make_user(Role.COORDINATOR)
    actions.add_note(
        coordinator,
        case,
        on=TODAY,
        text="Gesprek over schulden thuis.",
        confidential=True,
        route="t",
    )
    assert "schulden thuis" in coach_client.get(url("detail", case)).content.decode()
    log_in_verified(client, make_user(Role.COORDINATOR))
    page = client.get(url("detail", case)).content.decode()
    assert "schulden thuis" not in page
    assert "Vertrouwelijk: alleen zichtbaar" in page
    log_in_verified(client, coordinator)
    assert "schulden thuis" in client.get(url("detail", case)).content.decode()


def test_a_one_line_contact_moment_shows_its_words_once_on_the_timeline(coach_client, case, coach):
    actions.add_note(
        coach, case, on=TODAY, text="Goed gesprek gehad.", confidential=False, contact=True,
        route="t",
    )  # fmt: skip
    page = coach_client.get(url("detail", case)).content.decode()
    assert page.count("Goed gesprek gehad.") == 1


def test_the_ondersteuner_reads_the_case_and_moves_nothing(client, make_user, case):
    as_user(client, make_user, Role.SUPPORT)
    page = client.get(url("detail", case)).content.decode()
    assert "Status wijzigen" not in page and "Contactpoging vastleggen" not in page
    assert client.get(url("state", case)).status_code == 403


def test_the_coordinator_reassigns_and_the_history_keeps_it(client, make_user, case, coach):
    as_user(client, make_user, Role.COORDINATOR)
    other = make_user(Role.COACH, first_name="Noor", last_name="Bakker")
    response = client.post(url("assign", case), {"coach": other.pk})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.coach == other
    assert case.entries.filter(kind=EntryKind.ASSIGNED, summary="begeleider: Noor Bakker").exists()
    outsider = make_user(Role.LEERPLICHT)
    client.post(url("assign", case), {"coach": outsider.pk})
    case.refresh_from_db()
    assert case.coach == other  # not someone of another desk


def test_a_closed_case_is_not_assigned_and_says_why(client, make_user, case, coach):
    Case.objects.filter(pk=case.pk).update(state=CaseState.CLOSED, closed_on=TODAY)
    as_user(client, make_user, Role.COORDINATOR)
    assert client.get(url("detail", case)).context["assign_form"] is None
    other = make_user(Role.COACH)
    response = client.post(url("assign", case), {"coach": other.pk}, follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Dit dossier is afgesloten; er kan niets meer bij."
    ]
    case.refresh_from_db()
    assert case.coach == coach


def test_closing_offers_the_outcomes_of_the_desk(coach_client, case, coach):
    actions.record_contact_attempt(
        coach, case, on=TODAY, channel=Channel.PHONE, result=ContactResult.REACHED, route="t"
    )
    page = coach_client.get(url("close", case)).content.decode()
    assert "volledig erkend onderwijs" in page and "wil geen hulp" in page
    assert "overgedragen aan het Doorstroompunt" not in page
    response = coach_client.post(
        url("close", case),
        {"outcome": Outcome.EDUCATION, "closed_on": TODAY.strftime("%d-%m-%Y"), "reason": "mbo-2"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.AFTERCARE and case.follow_ups.count() == 2


def test_the_case_page_shows_the_aftercare_of_a_young_person_who_died_as_lapsed(
    coach_client, case, coach
):
    actions.record_contact_attempt(
        coach, case, on=TODAY, channel=Channel.PHONE, result=ContactResult.REACHED, route="t"
    )
    services.close_case(coach, case, Outcome.EDUCATION, closed_on=TODAY, reason="", route="t")
    services.close_cases_of({(case.person_id, case.region_id): (Outcome.DIED, "")}, TODAY)
    page = coach_client.get(url("detail", case)).content.decode()
    assert "nog te doen" not in page
    assert page.count(f"vervallen op {TODAY.day} ") == 2
    assert "nazorg beëindigd: overleden" in page


def test_the_case_page_makes_the_same_number_of_queries_for_a_small_and_a_big_case(
    coach_client, coach, deventer, region
):
    def fill(case, times):
        partner = OrganisationFactory(region=region, name=f"Partner {case.pk}")
        for n in range(times):
            actions.record_contact_attempt(
                coach,
                case,
                on=TODAY,
                channel=Channel.PHONE,
                result=ContactResult.NOT_REACHED,
                route="t",
            )
            actions.add_note(
                coach, case, on=TODAY, text=f"notitie {n}", confidential=n % 2 == 0, route="t"
            )
            actions.add_task(coach, case, title=f"taak {n}", due_on=TODAY, route="t")
            actions.record_consent(
                coach,
                case,
                organisation=partner,
                scope="naam",
                given_on=TODAY,
                given_by=ConsentGiver.YOUNG_PERSON,
                valid_until=None,
                route="t",
            )
        SignalFactory.create_batch(times, person=case.person, case=case, status="afgesloten")

    small = CaseFactory(person=PersonFactory(municipality=deventer), coach=coach)
    big = CaseFactory(person=PersonFactory(municipality=deventer), coach=coach)
    fill(small, 1)
    fill(big, 30)
    coach_client.get(
        url("detail", small)
    )  # the session's first write of its activity out of the count
    counted = []
    for case in (small, big):
        with CaptureQueriesContext(connection) as queries:
            assert coach_client.get(url("detail", case)).status_code == 200
        counted.append(len(queries))
    assert counted[0] == counted[1], counted
    assert counted[1] <= 30


def test_my_cases_shows_what_is_due_first_in_a_fixed_number_of_queries(
    coach_client, coach, deventer
):
    def make(n):
        for _ in range(n):
            CaseFactory(
                person=PersonFactory(municipality=deventer), coach=coach,
                next_due_on=TODAY - timedelta(days=1), next_due="contactpoging 2 van 3",
            )  # fmt: skip

    make(3)
    coach_client.get(reverse("cases:mine"))
    with CaptureQueriesContext(connection) as few:
        coach_client.get(reverse("cases:mine"))
    make(57)
    with CaptureQueriesContext(connection) as many:
        response = coach_client.get(reverse("cases:mine"))
    assert len(few) == len(many)
    page = response.content.decode()
    assert "60 dossiers: vandaag en te laat" in page
    assert "te laat" in page
    assert AuditEvent.objects.filter(action=AuditAction.SEARCH, reason="dossierlijst").exists()


def test_my_cases_lists_only_my_own_unless_i_coordinate(client, make_user, deventer, coach):
    mine = CaseFactory(person=PersonFactory(municipality=deventer, surname="Eigen"), coach=coach)
    CaseFactory(
        person=PersonFactory(municipality=deventer, surname="Ander"), coach=make_user(Role.COACH)
    )
    log_in_verified(client, coach)
    page = client.get(reverse("cases:mine") + "?toon=open&begeleider=niemand").content.decode()
    assert "Eigen" in page and "Ander" not in page
    as_user(client, make_user, Role.COORDINATOR)
    page = client.get(reverse("cases:mine") + f"?toon=open&begeleider={coach.pk}").content.decode()
    assert "Eigen" in page and "Ander" not in page
    assert mine.coach == coach
    # A coach's number in other digits (superscript, Arabic-Indic) is no colleague: own list.
    for written in ("\u00b2", "\u0663", "1" * 30, "-1"):
        response = client.get(reverse("cases:mine"), {"toon": "open", "begeleider": written})
        assert response.status_code == 200


def test_the_caseloads_count_every_coach_and_the_unassigned(client, make_user, deventer, coach):
    yesterday = TODAY - timedelta(days=1)
    CaseFactory(person=PersonFactory(municipality=deventer), coach=coach, next_due_on=yesterday)
    CaseFactory(person=PersonFactory(municipality=deventer), coach=coach, next_due_on=TODAY)
    CaseFactory(person=PersonFactory(municipality=deventer), coach=None)
    CaseFactory(
        person=PersonFactory(municipality=deventer),
        coach=coach,
        state=CaseState.CLOSED,
        closed_on=TODAY,
    )
    as_user(client, make_user, Role.COORDINATOR)
    response = client.get(reverse("cases:caseloads"))
    rows = {coach.pk: counts for coach, counts in response.context["rows"]}
    assert rows[coach.pk] == {
        "coach_id": coach.pk,
        "open": 2,
        "due_today": 1,
        "overdue": 1,
        "aftercare": 0,
    }
    assert response.context["unassigned"]["open"] == 1


# The leerplicht desk's own steps.


@pytest.fixture
def lp_case(deventer):
    person = PersonFactory(municipality=deventer, age=15)
    case = CaseFactory(person=person, desk=Desk.LEERPLICHT, state=CaseState.APPROACH)
    report = ReportFactory(person=person, reported_at=timezone.now() - timedelta(days=20))
    signal = SignalFactory(person=person, desk=Desk.LEERPLICHT, case=case)
    SignalSource.objects.create(signal=signal, kind="melding", report=report, noted_on=TODAY)
    case.report = report
    return case


def test_the_leerplicht_steps_exist_only_at_the_leerplicht_desk(client, make_user, lp_case, case):
    as_user(client, make_user, Role.LEERPLICHT)
    assert "Proces-verbaal opmaken" in client.get(url("detail", lp_case)).content.decode()
    assert client.get(url("hearing", case)).status_code == 404  # a DP case is not theirs
    as_user(client, make_user, Role.COORDINATOR)
    assert client.get(url("hearing", lp_case)).status_code == 403
    assert "Proces-verbaal opmaken" not in client.get(url("detail", lp_case)).content.decode()


def test_a_halt_referral_outside_the_criteria_is_refused_with_the_reason(
    client, make_user, lp_case
):
    as_user(client, make_user, Role.LEERPLICHT)
    response = client.post(
        url("halt", lp_case),
        {"referred_on": TODAY.strftime("%d-%m-%Y"), "hours_absent": "70", "times_late": "0"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "meer dan 60 uur" in page and "toestemming" in page
    assert not lp_case.halt_referrals.exists()


def test_a_proces_verbaal_gets_its_deadline_and_becomes_what_is_due(client, make_user, lp_case):
    Case.objects.filter(pk=lp_case.pk).update(state=CaseState.GUIDANCE)  # reached long ago
    as_user(client, make_user, Role.LEERPLICHT)
    first_hearing = TODAY - timedelta(days=5)
    reported = TODAY - timedelta(days=20)
    response = client.post(
        url("official_report", lp_case),
        {
            "first_hearing_on": first_hearing.strftime("%d-%m-%Y"),
            "reported_on": reported.strftime("%d-%m-%Y"),
        },
    )
    assert response.status_code == 302
    report = lp_case.official_reports.get()
    assert report.deadline == min(dates.add_months(first_hearing, 1), dates.add_months(reported, 2))
    lp_case.refresh_from_db()
    assert lp_case.next_due == "proces-verbaal naar de officier van justitie"


def test_a_proces_verbaal_whose_melding_came_after_the_first_hearing_is_refused(
    client, make_user, lp_case
):
    Case.objects.filter(pk=lp_case.pk).update(state=CaseState.GUIDANCE)
    as_user(client, make_user, Role.LEERPLICHT)
    response = client.post(
        url("official_report", lp_case),
        {
            "first_hearing_on": (TODAY - timedelta(days=20)).strftime("%d-%m-%Y"),
            "reported_on": (TODAY - timedelta(days=5)).strftime("%d-%m-%Y"),
        },
    )
    assert response.status_code == 400
    assert "De melding kwam pas na het eerste horen binnen" in response.content.decode()
    assert not lp_case.official_reports.exists()


def test_closing_a_melding_with_duos_reason_and_exporting_its_status(client, make_user, lp_case):
    as_user(client, make_user, Role.LEERPLICHT)
    response = client.post(
        url("close_report", lp_case, lp_case.report.pk),
        {"reason": "terug_op_school", "on": TODAY.strftime("%d-%m-%Y")},
    )
    assert response.status_code == 302
    lp_case.report.refresh_from_db()
    assert lp_case.report.status == "afgesloten"
    export = client.post(reverse("cases:status_export"))
    lines = export.content.decode().splitlines()
    assert lines[0] == "meldingnummer;bsn;brin;status;datum_afgesloten;reden_afsluiten"
    assert lines[1].startswith(f"{lp_case.report.report_number};{lp_case.person.bsn};")
    assert lines[1].endswith(f";afgesloten;{TODAY.isoformat()};terug_op_school")
    again = client.post(reverse("cases:status_export")).content.decode().splitlines()
    assert len(again) == 1  # reported back once
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT, person_id=lp_case.person_id
    ).exists()


def test_a_young_person_under_12_is_not_heard_alone(client, make_user, deventer):
    case = CaseFactory(
        person=PersonFactory(municipality=deventer, age=10),
        desk=Desk.LEERPLICHT,
        state=CaseState.APPROACH,
    )
    as_user(client, make_user, Role.LEERPLICHT)
    response = client.post(
        url("hearing", case),
        {"held_on": TODAY.strftime("%d-%m-%Y"), "who": "jongere", "summary": "gesprek"},
    )
    assert response.status_code == 400
    assert "vanaf 12 jaar zelf gehoord" in response.content.decode()


def test_taking_up_a_signal_leads_to_the_case(coach_client, deventer, coach):
    signal = SignalFactory(person=PersonFactory(municipality=deventer), raised_on=date(2026, 11, 2))
    response = coach_client.post(reverse("signals:take_up", args=[signal.public_id]))
    case = Case.objects.get(person=signal.person)
    assert response["Location"] == url("detail", case)
    assert (case.coach, case.listed_on) == (coach, date(2026, 11, 2))


def test_a_task_ticked_off_from_the_page(coach_client, case, coach):
    actions.add_task(coach, case, title="school bellen", due_on=TODAY, route="t")
    task = Task.objects.get()
    response = coach_client.post(url("task_done", case, task.pk))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done_on == TODAY


@pytest.mark.parametrize("step", ["task_done", "withdraw_consent"])
def test_a_one_button_step_says_it_was_done_and_once_done_says_why_not_in_dutch(
    coach_client, coach, case, region, step
):
    if step == "task_done":
        actions.add_task(coach, case, title="school bellen", due_on=TODAY, route="t")
        pk, section = Task.objects.get().pk, "#taken"
        done, refused = (
            "Taak gedaan: school bellen.",
            "Deze taak hoort niet bij dit dossier of is al gedaan.",
        )
    else:
        partner = OrganisationFactory(region=region, name="GGD")
        actions.record_consent(
            coach, case, organisation=partner, scope="naam", given_on=TODAY,
            given_by=ConsentGiver.YOUNG_PERSON, valid_until=None,
            route="t",
        )  # fmt: skip
        pk, section = case.consents.get().pk, "#delen"
        done = (
            "De toestemming voor GGD is ingetrokken; verwijzingen op deze toestemming zijn "
            "beëindigd."
        )
        refused = "Deze toestemming hoort niet bij dit dossier of is al ingetrokken."
    for expected in (done, refused):
        response = coach_client.post(url(step, case, pk))
        assert response.status_code == 302 and response["Location"].endswith(section)
        page = coach_client.get(response["Location"])
        assert [str(m) for m in page.context["messages"]] == [expected]


def test_an_ended_referral_is_offered_no_status_and_a_forged_one_is_refused_in_dutch(
    coach_client, coach, case, region
):
    actions.record_contact_attempt(
        coach, case, on=TODAY, channel=Channel.PHONE, result=ContactResult.REACHED, route="test"
    )
    case = actions.refer(
        coach, case, organisation=OrganisationFactory(region=region), referred_on=TODAY,
        reason="werk zoeken", legal_basis=LegalBasis.DOORSTROOMPUNT, consent=None,
        shared="naam", shared_until=TODAY + timedelta(days=90), route="test",
    )  # fmt: skip
    referral = case.referrals.get()
    form = coach_client.get(url("referral_status", case, referral.pk)).content.decode()
    assert 'value="afgewezen"' in form and 'value="verstuurd"' in form
    actions.update_referral(
        coach, case, referral, status=ReferralStatus.ENDED, outcome="", route="test"
    )
    form = coach_client.get(url("referral_status", case, referral.pk)).content.decode()
    assert 'value="verstuurd"' not in form
    response = coach_client.post(
        url("referral_status", case, referral.pk), {"status": "verstuurd", "outcome": ""}
    )
    assert response.status_code == 400
    assert "Kies een van de mogelijkheden." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ENDED


def test_a_consent_is_withdrawn_with_one_button_and_its_referrals_stop_being_shared(
    coach_client, coach, case, region
):
    partner = OrganisationFactory(region=region, name="Jongerenloket Deventer")
    actions.record_contact_attempt(
        coach, case, on=TODAY, channel=Channel.PHONE, result=ContactResult.REACHED, route="test"
    )
    actions.record_consent(
        coach, case, organisation=partner, scope="naam", given_on=TODAY,
        given_by=ConsentGiver.YOUNG_PERSON, valid_until=None,
        route="test",
    )  # fmt: skip
    consent = case.consents.get()
    actions.refer(
        coach, case, organisation=partner, referred_on=TODAY, reason="werk zoeken",
        legal_basis=LegalBasis.CONSENT, consent=consent, shared="naam",
        shared_until=TODAY + timedelta(days=90), route="test",
    )  # fmt: skip
    assert Referral.objects.filter(organisation=partner).shared_on(TODAY).exists()
    page = coach_client.get(url("detail", case)).content.decode()
    assert url("withdraw_consent", case, consent.pk) in page
    assert coach_client.get(url("withdraw_consent", case, consent.pk)).status_code == 405

    response = coach_client.post(url("withdraw_consent", case, consent.pk))
    assert response.status_code == 302 and response["Location"].endswith("#delen")
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY
    assert not Referral.objects.filter(organisation=partner).shared_on(TODAY).exists()
    assert AuditEvent.objects.filter(
        user=coach, action=AuditAction.CHANGE, person_id=case.person_id,
        route="cases:withdraw_consent",
    ).exists()  # fmt: skip
    page = coach_client.get(url("detail", case)).content.decode()
    assert url("withdraw_consent", case, consent.pk) not in page


def consent_and_referral(coach, case, partner, *, on_consent: bool = True):
    actions.record_consent(
        coach, case, organisation=partner, scope="naam", given_on=TODAY,
        given_by=ConsentGiver.YOUNG_PERSON, valid_until=None, route="test",
    )  # fmt: skip
    consent = case.consents.get()
    actions.refer(
        coach, case, organisation=partner, referred_on=TODAY, reason="werk zoeken",
        legal_basis=LegalBasis.CONSENT if on_consent else LegalBasis.DOORSTROOMPUNT,
        consent=consent if on_consent else None, shared="naam",
        shared_until=TODAY + timedelta(days=90), route="test",
    )  # fmt: skip
    return consent, case.referrals.get()


def test_withdrawing_consent_ends_the_referrals_on_it_with_a_line_in_the_history(
    coach_client, coach, case, region
):
    partner = OrganisationFactory(region=region, name="Jongerenloket Deventer")
    consent, referral = consent_and_referral(coach, case, partner)
    until = (TODAY + timedelta(days=90)).strftime("%d-%m-%Y")
    page = coach_client.get(url("detail", case)).content.decode()
    assert f'<td class="utrecht-table__cell">{until}</td>' in page
    coach_client.post(url("withdraw_consent", case, consent.pk))
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ENDED
    assert list(case.entries.order_by("-at", "-id").values_list("kind", "summary")[:2]) == [
        (
            EntryKind.REFERRAL,
            "verwijzing beëindigd: toestemming ingetrokken: Jongerenloket Deventer",
        ),
        (EntryKind.CONSENT_WITHDRAWN, "toestemming voor Jongerenloket Deventer ingetrokken"),
    ]
    page = coach_client.get(url("detail", case)).content.decode()
    assert f"niet meer gedeeld (was tot en met {until})" in page
    assert "verstuurd" not in page


def test_withdrawing_consent_leaves_a_referral_on_a_legal_basis_shared(coach, case, region):
    partner = OrganisationFactory(region=region, name="Jongerenloket Deventer")
    consent, referral = consent_and_referral(coach, case, partner, on_consent=False)
    actions.withdraw_consent(coach, case, consent, on=TODAY, route="test")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    assert not case.entries.filter(summary__startswith="verwijzing beëindigd").exists()


def test_withdrawing_consent_is_refused_whole_when_it_was_withdrawn_meanwhile(coach, case, region):
    partner = OrganisationFactory(region=region, name="Jongerenloket Deventer")
    consent, referral = consent_and_referral(coach, case, partner)
    Consent.objects.filter(pk=consent.pk).update(withdrawn_on=TODAY)
    entries = case.entries.count()
    with pytest.raises(services.CaseRefused):
        actions.withdraw_consent(coach, case, consent, on=TODAY, route="test")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT  # nothing of the step was done
    assert case.entries.count() == entries


def test_the_audit_trail_tells_giving_consent_from_withdrawing_it(coach, case, region):
    partner = OrganisationFactory(region=region, name="Jongerenloket Deventer")
    consent, _ = consent_and_referral(coach, case, partner)
    actions.withdraw_consent(coach, case, consent, on=TODAY, route="test")
    reasons = AuditEvent.objects.filter(action=AuditAction.CHANGE, person_id=case.person_id)
    assert reasons.filter(reason=f"dossier {case.number}: toestemming voor delen").count() == 1
    assert reasons.filter(reason=f"dossier {case.number}: toestemming ingetrokken").count() == 1


@pytest.mark.parametrize(
    ("age", "given_by", "message"),
    [
        (15, "jongere", "Onder de 16 jaar geeft een ouder of voogd toestemming, niet de jongere "
         "zelf; deze jongere was 15 op de dag van de toestemming."),
        (15, "ouder", None),
        (16, "jongere", None),
        (16, "ouder", "Vanaf 16 jaar geeft de jongere zelf toestemming; deze jongere was 16 op "
         "de dag van de toestemming."),
    ],
)  # fmt: skip
def test_the_consent_form_asks_who_gave_it_and_refuses_the_wrong_one_for_the_age(
    coach_client, coach, deventer, region, age, given_by, message
):
    case = CaseFactory(person=PersonFactory(municipality=deventer, age=age), coach=coach)
    partner = OrganisationFactory(region=region)
    response = coach_client.post(
        url("consent", case),
        {"organisation": partner.pk, "scope": "naam", "given_on": TODAY.strftime("%d-%m-%Y"),
         "given_by": given_by, "valid_until": ""},
    )  # fmt: skip
    if message is None:
        assert response.status_code == 302
        assert Consent.objects.get(case=case).given_by == given_by
        page = coach_client.get(url("detail", case)).content.decode()
        label = "de jongere" if given_by == "jongere" else "ouder of voogd"
        assert f" door {label};" in page
    else:
        assert response.status_code == 400
        assert response.context["form"].errors["given_by"] == [message]
        assert not Consent.objects.filter(case=case).exists()


def test_the_consent_form_asks_who_gave_it(coach_client, case, region):
    partner = OrganisationFactory(region=region)
    response = coach_client.post(
        url("consent", case),
        {"organisation": partner.pk, "scope": "naam", "given_on": TODAY.strftime("%d-%m-%Y"),
         "valid_until": ""},
    )  # fmt: skip
    assert response.context["form"].errors["given_by"] == [
        "Kies wie de toestemming gaf: de jongere, of onder de 16 een ouder of voogd."
    ]


def test_recording_consent_refuses_a_young_person_under_16_as_its_giver(coach, deventer):
    case = CaseFactory(person=PersonFactory(municipality=deventer, age=14), coach=coach)
    partner = OrganisationFactory(region=case.region)
    with pytest.raises(services.CaseRefused, match="Onder de 16 jaar geeft een ouder of voogd"):
        actions.record_consent(
            coach, case, organisation=partner, scope="naam", given_on=TODAY,
            given_by=ConsentGiver.YOUNG_PERSON, valid_until=None, route="test",
        )  # fmt: skip
    assert not Consent.objects.exists()


def test_the_referral_form_names_a_consent_by_a_dutch_date(coach_client, coach, case, region):
    partner = OrganisationFactory(region=region, name="GGD")
    actions.record_consent(
        coach, case, organisation=partner, scope="naam", given_on=date(2026, 12, 1),
        given_by=ConsentGiver.YOUNG_PERSON, valid_until=None, route="test",
    )  # fmt: skip
    form = coach_client.get(url("referral", case)).content.decode()
    assert "toestemming voor GGD (1 december 2026)" in form
    assert "2026-12-01" not in form


def test_a_new_case_says_what_comes_before_the_intake_and_the_plan(coach_client, case):
    page = coach_client.get(url("detail", case)).content.decode()
    assert case.state == CaseState.NEW
    assert "Leg eerst een contactpoging vast; daarna kunt u hier de intake vastleggen." in page
    assert "Na de intake kunt u hier het plan opstellen." in page
    assert url("intake", case) not in page


def test_the_plan_shows_its_cost_in_euros_and_its_history_counts_the_goals(
    coach_client, case, coach
):
    actions.record_contact_attempt(
        coach, case, on=TODAY, channel=Channel.PHONE, result=ContactResult.REACHED, route="t"
    )
    actions.record_intake(
        coach, case, held_on=TODAY, reasons=[], reason_note="", goal="werk", situation={}, route="t"
    )
    actions.make_plan(
        coach, case, made_on=TODAY, kind=PlanKind.EDUCATION, agreements="aanmelden",
        goals=[actions.Goal("inschrijven", TODAY)], partners=[], measure=None,
        cost=Decimal("1500.00"), route="t",
    )  # fmt: skip
    page = coach_client.get(url("detail", case)).content.decode()
    assert "kosten € 1.500,00" in page
    assert "plan opgesteld: onderwijs, 1 doel" in page and "doel(en)" not in page
