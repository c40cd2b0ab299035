"""The work queue, a signal's page, and the meldingen of schools and partners: what each
user sees and may do, and what every action leaves behind (signals, cases, audit rows)."""

from __future__ import annotations

import html
import re
import threading
from datetime import date, timedelta
from urllib.parse import parse_qs, parse_qsl, urlencode

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from doorstroom import dates
from doorstroom.accounts import access
from doorstroom.accounts.factories import UserFactory, log_in_verified
from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.accounts.roles import Role
from doorstroom.cases.models import Case
from doorstroom.deliveries.models import Report, ReportSource, ReportStatus
from doorstroom.people.bsn import passes_elfproef, reserved_test_bsns
from doorstroom.people.choices import Desk
from doorstroom.people.factories import (
    EnrolmentFactory,
    ExemptionFactory,
    PersonFactory,
    born_years_ago,
)
from doorstroom.people.models import Exemption, Person
from doorstroom.people.names import name_key
from doorstroom.people.tests.plaintext import tables_holding
from doorstroom.regions.factories import MunicipalityFactory, SchoolFactory
from doorstroom.signals import actions
from doorstroom.signals.choices import Resolution, SignalKind, SignalStatus, SourceKind
from doorstroom.signals.factories import ReportFactory, SignalFactory
from doorstroom.signals.forms import SavedFilterForm
from doorstroom.signals.models import SavedFilter, Signal, SignalRun, SignalSource
from doorstroom.signals.services import signal_persons

pytestmark = pytest.mark.django_db

QUEUE = reverse("signals:queue")
ASSIGN = reverse("signals:assign")
NEW_REPORT = reverse("reports:new")
UNKNOWN_BSN = next(reserved_test_bsns(90_000))
NOT_ELFPROEF = "999990010"


def dutch(day) -> str:
    return f"{day:%d-%m-%Y}"


def logged_in(user) -> Client:
    client = Client()
    log_in_verified(client, user)
    return client


def shown(response) -> list[Signal]:
    return list(response.context["page"])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def open_signal_in(municipality, **kwargs) -> Signal:
    return SignalFactory(person=PersonFactory(municipality=municipality), **kwargs)


def vsv_person(municipality, left_days_ago: int = 30) -> Person:
    """19, a vmbo diploma, left mbo-2 a month ago: a vsv'er the register signals."""
    person = PersonFactory(municipality=municipality, age=19, diplomas=["vmbo_kb"])
    left = dates.today() - timedelta(days=left_days_ago)
    EnrolmentFactory(person=person, start_date=left - timedelta(days=400), end_date=left)
    return person


def leerplichtig_dropout(municipality) -> Person:
    """15 and left vmbo two months ago: absoluut verzuim at the leerplicht desk."""
    person = PersonFactory(municipality=municipality, age=15)
    left = dates.today() - timedelta(days=60)
    EnrolmentFactory(
        person=person, kind="vmbo_kb", start_date=left - timedelta(days=700), end_date=left
    )
    return person


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.COORDINATOR)


@pytest.fixture
def coordinator_client(coordinator):
    return logged_in(coordinator)


@pytest.fixture
def leerplicht(make_user):
    return make_user(Role.LEERPLICHT)


@pytest.fixture
def partner(make_user):
    return make_user(Role.PARTNER)


@pytest.fixture
def partner_client(partner):
    return logged_in(partner)


# The work queue: whose signals -------------------------------------------------------------


def test_the_queue_shows_the_open_signals_of_the_own_region_at_the_own_desk(coach_client, deventer):
    new = open_signal_in(deventer)
    in_progress = open_signal_in(deventer, status=SignalStatus.IN_PROGRESS)
    response = coach_client.get(QUEUE)
    assert response.status_code == 200
    assert set(shown(response)) == {new, in_progress}


def test_the_queue_never_shows_a_signal_of_another_region(coach_client, deventer, doetinchem):
    mine = open_signal_in(deventer)
    open_signal_in(doetinchem)
    assert shown(coach_client.get(QUEUE)) == [mine]


def test_a_coach_does_not_see_leerplicht_signals_and_a_leerplichtambtenaar_does(
    coach_client, leerplicht, deventer
):
    adult = open_signal_in(deventer)
    minor = open_signal_in(deventer, desk=Desk.LEERPLICHT, kind=SignalKind.ABSOLUTE_ABSENCE)
    assert shown(coach_client.get(QUEUE)) == [adult]
    assert shown(logged_in(leerplicht).get(QUEUE)) == [minor]


def test_the_queue_does_not_show_closed_signals(coach_client, deventer):
    still_open = open_signal_in(deventer)
    open_signal_in(
        deventer,
        status=SignalStatus.CLOSED,
        closed_on=dates.today(),
        resolution=Resolution.BACK_IN_EDUCATION,
    )
    assert shown(coach_client.get(QUEUE)) == [still_open]


def test_a_signal_of_another_region_does_not_exist_for_the_coach(coach_client, doetinchem):
    elsewhere = open_signal_in(doetinchem)
    response = coach_client.get(reverse("signals:detail", args=[elsewhere.public_id]))
    assert response.status_code == 404


def test_a_guessed_signal_id_is_not_found(coach_client, deventer):
    open_signal_in(deventer)
    guessed = "00000000-0000-4000-8000-000000000001"
    assert coach_client.get(reverse("signals:detail", args=[guessed])).status_code == 404


def test_the_queue_makes_the_same_number_of_queries_for_3_and_60_signals(
    coordinator_client, deventer, coach
):
    school = SchoolFactory(municipality=deventer)

    def add(count: int) -> None:
        for _ in range(count):
            open_signal_in(deventer, school=school, assigned_to=coach, priority=2)

    add(3)
    coordinator_client.get(QUEUE)  # one-off lookups (content types, sessions) out of the count
    with CaptureQueriesContext(connection) as few:
        small = coordinator_client.get(QUEUE)
    add(57)
    with CaptureQueriesContext(connection) as many:
        large = coordinator_client.get(QUEUE)
    assert len(shown(small)) == 3
    assert len(shown(large)) == 25
    assert len(few) == len(many), [q["sql"] for q in many.captured_queries]
    # session, user, device, roles; the assignable people of each desk (2); municipalities;
    # count, the page's ids and its rows; the audit insert; last run; saved filters; session.
    assert len(many) <= 16


# The work queue: filters, sorting, pages ---------------------------------------------------


def test_filter_not_assigned_shows_only_signals_without_a_coach(coach_client, coach, deventer):
    free = open_signal_in(deventer)
    open_signal_in(deventer, assigned_to=coach)
    assert shown(coach_client.get(QUEUE, {"assigned": "niemand"})) == [free]


def test_filter_assigned_to_me_shows_only_my_signals(coach_client, coach, make_user, deventer):
    mine = open_signal_in(deventer, assigned_to=coach)
    open_signal_in(deventer, assigned_to=make_user(Role.COACH))
    open_signal_in(deventer)
    assert shown(coach_client.get(QUEUE, {"assigned": "mij"})) == [mine]


