"""Importing deliveries: what lands in the register, what is refused and why, and what not twice."""

import logging
import shutil
import sqlite3
import threading
from datetime import date
from pathlib import Path

import pytest
from django.db import connection, transaction

from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.crypto import lookup_hash
from doorstroom.deliveries import events, services
from doorstroom.deliveries.adapters.base import COLUMNS
from doorstroom.deliveries.apply import Applier
from doorstroom.deliveries.models import (
    DeliveryKind,
    ImportRun,
    RejectedRow,
    RunStatus,
    StagedPerson,
)
from doorstroom.deliveries.tests.builders import (
    BSNS,
    deliver,
    enrolment,
    import_file,
    person,
    result,
    write,
)
from doorstroom.deliveries.validation import BIRTH_AFTER_KEPT_ITEMS
from doorstroom.people.factories import EnrolmentFactory, PersonFactory
from doorstroom.people.models import Enrolment, Person, Residence, Result
from doorstroom.regions.loading import DEMO_FILES, load_reference_data
from doorstroom.regions.models import Region
from doorstroom.signals import services as signalling
from doorstroom.signals.models import SignalRun

pytestmark = pytest.mark.django_db

A, B, C = BSNS[:3]
P = DeliveryKind.P


@pytest.fixture(autouse=True)
def reference_data():
    load_reference_data(**DEMO_FILES)


@pytest.fixture
def stedendriehoek():
    return Region.objects.get(code="RMC11")


def snapshot() -> dict:
    return {
        # sorted here: the BSN is stored encrypted, so the database cannot order by it
        "persons": sorted(Person.objects.values_list("bsn", "surname", "municipality__code", "date_of_death")),
        "residences": sorted(Residence.objects.values_list("person__bsn", "postcode", "valid_from", "valid_to")),
        "enrolments": list(Enrolment.objects.order_by("source_id").values_list("source_id", "person__bsn", "kind", "end_date")),
        "results": list(Result.objects.order_by("source_id").values_list("source_id", "kind", "obtained_on")),
    }  # fmt: skip


def test_a_c_levering_fills_the_register(tmp_path):
    run = deliver(
        tmp_path,
        [
            person(A),
            enrolment(A, "I1", einddatum="2026-02-28"),
            result(A, "R1"),
            person(B, gemeentecode="GM0200"),
        ],
    )
    assert run.status == RunStatus.APPLIED, run.message
    assert (run.rows_read, run.rows_new, run.rows_changed, run.rows_rejected) == (4, 4, 0, 0)
    noor = Person.objects.with_bsn(A).get()
    assert (noor.full_name, noor.municipality.code, noor.date_of_birth) == (
        "Noor Haverkamp",
        "GM0150",
        date(2007, 1, 10),
    )
    assert list(noor.enrolments.values_list("kind", "mbo_pathway", "end_date", "school__brin")) == [
        ("mbo_2", "bol", date(2026, 2, 28), "94AA")
    ]
    assert list(noor.results.values_list("kind", "obtained_on")) == [("vmbo_kb", date(2024, 7, 5))]
    assert list(noor.residences.values_list("postcode", "valid_from", "valid_to")) == [
        ("7411AB", date(2026, 11, 20), None)
    ]
    assert sorted(run.changed_person_ids()) == sorted(Person.objects.values_list("id", flat=True))


def test_the_same_file_twice_changes_nothing_and_says_so(tmp_path):
    rows = [person(A), enrolment(A, "I1")]
    first = deliver(tmp_path, rows)
    before = snapshot()
    again = deliver(tmp_path, rows, name="nog-een-keer.csv")
    assert again.status == RunStatus.DUPLICATE
    assert again.message.startswith("Dit bestand is al ingelezen op ")
    assert f"(inleesrun {first.pk}); er is niets gewijzigd." in again.message
    assert snapshot() == before


def test_an_unchanged_delivery_counts_everything_as_unchanged(tmp_path):
    deliver(tmp_path, [person(A), enrolment(A, "I1"), result(A, "R1")])
    run = deliver(tmp_path, [result(A, "R1"), enrolment(A, "I1"), person(A)], on=date(2026, 11, 27))
    assert (run.rows_new, run.rows_changed, run.rows_unchanged) == (0, 0, 3)
    assert list(run.changed_person_ids()) == []


def test_an_older_delivery_after_a_newer_is_refused_unless_forced(tmp_path):
    deliver(tmp_path, [person(A)], on=date(2026, 11, 20))
    old = deliver(tmp_path, [person(A, geslachtsnaam="Oud")], on=date(2026, 11, 13))
    assert old.status == RunStatus.REFUSED
    assert old.message.startswith(
        "Deze levering van 13-11-2026 is ouder dan de al ingelezen levering van 20-11-2026"
    )
    assert Person.objects.with_bsn(A).get().surname == "Haverkamp"
    forced = deliver(tmp_path, [person(A, geslachtsnaam="Oud")], on=date(2026, 11, 13), force=True)
    assert forced.status == RunStatus.APPLIED
    assert Person.objects.with_bsn(A).get().surname == "Oud"


NOTHING_VALID = (
    "Geen enkele regel is goed: alle 2 regels zijn geweigerd, elk met de reden. Er is niets "
    "ingelezen, en de levering telt niet als de nieuwste; lees de verbeterde levering in."
)


