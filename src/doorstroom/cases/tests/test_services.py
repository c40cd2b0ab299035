"""The one write path and the lifecycle of a case, against the database."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction

from doorstroom import dates
from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.accounts.roles import Role
from doorstroom.cases import actions, services
from doorstroom.cases.choices import (
    CaseState,
    Channel,
    ContactResult,
    EntryKind,
    FollowUpResult,
    Outcome,
    PlanKind,
    Situation,
)
from doorstroom.cases.effect import effect_report, facts_of
from doorstroom.cases.factories import CaseFactory, OrganisationFactory
from doorstroom.cases.models import Case, CaseEntry, FollowUp, HistoryIsPermanent, LeavingReason
from doorstroom.cases.services import CaseRefused
from doorstroom.partners.choices import ConsentGiver, LegalBasis, ReferralStatus
from doorstroom.partners.models import Referral
from doorstroom.people.choices import Desk
from doorstroom.people.factories import PersonFactory
from doorstroom.signals.actions import open_signal
from doorstroom.signals.choices import SignalStatus
from doorstroom.signals.factories import SignalFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("leaving_reasons")]
ROUTE = "test"
TODAY = dates.today()


@pytest.fixture
def case(deventer, coach):
    return CaseFactory(person=PersonFactory(municipality=deventer), coach=coach)


def attempt(user, case, result=ContactResult.REACHED, on=TODAY, channel=Channel.PHONE):
    return actions.record_contact_attempt(
        user, case, on=on, channel=channel, result=result, route=ROUTE
    )


def intake(user, case):
    return actions.record_intake(
        user, case, held_on=TODAY, reasons=list(LeavingReason.objects.all()[:2]),
        reason_note="", goal="Ik wil kok worden.", situation={Situation.LIVING: "bij moeder"},
        route=ROUTE,
    )  # fmt: skip


def plan(user, case):
    return actions.make_plan(
        user, case, made_on=TODAY, kind=PlanKind.EDUCATION, agreements="Aanmelden bij mbo-2 koken.",
        goals=[actions.Goal("ingeschreven bij een mbo-opleiding", TODAY + timedelta(days=60))],
        partners=[], measure=None, cost=None, route=ROUTE,
    )  # fmt: skip


def history(case) -> list[str]:
    return list(case.entries.order_by("at", "id").values_list("summary", flat=True))


def test_opening_a_case_writes_its_first_history_line_and_joining_writes_none(deventer, coach):
    person = PersonFactory(municipality=deventer)
    case = services.open_or_join_case(
        person, Desk.DOORSTROOMPUNT, deventer.region_id, coach, coach=coach,
        listed_on=date(2026, 11, 2), route=ROUTE,
    )  # fmt: skip
    again = services.open_or_join_case(
        person, Desk.DOORSTROOMPUNT, deventer.region_id, coach, coach=coach,
        listed_on=date(2026, 11, 9), route=ROUTE,
    )  # fmt: skip
    assert again.pk == case.pk
    assert (case.state, case.coach, case.listed_on) == (CaseState.NEW, coach, date(2026, 11, 2))
    assert history(case) == ["dossier geopend bij het loket Doorstroompunt"]
    assert case.next_due == "contactpoging 1 van 3" and case.next_due_on == TODAY


def test_a_contact_attempt_starts_benaderen_and_is_logged(case, coach):
    case = attempt(coach, case, ContactResult.NOT_REACHED)
    assert case.state == CaseState.APPROACH
    assert history(case)[-1] == "contactpoging per telefoon: niet bereikt"
    entry = case.entries.first()
    assert (entry.by, entry.kind, entry.state) == (coach, EntryKind.CONTACT_ATTEMPT, "benaderen")
    assert case.next_due == "contactpoging 2 van 3"
    assert AuditEvent.objects.filter(
        user=coach, action=AuditAction.CHANGE, person_id=case.person_id,
        reason__contains="contactpoging",
    ).exists()  # fmt: skip


def test_only_the_cases_own_coach_or_the_coordinator_works_in_it(case, make_user, other_region):
    colleague = make_user(Role.COACH)
    with pytest.raises(PermissionDenied):
        attempt(colleague, case)
    coordinator = make_user(Role.COORDINATOR)
    assert attempt(coordinator, case).state == CaseState.APPROACH
    for outsider in (
        make_user(Role.COORDINATOR, user_region=other_region),
        make_user(Role.SUPPORT),
        make_user(Role.LEERPLICHT),  # another desk
        make_user(Role.POLICY),
    ):
        with pytest.raises(PermissionDenied):
            actions.add_task(outsider, case, title="bellen", due_on=TODAY, route=ROUTE)
    assert not case.tasks.exists()


def test_a_coach_cannot_close_a_case_nobody_tried_to_contact(case, coach, make_user):
    with pytest.raises(CaseRefused, match="coördinator"):
        services.close_case(
            coach, case, Outcome.OTHER, closed_on=TODAY, reason="dubbel", route=ROUTE
        )
    case.refresh_from_db()
    assert case.state == CaseState.NEW and case.outcome == ""
    coordinator = make_user(Role.COORDINATOR)
    closed = services.close_case(
        coordinator, case, Outcome.OTHER, closed_on=TODAY, reason="dubbel gemeld", route=ROUTE
    )
    assert closed.state == CaseState.CLOSED


def test_from_signal_to_aftercare_and_back_when_the_young_person_drops_out(case, coach):
    with pytest.raises(CaseRefused, match="contactpoging"):
        intake(coach, case)
    attempt(coach, case)
    with pytest.raises(CaseRefused, match="intake"):
        plan(coach, case)
    assert intake(coach, case).state == CaseState.INTAKE
    assert plan(coach, case).state == CaseState.PLAN
    case = services.change_state(coach, case, CaseState.GUIDANCE, note="", route=ROUTE)
    assert case.state == CaseState.GUIDANCE
    closed_on = date(2026, 3, 10)
    case = services.close_case(
        coach, case, Outcome.EDUCATION, closed_on=closed_on, reason="mbo-2 koken", route=ROUTE
    )
    assert (case.state, case.outcome, case.closed_on) == (
        CaseState.AFTERCARE,
        "onderwijs",
        closed_on,
    )
    checks = list(case.follow_ups.values_list("due_on", flat=True))
    assert checks == [date(2026, 6, 10), date(2026, 9, 10)]
    assert (case.next_due_on, case.next_due) == (date(2026, 6, 10), "nazorgcontrole")
    first = case.follow_ups.first()
    case = services.record_follow_up(
        coach, case, first, done_on=date(2026, 6, 12), result=FollowUpResult.DROPPED_OUT,
        note="niet meer op school", route=ROUTE,
    )  # fmt: skip
    assert case.state == CaseState.GUIDANCE
    assert (
        history(case)[-1]
        == "nazorgcontrole: opnieuw uitgevallen (niet meer op school); dossier heropend"
    )
    with pytest.raises(CaseRefused, match="al gedaan"):
        services.record_follow_up(
            coach, case, first, done_on=TODAY, result=FollowUpResult.ON_TRACK, note="", route=ROUTE
        )


def test_after_a_drop_out_the_next_round_of_aftercare_can_finish(case, coach):
    attempt(coach, case)
    intake(coach, case)
    case = services.close_case(
        coach, case, Outcome.WORK, closed_on=date(2026, 3, 10), reason="", route=ROUTE
    )
    first, second = case.follow_ups.all()
    case = services.record_follow_up(
        coach, case, first, done_on=date(2026, 6, 12), result=FollowUpResult.DROPPED_OUT,
        note="", route=ROUTE,
    )  # fmt: skip
    second.refresh_from_db()
    assert (second.done_on, second.reopened_on) == (None, date(2026, 6, 12))
    assert (second.lapsed_on, second.lapse_reason) == (
        date(2026, 6, 12),
        "het dossier ging weer open",
    )
    with pytest.raises(CaseRefused, match="verviel"):
        services.record_follow_up(
            coach, case, second, done_on=TODAY, result=FollowUpResult.ON_TRACK, note="",
            route=ROUTE,
        )  # fmt: skip
    case = services.close_case(
        coach, case, Outcome.EDUCATION, closed_on=date(2026, 8, 3), reason="", route=ROUTE
    )
    new_round = list(case.follow_ups.current())
    assert [c.due_on for c in new_round] == [date(2026, 11, 3), date(2027, 2, 3)]
    assert (case.next_due_on, case.next_due) == (date(2026, 11, 3), "nazorgcontrole")
    for check in new_round:
        case = services.record_follow_up(
            coach, case, check, done_on=check.due_on, result=FollowUpResult.ON_TRACK, note="",
            route=ROUTE,
        )  # fmt: skip
    assert case.state == CaseState.CLOSED and case.next_due_on is None


def test_aftercare_ends_after_the_last_check_finds_the_young_person_at_school(case, coach):
    attempt(coach, case)
    intake(coach, case)
    case = services.close_case(
        coach, case, Outcome.WORK, closed_on=date(2026, 3, 10), reason="", route=ROUTE
    )
    for check in case.follow_ups.all():
        case = services.record_follow_up(
            coach, case, check, done_on=check.due_on, result=FollowUpResult.ON_TRACK, note="",
            route=ROUTE,
        )  # fmt: skip
    assert (
        case.state == CaseState.CLOSED and case.follow_ups.filter(done_on__isnull=True).count() == 0
    )
    assert case.next_due_on is None
    with pytest.raises(CaseRefused, match="afgesloten"):
        actions.add_task(coach, case, title="bellen", due_on=TODAY, route=ROUTE)


def test_a_close_whose_aftercare_cannot_be_planned_leaves_the_case_open(case, coach, monkeypatch):
    attempt(coach, case)

    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(FollowUp.objects, "bulk_create", fail)
    with pytest.raises(DatabaseError):
        services.close_case(coach, case, Outcome.EDUCATION, closed_on=TODAY, reason="", route=ROUTE)
    case.refresh_from_db()
    assert (case.state, case.outcome, case.closed_on) == (CaseState.APPROACH, "", None)
    assert not case.entries.filter(kind=EntryKind.OUTCOME).exists()


def test_an_outcome_without_work_or_school_has_no_aftercare(case, coach):
    attempt(coach, case)
    case = services.close_case(
        coach, case, Outcome.REFUSED, closed_on=TODAY, reason="wil geen hulp", route=ROUTE
    )
    assert case.state == CaseState.CLOSED and not case.follow_ups.exists()


def test_refusing_help_is_no_outcome_at_the_leerplicht_desk(deventer, make_user):
    officer = make_user(Role.LEERPLICHT)
    case = CaseFactory(person=PersonFactory(municipality=deventer, age=15), desk=Desk.LEERPLICHT)
    attempt(officer, case)
    with pytest.raises(CaseRefused, match="geen uitkomst bij het loket leerplicht"):
        services.close_case(officer, case, Outcome.REFUSED, closed_on=TODAY, reason="", route=ROUTE)


def test_a_new_signal_during_aftercare_reopens_the_case(case, coach):
    attempt(coach, case)
    services.close_case(coach, case, Outcome.EDUCATION, closed_on=TODAY, reason="", route=ROUTE)
    joined = services.open_or_join_case(
        case.person, Desk.DOORSTROOMPUNT, case.region_id, coach, coach=coach, listed_on=TODAY,
        route=ROUTE,
    )  # fmt: skip
    assert joined.pk == case.pk and joined.state == CaseState.GUIDANCE
    assert history(joined)[-1] == "nieuw signaal tijdens de nazorg: dossier heropend"


@pytest.mark.parametrize("reopened_by", ["a drop-out", "a new signal"])
def test_a_reopened_case_has_no_outcome_and_counts_as_running_in_the_effect_report(
    case, coach, reopened_by
):
    attempt(coach, case)
    case = services.close_case(
        coach, case, Outcome.EDUCATION, closed_on=TODAY, reason="mbo-2 koken", route=ROUTE
    )
    if reopened_by == "a drop-out":
        case = services.record_follow_up(
            coach, case, case.follow_ups.first(), done_on=TODAY,
            result=FollowUpResult.DROPPED_OUT, note="", route=ROUTE,
        )  # fmt: skip
    else:
        case = services.open_or_join_case(
            case.person, Desk.DOORSTROOMPUNT, case.region_id, coach, coach=coach,
            listed_on=TODAY, route=ROUTE,
        )  # fmt: skip
    case.refresh_from_db()
    assert case.state == CaseState.GUIDANCE
    assert (case.outcome, case.closed_on, case.closing_reason) == ("", None, "")
    assert not case.follow_ups.to_do().exists()
    report = effect_report(facts_of(Case.objects.filter(pk=case.pk)))
    assert report.outcomes == {"loopt nog": 1}
    assert report.follow_up_bands == {"geen": 1}


def test_a_colleague_who_takes_up_a_new_signal_reopens_the_case_in_aftercare(
    case, coach, make_user
):
    attempt(coach, case)
    services.close_case(coach, case, Outcome.EDUCATION, closed_on=TODAY, reason="", route=ROUTE)
    colleague = make_user(Role.COACH)
    signal = SignalFactory(person=case.person, raised_on=TODAY)
    joined = open_signal(colleague, signal, route=ROUTE)
    assert (joined.pk, joined.state, joined.coach) == (case.pk, CaseState.GUIDANCE, coach)
    entry = joined.entries.first()
    assert (entry.by, entry.summary) == (
        colleague,
        "nieuw signaal tijdens de nazorg: dossier heropend",
    )
    signal.refresh_from_db()
    assert (signal.case, signal.status) == (joined, SignalStatus.IN_PROGRESS)


def test_only_who_works_the_desk_of_the_region_opens_or_reopens_a_case_by_a_signal(
    case, make_user, other_region
):
    for outsider in (
        make_user(Role.LEERPLICHT),  # another desk
        make_user(Role.SUPPORT),  # no case work
        make_user(Role.COACH, user_region=other_region),
    ):
        with pytest.raises(PermissionDenied):
            services.open_or_join_case(
                case.person, Desk.DOORSTROOMPUNT, case.region_id, outsider, coach=None,
                listed_on=TODAY, route=ROUTE,
            )  # fmt: skip


def test_the_handover_at_18_closes_the_leerplicht_case_and_links_it(deventer, coach, make_user):
    person = PersonFactory(municipality=deventer, age=18)
    earlier = CaseFactory(person=person, desk=Desk.LEERPLICHT, state=CaseState.APPROACH)
    case = services.open_or_join_case(
        person, Desk.DOORSTROOMPUNT, deventer.region_id, coach, coach=coach, listed_on=TODAY,
        route=ROUTE, handed_over=True,
    )  # fmt: skip
    earlier.refresh_from_db()
    assert case.previous == earlier
    assert (earlier.state, earlier.outcome) == (CaseState.CLOSED, Outcome.HANDED_OVER)
    assert history(earlier)[-1].startswith("afgesloten: overgedragen aan het Doorstroompunt")


def test_reassigning_keeps_the_history(case, coach, make_user):
    coordinator, other = make_user(Role.COORDINATOR), make_user(Role.COACH, first_name="Noor")
    attempt(coach, case)
    case = services.assign_case(coordinator, case, other, route=ROUTE)
    assert case.coach == other
    assert history(case)[-2:] == [
        "contactpoging per telefoon: bereikt",
        f"begeleider: {other.get_full_name()}",
    ]
    with pytest.raises(PermissionDenied):
        services.assign_case(other, case, coach, route=ROUTE)  # a coach does not reassign
    with pytest.raises(PermissionDenied):  # nobody of the leerplicht desk takes a DP case
        services.assign_case(coordinator, case, make_user(Role.LEERPLICHT), route=ROUTE)


def test_the_history_cannot_be_edited(case):
    entry = case.entries.get()
    entry.summary = "anders"
    with pytest.raises(HistoryIsPermanent):
        entry.save()
    with pytest.raises(HistoryIsPermanent):
        CaseEntry.objects.filter(case=case).update(summary="anders")
    with pytest.raises(HistoryIsPermanent):
        entry.delete()
    with pytest.raises(HistoryIsPermanent):
        CaseEntry.objects.filter(case=case).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE cases_caseentry SET summary = 'anders' WHERE id = %s", [entry.pk])
    assert case.entries.get().summary == "dossier geopend"


def test_retention_can_remove_a_case_with_its_history(case):
    case.person.delete()
    assert not CaseEntry.objects.exists()


def test_a_confidential_note_does_not_show_its_words_in_the_summary(case, coach):
    case = actions.add_note(
        coach, case, on=TODAY, text="Zorgen over de thuissituatie.", confidential=True, route=ROUTE
    )
    entry = case.entries.first()
    assert entry.summary == "vertrouwelijke notitie" and entry.confidential
    audit = AuditEvent.objects.filter(route=ROUTE).last()
    assert "thuissituatie" not in audit.reason


def test_the_audit_trail_names_the_kind_of_change_never_the_words_about_the_young_person(
    case, coach, region
):
    """Audit rows outlive the case (retention) and the privacyfunctionaris reads them: the
    case's history keeps the text, the audit row says what kind of change it was."""
    words = "Zorgen over schulden bij haar moeder"
    attempt(coach, case)
    actions.add_note(
        coach,
        case,
        on=TODAY,
        text=f"{words}.\nVolgende week verder.",
        confidential=False,
        route=ROUTE,
    )
    actions.add_task(coach, case, title=f"{words} bespreken", due_on=TODAY, route=ROUTE)
    actions.refer(
        coach, case, organisation=OrganisationFactory(region=region, name="Schuldhulp Deventer"),
        referred_on=TODAY, reason=words, legal_basis=LegalBasis.DOORSTROOMPUNT, consent=None,
        shared=f"naam en {words}", shared_until=TODAY, route=ROUTE,
    )  # fmt: skip
    services.close_case(coach, case, Outcome.CARE, closed_on=TODAY, reason=words, route=ROUTE)
    assert all(words in line for line in history(case)[-5:-1])
    reasons = list(
        AuditEvent.objects.filter(person_id=case.person_id).values_list("reason", flat=True)
    )
    assert not [r for r in reasons if "schulden" in r]
    assert f"dossier {case.number}: notitie" in reasons
    assert f"dossier {case.number}: uitkomst" in reasons
    assert (
        f"gedeeld met Schuldhulp Deventer (wettelijke taak: Doorstroompunt (RMC-functie)), "
        f"dossier {case.number}" in reasons
    )


