"""The search and the person page: scoped to the region, logged, and bounded in queries."""

from datetime import date

import pytest
from django.urls import reverse

from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.accounts.roles import Role
from doorstroom.cases.factories import CaseFactory
from doorstroom.people.factories import (
    EnrolmentFactory,
    ExemptionFactory,
    PersonFactory,
    ResultFactory,
)
from doorstroom.people.models import Rectification
from doorstroom.signals.factories import SignalFactory

pytestmark = pytest.mark.django_db
SEARCH = reverse("people:search")


def search(client, **fields):
    data = {"bsn": "", "surname": "", "date_of_birth": "", **fields}
    return client.post(SEARCH, data, follow=True)


def test_search_by_bsn_finds_the_person_in_the_own_region(coach_client, deventer):
    person = PersonFactory(municipality=deventer, surname="Jansen")
    response = search(coach_client, bsn=person.bsn)
    assert response.status_code == 200
    assert list(response.context["page"]) == [person]


def test_search_criteria_never_appear_in_a_url(coach_client, deventer):
    person = PersonFactory(municipality=deventer)
    response = coach_client.post(SEARCH, {"bsn": person.bsn, "surname": "", "date_of_birth": ""})
    assert response.status_code == 302
    assert response["Location"] == SEARCH


def test_search_by_surname_start_ignores_case_and_accents(coach_client, deventer):
    celik = PersonFactory(municipality=deventer, surname="Çelik")
    PersonFactory(municipality=deventer, surname="Bakker")
    assert list(search(coach_client, surname="cel").context["page"]) == [celik]


@pytest.mark.parametrize("typed", ["van den Berg", "Van Den berg", "berg", "Be"])
def test_search_by_surname_may_include_the_voorvoegsel(coach_client, deventer, typed):
    berg = PersonFactory(municipality=deventer, surname_prefix="van den", surname="Berg")
    assert list(search(coach_client, surname=typed).context["page"]) == [berg]


def test_search_by_date_of_birth_in_dutch_notation(coach_client, deventer):
    person = PersonFactory(municipality=deventer, date_of_birth=date(2007, 11, 3))
    PersonFactory(municipality=deventer, date_of_birth=date(2007, 11, 4))
    assert list(search(coach_client, date_of_birth="03-11-2007").context["page"]) == [person]


def test_search_never_finds_a_person_of_another_region(coach_client, deventer, doetinchem):
    elsewhere = PersonFactory(municipality=doetinchem, surname="Jansen")
    response = search(coach_client, bsn=elsewhere.bsn)
    assert list(response.context["page"]) == []
    assert "Geen jongeren gevonden in uw regio" in response.content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"bsn": "123456789"}, "Dit is geen geldig BSN: het voldoet niet aan de elfproef."),
        ({"bsn": "12345"}, "Dit is geen BSN: een BSN bestaat uit 9 cijfers, dit zijn er 5."),
        (
            {"date_of_birth": "31-02-2007"},
            "Vul een bestaande datum in als dd-mm-jjjj, bijvoorbeeld 03-11-2007.",
        ),
        ({"date_of_birth": "01-01-1850"}, "Vul een geboortedatum na 1900 in."),
        ({"surname": "!!"}, "Vul letters in voor de achternaam."),
        ({}, "Vul een BSN, een achternaam of een geboortedatum in."),
    ],
)
def test_bad_search_input_gets_a_dutch_message_and_searches_nothing(coach_client, fields, message):
    response = search(coach_client, **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "person_search" not in coach_client.session


def test_every_shown_search_result_is_audit_logged(coach_client, coach, deventer):
    people = [PersonFactory(municipality=deventer, surname="Jansen") for _ in range(3)]
    search(coach_client, surname="Jansen")
    logged = AuditEvent.objects.filter(action=AuditAction.SEARCH, user=coach)
    assert sorted(logged.values_list("person_id", flat=True)) == sorted(p.pk for p in people)


def test_search_results_paginate_with_a_constant_number_of_queries(
    coach_client, deventer, django_assert_max_num_queries
):
    PersonFactory.create_batch(30, municipality=deventer, surname="Visser")
    search(coach_client, surname="Visser")
    # 9, and the session's TOTP device (the second log-in step) on every page
    with django_assert_max_num_queries(10):
        first = coach_client.get(SEARCH)
    with django_assert_max_num_queries(10):
        second = coach_client.get(SEARCH, {"pagina": 2})
    assert len(first.context["page"]) == 25
    assert len(second.context["page"]) == 5


def test_person_page_shows_status_and_history(coach_client, deventer):
    person = PersonFactory(municipality=deventer, age=19, diplomas=["vmbo_kb"])
    EnrolmentFactory(person=person, start_date=date(2024, 8, 1), end_date=date(2026, 2, 28))
    response = coach_client.get(reverse("people:detail", args=[person.public_id]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "valt onder het Doorstroompunt: 19 jaar, niet ingeschreven sinds 1 maart 2026" in content
    assert "geen startkwalificatie: hoogste diploma vmbo-kb" in content


def test_person_page_writes_the_postcode_as_the_dutch_do(coach_client, deventer):
    """Stored as 7411AB; a caseworker reads and copies it as 7411 AB (PostNL), as the letters
    print it."""
    person = PersonFactory(municipality=deventer, age=19)
    content = coach_client.get(reverse("people:detail", args=[person.public_id])).content.decode()

    assert content.count("7411 AB Deventer") == 2  # the current address and its history
    assert "7411AB" not in content


def test_person_page_names_the_desk_of_each_signal_and_case(coach_client, deventer):
    person = PersonFactory(municipality=deventer, age=19)
    SignalFactory(person=person, desk="doorstroompunt")
    case = CaseFactory(person=person, desk="doorstroompunt")
    response = coach_client.get(reverse("people:detail", args=[person.public_id]))
    content = response.content.decode()
    assert "</a> bij het loket Doorstroompunt, " in content  # the signal
    assert f"Dossier {case.number}</a> bij het loket Doorstroompunt: " in content


def test_person_page_view_is_audit_logged_with_user_route_and_reason(coach_client, coach, deventer):
    person = PersonFactory(municipality=deventer)
    coach_client.get(reverse("people:detail", args=[person.public_id]))
    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert (event.user, event.person_id, event.route, event.reason) == (
        coach,
        person.pk,
        "people:detail",
        "persoonspagina bekeken",
    )


def test_person_of_another_region_is_not_found(client, make_user, other_region, deventer):
    person = PersonFactory(municipality=deventer)
    log_in_verified(client, make_user(Role.COACH, user_region=other_region))
    response = client.get(reverse("people:detail", args=[person.public_id]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


def test_person_page_queries_do_not_grow_with_the_history(
    coach_client, deventer, django_assert_max_num_queries
):
    person = PersonFactory(municipality=deventer)
    EnrolmentFactory.create_batch(12, person=person)
    ResultFactory.create_batch(6, person=person)
    ExemptionFactory.create_batch(3, person=person)
    SignalFactory.create_batch(4, person=person, status="afgesloten")
    CaseFactory.create_batch(3, person=person, state="afgesloten", closed_on=date(2026, 3, 1))
    Rectification.objects.bulk_create(
        Rectification(person=person, field="phone", new_value=f"06{n:08d}", reason="verzoek")
        for n in range(3)
    )
    with django_assert_max_num_queries(19):  # and the session's TOTP device, the refused rows
        response = coach_client.get(reverse("people:detail", args=[person.public_id]))
    assert response.status_code == 200