@pytest.mark.parametrize("kind", [DeliveryKind.C, P])
def test_a_delivery_of_no_valid_row_is_refused_keeps_its_rows_and_never_stands_as_newest(
    tmp_path, kind, django_capture_on_commit_callbacks
):
    """Applied with nobody in it, it stood as the newest delivery, and the real one that
    followed, of an earlier day, was refused as older."""
    deliver(tmp_path, [person(A)], on=date(2026, 11, 13))
    before = snapshot()
    mutation = {"mutatie": "gewijzigd"} if kind == P else {}
    rows = [
        person(B, geboortedatum="2007-02-30", **mutation),  # refused as it is read
        enrolment(C, "I9", **({"mutatie": "toegevoegd"} if kind == P else {})),  # and applying
    ]
    told = []
    events.register_changed.connect(told.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            bad = deliver(tmp_path, rows, kind=kind, on=date(2026, 11, 27))
    finally:
        events.register_changed.disconnect(told.append)
    assert (bad.status, bad.message) == (RunStatus.REFUSED, NOTHING_VALID)
    assert (bad.rows_read, bad.rows_rejected, bad.rows_new, bad.rows_changed) == (2, 2, 0, 0)
    assert snapshot() == before
    assert told == [], "signalling is told of applied runs only"
    refused = RejectedRow.objects.filter(run=bad).order_by("line")
    assert [(row.line, row.field) for row in refused] == [(2, "geboortedatum"), (3, "bsn")]
    assert [row.raw for row in refused] == [
        ";".join(row.get(column, "") for column in COLUMNS) for row in rows
    ], "both rows kept whole for the download, also the one refused while applying"
    good = deliver(tmp_path, [person(A), person(B)], on=date(2026, 11, 20))
    assert good.status == RunStatus.APPLIED, good.message


def test_a_delivery_of_one_row_refused_says_so_in_the_singular(tmp_path):
    run = deliver(tmp_path, [person(A, geboortedatum="")])
    assert run.message.startswith("Geen enkele regel is goed: de enige regel is geweigerd, ")


def test_a_move_in_a_p_levering_keeps_the_old_address_as_history(tmp_path):
    deliver(tmp_path, [person(A), person(B)])
    run = deliver(
        tmp_path,
        [
            person(
                A,
                mutatie="verhuisd",
                mutatiedatum="2026-11-24",
                gemeentecode="GM0222",
                postcode="7001AA",
                woonplaats="Doetinchem",
            )
        ],
        kind=P,
        on=date(2026, 11, 27),
    )
    assert run.status == RunStatus.APPLIED, run.message
    assert list(
        Residence.objects.filter(person__bsn_hash=lookup_hash(A))
        .order_by("valid_from")
        .values_list("postcode", "valid_from", "valid_to")
    ) == [
        ("7411AB", date(2026, 11, 20), date(2026, 11, 23)),
        ("7001AA", date(2026, 11, 24), None),
    ]
    assert Person.objects.with_bsn(A).get().municipality.code == "GM0222"
    assert list(run.changed_person_ids()) == [Person.objects.with_bsn(A).get().pk]


def test_p_levering_mutations_of_enrolments_results_and_death(tmp_path):
    deliver(
        tmp_path,
        [person(A), enrolment(A, "I1"), enrolment(A, "I2", onderwijssoort="mbo_3"), person(B)],
    )
    run = deliver(
        tmp_path,
        [
            enrolment(
                A,
                "I1",
                mutatie="gewijzigd",
                einddatum="2026-10-31",
                reden_uitschrijving="liever werken",
            ),
            enrolment(A, "I2", mutatie="verwijderd"),
            result(
                A, "R9", mutatie="toegevoegd", onderwijssoort="mbo_1", resultaatdatum="2025-06-30"
            ),
            person(
                B, mutatie="overleden", mutatiedatum="2026-11-25", overlijdensdatum="2026-11-25"
            ),
        ],
        kind=P,
        on=date(2026, 11, 27),
    )
    assert run.status == RunStatus.APPLIED, run.message
    assert (run.rows_new, run.rows_changed) == (1, 3)
    assert list(Enrolment.objects.values_list("source_id", "end_date", "leaving_reason")) == [
        ("I1", date(2026, 10, 31), "liever werken")
    ]
    assert list(Result.objects.values_list("source_id", "kind")) == [("R9", "mbo_1")]
    assert Person.objects.with_bsn(B).get().date_of_death == date(2026, 11, 25)
    assert sorted(run.changed_person_ids()) == sorted(Person.objects.values_list("id", flat=True))


def test_a_p_levering_row_without_mutatie_is_refused_as_missing_it(tmp_path):
    """'In a P-levering what happened': a row that leaves it out says so, and what to choose."""
    run = deliver(
        tmp_path, [person(A, mutatie="gewijzigd"), person(B)], kind=P, on=date(2026, 11, 27)
    )

    assert run.status == RunStatus.APPLIED, run.message
    ((line, field, message),) = RejectedRow.objects.filter(run=run).values_list(
        "line", "field", "message"
    )
    assert (line, field) == (3, "mutatie")
    assert message.startswith("mutatie ontbreekt (kies uit bovengrens_bereikt, geemigreerd, ")


def test_a_c_levering_removes_enrolments_it_no_longer_lists(tmp_path):
    deliver(
        tmp_path, [person(A), enrolment(A, "I1"), enrolment(A, "I2"), person(B), enrolment(B, "I3")]
    )
    deliver(tmp_path, [person(A), enrolment(A, "I1")], on=date(2026, 11, 27))
    assert sorted(Enrolment.objects.values_list("source_id", flat=True)) == ["I1", "I3"]


# What is refused, per row (docs/formats/delivery.md): line, field and a Dutch message.
@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        (
            person("123456789"),
            "bsn",
            "dit is geen geldig BSN: het voldoet niet aan de elfproef",
        ),
        (person("12345"), "bsn", "dit is geen BSN: een BSN bestaat uit 9 cijfers, dit zijn er 5"),
        # Each way a BSN is no 9 digits says what to fix, without repeating the number.
        (
            person("99999.001.9"),
            "bsn",
            "dit is geen BSN: een BSN bestaat uit 9 cijfers, zonder spaties of punten ertussen",
        ),
        (
            person("9999 90 019"),
            "bsn",
            "dit is geen BSN: een BSN bestaat uit 9 cijfers, zonder spaties of punten ertussen",
        ),
        (
            person("99990019"),
            "bsn",
            "dit is geen BSN: een BSN bestaat uit 9 cijfers, dit zijn er 8: is de voorloopnul "
            "weggevallen (een spreadsheet doet dat met een getal)? Zet de 0 ervoor; in een "
            "spreadsheet: zet de kolom op tekst",
        ),
        (
            person("99999001900"),
            "bsn",
            "dit is geen BSN: een BSN bestaat uit 9 cijfers, dit zijn er 11",
        ),
        (
            person("\uff19" * 9),  # full-width digits
            "bsn",
            "dit is geen BSN: een BSN bestaat uit 9 cijfers, en hier staan ook andere tekens",
        ),
        (
            person(A, geboortedatum="2007-02-30"),
            "geboortedatum",
            "'2007-02-30' is geen bestaande datum (verwacht jjjj-mm-dd of dd-mm-jjjj)",
        ),
        # a cell set to 'number' saves 15-03-2023 as 45000: 'geen bestaande datum' said not why
        (
            person(A, geboortedatum="45000"),
            "geboortedatum",
            "'45000' is een getal, geen datum: een spreadsheet schrijft een datum zo in een "
            "kolom die op 'getal' staat; zet de kolom op tekst of datum (jjjj-mm-dd)",
        ),
        (
            enrolment(A, "I1", begindatum="45000,5"),
            "begindatum",
            "'45000,5' is een getal, geen datum: een spreadsheet schrijft een datum zo in een ",
        ),
        (
            person(A, geboortedatum="2027-01-01"),
            "geboortedatum",
            "de geboortedatum ligt na de leveringsdatum",
        ),
        (
            person(A, overlijdensdatum="2006-01-01"),
            "overlijdensdatum",
            "deze datum ligt vóór de geboortedatum",
        ),
        (
            person(A, gemeentecode="GM9999"),
            "gemeentecode",
            "gemeente 'GM9999' is onbekend; laad eerst de referentiegegevens",
        ),
        (
            person(A, huisnummer="12a"),
            "huisnummer",
            "'12a' is geen huisnummer (alleen cijfers; letters horen in huisnummertoevoeging)",
        ),
        (
            person(A, postcode="74111"),
            "postcode",
            "'74111' is geen postcode (4 cijfers en 2 letters)",
        ),
        (person(A, geslachtsnaam=""), "geslachtsnaam", "de geslachtsnaam ontbreekt"),
        # a required value left empty is named as missing, with what belongs there (it read
        # "'' is geen bestaande datum", or "gemeente '' is onbekend; laad eerst de
        # referentiegegevens", which sent a partner to the wrong fix)
        (
            person(A, geboortedatum=""),
            "geboortedatum",
            "geboortedatum ontbreekt (verwacht jjjj-mm-dd of dd-mm-jjjj)",
        ),
        (
            person(A, gemeentecode=""),
            "gemeentecode",
            "gemeentecode ontbreekt (de CBS-code, zoals GM0150)",
        ),
        (person(A, huisnummer=""), "huisnummer", "huisnummer ontbreekt (alleen cijfers)"),
        (person(A, postcode=""), "postcode", "postcode ontbreekt (4 cijfers en 2 letters)"),
        (
            enrolment(A, "I1", onderwijssoort=""),
            "onderwijssoort",
            "onderwijssoort ontbreekt (kies uit havo, hbo, mbo_1, ",
        ),
        (
            enrolment(A, "I1", begindatum=""),
            "begindatum",
            "begindatum ontbreekt (verwacht jjjj-mm-dd of dd-mm-jjjj)",
        ),
        (
            enrolment(A, "I1", brin=""),
            "brin",
            "brin ontbreekt (het BRIN-nummer van de school, zoals 94AA)",
        ),
        (
            result(A, "R1", resultaatsoort=""),
            "resultaatsoort",
            "resultaatsoort ontbreekt (kies uit certificaat, diploma)",
        ),
        (
            result(A, "R1", resultaatdatum=""),
            "resultaatdatum",
            "resultaatdatum ontbreekt (verwacht jjjj-mm-dd of dd-mm-jjjj)",
        ),
        # a text longer than the register holds is refused, never cut off
        (
            person(A, voornamen="Noor " * 40 + "Anna"),
            "voornamen",
            "voornamen is 204 tekens lang; hooguit 200 tekens toegestaan",
        ),
        (
            enrolment(A, "I1", reden_uitschrijving="verhuisd naar het buitenland; " * 4 + "elders"),
            "reden_uitschrijving",
            "reden_uitschrijving is 126 tekens lang; hooguit 100 tekens toegestaan",
        ),
        (
            person(A, mutatie="verhuisd"),
            "mutatie",
            "een C-levering bevat de stand van zaken, geen mutaties",
        ),
        (
            {**person(A), "record": "leerling"},
            "record",
            "'leerling' is geen recordsoort; kies uit persoon, inschrijving, resultaat",
        ),
        (
            enrolment(A, "I1", onderwijssoort="lyceum"),
            "onderwijssoort",
            "'lyceum' is geen bekende onderwijssoort",
        ),
        (
            enrolment(A, "I1", onderwijssoort="havo"),
            "leerweg",
            "alleen mbo heeft een leerweg, havo niet",
        ),
        (
            enrolment(A, "I1", leerweg=""),
            "leerweg",
            "leerweg voor mbo ontbreekt (kies uit bbl, bol)",
        ),
        (
            enrolment(A, "I1", onderwijssoort="vso", leerweg=""),
            "uitstroomprofiel",
            "uitstroomprofiel voor vso ontbreekt (kies uit arbeidsmarkt, dagbesteding, ",
        ),
        (
            enrolment(A, "I1", einddatum="2024-07-31"),
            "einddatum",
            "de inschrijving eindigt (31-07-2024) vóór zij begint (01-08-2024)",
        ),
        (
            enrolment(A, "I1", brin="25ZZ"),
            "brin",
            "school 25ZZ01 is onbekend; laad eerst de referentiegegevens",
        ),
        (
            enrolment(A, ""),
            "inschrijving_id",
            "het kenmerk van de inschrijving ontbreekt",
        ),
        (
            enrolment(A, "I" * 41),
            "inschrijving_id",
            "inschrijving_id is 41 tekens lang; hooguit 40 tekens toegestaan",
        ),
        (result(A, ""), "resultaat_id", "het kenmerk van het resultaat ontbreekt"),
        (
            enrolment(A, "I1", begindatum="2006-08-01"),
            "begindatum",
            "de inschrijving begint vóór de geboortedatum",
        ),
        (
            enrolment(C, "I1"),
            "bsn",
            "onbekende persoon: het BSN staat niet in de levering en niet in het register",
        ),
        (
            result(A, "R1", resultaatdatum="2027-07-05"),
            "resultaatdatum",
            "het resultaat ligt na de leveringsdatum",
        ),
        (
            result(A, "R1", resultaatsoort="cijferlijst"),
            "resultaatsoort",
            "'cijferlijst' is geen bekende resultaatsoort",
        ),
        (
            result(A, "R1", resultaatdatum="2006-07-05"),
            "resultaatdatum",
            "het resultaat ligt vóór de geboortedatum",
        ),
    ],
)
def test_a_bad_row_is_refused_with_line_field_and_reason_and_the_rest_loads(
    tmp_path, row, field, message
):
    good = (
        [person(B), enrolment(B, "I0")]
        if row["record"] == "persoon"
        else [person(A), enrolment(A, "I0")]
    )
    run = deliver(tmp_path, [*good, row])
    assert run.status == RunStatus.APPLIED, run.message
    rejected = list(RejectedRow.objects.filter(run=run).values_list("line", "field", "message"))
    assert len(rejected) == 1
    assert rejected[0][:2] == (4, field)
    assert rejected[0][2].startswith(message)
    assert run.rows_rejected == 1
    assert Enrolment.objects.filter(source_id="I0").exists(), "the good rows still load"
    assert RejectedRow.objects.get(run=run).raw == delivered_lines(run)[3], (
        "the refused row keeps its text, also when it was refused while applying"
    )