def test_filter_by_municipality_of_residence(coach_client, region, deventer):
    zutphen = MunicipalityFactory(code="GM0301", name="Zutphen", region=region)
    in_zutphen = open_signal_in(zutphen)
    open_signal_in(deventer)
    assert shown(coach_client.get(QUEUE, {"municipality": zutphen.pk})) == [in_zutphen]


def test_filter_by_kind_of_signal(coach_client, deventer):
    concern = open_signal_in(deventer, kind=SignalKind.CONCERN, from_register=False)
    open_signal_in(deventer, kind=SignalKind.NEW_VSV)
    assert shown(coach_client.get(QUEUE, {"kind": "zorgsignaal"})) == [concern]


@pytest.mark.parametrize(("chosen", "expected"), [("1", 1), ("3", 3), ("onbekend", None)])
def test_filter_by_priority_of_the_inlichtingenbureau(coach_client, deventer, chosen, expected):
    for priority in (1, 3, None):
        open_signal_in(deventer, priority=priority)
    response = coach_client.get(QUEUE, {"priority": chosen})
    assert [s.priority for s in shown(response)] == [expected]


def test_filter_overdue_shows_new_signals_past_their_contact_date(coach_client, deventer):
    yesterday = dates.today() - timedelta(days=1)
    overdue = open_signal_in(deventer, raised_on=yesterday - timedelta(days=28), due_on=yesterday)
    open_signal_in(deventer, due_on=yesterday, status=SignalStatus.IN_PROGRESS)  # contact made
    open_signal_in(deventer, raised_on=dates.today(), due_on=dates.today() + timedelta(days=28))
    assert shown(coach_client.get(QUEUE, {"overdue": "on"})) == [overdue]


def test_sort_by_urgency_puts_priority_1_first_and_unknown_priority_last(coach_client, deventer):
    for priority in (None, 3, 1, 5):
        open_signal_in(deventer, priority=priority)
    response = coach_client.get(QUEUE, {"sort": "urgentie"})
    assert [s.priority for s in shown(response)] == [1, 3, 5, None]


def test_sort_by_urgency_puts_the_oldest_first_within_a_priority(coach_client, deventer):
    today = dates.today()
    newer = open_signal_in(deventer, priority=2, raised_on=today - timedelta(days=3))
    older = open_signal_in(deventer, priority=2, raised_on=today - timedelta(days=30))
    assert shown(coach_client.get(QUEUE, {"sort": "urgentie"})) == [older, newer]


def test_sort_by_age_puts_the_youngest_first(coach_client, deventer):
    ages = {}
    for born in (date(2004, 3, 1), date(2008, 12, 31), date(2006, 7, 15)):
        person = PersonFactory(municipality=deventer, date_of_birth=born)
        ages[born] = SignalFactory(person=person)
    response = coach_client.get(QUEUE, {"sort": "leeftijd"})
    assert shown(response) == [
        ages[date(2008, 12, 31)],
        ages[date(2006, 7, 15)],
        ages[date(2004, 3, 1)],
    ]


def test_pages_hold_25_signals_and_the_page_links_keep_the_filters(coach_client, deventer):
    for _ in range(30):
        open_signal_in(deventer)
    filters = {"assigned": "niemand", "municipality": str(deventer.pk)}
    first = coach_client.get(QUEUE, filters)
    assert len(shown(first)) == 25
    link = html.unescape(re.search(r'rel="next" href="\?([^"]+)"', first.content.decode())[1])
    assert parse_qs(link) == {"assigned": ["niemand"], "municipality": [str(deventer.pk)], "pagina": ["2"]}  # fmt: skip
    second = coach_client.get(f"{QUEUE}?{link}")
    assert len(shown(second)) == 5


def test_an_invalid_filter_value_is_ignored_and_the_other_filters_still_apply(
    coach_client, deventer, doetinchem
):
    concern = open_signal_in(deventer, kind=SignalKind.CONCERN, from_register=False)
    open_signal_in(deventer, kind=SignalKind.NEW_VSV)
    # A saved filter naming a municipality that is not (or no longer) in the region.
    response = coach_client.get(QUEUE, {"kind": "zorgsignaal", "municipality": doetinchem.pk})
    assert shown(response) == [concern]


def test_every_queue_page_is_logged_for_the_persons_on_that_page(coach_client, coach, deventer):
    for _ in range(30):
        open_signal_in(deventer)
    response = coach_client.get(QUEUE)
    logged = AuditEvent.objects.filter(user=coach, reason="werkvoorraad signalen")
    assert {e.person_id for e in logged} == {s.person_id for s in shown(response)}
    assert logged.count() == 25
    assert {e.action for e in logged} == {AuditAction.SEARCH}


# Bulk assignment ---------------------------------------------------------------------------


def assign(client, signals, coach, back: str = ""):
    chosen = coach if isinstance(coach, str) else coach.pk
    data = {"signals": [str(s.public_id) for s in signals], "coach": chosen, "back": back}
    return client.post(ASSIGN, data, follow=True)


def assigned_to(signals) -> list:
    return [Signal.objects.get(pk=s.pk).assigned_to for s in signals]


def test_a_coordinator_assigns_three_ticked_signals_to_a_coach(coordinator_client, coach, deventer):
    ticked = [open_signal_in(deventer) for _ in range(3)]
    untouched = open_signal_in(deventer)
    response = assign(coordinator_client, ticked, coach)
    assert assigned_to(ticked) == [coach, coach, coach]
    assert assigned_to([untouched]) == [None]
    assert messages_of(response) == [f"3 signalen toegewezen aan {coach.get_full_name()}."]


def test_an_assignment_is_logged_for_each_person(coordinator_client, coordinator, coach, deventer):
    ticked = [open_signal_in(deventer) for _ in range(3)]
    assign(coordinator_client, ticked, coach)
    logged = AuditEvent.objects.filter(user=coordinator, action=AuditAction.CHANGE)
    assert sorted(e.person_id for e in logged) == sorted(s.person_id for s in ticked)
    assert {e.reason for e in logged} == {f"signaal toegewezen aan {coach.get_full_name()}"}


def test_a_signal_closed_after_the_page_loaded_it_is_not_assigned(coordinator, coach, deventer):
    ticked = [open_signal_in(deventer) for _ in range(3)]
    Signal.objects.filter(pk=ticked[0].pk).update(
        status=SignalStatus.CLOSED, closed_on=dates.today(), resolution=Resolution.MOVED_OUT
    )
    count = actions.assign_signals(coordinator, ticked, coach, route="signals:assign")
    assert count == 2
    assert assigned_to(ticked) == [None, coach, coach]
    logged = AuditEvent.objects.filter(user=coordinator, action=AuditAction.CHANGE)
    assert sorted(e.person_id for e in logged) == sorted(s.person_id for s in ticked[1:])


def test_after_assigning_the_queue_keeps_its_filters(coordinator_client, coach, deventer):
    ticked = [open_signal_in(deventer)]
    back = f"assigned=niemand&municipality={deventer.pk}&bsn=999990019"
    response = coordinator_client.post(
        ASSIGN, {"signals": [str(ticked[0].public_id)], "coach": coach.pk, "back": back}
    )
    assert response["Location"] == f"{QUEUE}?assigned=niemand&municipality={deventer.pk}"