def test_a_referral_on_consent_needs_a_valid_consent_for_that_partner(case, coach, region):
    partner = OrganisationFactory(region=region, name="Jongerenloket Deventer")
    other = OrganisationFactory(region=region, name="GGD")
    attempt(coach, case)
    refer = {
        "organisation": partner, "referred_on": TODAY, "reason": "hulp bij werk zoeken",
        "legal_basis": LegalBasis.CONSENT, "shared": "naam, telefoon, plan",
        "shared_until": TODAY + timedelta(days=90), "route": ROUTE,
    }  # fmt: skip
    with pytest.raises(CaseRefused, match="geen geldige toestemming"):
        actions.refer(coach, case, consent=None, **refer)
    actions.record_consent(
        coach,
        case,
        organisation=other,
        scope="naam",
        given_on=TODAY,
        given_by=ConsentGiver.YOUNG_PERSON,
        valid_until=None,
        route=ROUTE,
    )
    wrong = case.consents.get()
    with pytest.raises(CaseRefused, match="geen geldige toestemming"):
        actions.refer(coach, case, consent=wrong, **refer)
    actions.record_consent(
        coach, case, organisation=partner, scope="naam, telefoon, plan", given_on=TODAY,
        given_by=ConsentGiver.YOUNG_PERSON,
        valid_until=None, route=ROUTE,
    )  # fmt: skip
    consent = case.consents.get(organisation=partner)
    case = actions.refer(coach, case, consent=consent, **refer)
    referral = case.referrals.get()
    assert (referral.consent, referral.shared_until) == (consent, TODAY + timedelta(days=90))
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT,
        person_id=case.person_id,
        reason__startswith="gedeeld met Jongerenloket",
    ).exists()