def delivered_lines(run: ImportRun) -> list[str]:
    """The lines of the run's file as `builders.write` wrote them (no value spans lines)."""
    return Path(run.stored_path).read_bytes().decode("utf-8").split("\r\n")


@pytest.mark.parametrize("separator", [";", ","])
def test_a_refused_row_comes_back_with_the_files_own_delimiter(tmp_path, separator):
    """Joined by semicolons whatever the file's delimiter, and unquoted, a comma file's row
    came back as another file's, and a quoted value ('Noor, Anna', 'Sam "Jo"') unlike it."""
    deliver(tmp_path, [person(A), enrolment(A, "I1", begindatum="2019-08-01")])
    run = deliver(
        tmp_path,
        [
            # refused while applying: a person row's text is read from the file afterwards
            person(A, mutatie="gewijzigd", geboortedatum="2020-01-10", voornamen="Noor, Anna"),
            person(B, mutatie="gewijzigd", geboortedatum="2020-02-30", voornamen='Sam "Jo"'),
            person(C, mutatie="gewijzigd"),
        ],
        kind=P,
        on=date(2026, 11, 27),
        separator=separator,
    )
    assert run.status == RunStatus.APPLIED, run.message
    lines = delivered_lines(run)
    assert list(
        RejectedRow.objects.filter(run=run).order_by("line").values_list("line", "raw")
    ) == [
        (2, lines[1]),
        (3, lines[2]),
    ]