def test_a_coach_of_another_region_cannot_be_chosen(
    coordinator_client, make_user, other_region, deventer
):
    stranger = make_user(Role.COACH, user_region=other_region)
    ticked = [open_signal_in(deventer) for _ in range(3)]
    response = assign(coordinator_client, ticked, stranger)
    assert assigned_to(ticked) == [None, None, None]
    assert messages_of(response) == ["Aan deze persoon kunt u geen signalen toewijzen."]


def test_a_ticked_signal_of_another_region_is_refused_and_nothing_changes(
    coordinator_client, coach, deventer, doetinchem
):
    mine = open_signal_in(deventer)
    elsewhere = open_signal_in(doetinchem)
    response = assign(coordinator_client, [mine, elsewhere], coach)
    assert messages_of(response) == [
        "Een of meer gekozen signalen zijn al afgesloten of vallen buiten uw werkvoorraad; er "
        "is niets toegewezen."
    ]
    assert assigned_to([mine, elsewhere]) == [None, None]


def test_a_coach_cannot_assign_signals(coach_client, coach, deventer):
    ticked = [open_signal_in(deventer)]
    response = coach_client.post(ASSIGN, {"signals": [str(ticked[0].public_id)], "coach": coach.pk})
    assert response.status_code == 403
    assert assigned_to(ticked) == [None]


def test_a_leerplichtambtenaar_offered_for_a_doorstroompunt_signal_is_refused_with_a_message(
    coordinator_client, leerplicht, deventer
):
    ticked = [open_signal_in(deventer)]
    response = assign(coordinator_client, ticked, leerplicht)
    assert response.status_code == 200
    assert len(messages_of(response)) == 1
    assert assigned_to(ticked) == [None]


def test_assigning_to_niemand_withdraws_the_assignment(coordinator_client, coach, deventer):
    ticked = [open_signal_in(deventer, assigned_to=coach, assigned_at="2026-11-02T10:00Z")]
    response = assign(coordinator_client, ticked, "niemand")
    signal = Signal.objects.get(pk=ticked[0].pk)
    assert (signal.assigned_to, signal.assigned_at) == (None, None)
    assert messages_of(response) == ["1 signaal toegewezen aan niemand."]


def test_assigning_without_ticked_signals_asks_to_choose_them(coordinator_client, coach, deventer):
    waiting = open_signal_in(deventer)
    response = assign(coordinator_client, [], coach)
    assert messages_of(response) == ["Kies eerst een of meer signalen in de lijst."]
    assert assigned_to([waiting]) == [None]


# Taking up and closing ---------------------------------------------------------------------


def take_up(client, signal):
    return client.post(reverse("signals:take_up", args=[signal.public_id]), follow=True)


def test_taking_up_a_signal_opens_a_case_and_puts_the_signal_in_behandeling(
    coach_client, coach, deventer
):
    signal = open_signal_in(deventer)
    take_up(coach_client, signal)
    signal.refresh_from_db()
    case = Case.objects.get(person=signal.person)
    assert (case.desk, case.is_open) == (Desk.DOORSTROOMPUNT, True)
    assert (signal.status, signal.case, signal.assigned_to) == (
        SignalStatus.IN_PROGRESS,
        case,
        coach,
    )


def test_taking_up_a_colleagues_signal_says_whose_case_it_joins(coach_client, make_user, deventer):
    colleague = make_user(Role.COACH, first_name="Fenna", last_name="de Boer")
    signal = open_signal_in(deventer)
    Signal.objects.filter(pk=signal.pk).update(assigned_to=colleague)
    response = take_up(coach_client, signal)
    case = Case.objects.get(person=signal.person)
    assert case.coach == colleague
    assert messages_of(response) == [
        f"Het signaal is opgepakt in dossier {case.number}, dat Fenna de Boer begeleidt."
    ]


def test_taking_up_an_own_signal_says_only_the_case(coach_client, deventer):
    signal = open_signal_in(deventer)
    response = take_up(coach_client, signal)
    case = Case.objects.get(person=signal.person)
    assert messages_of(response) == [f"Het signaal is opgepakt in dossier {case.number}."]


def test_a_second_signal_of_the_person_at_the_same_desk_joins_the_open_case(coach_client, deventer):
    person = PersonFactory(municipality=deventer)
    vsv = SignalFactory(person=person, kind=SignalKind.NEW_VSV)
    concern = SignalFactory(person=person, kind=SignalKind.CONCERN, from_register=False)
    take_up(coach_client, vsv)
    take_up(coach_client, concern)
    case = Case.objects.get(person=person)
    assert set(case.signals.all()) == {vsv, concern}


def test_taking_up_a_signal_puts_its_meldingen_in_behandeling(coach_client, deventer):
    signal = open_signal_in(deventer, kind=SignalKind.CONCERN, from_register=False)
    report = ReportFactory(person=signal.person)
    SignalSource.objects.create(
        signal=signal, kind=SourceKind.REPORT, report=report, noted_on=dates.today()
    )
    take_up(coach_client, signal)
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_PROGRESS


@pytest.mark.parametrize(
    ("role", "desk", "works_it"),
    [
        (Role.COACH, Desk.DOORSTROOMPUNT, True),
        (Role.COORDINATOR, Desk.DOORSTROOMPUNT, True),
        (Role.LEERPLICHT, Desk.LEERPLICHT, True),
        # The coordinator follows the leerplicht queue, but its signals are the
        # leerplichtambtenaar's to take up and close (under 18: DOMAIN.md, Who is responsible).
        (Role.COORDINATOR, Desk.LEERPLICHT, False),
    ],
)
def test_a_signal_page_offers_taking_up_and_closing_exactly_when_the_server_allows_it(
    make_user, deventer, role, desk, works_it
):
    client = logged_in(make_user(role))
    kind = SignalKind.CONCERN
    to_take_up = open_signal_in(deventer, desk=desk, kind=kind, from_register=False)
    to_close = open_signal_in(deventer, desk=desk, kind=kind, from_register=False)
    page = client.get(reverse("signals:detail", args=[to_take_up.public_id])).content.decode()
    offered = (
        reverse("signals:take_up", args=[to_take_up.public_id]) in page,
        reverse("signals:close", args=[to_take_up.public_id]) in page,
    )
    taken = client.post(reverse("signals:take_up", args=[to_take_up.public_id]))
    closed = client.post(reverse("signals:close", args=[to_close.public_id]), {"reason": "x"})
    to_take_up.refresh_from_db()
    to_close.refresh_from_db()
    allowed = (
        taken.status_code == 302 and to_take_up.status == SignalStatus.IN_PROGRESS,
        closed.status_code == 302 and to_close.status == SignalStatus.CLOSED,
    )
    assert offered == allowed == (works_it, works_it)
    if not works_it:
        assert (taken.status_code, closed.status_code) == (403, 403)
        assert not Case.objects.filter(person=to_take_up.person).exists()