def test_closing_a_case_ends_its_shared_referrals_so_the_partner_no_longer_sees_them(
    case, coach, region
):
    partner = OrganisationFactory(region=region, name="Jongerenloket Deventer")
    attempt(coach, case)
    actions.refer(
        coach, case, organisation=partner, referred_on=TODAY, reason="werk zoeken",
        legal_basis=LegalBasis.DOORSTROOMPUNT, consent=None, shared="naam",
        shared_until=TODAY + timedelta(days=90), route=ROUTE,
    )  # fmt: skip
    assert Referral.objects.filter(organisation=partner).shared_on(TODAY).exists()
    case = services.close_case(
        coach, case, Outcome.OTHER, closed_on=TODAY, reason="verhuisd", route=ROUTE
    )
    assert case.referrals.get().status == ReferralStatus.ENDED
    assert not Referral.objects.filter(organisation=partner).shared_on(TODAY).exists()
    assert history(case)[-1] == "verwijzing beëindigd bij het afsluiten: Jongerenloket Deventer"


def refer_to(coach, case, partner):
    return actions.refer(
        coach, case, organisation=partner, referred_on=TODAY, reason="werk zoeken",
        legal_basis=LegalBasis.DOORSTROOMPUNT, consent=None, shared="naam",
        shared_until=TODAY + timedelta(days=90), route=ROUTE,
    )  # fmt: skip


