"""The register refuses impossible data with a Dutch message, and keeps address history."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from doorstroom import dates
from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.people.choices import EducationKind, MboPathway, VsoProfile
from doorstroom.people.factories import (
    EnrolmentFactory,
    PersonFactory,
    ResidenceFactory,
    ResultFactory,
)
from doorstroom.people.models import Person
from doorstroom.people.names import name_key
from doorstroom.people.services import record_move

pytestmark = pytest.mark.django_db


def messages(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


def test_invalid_bsn_is_refused_with_the_elfproef_message():
    person = PersonFactory.build(bsn="123456789")
    with pytest.raises(ValidationError) as error:
        person.full_clean(exclude=["municipality"])
    assert messages(error.value)["bsn"] == [
        "Dit is geen geldig BSN: het voldoet niet aan de elfproef."
    ]


def test_a_bsn_already_in_the_register_is_refused_though_it_is_stored_encrypted(deventer):
    noor = PersonFactory(municipality=deventer)
    twin = PersonFactory.build(bsn=noor.bsn, municipality=deventer)
    with pytest.raises(ValidationError) as error:
        twin.full_clean()
    assert messages(error.value)["bsn"] == ["Er staat al een jongere met dit BSN in het register."]
    noor.full_clean()  # the person itself is no duplicate


@pytest.mark.parametrize("born", [date(1899, 12, 31), date(9995, 1, 1)])
def test_birth_date_outside_1900_to_today_is_refused(born):
    person = PersonFactory.build(date_of_birth=born)
    with pytest.raises(ValidationError) as error:
        person.clean()
    assert messages(error.value)["date_of_birth"] == [
        "Vul een geboortedatum in tussen 1900 en vandaag."
    ]


def test_death_before_birth_is_refused():
    person = PersonFactory.build(date_of_birth=date(2008, 5, 1), date_of_death=date(2008, 4, 30))
    with pytest.raises(ValidationError) as error:
        person.clean()
    assert messages(error.value)["date_of_death"] == ["Deze datum ligt vóór de geboortedatum."]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"start_date": date(2024, 8, 1), "end_date": date(2024, 7, 31)},
            "end_date",
            "De inschrijving eindigt vóór zij begint.",
        ),
        (
            {"kind": EducationKind.VSO, "mbo_pathway": ""},
            "vso_profile",
            "Een vso-inschrijving heeft een uitstroomprofiel.",
        ),
        (
            {"kind": EducationKind.HAVO, "mbo_pathway": "", "vso_profile": VsoProfile.ARBEIDSMARKT},
            "vso_profile",
            "Alleen vso heeft een uitstroomprofiel.",
        ),
        (
            {"kind": EducationKind.MBO_3, "mbo_pathway": ""},
            "mbo_pathway",
            "Een mbo-inschrijving heeft een leerweg (BOL of BBL).",
        ),
        (
            {"kind": EducationKind.HAVO, "mbo_pathway": MboPathway.BBL},
            "mbo_pathway",
            "Alleen mbo heeft een leerweg (BOL of BBL).",
        ),
        (
            {"start_date": date(1990, 1, 1)},
            "start_date",
            "De inschrijving begint vóór de geboortedatum.",
        ),
    ],
)
def test_enrolment_refuses_impossible_combinations(fields, field, message):
    enrolment = EnrolmentFactory.build(person=PersonFactory(), **fields)
    with pytest.raises(ValidationError) as error:
        enrolment.clean()
    assert messages(error.value)[field] == [message]


def test_database_refuses_an_enrolment_that_ends_before_it_starts():
    enrolment = EnrolmentFactory()
    with pytest.raises(IntegrityError):
        EnrolmentFactory(
            person=enrolment.person, start_date=date(2024, 8, 1), end_date=date(2024, 1, 1)
        )


def test_result_before_birth_is_refused():
    result = ResultFactory.build(
        person=PersonFactory(date_of_birth=date(2008, 1, 1)), obtained_on=date(2007, 7, 5)
    )
    with pytest.raises(ValidationError) as error:
        result.clean()
    assert messages(error.value)["obtained_on"] == ["Het resultaat ligt vóór de geboortedatum."]


def test_surname_key_folds_accents_and_case():
    assert name_key("Çelik-Öztürk") == "celikozturk"
    person = PersonFactory(surname="Élbaz")
    assert Person.objects.get(pk=person.pk).surname_key == "elbaz"


def test_factory_gives_the_asked_age_and_diplomas():
    person = PersonFactory(age=19, diplomas=["vmbo_kb"])
    assert dates.age_on(person.date_of_birth, dates.today()) == 19
    assert [r.kind for r in person.results.all()] == ["vmbo_kb"]


def test_a_move_to_another_region_is_history_not_an_overwrite(deventer, doetinchem, coach):
    person = PersonFactory(municipality=deventer, date_of_birth=date(2006, 1, 1))
    record_move(
        person,
        by=coach,
        reason="verhuizing doorgegeven door de jongere",
        municipality=doetinchem,
        moved_on=date(2025, 9, 1),
        street="Dorpsstraat",
        house_number=3,
        postcode="7001AA",
    )
    person.refresh_from_db()
    history = list(
        person.residences.order_by("valid_from").values_list(
            "municipality__code", "valid_from", "valid_to"
        )
    )
    assert history == [
        ("GM0150", date(2006, 1, 1), date(2025, 8, 31)),
        ("GM0222", date(2025, 9, 1), None),
    ]
    assert person.municipality == doetinchem
    assert list(Person.objects.in_regions({deventer.region_id})) == []
    assert list(Person.objects.in_regions({doetinchem.region_id})) == [person]
    change = AuditEvent.objects.get(action=AuditAction.CHANGE)
    assert (change.user, change.person_id, change.reason) == (
        coach,
        person.pk,
        "verhuizing doorgegeven door de jongere",
    )


def test_a_move_before_the_current_address_began_is_refused(deventer, doetinchem):
    person = PersonFactory(municipality=deventer, date_of_birth=date(2006, 1, 1))
    with pytest.raises(ValidationError):
        record_move(
            person,
            by=None,
            reason="test",
            municipality=doetinchem,
            moved_on=date(2006, 1, 1),
            street="X",
            house_number=1,
            postcode="7001AA",
        )
    assert person.residences.count() == 1


def test_one_current_address_per_person(deventer):
    person = PersonFactory(municipality=deventer)
    with pytest.raises(IntegrityError):
        ResidenceFactory(person=person)