@pytest.fixture
def closed_meanwhile(monkeypatch):
    """Signalling closes the signal just after the page loaded it: the young person moved."""
    load = access.signal_for

    def load_then_close(request, public_id, *, reason):
        signal = load(request, public_id, reason=reason)
        Signal.objects.filter(pk=signal.pk).update(
            status=SignalStatus.CLOSED, closed_on=dates.today() - timedelta(days=1),
            resolution=Resolution.MOVED_OUT, resolution_reason="verhuisd naar Doetinchem",
        )  # fmt: skip
        return signal

    monkeypatch.setattr(access, "signal_for", load_then_close)


def test_a_signal_closed_meanwhile_is_not_taken_up_and_keeps_its_resolution(
    coach_client, deventer, closed_meanwhile
):
    signal = open_signal_in(deventer)
    response = take_up(coach_client, signal)
    signal.refresh_from_db()
    assert messages_of(response) == ["Dit signaal is intussen opgepakt of afgesloten."]
    assert (signal.status, signal.resolution, signal.case) == (
        SignalStatus.CLOSED,
        Resolution.MOVED_OUT,
        None,
    )
    assert not Case.objects.filter(person=signal.person).exists()


def audit_reasons(person_id) -> list[tuple[str, str]]:
    rows = AuditEvent.objects.filter(person_id=person_id).order_by("id")
    return list(rows.values_list("action", "reason"))


def test_a_take_up_that_failed_leaves_no_audit_row_saying_it_was_taken_up(
    coach_client, deventer, closed_meanwhile
):
    signal = open_signal_in(deventer)
    coach_client.post(reverse("signals:take_up", args=[signal.public_id]))
    assert audit_reasons(signal.person_id) == [
        (AuditAction.VIEW, "signaal geopend om op te pakken")
    ]


def test_a_take_up_logs_the_read_and_then_what_it_did(coach_client, deventer):
    signal = open_signal_in(deventer)
    coach_client.post(reverse("signals:take_up", args=[signal.public_id]))
    case = Case.objects.get(person=signal.person)
    reasons = audit_reasons(signal.person_id)
    assert reasons[0] == (AuditAction.VIEW, "signaal geopend om op te pakken")
    assert reasons[-1] == (AuditAction.CHANGE, f"signaal opgepakt in dossier {case.number}")


def close(client, signal, reason: str):
    url = reverse("signals:close", args=[signal.public_id])
    return client.post(url, {"reason": reason}, follow=True)


def test_closing_a_signal_needs_a_reason(coach_client, deventer):
    signal = open_signal_in(deventer, kind=SignalKind.CONCERN, from_register=False)
    response = close(coach_client, signal, "")
    signal.refresh_from_db()
    assert messages_of(response) == ["Schrijf waarom het signaal wordt afgesloten."]
    assert signal.status == SignalStatus.NEW


def test_a_closed_signal_is_closed_by_the_desk_with_its_meldingen(coach_client, deventer):
    signal = open_signal_in(deventer, kind=SignalKind.CONCERN, from_register=False)
    report = ReportFactory(person=signal.person)
    SignalSource.objects.create(
        signal=signal, kind=SourceKind.REPORT, report=report, noted_on=dates.today()
    )
    response = close(coach_client, signal, "Zorg is opgepakt door het wijkteam.")
    signal.refresh_from_db()
    report.refresh_from_db()
    assert messages_of(response) == ["Het signaal is afgesloten."]
    assert (signal.status, signal.resolution, signal.closed_on) == (
        SignalStatus.CLOSED,
        Resolution.CLOSED_BY_DESK,
        dates.today(),
    )
    assert signal.resolution_reason == "Zorg is opgepakt door het wijkteam."
    assert report.status == ReportStatus.CLOSED


def test_the_audit_row_of_a_closed_signal_names_how_it_closed_not_the_reason_given(
    coach_client, deventer
):
    # Data minimisation: the audit trail outlives the signal and is read by the FG; the
    # words about the young person stay on the signal.
    signal = open_signal_in(deventer, kind=SignalKind.CONCERN, from_register=False)
    close(coach_client, signal, "Moeder belde: hij zit in een kliniek.")
    reasons = list(
        AuditEvent.objects.filter(
            person_id=signal.person_id, action=AuditAction.CHANGE
        ).values_list("reason", flat=True)
    )
    assert reasons == ["signaal zorgsignaal afgesloten: afgesloten door het loket"]
    signal.refresh_from_db()
    assert signal.resolution_reason == "Moeder belde: hij zit in een kliniek."


def test_a_signal_closed_meanwhile_keeps_the_day_and_reason_it_was_closed_with(
    coach_client, deventer, closed_meanwhile
):
    signal = open_signal_in(deventer, kind=SignalKind.CONCERN, from_register=False)
    response = close(coach_client, signal, "Zorg is opgepakt door het wijkteam.")
    signal.refresh_from_db()
    assert messages_of(response) == ["Dit signaal is intussen afgesloten."]
    assert (signal.closed_on, signal.resolution, signal.resolution_reason) == (
        dates.today() - timedelta(days=1),
        Resolution.MOVED_OUT,
        "verhuisd naar Doetinchem",
    )


def test_a_melding_the_register_confirmed_meanwhile_closes_with_the_register_only(
    coach_client, deventer, monkeypatch
):
    signal = open_signal_in(deventer, kind=SignalKind.NEW_VSV, from_register=False)
    load = access.signal_for

    def load_then_confirm(request, public_id, *, reason):
        loaded = load(request, public_id, reason=reason)
        Signal.objects.filter(pk=loaded.pk).update(from_register=True)
        return loaded

    monkeypatch.setattr(access, "signal_for", load_then_confirm)
    response = close(coach_client, signal, "Werkt fulltime, wil geen begeleiding.")
    signal.refresh_from_db()
    assert messages_of(response) == [actions.REGISTER_CLOSES]
    assert (signal.status, signal.resolution) == (SignalStatus.NEW, "")


def test_the_desk_and_the_next_run_never_make_two_signals_for_one_unchanged_need(
    coach_client, deventer
):
    person = vsv_person(deventer)
    signal_persons([person.pk])
    close(coach_client, Signal.objects.get(person=person), "Werkt fulltime, wil geen begeleiding.")
    signal_persons([person.pk])
    assert Signal.objects.filter(person=person, kind=SignalKind.NEW_VSV).count() == 1


# Saved filters -----------------------------------------------------------------------------


def test_a_saved_filter_keeps_only_the_known_filter_fields(coach_client, coach):
    crafted = f"kind=zorgsignaal&bsn={UNKNOWN_BSN}&naam=Jansen&assigned=niemand&pagina=3"
    coach_client.post(reverse("signals:save_filter"), {"name": "Zorg", "query": crafted})
    saved = SavedFilter.objects.get(user=coach)
    assert (saved.name, saved.query) == ("Zorg", "kind=zorgsignaal&assigned=niemand")


@pytest.mark.parametrize("field", ["name", "query"])
def test_a_saved_filters_form_takes_exactly_what_the_saved_filter_holds(field):
    """The form's limits are the model's: a longer name or query would be refused by the
    database, a shorter limit would refuse what the saved filter can hold."""
    assert (
        SavedFilterForm().fields[field].max_length == SavedFilter._meta.get_field(field).max_length
    )