def test_the_last_aftercare_check_ends_the_referrals_made_during_the_aftercare(case, coach, region):
    partner = OrganisationFactory(region=region, name="Jongerenloket Deventer")
    attempt(coach, case)
    case = services.close_case(coach, case, Outcome.WORK, closed_on=TODAY, reason="", route=ROUTE)
    case = refer_to(coach, case, partner)  # in aftercare: help with a second job
    for check in case.follow_ups.all():
        case = services.record_follow_up(
            coach, case, check, done_on=TODAY, result=FollowUpResult.ON_TRACK, note="",
            route=ROUTE,
        )  # fmt: skip
    assert case.state == CaseState.CLOSED
    assert case.referrals.get().status == ReferralStatus.ENDED
    assert not Referral.objects.filter(organisation=partner).shared_on(TODAY).exists()
    assert history(case)[-1] == "verwijzing beëindigd bij het afsluiten: Jongerenloket Deventer"


@pytest.mark.parametrize(
    ("outcome", "lapse"),
    [
        (Outcome.DIED, "nazorg beëindigd: overleden"),
        (Outcome.AGED_OUT, "nazorg beëindigd: bovengrens leeftijd bereikt"),
        (Outcome.MOVED, "nazorg beëindigd: verhuisd of onvindbaar"),
    ],
)
def test_a_case_the_register_closes_during_aftercare_ends_its_checks_and_referrals(
    case, coach, region, outcome, lapse
):
    """Nobody is asked to call a young person who died or left the region: the checks
    still to do lapse with the reason, and the sharing stops."""
    attempt(coach, case)
    case = services.close_case(
        coach, case, Outcome.EDUCATION, closed_on=TODAY, reason="", route=ROUTE
    )
    first, second = case.follow_ups.all()
    case = services.record_follow_up(
        coach, case, first, done_on=TODAY, result=FollowUpResult.ON_TRACK, note="", route=ROUTE
    )
    refer_to(coach, case, OrganisationFactory(region=region, name="GGD"))
    ended = {(case.person_id, case.region_id): (outcome, "uit het register")}
    assert services.close_cases_of(ended, TODAY) == 1
    case.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert case.state == CaseState.CLOSED and case.next_due_on is None
    assert not case.follow_ups.to_do().exists()
    assert (first.done_on, first.lapsed_on) == (TODAY, None)  # done stays done
    assert (second.done_on, second.lapsed_on, second.lapse_reason) == (None, TODAY, lapse)
    assert case.referrals.get().status == ReferralStatus.ENDED
    assert f"{lapse} (uit het register); controles vervallen" in history(case)
    # The traject's outcome stays for OCW's effect report: what the guidance achieved.
    assert case.outcome == Outcome.EDUCATION