# the person row's texts, each with the register's field it lands in
PERSON_TEXTS = {
    "voornamen": (Person, "given_names"),
    "voorvoegsel": (Person, "surname_prefix"),
    "geslachtsnaam": (Person, "surname"),
    "straat": (Residence, "street"),
    "huisnummertoevoeging": (Residence, "house_number_addition"),
    "woonplaats": (Residence, "city"),
    "telefoon": (Person, "phone"),
    "email": (Person, "email"),
}


def test_a_person_text_longer_than_its_register_field_is_refused_and_staging_holds_as_much(
    tmp_path,
):
    limits = {
        column: model._meta.get_field(f).max_length for column, (model, f) in PERSON_TEXTS.items()
    }
    rows = [
        person(bsn, **{column: "x" * (limit + 1)})
        for bsn, (column, limit) in zip(BSNS, limits.items(), strict=False)
    ]
    run = deliver(tmp_path, rows)
    refused = dict(RejectedRow.objects.filter(run=run).values_list("field", "message"))
    assert refused == {
        column: f"{column} is {limit + 1} tekens lang; hooguit {limit} tekens toegestaan"
        for column, limit in limits.items()
    }
    for model, field in PERSON_TEXTS.values():  # PostgreSQL refuses a longer staged text
        assert (
            StagedPerson._meta.get_field(field).max_length
            == model._meta.get_field(field).max_length
        )


def test_a_text_as_long_as_the_register_holds_is_kept_whole(tmp_path):
    reason = ("werk gevonden\nals kok in Deventer " * 3)[:100]  # line breaks: free text
    run = deliver(
        tmp_path,
        [person(A, voornamen="N" * 200), enrolment(A, "I1", reden_uitschrijving=reason)],
    )
    assert (run.status, run.rows_rejected) == (RunStatus.APPLIED, 0), run.message
    assert Person.objects.with_bsn(A).get().given_names == "N" * 200
    assert Enrolment.objects.get().leaving_reason == reason


@pytest.mark.parametrize(
    "first", [person(""), enrolment("", "I9")], ids=["persoon", "inschrijving"]
)
def test_a_first_row_without_bsn_is_refused_and_makes_no_person(tmp_path, first):
    run = deliver(tmp_path, [first, person(A), person("", geslachtsnaam="Ander")])
    assert run.status == RunStatus.APPLIED, run.message
    assert list(RejectedRow.objects.filter(run=run).values_list("line", "field", "message")) == [
        (2, "bsn", "het BSN ontbreekt"),
        (4, "bsn", "het BSN ontbreekt"),
    ]
    assert list(Person.objects.values_list("bsn", flat=True)) == [A]


def test_a_date_before_birth_is_refused_wherever_the_person_is(tmp_path):
    # after its person in the file (checked while reading), before it, or in the register
    deliver(tmp_path, [person(B)])
    run = deliver(
        tmp_path,
        [
            enrolment(A, "I1", begindatum="2006-08-01"),
            person(A),
            result(A, "R1", resultaatdatum="2006-07-05"),
            result(B, "R2", resultaatdatum="2006-07-05"),
            enrolment(A, "I2"),
        ],
        on=date(2026, 11, 27),
    )
    assert list(RejectedRow.objects.filter(run=run).values_list("line", "field", "message")) == [
        (2, "begindatum", "de inschrijving begint vóór de geboortedatum"),
        (4, "resultaatdatum", "het resultaat ligt vóór de geboortedatum"),
        (5, "resultaatdatum", "het resultaat ligt vóór de geboortedatum"),
    ]
    assert list(Enrolment.objects.values_list("source_id", flat=True)) == ["I2"]