def test_a_saved_filter_too_long_keeps_whole_filters_that_fit(coach_client, coach):
    crafted = "kind=zorgsignaal&" + "&".join(f"municipality=G\u00e9{i:03}" for i in range(24))
    coach_client.post(reverse("signals:save_filter"), {"name": "Lang", "query": crafted})
    saved = SavedFilter.objects.get(user=coach).query
    assert len(saved) <= 500
    assert saved.startswith("kind=zorgsignaal&municipality=G%C3%A9000&")
    # every filter kept whole: none cut inside its name, its value or an escape
    pairs = parse_qsl(saved, keep_blank_values=True)
    assert urlencode(pairs) == saved
    assert all(re.fullmatch(r"G\u00e9\d{3}", v) for k, v in pairs if k != "kind")


def test_another_users_saved_filter_cannot_be_deleted(coach_client, make_user):
    theirs = SavedFilter.objects.create(
        user=make_user(Role.COACH), name="Hun filter", query="kind=nieuwe_vsv"
    )
    response = coach_client.post(reverse("signals:delete_filter", args=[theirs.pk]))
    assert response.status_code == 404
    assert SavedFilter.objects.filter(pk=theirs.pk).exists()


# Running signalling on demand --------------------------------------------------------------


def test_a_coordinator_runs_signalling_for_the_region_and_reads_what_it_did(
    coordinator_client, coordinator, deventer, doetinchem
):
    found = {vsv_person(deventer), vsv_person(deventer)}
    vsv_person(doetinchem)
    response = coordinator_client.post(reverse("signals:run"), follow=True)
    run = SignalRun.objects.get()
    assert (run.region, run.user, run.checked, run.raised) == (deventer.region, coordinator, 2, 2)
    assert re.fullmatch(
        r"Signalering Stedendriehoek uitgevoerd: 2 jongeren bekeken, 2 nieuwe signalen, "
        r"0 afgesloten \(\d+,\d s\)\.",
        messages_of(response)[0],
    )
    assert {s.person for s in shown(response)} == found


def test_the_run_message_speaks_dutch_for_one_person(coordinator_client, deventer):
    vsv_person(deventer)
    response = coordinator_client.post(reverse("signals:run"), follow=True)
    assert (
        "uitgevoerd: 1 jongere bekeken, 1 nieuw signaal, 0 afgesloten" in messages_of(response)[0]
    )


def test_a_coordinator_without_a_region_is_asked_to_have_one_set_and_nothing_runs(deventer):
    vsv_person(deventer)
    client = logged_in(UserFactory(role=Role.COORDINATOR, region=None))
    response = client.post(reverse("signals:run"), follow=True)
    assert messages_of(response) == [
        "Uw account hoort bij geen regio; vraag de functioneel beheerder om dat in te stellen."
    ]
    assert not SignalRun.objects.exists()
    assert not Signal.objects.exists()


# Meldingen by schools and partners ---------------------------------------------------------


@pytest.fixture
def report_form(deventer):
    """The melding form as a partner fills it in: a concern about a 19-year-old."""

    def fill(**changes) -> dict:
        return {
            "subject": "zorg",
            "bsn": UNKNOWN_BSN,
            "given_names": "Sam",
            "surname_prefix": "",
            "surname": "de Wit",
            "date_of_birth": dutch(born_years_ago(19)),
            "municipality": deventer.pk,
            "reported_on": dutch(dates.today()),
            "absence_kind": "",
            "days_absent": "",
            "brin": "",
            "school_year": "",
            "level": "",
            "pathway": "",
            "suspected_reason": "",
            "explanation": "Komt niet meer naar de afspraken.",
            "action": "",
            "contact_person": "mevrouw Jansen, 0570-123456",
            **changes,
        }

    return fill


def test_a_partners_melding_is_stored_as_a_form_melding_by_that_partner(
    partner_client, partner, report_form
):
    response = partner_client.post(NEW_REPORT, report_form(), follow=True)
    report = Report.objects.get()
    assert (report.source, report.reported_by, report.status) == (
        ReportSource.FORM,
        partner,
        ReportStatus.REGISTERED,
    )
    assert messages_of(response) == [
        f"Uw melding is ontvangen onder nummer {report.report_number}."
    ]


def form_token(client: Client, url: str) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="form_token" value="([0-9a-f]{32})"', page).group(1)


def test_a_melding_form_sent_twice_makes_one_melding_and_says_so(partner_client, report_form):
    data = {**report_form(), "form_token": form_token(partner_client, NEW_REPORT)}
    first = partner_client.post(NEW_REPORT, data, follow=True)
    report = Report.objects.get()
    assert messages_of(first) == [f"Uw melding is ontvangen onder nummer {report.report_number}."]
    again = partner_client.post(NEW_REPORT, data, follow=True)
    assert again.redirect_chain[-1][0] == reverse("reports:list")
    assert messages_of(again) == [
        "Dit formulier was al verstuurd; de melding is één keer ontvangen. U vindt haar hieronder."
    ]
    assert Report.objects.count() == 1
    assert Signal.objects.count() == 1


def test_a_refused_melding_keeps_its_token_and_is_received_once_corrected(
    partner_client, report_form
):
    token = form_token(partner_client, NEW_REPORT)
    refused = partner_client.post(NEW_REPORT, {**report_form(bsn="123"), "form_token": token})
    assert refused.status_code == 200 and not Report.objects.exists()
    assert f'name="form_token" value="{token}"' in refused.content.decode()
    partner_client.post(NEW_REPORT, {**report_form(), "form_token": token})
    assert Report.objects.count() == 1


def test_a_melding_whose_random_number_is_taken_gets_another_number(
    partner_client, report_form, monkeypatch
):
    year = f"{dates.today():%Y}"
    taken = ReportFactory(report_number=f"M-{year}-0000002A")
    draws = iter(["0000002a", "0000002b"])
    monkeypatch.setattr(actions.secrets, "token_hex", lambda nbytes: next(draws))
    response = partner_client.post(NEW_REPORT, report_form(), follow=True)
    report = Report.objects.exclude(pk=taken.pk).get()
    assert report.report_number == f"M-{year}-0000002B"
    assert messages_of(response) == [f"Uw melding is ontvangen onder nummer M-{year}-0000002B."]


def test_a_melding_with_an_unknown_bsn_adds_the_person_in_the_chosen_municipality(
    partner_client, report_form, deventer
):
    partner_client.post(NEW_REPORT, report_form())
    person = Person.objects.with_bsn(UNKNOWN_BSN).get()
    assert (person.given_names, person.surname, person.municipality) == ("Sam", "de Wit", deventer)
    assert person.date_of_birth == born_years_ago(19)


def test_a_melding_number_with_a_nul_character_is_not_found_not_a_server_error(partner_client):
    assert partner_client.get("/meldingen/%00/").status_code == 404
    assert partner_client.post("/meldingen/M-%00/", {"intrekken": "1"}).status_code == 404


def test_a_melding_stores_the_new_persons_bsn_only_encrypted(partner_client, report_form):
    partner_client.post(NEW_REPORT, report_form())
    assert Person.objects.with_bsn(UNKNOWN_BSN).get().bsn == UNKNOWN_BSN
    assert tables_holding(UNKNOWN_BSN) == []