def test_an_ended_or_declined_referral_cannot_be_switched_back_on(case, coach, region):
    attempt(coach, case)
    for final in (ReferralStatus.ENDED, ReferralStatus.DECLINED):
        case = actions.refer(
            coach, case, organisation=OrganisationFactory(region=region), referred_on=TODAY,
            reason="werk zoeken", legal_basis=LegalBasis.DOORSTROOMPUNT, consent=None,
            shared="naam", shared_until=TODAY + timedelta(days=90), route=ROUTE,
        )  # fmt: skip
        referral = case.referrals.first()
        actions.update_referral(coach, case, referral, status=final, outcome="", route=ROUTE)
        for again in (ReferralStatus.SENT, ReferralStatus.ACCEPTED):
            with pytest.raises(CaseRefused, match="kan niet meer veranderen"):
                actions.update_referral(
                    coach, case, referral, status=again, outcome="", route=ROUTE
                )
        referral.refresh_from_db()
        assert referral.status == final
    assert not Referral.objects.filter(case=case).shared_on(TODAY).exists()


def test_an_accepted_referral_can_end_but_not_be_declined_after_all(case, coach, region):
    attempt(coach, case)
    case = actions.refer(
        coach, case, organisation=OrganisationFactory(region=region), referred_on=TODAY,
        reason="werk zoeken", legal_basis=LegalBasis.DOORSTROOMPUNT, consent=None,
        shared="naam", shared_until=TODAY + timedelta(days=90), route=ROUTE,
    )  # fmt: skip
    referral = case.referrals.get()
    accepted = ReferralStatus.ACCEPTED
    actions.update_referral(coach, case, referral, status=accepted, outcome="", route=ROUTE)
    with pytest.raises(CaseRefused, match="aangenomen is, kan niet afgewezen worden"):
        actions.update_referral(
            coach, case, referral, status=ReferralStatus.DECLINED, outcome="", route=ROUTE
        )
    actions.update_referral(
        coach, case, referral, status=ReferralStatus.ENDED, outcome="klaar", route=ROUTE
    )
    referral.refresh_from_db()
    assert (referral.status, referral.outcome) == (ReferralStatus.ENDED, "klaar")