def test_a_correction_of_the_birth_date_past_a_kept_enrolment_is_refused(tmp_path):
    # "a diploma before birth, an enrolment ending before it starts" must not stand in the
    # register: a P-levering that moves the date of birth past what the register keeps
    deliver(
        tmp_path,
        [person(A), enrolment(A, "I1", begindatum="2019-08-01"), person(B), enrolment(B, "I2")],
    )
    run = deliver(
        tmp_path,
        [
            person(A, mutatie="gewijzigd", geboortedatum="2020-01-10"),
            person(B, mutatie="gewijzigd", geboortedatum="2020-01-10"),
            enrolment(B, "I2", mutatie="gewijzigd", begindatum="2025-08-01"),
            enrolment(A, "I3", mutatie="toegevoegd", begindatum="2025-08-01"),
        ],
        kind=P,
        on=date(2026, 11, 27),
    )
    assert run.status == RunStatus.APPLIED, run.message
    assert list(RejectedRow.objects.filter(run=run).values_list("line", "field", "message")) == [
        (2, "geboortedatum", BIRTH_AFTER_KEPT_ITEMS)
    ]
    assert Person.objects.with_bsn(A).get().date_of_birth == date(2007, 1, 10)  # as it was
    # B's enrolment came corrected with the new date: both stand
    assert Person.objects.with_bsn(B).get().date_of_birth == date(2020, 1, 10)
    assert set(Enrolment.objects.values_list("source_id", flat=True)) == {"I1", "I2", "I3"}


def test_the_same_enrolment_twice_in_one_file_is_refused_the_second_time(tmp_path):
    run = deliver(
        tmp_path, [person(A), enrolment(A, "I1"), enrolment(A, "I1", onderwijssoort="mbo_3")]
    )
    assert list(RejectedRow.objects.filter(run=run).values_list("line", "field", "message")) == [
        (4, "inschrijving_id", "inschrijving_id I1 staat al op regel 3")
    ]
    assert Enrolment.objects.get(source_id="I1").kind == "mbo_2"


@pytest.fixture
def file_opens(monkeypatch) -> list:
    """Every opening of a delivery's file by the import."""
    opened = []
    open_rows = services.open_rows
    monkeypatch.setattr(services, "open_rows", lambda *a: opened.append(a) or open_rows(*a))
    return opened


def test_the_rows_of_a_refused_person_are_refused_with_their_text_in_one_pass(tmp_path, file_opens):
    rows = [
        person(A, geboortedatum="2007-02-30"),
        enrolment(A, "I1"),
        result(A, "R1"),
        person(B),
        enrolment(B, "I2"),
    ]
    run = deliver(tmp_path, rows)
    rejected = RejectedRow.objects.filter(run=run).order_by("line")
    assert [(r.line, r.field, r.message[:17], r.bsn) for r in rejected] == [
        (2, "geboortedatum", "'2007-02-30' is g", A),
        (3, "bsn", "onbekende persoon", A),
        (4, "bsn", "onbekende persoon", A),
    ]
    assert [r.raw for r in rejected] == [
        ";".join(row.get(c, "") for c in COLUMNS) for row in rows[:3]
    ]
    assert len(file_opens) == 1, "the file is read once: the refused person's rows kept their text"
    assert list(Enrolment.objects.values_list("source_id", flat=True)) == ["I2"]


def test_a_p_levering_item_of_an_unknown_person_gets_its_text_from_a_second_pass(
    tmp_path, file_opens
):
    deliver(folder(tmp_path / "1"), [person(A)])
    file_opens.clear()  # the P-levering's own
    row = enrolment(C, "I3", mutatie="toegevoegd")
    run = deliver(tmp_path / "1", [row], kind=P, on=date(2026, 11, 27))
    rejected = RejectedRow.objects.get(run=run)
    assert (rejected.field, rejected.raw, rejected.bsn) == (
        "bsn",
        ";".join(row.get(c, "") for c in COLUMNS),
        C,
    )
    assert len(file_opens) == 2, "the items of a P-levering are staged without their text"


def test_in_a_p_levering_the_rows_of_a_refused_new_person_keep_their_text(tmp_path, file_opens):
    deliver(folder(tmp_path / "1"), [person(A)])
    file_opens.clear()  # the P-levering's own
    rows = [
        person(B, mutatie="gewijzigd", postcode="onbekend"),
        enrolment(B, "I2", mutatie="toegevoegd"),
    ]
    run = deliver(tmp_path / "1", rows, kind=P, on=date(2026, 11, 27))
    rejected = RejectedRow.objects.filter(run=run).order_by("line")
    assert [(r.line, r.field, r.raw) for r in rejected] == [
        (2, "postcode", ";".join(rows[0].get(c, "") for c in COLUMNS)),
        (3, "bsn", ";".join(rows[1].get(c, "") for c in COLUMNS)),
    ]
    assert len(file_opens) == 1, "the refused person's enrolment kept its text"


def test_a_row_with_too_few_fields_does_not_make_the_file_read_twice(tmp_path, file_opens):
    path = write(tmp_path / "kort.csv", [person(A)])
    path.write_text(path.read_text() + f"persoon;;;{B}\n")
    run = import_file(path)
    assert run.rows_rejected == 1
    assert len(file_opens) == 1, "a row without its fields has no text to read again"


def test_the_rows_of_a_refused_person_the_register_knows_are_applied(tmp_path):
    deliver(folder(tmp_path / "1"), [person(A), enrolment(A, "I1")])
    run = deliver(
        tmp_path / "1",
        [
            person(A, mutatie="gewijzigd", postcode="onbekend"),
            enrolment(A, "I1", mutatie="gewijzigd", einddatum="2026-10-31"),
            result(A, "R1", mutatie="toegevoegd"),
        ],
        kind=P,
        on=date(2026, 11, 27),
    )
    assert list(RejectedRow.objects.filter(run=run).values_list("line", "field")) == [
        (2, "postcode")
    ]
    assert Enrolment.objects.get(source_id="I1").end_date == date(2026, 10, 31)
    assert Result.objects.get(source_id="R1").person == Person.objects.with_bsn(A).get()


def test_a_person_outside_the_importing_region_is_refused(tmp_path, stedendriehoek):
    run = deliver(tmp_path, [person(A), person(B, gemeentecode="GM0222")], area=stedendriehoek)
    assert list(RejectedRow.objects.filter(run=run).values_list("line", "field", "message")) == [
        (
            3,
            "gemeentecode",
            "de persoon woont in Doetinchem (GM0222), buiten de regio Stedendriehoek",
        )
    ]
    assert list(Person.objects.values_list("bsn", flat=True)) == [A]