@pytest.mark.parametrize(
    ("age", "desk", "role"),
    [(15, Desk.LEERPLICHT, Role.LEERPLICHT), (19, Desk.DOORSTROOMPUNT, Role.COACH)],
    ids=["under 18: leerplicht", "18 and over: Doorstroompunt"],
)
def test_a_melding_appears_in_the_queue_of_the_region_at_the_desk_for_the_age(
    partner_client, report_form, make_user, age, desk, role
):
    partner_client.post(NEW_REPORT, report_form(date_of_birth=dutch(born_years_ago(age))))
    report = Report.objects.get()
    signal = Signal.objects.get(sources__report=report)
    assert (signal.kind, signal.desk) == (SignalKind.CONCERN, desk)
    assert signal in shown(logged_in(make_user(role)).get(QUEUE))


def test_a_melding_never_reaches_the_queue_of_another_region(
    partner_client, report_form, make_user, other_region
):
    partner_client.post(NEW_REPORT, report_form())
    elsewhere = make_user(Role.COORDINATOR, user_region=other_region)
    assert shown(logged_in(elsewhere).get(QUEUE)) == []


def test_a_melding_about_a_known_bsn_does_not_change_the_register(
    partner_client, report_form, region
):
    known = PersonFactory(
        municipality=MunicipalityFactory(code="GM0301", name="Zutphen", region=region),
        given_names="Noor",
        surname="Haverkamp",
    )
    partner_client.post(NEW_REPORT, report_form(bsn=known.bsn))
    after = Person.objects.get(pk=known.pk)
    assert Person.objects.count() == 1
    assert (after.given_names, after.surname, after.municipality, after.date_of_birth) == (
        "Noor",
        "Haverkamp",
        known.municipality,
        known.date_of_birth,
    )
    assert Report.objects.get().person == known


def test_the_reporter_sees_only_what_the_reporter_typed_never_the_register(
    partner_client, report_form
):
    known = PersonFactory(given_names="Noor", surname="Haverkamp")
    born = born_years_ago(19)
    partner_client.post(NEW_REPORT, report_form(bsn=known.bsn, date_of_birth=dutch(born)))
    report = Report.objects.get()
    detail = partner_client.get(reverse("reports:detail", args=[report.report_number]))
    listing = partner_client.get(reverse("reports:list"))
    for page in (detail, listing):
        content = page.content.decode()
        assert f"Sam de Wit ({dutch(born)})" in content
        assert "Haverkamp" not in content
        assert "Noor" not in content
        assert known.bsn not in content


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"subject": ""}, "subject", "Kies wat voor melding u doet."),
        ({"bsn": ""}, "bsn", "Vul het BSN van de jongere in."),
        ({"given_names": ""}, "given_names", "Vul de voornamen in."),
        ({"surname": ""}, "surname", "Vul de achternaam in."),
        ({"date_of_birth": ""}, "date_of_birth", "Vul de geboortedatum in."),
        ({"municipality": ""}, "municipality", "Kies de woongemeente van de jongere."),
        ({"reported_on": ""}, "reported_on", "Vul de datum in."),
        ({"contact_person": ""}, "contact_person", "Vul een contactpersoon in."),
        (
            {"bsn": NOT_ELFPROEF},
            "bsn",
            "Dit is geen geldig BSN: het voldoet niet aan de elfproef.",
        ),
        (
            {"date_of_birth": dutch(dates.today() + timedelta(days=1))},
            "date_of_birth",
            "Vul een geboortedatum in tussen 1900 en vandaag.",
        ),
        (
            {"subject": "verzuim", "absence_kind": ""},
            "absence_kind",
            "Kies de verzuimsoort bij een verzuimmelding.",
        ),
        ({"brin": "00XX"}, "brin", "School 00XX is onbekend; controleer de BRIN-code."),
        # too long: refused with the field, its length and the limit, as the API and a file
        (
            {"explanation": "Komt niet.\n" * 391 + "Nog steeds."},
            "explanation",
            "Toelichting is 4.312 tekens lang; hooguit 4.000 tekens toegestaan.",
        ),
        (
            {"suspected_reason": "w" * 201},
            "suspected_reason",
            "Vermoedelijke reden is 201 tekens lang; hooguit 200 tekens toegestaan.",
        ),
        (
            {"action": "a" * 250},
            "action",
            "Gewenste of genomen actie is 250 tekens lang; hooguit 200 tekens toegestaan.",
        ),
        (
            {"contact_person": "c" * 201},
            "contact_person",
            "Contactpersoon bij de melder is 201 tekens lang; hooguit 200 tekens toegestaan.",
        ),
        (
            {"surname": "de Wit" * 40},
            "surname",
            "Achternaam is 240 tekens lang; hooguit 200 tekens toegestaan.",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_a_melding_with_bad_input_names_the_field_in_dutch_and_stores_nothing(
    partner_client, report_form, changes, field, message
):
    assert not passes_elfproef(NOT_ELFPROEF)
    response = partner_client.post(NEW_REPORT, report_form(**changes))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert html.escape(message) in response.content.decode()
    assert not Report.objects.exists()
    assert not Person.objects.exists()


def test_a_melding_with_texts_as_long_as_they_may_be_is_kept_whole(partner_client, report_form):
    texts = {
        "suspected_reason": "w" * 200, "explanation": ("Komt niet.\n" * 400)[:4000],
        "action": "a" * 200, "contact_person": "c" * 200,
    }  # fmt: skip
    response = partner_client.post(NEW_REPORT, report_form(**texts))
    assert response.status_code == 302, response.context["form"].errors
    report = Report.objects.get()
    assert (report.suspected_reason, report.explanation, report.action, report.contact_person) == (
        tuple(texts.values())
    )


def test_a_toelichting_that_fits_in_the_browser_is_kept_with_its_line_breaks_as_lf(
    partner_client, report_form
):
    """A browser counts a line break as one character towards maxlength but sends CRLF."""
    typed = ("Komt niet.\n" * 400)[:3999] + "."
    response = partner_client.post(NEW_REPORT, report_form(explanation=typed.replace("\n", "\r\n")))
    assert response.status_code == 302, response.context["form"].errors
    assert Report.objects.get().explanation == typed


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (  # a baby, absent for a year: nobody is leerplichtig before 5 (Leerplichtwet art. 3)
            {"subject": "verzuim", "absence_kind": "16_uur", "days_absent": "366",
             "date_of_birth": "01-11-2026"},
            "date_of_birth",
            "Deze jongere is 0 en nog niet leerplichtig (vanaf 1 december 2031); een melding "
            "gaat over jongeren vanaf de leerplicht tot 27 jaar.",
        ),
        (  # 18-plus verzuim is for an mbo student of 18 up to 27
            {"subject": "verzuim", "absence_kind": "18_plus",
             "date_of_birth": dutch(born_years_ago(14))},
            "absence_kind",
            "18-plus verzuim geldt vanaf 18 jaar; deze jongere is 14. Kies een verzuimsoort van "
            "onder de 18 of overig verzuim.",
        ),
        (  # the region works up to 27: an unknown BSN of 36 is nobody's to take up
            {"date_of_birth": dutch(born_years_ago(36))},
            "date_of_birth",
            "Leerplicht en het Doorstroompunt werken met jongeren tot 27 jaar; deze jongere is "
            "36. Een melding over deze jongere kan hier niet.",
        ),
    ],
    ids=["baby with 366 days", "18-plus at 14", "36 years old"],
)  # fmt: skip
def test_a_melding_no_desk_could_take_up_is_refused_and_adds_no_one_to_the_register(
    partner_client, report_form, changes, field, message
):
    response = partner_client.post(NEW_REPORT, report_form(**changes))
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert html.escape(message) in response.content.decode()
    assert not Report.objects.exists()
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("kind", "age", "cites", "not_cited"),
    [
        ("16_uur", 15, "Leerplichtwet 1969 art. 21, 21a", "duurzaam werk"),
        ("18_plus", 19, "Wet van school naar duurzaam werk", "Leerplichtwet"),
    ],
)
def test_the_signal_of_a_verzuimmelding_cites_the_rule_of_its_verzuimsoort(
    partner_client, coach_client, make_user, report_form, kind, age, cites, not_cited
):
    partner_client.post(
        NEW_REPORT,
        report_form(subject="verzuim", absence_kind=kind, date_of_birth=dutch(born_years_ago(age))),
    )
    signal = Signal.objects.get(sources__report=Report.objects.get())
    assert cites in signal.rule and not_cited not in signal.rule
    reader = coach_client if age >= 18 else logged_in(make_user(Role.LEERPLICHT))
    page = reader.get(reverse("signals:detail", args=[signal.public_id])).content.decode()
    assert html.escape(signal.rule) in page


