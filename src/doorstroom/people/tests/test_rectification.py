"""Correction of a person's data (AVG art. 16): written, kept as history, audited, signalled."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from doorstroom import dates
from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.models import AppendOnlyError, AuditAction, AuditEvent
from doorstroom.accounts.roles import Role
from doorstroom.accounts.triggers import install_rectification_triggers
from doorstroom.people.choices import EducationKind
from doorstroom.people.factories import (
    EnrolmentFactory,
    PersonFactory,
    ResultFactory,
    born_years_ago,
)
from doorstroom.people.models import Person, Rectification, RectificationPurgePermit
from doorstroom.people.services import NOTHING_CHANGED, rectify_person
from doorstroom.retention import person_data
from doorstroom.retention.batches import delete_ids
from doorstroom.retention.rules import Periods
from doorstroom.signals.choices import SignalKind
from doorstroom.signals.models import Signal

pytestmark = pytest.mark.django_db


@pytest.fixture
def support(make_user):
    return make_user(Role.SUPPORT, first_name="Els", last_name="Ondersteuner")


@pytest.fixture
def support_client(client, support):
    log_in_verified(client, support)
    return client


def form_data(person, **changes):
    data = {
        "given_names": person.given_names,
        "surname_prefix": person.surname_prefix,
        "surname": person.surname,
        "date_of_birth": person.date_of_birth.strftime("%d-%m-%Y"),
        "phone": person.phone,
        "email": person.email,
        "reason": "verzoek van de jongere, paspoort gezien",
    }
    return {**data, **changes}


def test_a_correction_writes_the_new_value_and_keeps_the_old_one(support, deventer):
    person = PersonFactory(municipality=deventer, surname="Jansen", phone="0570-111111")
    rectify_person(support, person, {"surname": "Janssen", "phone": "0570-111111"}, "typefout")
    person.refresh_from_db()
    assert (person.surname, person.surname_key) == ("Janssen", "janssen")
    row = Rectification.objects.get()
    assert (row.person, row.user, row.field, row.old_value, row.new_value, row.reason) == (
        person, support, "surname", "Jansen", "Janssen", "typefout",
    )  # fmt: skip


def test_a_correction_is_audited_as_a_change_with_the_fields_and_reason(support, deventer):
    person = PersonFactory(municipality=deventer)
    rectify_person(support, person, {"email": "sam@voorbeeld.nl"}, "nieuw adres doorgegeven")
    event = AuditEvent.objects.get(person_id=person.pk)
    assert (event.user, event.action) == (support, AuditAction.CHANGE)
    assert event.reason == "correctie (AVG art. 16) van e-mail: nieuw adres doorgegeven"


def test_the_history_cannot_be_changed_or_deleted(support, deventer):
    person = PersonFactory(municipality=deventer)
    rectify_person(support, person, {"phone": "0612345678"}, "verzoek")
    row = Rectification.objects.get()
    row.new_value = "iets anders"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        Rectification.objects.filter(pk=row.pk).update(new_value="iets anders")
    with pytest.raises(AppendOnlyError):
        Rectification.objects.all().delete()
    assert Rectification.objects.get().new_value == "0612345678"


def test_database_triggers_refuse_a_raw_update_and_delete(support, deventer):
    """Below the ORM too: a raw statement, an admin tool or a mistaken script."""
    person = PersonFactory(municipality=deventer, surname="Jansen")
    rectify_person(support, person, {"surname": "Janssen"}, "typefout")
    with transaction.atomic():
        install_rectification_triggers(connection)
        for statement in (
            "UPDATE people_rectification SET reason = 'weg'",
            "DELETE FROM people_rectification",
        ):
            with (
                pytest.raises(DatabaseError, match="alleen-toevoegen"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(statement)
        # Deleting the person cascades to the history, and is refused just the same.
        with pytest.raises(DatabaseError, match="alleen-toevoegen"), transaction.atomic():
            delete_ids(Person, [person.pk], dry_run=False)
        transaction.set_rollback(True)
    assert Rectification.objects.filter(person=person, reason="typefout").exists()


def test_retention_deletes_a_person_with_the_history_past_the_triggers(support, deventer):
    """'It goes with the person when retention removes them': the permit names that person
    only, and lasts as long as the transaction."""
    gone = PersonFactory(municipality=deventer, date_of_birth=date(2000, 5, 1), surname="Jansen")
    EnrolmentFactory(person=gone, start_date=date(2016, 8, 1), end_date=date(2024, 7, 1))
    ResultFactory(person=gone, kind=EducationKind.MBO_2, obtained_on=date(2024, 7, 1))
    staying = PersonFactory(municipality=deventer, surname="Pietersen")
    rectify_person(support, gone, {"surname": "Janssen"}, "typefout")
    rectify_person(support, staying, {"surname": "Pieterse"}, "typefout")
    with transaction.atomic():
        install_rectification_triggers(connection)
        counts = person_data.persons(
            deventer.region, Periods(), date(2026, 12, 1), dry_run=False, progress=None
        )
        assert counts["people.Person"] == 1 and counts["people.Rectification"] == 1
        assert not Person.objects.filter(pk=gone.pk).exists()
        assert not RectificationPurgePermit.objects.exists()
        # The history of the person who stays is as append-only as before.
        with (
            pytest.raises(DatabaseError, match="alleen-toevoegen"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("DELETE FROM people_rectification")
        transaction.set_rollback(True)


def test_a_permit_for_one_person_lets_no_other_history_go(support, deventer):
    one, other = PersonFactory(municipality=deventer), PersonFactory(municipality=deventer)
    rectify_person(support, one, {"surname": "Een"}, "typefout")
    rectify_person(support, other, {"surname": "Ander"}, "typefout")
    with transaction.atomic():
        install_rectification_triggers(connection)
        RectificationPurgePermit.objects.create(person_id=one.pk)
        with (
            pytest.raises(DatabaseError, match="alleen-toevoegen"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("DELETE FROM people_rectification WHERE person_id = %s", [other.pk])
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM people_rectification WHERE person_id = %s", [one.pk])
        assert list(Rectification.objects.values_list("person_id", flat=True)) == [other.pk]
        transaction.set_rollback(True)


def test_a_correction_that_changes_nothing_says_so_and_writes_nothing(support, deventer):
    person = PersonFactory(municipality=deventer, surname="Jansen")
    with pytest.raises(ValidationError) as error:
        rectify_person(support, person, {"surname": "Jansen"}, "verzoek")
    assert error.value.messages == [NOTHING_CHANGED]
    assert not Rectification.objects.exists()
    assert not AuditEvent.objects.exists()


def test_only_the_ondersteuner_may_correct(make_user, deventer):
    person = PersonFactory(municipality=deventer)
    with pytest.raises(PermissionDenied):
        rectify_person(make_user(Role.COACH), person, {"phone": "0612345678"}, "verzoek")


def test_a_date_of_birth_after_an_enrolment_is_refused(support, deventer):
    person = PersonFactory(municipality=deventer, age=19)
    EnrolmentFactory(person=person, start_date=person.date_of_birth + timedelta(days=4000))
    with pytest.raises(ValidationError) as error:
        rectify_person(
            support, person, {"date_of_birth": person.date_of_birth + timedelta(days=5000)}, "x"
        )
    assert "date_of_birth" in error.value.message_dict
    assert not Rectification.objects.exists()


def test_a_corrected_date_of_birth_makes_signalling_look_again(support, deventer):
    """At 30 the person is past the region's upper age; corrected to 19, without school or
    startkwalificatie, the person is a new vsv'er for the Doorstroompunt."""
    person = PersonFactory(municipality=deventer, age=30)
    left = dates.today() - timedelta(days=100)
    EnrolmentFactory(person=person, start_date=left - timedelta(days=400), end_date=left)
    assert not Signal.objects.filter(person=person).exists()
    rectify_person(support, person, {"date_of_birth": born_years_ago(19)}, "geboorteakte gezien")
    assert Signal.objects.filter(person=person, kind=SignalKind.NEW_VSV).exists()