def test_a_regions_item_of_someone_living_in_another_region_is_refused(tmp_path, stedendriehoek):
    deliver(folder(tmp_path / "1"), [person(A), person(B, gemeentecode="GM0222")])
    run = deliver(
        tmp_path / "1",
        [enrolment(A, "I1", mutatie="toegevoegd"), enrolment(B, "I2", mutatie="toegevoegd")],
        kind=P,
        on=date(2026, 11, 20),
        area=stedendriehoek,
    )
    assert list(RejectedRow.objects.filter(run=run).values_list("line", "field", "message")) == [
        (3, "bsn", "onbekende persoon: het BSN staat niet in de levering en niet in het register van deze regio")
    ]  # fmt: skip
    assert list(Enrolment.objects.values_list("source_id", flat=True)) == ["I1"]


def test_a_region_corrects_no_one_living_in_another_region(tmp_path, stedendriehoek):
    deliver(folder(tmp_path / "1"), [person(B, gemeentecode="GM0222", geslachtsnaam="Elders")])
    run = deliver(
        tmp_path,
        [person(B, mutatie="gewijzigd", gemeentecode="GM0150", geslachtsnaam="Overgenomen")],
        kind=P,
        on=date(2026, 11, 27),
        area=stedendriehoek,
    )
    assert list(RejectedRow.objects.filter(run=run).values_list("line", "field", "message")) == [
        (2, "mutatie", "de persoon woont in Doetinchem (GM0222), buiten de regio Stedendriehoek: "
         "alleen een verhuizing (verhuisd) naar de regio betreft iemand van elders")
    ]  # fmt: skip
    b = Person.objects.with_bsn(B).get()
    assert (b.surname, b.municipality.code) == ("Elders", "GM0222")


@pytest.mark.parametrize("correction_too", [False, True])
def test_a_move_into_the_region_is_applied_and_audited(tmp_path, stedendriehoek, correction_too):
    deliver(folder(tmp_path / "1"), [person(B, gemeentecode="GM0222")])
    move = person(B, mutatie="verhuisd", mutatiedatum="2026-11-24", gemeentecode="GM0150")
    rows = [move, {**move, "mutatie": "gewijzigd", "telefoon": "0612345678"}]
    run = deliver(
        tmp_path,
        rows if correction_too else rows[:1],
        kind=P,
        on=date(2026, 11, 27),
        area=stedendriehoek,
    )
    assert run.rows_rejected == 0
    b = Person.objects.with_bsn(B).get()
    assert b.municipality.code == "GM0150"
    assert list(AuditEvent.objects.filter(person_id=b.pk).values_list("action", "reason")) == [
        (AuditAction.CHANGE, f"verhuisd naar de regio Stedendriehoek volgens inleesrun {run.pk}")
    ]


def test_a_row_with_the_wrong_number_of_fields_is_refused(tmp_path):
    path = write(tmp_path / "kort.csv", [person(A)])
    path.write_text(path.read_text() + f"persoon;;;{B}\n")
    run = import_file(path)
    assert list(RejectedRow.objects.filter(run=run).values_list("line", "message")) == [
        (
            3,
            "het aantal velden klopt niet met de kopregel: de regel heeft er 4, de kopregel 30 "
            "(een scheidingsteken in een waarde zonder aanhalingstekens?)",
        )
    ]
    assert list(Person.objects.values_list("bsn", flat=True)) == [A]


@pytest.mark.parametrize(
    ("first_line", "found"),
    [
        (
            f"persoon;;;{A};Jan Piet;van;Dijk;2008-05-01",
            "8 velden, geen ervan een bekende kolomnaam",
        ),
        ("record;naam;geboortedatum", "3 velden, met de bekende kolommen record, geboortedatum"),
        ("", "de eerste regel is leeg"),
    ],
)
def test_a_file_without_a_known_header_is_refused_without_repeating_its_data(
    tmp_path, first_line, found
):
    path = tmp_path / "zonder-kopregel.csv"
    path.write_text(f"{first_line}\npersoon;;;{B};Anna;;Smit;2009-01-02\n", encoding="utf-8")
    run = import_file(path)
    assert run.status == RunStatus.REFUSED
    assert found in run.message
    for value in (A, "Jan Piet", "Dijk", "2008-05-01"):
        assert value not in run.message
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "Dit bestand bevat binaire gegevens"),
        (
            b"naam;adres\nJan;Kerkstraat 1\n",
            "Dit bestand heeft geen kopregel van een bekende levering",
        ),
    ],
)
def test_a_foreign_file_is_refused_as_a_whole(tmp_path, content, message):
    path = tmp_path / "vreemd.csv"
    path.write_bytes(content)
    run = import_file(path)
    assert run.status == RunStatus.REFUSED
    assert run.message.startswith(message)
    assert not Person.objects.exists()


def test_a_row_spanning_lines_is_named_by_its_first_line(tmp_path):
    # a school's reason for leaving is free text, the one register value that may span lines
    reason = "verhuisd\nnaar het buitenland"
    run = deliver(
        tmp_path,
        [person(A), enrolment(A, "E1", reden_uitschrijving=reason), person("123456789")],
    )
    assert list(RejectedRow.objects.filter(run=run).values_list("line", "field")) == [(5, "bsn")]
    assert Enrolment.objects.get().leaving_reason == reason


def test_cp1252_and_comma_files_load(tmp_path):
    run = deliver(
        tmp_path,
        [person(A, geslachtsnaam="Çelik", straat="Brink")],
        separator=",",
        encoding="cp1252",
    )
    assert run.status == RunStatus.APPLIED, run.message
    assert Person.objects.with_bsn(A).get().surname == "Çelik"


def test_signalling_is_told_once_with_the_changed_persons(
    tmp_path, django_capture_on_commit_callbacks
):
    received = []

    def listener(sender, run, **kwargs):
        received.append(sorted(run.changed_person_ids()))

    events.register_changed.connect(listener)
    try:
        deliver(tmp_path, [person(A), person(B)])
        with django_capture_on_commit_callbacks(execute=True):
            deliver(
                tmp_path,
                [person(A, mutatie="gewijzigd", telefoon="0612345678")],
                kind=P,
                on=date(2026, 11, 27),
            )
    finally:
        events.register_changed.disconnect(listener)
    assert received == [[Person.objects.with_bsn(A).get().pk]]


