"""The start page: what asks each user's attention today, counted in the user's own region and
desks, each count the length of the list its link opens."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from doorstroom import dates
from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.models import AuditEvent
from doorstroom.accounts.roles import Role
from doorstroom.attention import Item, attention_of
from doorstroom.cases.factories import CaseFactory, OrganisationFactory
from doorstroom.partners.choices import ReferralStatus
from doorstroom.partners.tests.test_views import refer
from doorstroom.people.choices import Desk
from doorstroom.people.factories import PersonFactory
from doorstroom.signals.choices import SignalStatus
from doorstroom.signals.factories import SignalFactory

pytestmark = pytest.mark.django_db
HOME = reverse("home")


def logged_in(user) -> Client:
    client = Client()
    log_in_verified(client, user)
    return client


def signal_in(municipality, **kwargs):
    return SignalFactory(person=PersonFactory(municipality=municipality), **kwargs)


def by_label(items: list[Item]) -> dict[str, Item]:
    return {item.label: item for item in items}


@pytest.fixture
def queue_world(deventer, doetinchem, make_user):
    """Stedendriehoek: at the Doorstroompunt two unassigned new signals (one past its term) and
    one taken up by the coordinator; at the leerplicht desk one past its term, unassigned
    (the coordinator's queue shows both desks); Achterhoek: three of its own."""
    coordinator = make_user(Role.COORDINATOR)
    today = dates.today()
    signal_in(deventer, raised_on=today - timedelta(days=3))
    signal_in(deventer, raised_on=today - timedelta(days=40))  # due after 28 days: overdue
    signal_in(
        deventer,
        raised_on=today - timedelta(days=60),
        status=SignalStatus.IN_PROGRESS,
        assigned_to=coordinator,
    )
    signal_in(deventer, desk=Desk.LEERPLICHT, raised_on=today - timedelta(days=50))
    for _ in range(3):
        signal_in(doetinchem, raised_on=today - timedelta(days=40))
    return coordinator


def test_a_coordinator_sees_the_open_unassigned_own_and_overdue_signals_of_the_region(
    queue_world,
):
    items = by_label(attention_of(queue_world, dates.today()))

    assert items["open signalen in de werkvoorraad"].count == 4
    assert items["signalen nog niet toegewezen"].count == 3
    assert items["signalen aan u toegewezen"].count == 1
    overdue = items["nieuwe signalen over de termijn (nog door niemand opgepakt)"]
    assert (overdue.count, overdue.urgent) == (2, True)


def test_each_count_is_the_number_of_things_its_link_lists(queue_world, deventer):
    CaseFactory(person=PersonFactory(municipality=deventer))  # nobody's: the coordinator's
    client = logged_in(queue_world)
    items = attention_of(queue_world, dates.today())
    assert len(items) == 6
    for item in items:
        listed = client.get(item.url).context["page"].paginator.count
        assert listed == item.count, item.label


def test_a_coach_counts_the_doorstroompunt_only_and_is_not_offered_signals_to_divide(
    queue_world, make_user
):
    coach = make_user(Role.COACH)

    labels = by_label(attention_of(coach, dates.today()))

    assert labels["open signalen in de werkvoorraad"].count == 3
    assert "signalen nog niet toegewezen" not in labels
    assert labels["signalen aan u toegewezen"].count == 0


def test_a_coach_sees_the_cases_due_today_and_overdue_of_their_own(deventer, make_user):
    coach, colleague = make_user(Role.COACH), make_user(Role.COACH)
    today = dates.today()
    person = PersonFactory(municipality=deventer)
    CaseFactory(person=person, coach=coach, next_due_on=today)
    CaseFactory(person=PersonFactory(municipality=deventer), coach=coach, next_due_on=today)
    CaseFactory(
        person=PersonFactory(municipality=deventer), coach=coach, next_due_on=today - timedelta(1)
    )
    CaseFactory(person=PersonFactory(municipality=deventer), coach=colleague, next_due_on=today)

    (item,) = [i for i in attention_of(coach, today) if i.url == reverse("cases:mine")]

    assert (item.count, item.urgent) == (3, True)
    assert item.label == "dossiers met vandaag of eerder een actie (waarvan 1 te laat)"
    assert "open dossiers zonder begeleider" not in by_label(attention_of(coach, today))
    assert logged_in(coach).get(item.url).context["page"].paginator.count == item.count


def test_a_partner_sees_the_referrals_waiting_for_its_answer(region, deventer, make_user):
    loket = OrganisationFactory(region=region)
    partner = make_user(Role.PARTNER, organisation=loket)
    refer(loket, deventer)
    refer(loket, deventer, status=ReferralStatus.ACCEPTED)
    refer(OrganisationFactory(region=region), deventer)  # another partner's

    (item,) = attention_of(partner, dates.today())

    assert (item.count, item.text) == (1, "verwijzing die op uw antwoord wacht")
    assert item.url == reverse("partners:shared")


def test_a_count_of_one_names_one_thing_and_any_other_count_many(queue_world):
    """'1 signalen aan u toegewezen' read wrong: a Dutch count of 1 takes the singular."""
    page = logged_in(queue_world).get(HOME).content.decode()
    shown = {
        f"{count} {text}" for count, text in re.findall(r'count">(\d+)</strong> ([^<]+)</a>', page)
    }

    assert shown == {
        "4 open signalen in de werkvoorraad",
        "3 signalen nog niet toegewezen",
        "1 signaal aan u toegewezen",
        "2 nieuwe signalen over de termijn (nog door niemand opgepakt)",
        "0 dossiers met vandaag of eerder een actie",
        "0 open dossiers zonder begeleider",
    }


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, "nieuwe signalen"), (1, "nieuw signaal"), (2, "nieuwe signalen"), (11, "nieuwe signalen")],
)
def test_an_items_text_is_singular_for_one_only(count, text):
    assert Item(count, "nieuwe signalen", "/", one="nieuw signaal").text == text


def test_a_policy_officer_sees_no_work_and_no_person(make_user):
    policy = make_user(Role.POLICY)

    assert attention_of(policy, dates.today()) == []
    response = logged_in(policy).get(HOME)
    assert "Wat vraagt uw aandacht" not in response.content.decode()


def test_the_start_page_shows_the_counts_and_reads_nobody(queue_world):
    client = logged_in(queue_world)
    before = AuditEvent.objects.count()

    page = client.get(HOME).content.decode()

    assert "Wat vraagt uw aandacht" in page
    assert "signalen nog niet toegewezen" in page
    assert AuditEvent.objects.count() == before  # counts only: no person's data read


def test_the_start_page_makes_the_same_number_of_queries_whatever_the_region_holds(
    queue_world, deventer
):
    client = logged_in(queue_world)
    client.get(HOME)  # the session and the device settle first
    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    for _ in range(20):
        signal_in(deventer)
        CaseFactory(person=PersonFactory(municipality=deventer), coach=queue_world)
    with CaptureQueriesContext(connection) as many:
        client.get(HOME)

    assert len(many) == len(few)