def test_a_referral_shares_for_at_most_a_year(case, coach, region):
    attempt(coach, case)
    refer = {
        "organisation": OrganisationFactory(region=region), "referred_on": TODAY,
        "reason": "werk", "legal_basis": LegalBasis.DOORSTROOMPUNT, "consent": None,
        "shared": "naam", "route": ROUTE,
    }  # fmt: skip
    for too_long in (dates.add_years(TODAY, 1) + timedelta(days=1), date(9999, 12, 31)):
        with pytest.raises(CaseRefused, match="hoogstens een jaar"):
            actions.refer(coach, case, shared_until=too_long, **refer)
    assert not case.referrals.exists()
    case = actions.refer(coach, case, shared_until=dates.add_years(TODAY, 1), **refer)
    assert case.referrals.count() == 1


def test_a_partner_of_another_region_cannot_be_referred_to(case, coach, other_region):
    elsewhere = OrganisationFactory(region=other_region)
    with pytest.raises(CaseRefused, match="geen actieve ketenpartner"):
        actions.refer(
            coach, case, organisation=elsewhere, referred_on=TODAY, reason="werk",
            legal_basis=LegalBasis.DOORSTROOMPUNT, consent=None, shared="naam",
            shared_until=TODAY, route=ROUTE,
        )  # fmt: skip


def test_an_open_task_is_what_is_due_when_it_comes_first(case, coach):
    attempt(coach, case)
    case = actions.add_task(
        coach, case, title="school bellen", due_on=TODAY - timedelta(days=1), route=ROUTE
    )
    assert (case.next_due_on, case.next_due) == (TODAY - timedelta(days=1), "taak: school bellen")
    task = case.tasks.get()
    case = actions.complete_task(coach, case, task, on=TODAY, route=ROUTE)
    # reached today: the intake comes next, within two weeks
    assert (case.next_due_on, case.next_due) == (TODAY + timedelta(days=14), "intake houden")
    assert history(case)[-1] == "taak gedaan: school bellen"


def test_a_confidential_note_is_stored_encrypted(case, coach):
    case = actions.add_note(
        coach, case, on=TODAY, text="Zorgen over schulden.", confidential=True, route=ROUTE
    )
    entry = case.entries.first()
    assert entry.text == "" and entry.body == "Zorgen over schulden."
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM cases_sealedtext WHERE entry_id = %s", [entry.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("v1:") and "schulden" not in stored