def test_a_failure_of_signalling_after_the_commit_leaves_the_run_applied(
    tmp_path, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def fails(*args, **kwargs):
        raise RuntimeError(f"kapot bij {A}")

    monkeypatch.setattr(signalling, "signal_persons", fails)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        run = deliver(tmp_path, [person(A), enrolment(A, "I1")])
    run.refresh_from_db()
    assert run.status == RunStatus.APPLIED
    assert run.message.endswith(services.SIGNALLING_FAILED)
    assert Enrolment.objects.filter(person__in=Person.objects.with_bsn(A)).exists()
    assert not SignalRun.objects.filter(import_run=run).exists(), "the nightly run looks again"
    assert f"signalering na inleesrun {run.pk} mislukt: RuntimeError" in caplog.text
    assert A not in caplog.text


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's apply holds the only write lock"
)
def test_rows_another_transaction_adds_during_the_apply_are_not_counted_as_this_runs(
    tmp_path, monkeypatch
):
    # On PostgreSQL another import or a melding may commit persons and items while this run
    # applies; here they are written between the apply's look at the highest id and its insert.
    deliver(tmp_path, [person(A), enrolment(A, "I1")])
    scalar = Applier.scalar

    def meanwhile(self, sql):
        value = scalar(self, sql)
        if sql == "SELECT COALESCE(MAX(id), 0) FROM people_person":
            PersonFactory(bsn=BSNS[5])
        if sql == "SELECT COALESCE(MAX(id), 0) FROM people_enrolment":
            EnrolmentFactory(person=Person.objects.with_bsn(BSNS[5]).get(), source_id="X9")
        return value

    monkeypatch.setattr(Applier, "scalar", meanwhile)
    run = deliver(tmp_path, [person(B), enrolment(B, "I2")], on=date(2026, 11, 27))
    assert (run.rows_new, run.rows_changed) == (2, 0)
    assert sorted(run.changed_person_ids()) == [Person.objects.with_bsn(B).get().pk]


def test_a_failure_while_applying_leaves_the_register_as_it_was(tmp_path, monkeypatch):
    deliver(tmp_path, [person(A), enrolment(A, "I1")])
    before = snapshot()

    def fail(self, *args):
        raise RuntimeError("stroomstoring")

    monkeypatch.setattr(Applier, "apply_items", fail)
    # (rows a P-levering takes: without a mutatie each was refused, and the run retried
    # below was applied with nothing in it)
    rows = [person(A, geslachtsnaam="Anders", mutatie="gewijzigd"), person(B, mutatie="gewijzigd")]
    run = deliver(tmp_path, rows, kind=P, on=date(2026, 11, 27))
    assert run.status == RunStatus.FAILED
    assert run.message == "Er ging iets mis bij het inlezen; niets is gewijzigd. Zie het serverlog."
    assert snapshot() == before
    monkeypatch.undo()
    again = deliver(tmp_path, rows, kind=P, on=date(2026, 11, 27))
    assert again.status == RunStatus.APPLIED, again.message
    assert Person.objects.with_bsn(A).get().surname == "Anders"
    assert ImportRun.objects.filter(status=RunStatus.FAILED).count() == 1


def folder(path):
    path.mkdir()
    return path


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="only PostgreSQL plans a small delivery otherwise"
)
def test_a_small_delivery_applied_row_by_row_gives_the_same_register(tmp_path, monkeypatch):
    # PostgreSQL applies a delivery small next to the register with index look-ups only
    # (Applier.is_small_next_to_the_register): the outcome may not depend on the plan.
    outcomes = []
    for small in (False, True):
        monkeypatch.setattr(Applier, "is_small_next_to_the_register", lambda self, s=small: s)
        with transaction.atomic():
            deliver(
                folder(tmp_path / str(small)),
                [person(A), enrolment(A, "I1"), enrolment(A, "I2"), result(A, "R1"), person(B)],
            )
            run = deliver(
                tmp_path / str(small),
                [
                    person(A, mutatie="verhuisd", mutatiedatum="2026-11-24", postcode="7421BB"),
                    person(B, mutatie="gewijzigd", geslachtsnaam="Anders"),
                    enrolment(A, "I1", mutatie="gewijzigd", einddatum="2026-10-31"),
                    enrolment(A, "I2", mutatie="verwijderd"),
                    enrolment(B, "I5", mutatie="toegevoegd"),
                    enrolment(C, "I3", mutatie="toegevoegd"),
                    result(B, "R1", mutatie="gewijzigd"),
                    result(B, "R2", mutatie="toegevoegd"),
                ],
                kind=P,
                on=date(2026, 11, 27),
            )
            outcomes.append(
                (
                    snapshot(),
                    sorted(RejectedRow.objects.filter(run=run).values_list("line", "message")),
                    sorted(
                        Person.objects.filter(pk__in=run.changed_person_ids()).values_list(
                            "bsn", flat=True
                        )
                    ),
                    (run.rows_new, run.rows_changed, run.rows_rejected),
                )
            )
            transaction.set_rollback(True)
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][1] == [
        (7, "onbekende persoon: het BSN staat niet in de levering en niet in het register"),
        (8, "resultaat_id R1 hoort bij een andere jongere"),
    ]


MOVED = {"mutatie": "verhuisd", "mutatiedatum": "2026-11-24"}