def test_a_partner_cannot_see_the_queue(partner_client):
    assert partner_client.get(QUEUE).status_code == 403


def test_a_partner_cannot_see_a_person_page_not_even_of_the_person_reported(
    partner_client, report_form
):
    partner_client.post(NEW_REPORT, report_form())
    person = Person.objects.with_bsn(UNKNOWN_BSN).get()
    response = partner_client.get(reverse("people:detail", args=[person.public_id]))
    assert response.status_code == 403


def test_a_partner_cannot_see_another_partners_melding(partner_client, make_user):
    theirs = ReportFactory(reported_by=make_user(Role.PARTNER))
    response = partner_client.get(reverse("reports:detail", args=[theirs.report_number]))
    assert response.status_code == 404


def test_withdrawing_a_melding_closes_the_signal_it_alone_raised(partner_client, report_form):
    partner_client.post(NEW_REPORT, report_form())
    report = Report.objects.get()
    signal = Signal.objects.get(sources__report=report)
    partner_client.post(reverse("reports:detail", args=[report.report_number]))
    report.refresh_from_db()
    signal.refresh_from_db()
    assert report.status == ReportStatus.WITHDRAWN
    assert (signal.status, signal.resolution) == (SignalStatus.CLOSED, Resolution.WITHDRAWN)