def test_the_form_corrects_and_the_person_page_shows_the_history(support_client, deventer):
    person = PersonFactory(municipality=deventer, surname="Jansen")
    url = reverse("people:rectify", args=[person.public_id])
    page = support_client.get(url).content.decode()
    assert f'value="{person.date_of_birth:%d-%m-%Y}"' in page
    response = support_client.post(url, form_data(person, surname="Janssen"), follow=True)
    content = response.content.decode()
    assert "De correctie is opgeslagen." in content
    assert "Els Ondersteuner" in content
    assert "Janssen" in content and "Jansen" in content
    assert "verzoek van de jongere, paspoort gezien" in content


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": ""}, "Vul de reden van de correctie in."),
        ({"surname": ""}, "Vul de geslachtsnaam in."),
        ({"given_names": "!!"}, "Vul letters in voor de voornamen."),
        (
            {"date_of_birth": "31-02-2007"},
            "Vul een bestaande datum in als dd-mm-jjjj, bijvoorbeeld 03-11-2007.",
        ),
        ({"date_of_birth": "01-01-1850"}, "Vul een geboortedatum in tussen 1900 en vandaag."),
        ({"email": "geen-adres"}, "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."),
        ({"phone": "bel me"}, "Vul een telefoonnummer in met cijfers, spaties of streepjes"),
        (
            {"surname": "Jan\u202esen"},
            "Geslachtsnaam bevat een onzichtbaar teken of stuurteken (U+202E)",
        ),
        ({"given_names": "S\u200bam"}, "Voornamen bevat een onzichtbaar teken of stuurteken"),
        ({"surname_prefix": "van\nde"}, "Voorvoegsel past op één regel"),
        (
            {"surname": "J" * 201},
            "Geslachtsnaam is 201 tekens lang; hooguit 200 tekens toegestaan.",
        ),
        (
            {"surname_prefix": "v" * 21},
            "Voorvoegsel is 21 tekens lang; hooguit 20 tekens toegestaan.",
        ),
        ({"phone": "0" * 21}, "Telefoon is 21 tekens lang; hooguit 20 tekens toegestaan."),
        (
            {"reason": "r" * 301},
            "Reden van de correctie is 301 tekens lang; hooguit 300 tekens toegestaan.",
        ),
        ({}, NOTHING_CHANGED),
    ],
)
def test_bad_input_gets_a_dutch_message_and_writes_nothing(
    support_client, deventer, changes, message
):
    person = PersonFactory(municipality=deventer, surname="Jansen", date_of_birth=date(2007, 5, 5))
    url = reverse("people:rectify", args=[person.public_id])
    response = support_client.post(url, form_data(person, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Rectification.objects.exists()
    assert Person.objects.get(pk=person.pk).surname == "Jansen"
    assert not AuditEvent.objects.filter(action=AuditAction.CHANGE).exists()


def test_a_person_of_another_region_cannot_be_corrected(client, make_user, other_region, deventer):
    person = PersonFactory(municipality=deventer, surname="Jansen")
    log_in_verified(client, make_user(Role.SUPPORT, user_region=other_region))
    url = reverse("people:rectify", args=[person.public_id])
    assert client.post(url, form_data(person, surname="Janssen")).status_code == 404
    assert Person.objects.get(pk=person.pk).surname == "Jansen"


def test_a_date_of_birth_after_the_date_of_death_is_refused_above_the_form(
    support_client, deventer
):
    person = PersonFactory(municipality=deventer, age=19)
    Person.objects.filter(pk=person.pk).update(date_of_death=dates.today() - timedelta(days=30))
    url = reverse("people:rectify", args=[person.public_id])
    later = (dates.today() - timedelta(days=10)).strftime("%d-%m-%Y")
    response = support_client.post(url, form_data(person, date_of_birth=later))
    assert "Deze datum ligt vóór de geboortedatum." in response.content.decode()
    assert not Rectification.objects.exists()