@pytest.mark.parametrize(
    ("change", "read_by_the_rules"),
    [
        ({"mutatie": "gewijzigd", "telefoon": "0612345678"}, False),
        ({"mutatie": "gewijzigd", "email": "noor@voorbeeld.invalid"}, False),
        ({"mutatie": "gewijzigd", "voornamen": "Noor Maria"}, False),
        ({**MOVED, "straat": "Brink", "postcode": "7411BB"}, False),  # within Deventer
        ({"mutatie": "gewijzigd", "geboortedatum": "2007-01-12"}, True),
        ({**MOVED, "gemeentecode": "GM0200", "woonplaats": "Apeldoorn"}, True),
        ({"mutatie": "overleden", "overlijdensdatum": "2026-11-24"}, True),
        ({"mutatie": "geemigreerd", "emigratiedatum": "2026-11-24"}, True),
    ],
)
def test_a_changed_person_is_handed_to_signalling_when_the_rules_read_the_change(
    tmp_path, change, read_by_the_rules
):
    deliver(folder(tmp_path / "1"), [person(A), enrolment(A, "I1")])
    run = deliver(tmp_path / "1", [person(A, **change)], kind=P, on=date(2026, 11, 27))
    assert run.changed_person_ids().count() == 1
    assert run.changed_facts_person_ids().count() == int(read_by_the_rules)


def test_an_enrolment_change_hands_the_person_to_signalling_whatever_else_changed(tmp_path):
    deliver(folder(tmp_path / "1"), [person(A), enrolment(A, "I1")])
    run = deliver(
        tmp_path / "1",
        [
            person(A, mutatie="gewijzigd", telefoon="0612345678"),
            enrolment(A, "I1", mutatie="gewijzigd", einddatum="2026-10-31"),
        ],
        kind=P,
        on=date(2026, 11, 27),
    )
    assert list(run.changed_facts_person_ids()) == [Person.objects.with_bsn(A).get().pk]


def test_a_move_with_a_new_name_changes_both_in_one_person(tmp_path):
    # (PostgreSQL updates every column of the person in one statement, SQLite the indexed
    # ones apart: apply_persons)
    deliver(folder(tmp_path / "1"), [person(A), enrolment(A, "I1")])
    run = deliver(
        tmp_path / "1",
        [person(A, **MOVED, gemeentecode="GM0200", woonplaats="Apeldoorn", geslachtsnaam="Smit", telefoon="0612345678")],
        kind=P,
        on=date(2026, 11, 27),
    )  # fmt: skip
    noor = Person.objects.with_bsn(A).get()
    assert (noor.surname, noor.phone, noor.municipality.code) == ("Smit", "0612345678", "GM0200")
    assert (run.rows_changed, list(run.changed_facts_person_ids())) == (1, [noor.pk])


def vacuums_of_the_staging_tables() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT vacuum_count FROM pg_stat_user_tables "
            "WHERE relname LIKE 'deliveries_staged%%' ORDER BY relname"
        )
        return [count for (count,) in cursor.fetchall()]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's VACUUM")
@pytest.mark.django_db(transaction=True)
def test_a_large_delivery_leaves_the_staging_tables_vacuumed(tmp_path, monkeypatch):
    # (a delivery soon after would otherwise read past all the rows the apply deleted)
    monkeypatch.setattr(services, "VACUUM_AFTER_ROWS", 3)
    before = vacuums_of_the_staging_tables()
    assert len(before) == 3
    assert deliver(tmp_path, [person(A), enrolment(A, "I1")]).status == RunStatus.APPLIED
    assert vacuums_of_the_staging_tables() == before  # two rows: left to autovacuum
    run = deliver(tmp_path, [person(B), enrolment(B, "I2"), result(B, "R2")], on=date(2026, 11, 20))
    assert run.status == RunStatus.APPLIED
    assert vacuums_of_the_staging_tables() == [count + 1 for count in before]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's VACUUM")
def test_an_import_inside_a_transaction_leaves_the_vacuum_to_autovacuum(tmp_path, monkeypatch):
    # (its deleted staging rows are not dead before the commit, and the VACUUM would wait
    # for the transaction's own locks)
    monkeypatch.setattr(services, "VACUUM_AFTER_ROWS", 1)
    before = vacuums_of_the_staging_tables()
    assert deliver(tmp_path, [person(A), enrolment(A, "I1")]).status == RunStatus.APPLIED
    assert vacuums_of_the_staging_tables() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's VACUUM")
def test_a_failed_vacuum_is_logged_and_raises_nothing(monkeypatch, caplog):
    monkeypatch.setattr(services, "STAGING_TABLES", ("no_such_table",))
    # on a thread with a connection of its own, as after an import
    vacuum = threading.Thread(target=services._vacuum_staging)
    with caplog.at_level(logging.WARNING):
        vacuum.start()
        vacuum.join()
    assert "opruimen van de inleestabellen mislukt: ProgrammingError" in caplog.text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL storage setting")
def test_the_staging_tables_fill_their_pages_half_for_the_applys_updates():
    # Migration deliveries.0013: the staged row updated with its person's id stays in its
    # page and touches no index, which it could not in a full page.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname LIKE 'deliveries_staged%%' "
            "AND relkind = 'r' ORDER BY relname"
        )
        assert cursor.fetchall() == [
            (f"deliveries_staged{name}", ["fillfactor=50"])
            for name in ("enrolment", "person", "result")
        ]


# SQLite's write-ahead log after the apply ----------------------------------------------

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's write-ahead log and its checkpoints"
)


@sqlite_only
def test_the_checkpoint_beside_signalling_puts_the_applied_rows_in_the_database_file(tmp_path):
    path = tmp_path / "register.sqlite3"
    database = sqlite3.connect(path)
    database.execute("PRAGMA journal_mode=WAL")
    database.execute("PRAGMA wal_autocheckpoint = 0")  # as the import's connection has it
    database.execute("CREATE TABLE applied (n INTEGER)")
    database.executemany("INSERT INTO applied VALUES (?)", [(n,) for n in range(1000)])
    database.commit()
    services._checkpoint(str(path))
    # the database file alone, without its log, holds the rows
    alone = tmp_path / "copy.sqlite3"
    shutil.copyfile(path, alone)
    database.close()
    assert sqlite3.connect(alone).execute("SELECT COUNT(*) FROM applied").fetchone() == (1000,)


@sqlite_only
def test_a_failed_checkpoint_is_logged_and_raises_nothing(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        services._checkpoint(str(tmp_path / "no such folder" / "register.sqlite3"))
    assert "checkpoint na het inlezen mislukt: OperationalError" in caplog.text


@sqlite_only
def test_the_import_gives_its_connection_back_with_automatic_checkpoints(tmp_path):
    run = deliver(tmp_path, [person(BSNS[0])])
    assert run.status == RunStatus.APPLIED
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        assert cursor.fetchone() == (1000,)