def test_a_melding_the_desk_took_up_meanwhile_is_not_withdrawn(
    partner_client, report_form, monkeypatch
):
    partner_client.post(NEW_REPORT, report_form())
    report = Report.objects.get()
    load = access.report_for

    def load_then_take_up(user, number):
        found = load(user, number)
        Report.objects.filter(pk=found.pk).update(status=ReportStatus.IN_PROGRESS)
        return found

    monkeypatch.setattr(access, "report_for", load_then_take_up)
    response = partner_client.post(
        reverse("reports:detail", args=[report.report_number]), follow=True
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_PROGRESS
    assert Signal.objects.get(sources__report=report).status == SignalStatus.NEW
    assert messages_of(response)[-1] == (
        f"Melding {report.report_number} is intussen in behandeling genomen of afgesloten; "
        "intrekken kan niet meer."
    )


def test_withdrawing_a_melding_the_desk_took_up_since_the_page_is_refused_in_dutch(
    partner_client, report_form, coach
):
    """The page showed the button; the desk took the signal up before it was pressed: the
    mixed load test got the 403 page instead of the reason."""
    partner_client.post(NEW_REPORT, report_form())
    report = Report.objects.get()
    url = reverse("reports:detail", args=[report.report_number])
    assert "Melding intrekken" in partner_client.get(url).content.decode()
    actions.open_signal(coach, Signal.objects.get(sources__report=report), route="test")
    response = partner_client.post(url, follow=True)
    assert response.status_code == 200
    assert messages_of(response)[-1] == (
        f"Melding {report.report_number} is intussen in behandeling genomen of afgesloten; "
        "intrekken kan niet meer."
    )


def test_withdrawing_a_melding_twice_says_it_is_withdrawn_already(partner_client, report_form):
    partner_client.post(NEW_REPORT, report_form())
    url = reverse("reports:detail", args=[Report.objects.get().report_number])
    partner_client.post(url)
    response = partner_client.post(url, follow=True)
    assert response.status_code == 200
    assert messages_of(response)[-1] == (
        f"Melding {Report.objects.get().report_number} is al ingetrokken."
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two writers at once")
def test_withdrawing_a_melding_while_the_desk_takes_up_its_signal_is_no_server_error(
    partner, coach, report_form
):
    """The take-up locked the signal, then the melding; the withdrawal the melding, then the
    signal: each waited for the other, and PostgreSQL broke the deadlock with a 500."""
    logged_in(partner).post(NEW_REPORT, report_form())
    report = Report.objects.get()
    signal = Signal.objects.get(sources__report=report)
    signal_locked, melding_locked = threading.Event(), threading.Event()

    def take_up_holds_the_signal(execute, sql, params, many, context):
        if sql.startswith('UPDATE "deliveries_report"'):
            melding_locked.wait(timeout=3)  # the withdrawal's turn, if it can go on
        found = execute(sql, params, many, context)
        if sql.startswith('SELECT "signals_signal"') and "FOR UPDATE" in sql:
            signal_locked.set()
        return found

    def withdrawal_holds_the_melding(execute, sql, params, many, context):
        if "FOR UPDATE" in sql or sql.startswith('UPDATE "deliveries_report"'):
            signal_locked.wait(timeout=10)  # the take-up has locked the signal
        found = execute(sql, params, many, context)
        if sql.startswith('UPDATE "deliveries_report"'):
            melding_locked.set()
        return found

    codes = []

    def send(client, url, wrapper):
        try:
            with connection.execute_wrapper(wrapper):
                codes.append(client.post(url).status_code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=send, args=(
            logged_in(coach), reverse("signals:take_up", args=[signal.public_id]),
            take_up_holds_the_signal)),
        threading.Thread(target=send, args=(
            logged_in(partner), reverse("reports:detail", args=[report.report_number]),
            withdrawal_holds_the_melding)),
    ]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [302, 302]
    report.refresh_from_db()
    signal.refresh_from_db()
    # The withdrawal waits for the signal the take-up holds (the take-up's wait for it runs
    # out), then finds the melding taken up and refuses in Dutch.
    assert (report.status, signal.status) == (ReportStatus.IN_PROGRESS, SignalStatus.IN_PROGRESS)


def test_withdrawing_one_melding_keeps_a_signal_another_melding_also_raised(
    partner_client, partner, make_user, report_form
):
    partner_client.post(NEW_REPORT, report_form())
    logged_in(make_user(Role.PARTNER)).post(NEW_REPORT, report_form())
    mine = Report.objects.get(reported_by=partner)
    signal = Signal.objects.get(sources__report=mine)
    assert signal.sources.count() == 2
    partner_client.post(reverse("reports:detail", args=[mine.report_number]))
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW


def test_a_melding_of_uitschrijving_and_the_register_make_one_signal_with_two_sources(
    partner_client, report_form, deventer
):
    person = vsv_person(deventer)
    partner_client.post(NEW_REPORT, report_form(bsn=person.bsn, subject="uitschrijving"))
    signal = Signal.objects.get(person=person)
    assert signal.kind == SignalKind.NEW_VSV
    assert sorted(signal.sources.values_list("kind", flat=True)) == ["melding", "register"]


@pytest.mark.parametrize(
    ("surname", "born", "differs"),
    [
        ("Jansen", None, False),
        ("Jánsen", None, False),
        ("Janssen", None, True),
        ("Jansen", 1, True),
    ],
)
def test_a_melding_with_another_surname_or_birth_date_than_the_register_is_flagged_for_the_desk(
    partner_client, coach_client, report_form, deventer, surname, born, differs
):
    person = vsv_person(deventer)
    Person.objects.filter(pk=person.pk).update(surname="Jansen", surname_key=name_key("Jansen"))
    given = person.date_of_birth + timedelta(days=born or 0)
    partner_client.post(
        NEW_REPORT,
        report_form(
            bsn=person.bsn, subject="uitschrijving", surname=surname, date_of_birth=dutch(given)
        ),
    )
    report = Report.objects.get(person=person)
    assert report.differs_from_register is differs
    page = coach_client.get(
        reverse("signals:detail", args=[Signal.objects.get(person=person).public_id])
    )
    assert ("controleer of het BSN klopt" in page.content.decode()) is differs
    own = partner_client.get(
        reverse("reports:detail", args=[report.report_number])
    ).content.decode()
    assert "register" not in own.lower(), "the reporter learns nothing of the register"


# Vrijstellingen ----------------------------------------------------------------------------


def exemption_form(**changes) -> dict:
    return {
        "article": "5a",
        "start_date": dutch(dates.today() - timedelta(days=7)),
        "end_date": "",
        "decision_reference": "LPA-2026-0142",
        **changes,
    }


def register_exemption(client, person, data):
    url = reverse("people:exemption_new", args=[person.public_id])
    return client.post(url, data)


def test_a_vrijstelling_closes_the_open_absoluut_verzuim_signal(leerplicht, deventer):
    person = leerplichtig_dropout(deventer)
    signal_persons([person.pk])
    signal = Signal.objects.get(person=person, kind=SignalKind.ABSOLUTE_ABSENCE)
    assert (signal.desk, signal.is_open) == (Desk.LEERPLICHT, True)
    response = register_exemption(logged_in(leerplicht), person, exemption_form())
    assert response.status_code == 302
    signal.refresh_from_db()
    assert (signal.status, signal.resolution) == (SignalStatus.CLOSED, Resolution.EXEMPTED)
    assert Exemption.objects.get(person=person).registered_by == leerplicht


def test_a_vrijstelling_form_sent_twice_registers_one_vrijstelling_and_says_so(
    leerplicht, deventer
):
    person = leerplichtig_dropout(deventer)
    client = logged_in(leerplicht)
    url = reverse("people:exemption_new", args=[person.public_id])
    data = {**exemption_form(), "form_token": form_token(client, url)}
    assert messages_of(client.post(url, data, follow=True)) == ["De vrijstelling is geregistreerd."]
    assert messages_of(client.post(url, data, follow=True)) == [
        "Dit formulier was al verstuurd; de vrijstelling is één keer geregistreerd."
    ]
    assert Exemption.objects.filter(person=person).count() == 1


def test_a_vrijstelling_that_ends_before_it_starts_is_refused(leerplicht, deventer):
    person = leerplichtig_dropout(deventer)
    data = exemption_form(
        start_date=dutch(dates.today()), end_date=dutch(dates.today() - timedelta(days=1))
    )
    response = register_exemption(logged_in(leerplicht), person, data)
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == [
        "De vrijstelling eindigt vóór zij begint."
    ]
    assert not Exemption.objects.exists()


def test_a_coach_cannot_register_a_vrijstelling(coach_client, deventer):
    person = leerplichtig_dropout(deventer)
    assert register_exemption(coach_client, person, exemption_form()).status_code == 403
    assert not Exemption.objects.exists()


def end_early(client, exemption, **fields):
    url = reverse("people:exemption_end", args=[exemption.person.public_id, exemption.pk])
    return client.post(url, fields)


def test_ending_a_vrijstelling_early_raises_its_end_signal_and_keeps_the_reason(
    leerplicht, deventer
):
    person = leerplichtig_dropout(deventer)
    register_exemption(logged_in(leerplicht), person, exemption_form())
    exemption = Exemption.objects.get(person=person)
    yesterday = dates.today() - timedelta(days=1)
    client = logged_in(leerplicht)
    response = end_early(
        client, exemption, end_date=dutch(yesterday), reason="Besluit ingetrokken."
    )
    assert response.status_code == 302
    exemption.refresh_from_db()
    assert (exemption.end_date, exemption.end_reason) == (yesterday, "Besluit ingetrokken.")
    (ended,) = Signal.objects.filter(person=person, status=SignalStatus.NEW)
    assert ended.kind == SignalKind.EXEMPTION_ENDED
    (audited,) = AuditEvent.objects.filter(
        person_id=person.pk, reason__contains="beëindigd per"
    ).values_list("reason", flat=True)
    # The kind of change, not the reason written: that stays on the vrijstelling.
    assert "Besluit ingetrokken" not in audited


def test_ending_a_vrijstelling_needs_a_day_within_it_and_a_reason(leerplicht, deventer):
    person = leerplichtig_dropout(deventer)
    register_exemption(logged_in(leerplicht), person, exemption_form())
    exemption = Exemption.objects.get(person=person)
    client = logged_in(leerplicht)
    before = dutch(exemption.start_date - timedelta(days=1))
    response = end_early(client, exemption, end_date=before, reason="")
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "end_date": ["De vrijstelling kan niet eindigen vóór zij begint."],
        "reason": ["Schrijf waarom de vrijstelling eerder eindigt."],
    }
    exemption.refresh_from_db()
    assert (exemption.end_date, exemption.end_reason) == (None, "")


def test_a_coach_cannot_end_a_vrijstelling(coach_client, deventer):
    exemption = ExemptionFactory(person=leerplichtig_dropout(deventer))
    response = end_early(coach_client, exemption, end_date=dutch(dates.today()), reason="x")
    assert response.status_code == 403
    exemption.refresh_from_db()
    assert exemption.end_date is None
