"""Findings of a hostile review, each kept as a test: no good data lost, nothing crosses a
region, and odd bytes give a refused row or file, never a failed or hanging run."""

import codecs
import logging
from datetime import date

import pytest

from doorstroom.deliveries.models import DeliveryKind, RejectedRow, RunStatus, StagedPerson
from doorstroom.deliveries.tests.builders import (
    BSNS,
    deliver,
    enrolment,
    import_file,
    person,
    write,
)
from doorstroom.people.models import Enrolment, Person
from doorstroom.regions.loading import DEMO_FILES, load_reference_data
from doorstroom.regions.models import Region

pytestmark = pytest.mark.django_db
A, B = BSNS[:2]
P = DeliveryKind.P


@pytest.fixture(autouse=True)
def reference_data():
    load_reference_data(**DEMO_FILES)


def read_bytes(tmp_path, content: bytes, area=None):
    path = tmp_path / "levering.csv"
    path.write_bytes(content)
    return import_file(path, area=area)


def test_a_refused_row_never_removes_what_it_may_have_described(tmp_path):
    deliver(tmp_path, [person(A), enrolment(A, "E1"), enrolment(A, "E2")])
    run = deliver(
        tmp_path,
        [person(A), enrolment(A, "E1", brin="99ZZ"), enrolment(A, "E2")],
        on=date(2026, 11, 27),
    )
    assert run.rows_rejected == 1
    assert sorted(Enrolment.objects.values_list("source_id", flat=True)) == ["E1", "E2"]


def test_a_row_with_a_field_too_many_keeps_its_text_and_its_persons_enrolments(tmp_path):
    # An unquoted ';' in a reason for leaving: the row was refused without its text or BSN,
    # so that this C-levering took enrolment E2 as no longer delivered and removed it.
    deliver(tmp_path, [person(A), enrolment(A, "E1"), enrolment(A, "E2")])
    rows = [person(A), enrolment(A, "E1"), enrolment(A, "E2", reden_uitschrijving="werk")]
    path = write(tmp_path / "veld-te-veel.csv", rows)
    path.write_text(path.read_text().replace(";werk;", ";werk;of school;"))
    run = import_file(path, on=date(2026, 11, 27))
    assert sorted(Enrolment.objects.values_list("source_id", flat=True)) == ["E1", "E2"]
    rejected = RejectedRow.objects.filter(run=run).get()
    assert (rejected.line, rejected.bsn) == (4, A)
    assert rejected.raw.startswith(f"inschrijving;;;{A};")
    assert ";werk;of school;" in rejected.raw
    assert rejected.message.startswith(
        "het aantal velden klopt niet met de kopregel: de regel heeft er 31"
    )


def test_a_region_cannot_touch_the_enrolments_of_another_regions_person(tmp_path):
    stedendriehoek, achterhoek = Region.objects.get(code="RMC11"), Region.objects.get(code="RMC12")
    deliver(
        tmp_path,
        [person(B, gemeentecode="GM0222"), enrolment(B, "Y1"), enrolment(B, "Y2")],
        area=achterhoek,
    )
    run = deliver(
        tmp_path,
        [
            person(A, mutatie="gewijzigd"),
            enrolment(A, "Y2", mutatie="toegevoegd"),
            enrolment(B, "Y1", mutatie="verwijderd"),
        ],
        kind=P,
        on=date(2026, 11, 27),
        area=stedendriehoek,
    )
    assert sorted(Enrolment.objects.values_list("source_id", "person__bsn")) == [
        ("Y1", B),
        ("Y2", B),
    ]
    rejected = dict(RejectedRow.objects.filter(run=run).values_list("line", "message"))
    assert rejected[3] == "inschrijving_id Y2 hoort bij een andere jongere"
    assert rejected[4].startswith("onbekende persoon: het BSN staat niet")


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (person(A, huisnummer="²"), "huisnummer"),
        (person(A, mutatie="", geboortedatum="0001-01-01"), "geboortedatum"),
        (person(A, geboortedatum="2007W015"), "geboortedatum"),
        (person(A, postcode="\u0667\u0664\u0661\u0661AB"), "postcode"),  # Arabic-Indic digits
    ],
)
def test_odd_values_are_refused_as_a_row(tmp_path, row, field):
    run = deliver(tmp_path, [person(B), row])
    assert run.status == RunStatus.APPLIED, run.message
    assert list(RejectedRow.objects.filter(run=run).values_list("line", "field")) == [(3, field)]


def test_a_nul_character_deep_in_the_file_refuses_only_its_row(tmp_path):
    rows = [person(BSNS[i], geslachtsnaam=f"Persoon{i}") for i in range(2, 60)]
    run = deliver(tmp_path, [*rows, person(A, geslachtsnaam="x\x00y")])
    assert run.status == RunStatus.APPLIED, run.message
    assert RejectedRow.objects.filter(run=run).values_list("field", "message").get() == (
        "geslachtsnaam",
        "de waarde bevat een NUL-teken; is dit wel een tekstbestand?",
    )
    assert Person.objects.count() == 58


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        # a quoted value over two lines: a name with a line break in every letter and list
        (
            {"geslachtsnaam": "Haver\nkamp"},
            "geslachtsnaam",
            "de waarde loopt over meer dan één regel (een regeleinde tussen aanhalingstekens)",
        ),
        ({"straat": "Kerk\tstraat"}, "straat", "stuurteken (U+0009)"),
        # shown as 'pmakrevaH' on every page, and sorted and found as the letters it holds
        ({"geslachtsnaam": "\u202eHaverkamp"}, "geslachtsnaam", "stuurteken (U+202E)"),
        # two files run together: the second one's byte order mark inside the first
        ({"voornamen": "\ufeffNoor"}, "voornamen", "stuurteken (U+FEFF)"),
        ({"woonplaats": "Deven\u200bter"}, "woonplaats", "stuurteken (U+200B)"),
        ({"email": "noor@example.nl\x1b[8m"}, "email", "stuurteken (U+001B)"),
    ],
)
def test_a_control_or_invisible_character_in_a_value_refuses_its_row_naming_the_field(
    tmp_path, fields, field, message
):
    run = deliver(tmp_path, [person(B), person(A, **fields)])
    assert run.status == RunStatus.APPLIED, run.message
    line, got_field, got = (
        RejectedRow.objects.filter(run=run).values_list("line", "field", "message").get()
    )
    assert (line, got_field) == (3, field)
    assert message in got
    assert list(Person.objects.values_list("bsn", flat=True)) == [B]


def file_of(tmp_path, rows, encoding="utf-8") -> bytes:
    return write(tmp_path / "rijen.csv", rows, encoding=encoding).read_bytes()


def test_a_byte_that_is_no_character_in_windows_1252_refuses_its_row_not_the_name(tmp_path):
    # 0x81 is no character in Windows-1252: it was read as U+FFFD, and the name kept it
    rows = [person(B, geslachtsnaam="Müller"), person(A, geslachtsnaam="Jan§en")]
    run = read_bytes(tmp_path, file_of(tmp_path, rows, "cp1252").replace(b"\xa7", b"\x81"))
    assert run.status == RunStatus.APPLIED, run.message
    rejected = RejectedRow.objects.filter(run=run).get()
    assert (rejected.line, rejected.field) == (3, "geslachtsnaam")
    assert rejected.message.startswith("de waarde bevat een onleesbaar teken")
    assert list(Person.objects.values_list("surname", flat=True)) == ["Müller"]


def test_a_utf8_file_with_one_windows_1252_row_keeps_its_other_names(tmp_path):
    # One stray byte made the whole file Windows-1252: 'Çelik' became 'Ã‡elik', silently.
    rows = [person(B, geslachtsnaam="Çelik"), person(A, geslachtsnaam="José")]
    content = file_of(tmp_path, rows).replace("José".encode(), "José".encode("cp1252"))
    content += file_of(tmp_path, [person(BSNS[2], geslachtsnaam="Müller")]).split(b"\r\n", 1)[1]
    run = read_bytes(tmp_path, content)
    assert run.status == RunStatus.APPLIED, run.message
    assert sorted(Person.objects.values_list("surname", flat=True)) == ["Müller", "Çelik"]
    rejected = RejectedRow.objects.filter(run=run).get()
    assert (rejected.line, rejected.field) == (3, "geslachtsnaam")
    assert rejected.message.startswith("de waarde bevat een onleesbaar teken")


def test_a_windows_1252_file_stays_windows_1252_also_when_a_letter_comes_late(tmp_path):
    rows = [person(bsn) for bsn in BSNS[2:80]] + [person(A, geslachtsnaam="José")]
    run = read_bytes(tmp_path, file_of(tmp_path, rows, "cp1252"))
    assert run.status == RunStatus.APPLIED, run.message
    assert Person.objects.with_bsn(A).get().surname == "José"


def test_another_regions_delivery_by_its_name_is_refused_and_changes_nothing(tmp_path):
    stedendriehoek = Region.objects.get(code="RMC11")
    for name in ("doorstroom-C-RMC12-20261120.csv", "doorstroom-C-GM0222-20261120.csv"):
        run = deliver(tmp_path, [person(A)], area=stedendriehoek, name=name)
        assert run.status == RunStatus.REFUSED
        assert "dit is geen levering voor de regio Stedendriehoek" in run.message
    assert run.message.startswith(
        "De bestandsnaam noemt de gemeente Doetinchem (GM0222) in de regio Achterhoek"
    )
    assert not Person.objects.exists()
    assert not RejectedRow.objects.exists()
    own = deliver(
        tmp_path, [person(A)], area=stedendriehoek, name="doorstroom-C-GM0150-20261120.csv"
    )
    assert own.status == RunStatus.APPLIED, own.message


def test_a_later_person_row_with_another_date_of_birth_is_refused_and_its_items_checked(
    tmp_path,
):
    # The last row counted: the enrolment, checked against the row before it, was stored
    # from before the date of birth that held.
    run = deliver(
        tmp_path,
        [
            person(A, geboortedatum="2008-01-10", geslachtsnaam="Eerst"),
            person(A, geboortedatum="2000-01-10", geslachtsnaam="Later"),
            enrolment(A, "E1", begindatum="2005-08-01"),
        ],
    )
    assert list(RejectedRow.objects.filter(run=run).values_list("line", "field", "message")) == [
        (3, "geboortedatum", "de geboortedatum verschilt van die op regel 2; welke geldt, is niet te zeggen"),
        (4, "begindatum", "de inschrijving begint vóór de geboortedatum"),
    ]  # fmt: skip
    assert Person.objects.values_list("surname", "date_of_birth").get() == (
        "Eerst",
        date(2008, 1, 10),
    )
    assert not Enrolment.objects.exists()


def test_a_gewijzigd_row_after_another_row_of_the_bsn_corrects_the_date_of_birth(tmp_path):
    # 'gewijzigd: name, contact details or date of birth corrected' (docs/formats/delivery.md)
    deliver(tmp_path, [person(A)])
    run = deliver(
        tmp_path,
        [
            person(A, mutatie="verhuisd", mutatiedatum="2026-11-10", straat="Brink"),
            enrolment(A, "E1", mutatie="toegevoegd", begindatum="2007-01-20"),
            enrolment(A, "E2", mutatie="toegevoegd", begindatum="2023-08-01"),
            person(A, mutatie="gewijzigd", geboortedatum="2007-02-10", straat="Brink"),
        ],
        kind=P,
        on=date(2026, 11, 27),
    )
    assert list(RejectedRow.objects.filter(run=run).values_list("line", "field", "message")) == [
        (3, "begindatum", "de inschrijving begint vóór de geboortedatum")  # the corrected one
    ]
    assert Person.objects.get().date_of_birth == date(2007, 2, 10)
    assert list(Enrolment.objects.values_list("source_id", flat=True)) == ["E2"]


def test_a_later_person_row_that_leaves_out_a_death_is_refused_and_the_death_kept(tmp_path):
    deliver(tmp_path, [person(A)])
    run = deliver(
        tmp_path,
        [
            person(A, mutatie="overleden", overlijdensdatum="2026-11-01"),
            person(A, mutatie="verhuisd", mutatiedatum="2026-11-10", straat="Brink"),
        ],
        kind=P,
        on=date(2026, 11, 27),
    )
    assert RejectedRow.objects.filter(run=run).values_list("line", "field", "message").get() == (
        3,
        "overlijdensdatum",
        "deze regel spreekt het overlijden op regel 2 tegen (geen of een andere overlijdensdatum)",
    )
    assert Person.objects.get().date_of_death == date(2026, 11, 1)


def test_a_move_dated_year_one_is_refused_not_a_crash(tmp_path):
    deliver(tmp_path, [person(A)])
    run = deliver(
        tmp_path,
        [person(A, mutatie="verhuisd", mutatiedatum="0001-01-01")],
        kind=P,
        on=date(2026, 11, 27),
    )
    assert (
        RejectedRow.objects.filter(run=run).get().message
        == "0001-01-01 ligt niet tussen 1900 en 2100"
    )


@pytest.mark.parametrize(
    ("born", "shown"), [("1900-01-01", "01-01-1900"), ("1926-11-19", "19-11-1926")]
)
def test_a_birth_date_a_century_back_is_refused_as_a_stand_in_for_unknown(tmp_path, born, shown):
    # 1900-01-01, a source system's empty date, was taken: the person, 126, fell outside
    # every rule, and a vsv'er was missed without a word
    run = deliver(tmp_path, [person(A), person(B, geboortedatum=born)])
    assert RejectedRow.objects.filter(run=run).values_list("line", "field", "message").get() == (
        3,
        "geboortedatum",
        f"de geboortedatum {shown} maakt de jongere meer dan 100 jaar oud; staat hier de lege "
        "datum van het bronsysteem (zoals 01-01-1900)? Lever de echte geboortedatum",
    )
    assert not Person.objects.with_bsn(B).exists()


def test_a_birth_date_just_within_a_century_is_taken(tmp_path):
    run = deliver(tmp_path, [person(A, geboortedatum="1926-11-20")])
    assert run.rows_rejected == 0


def test_a_death_dated_after_the_delivery_is_refused(tmp_path):
    # 2062 for 2026: the person was kept as living until then, the death unseen
    deliver(tmp_path, [person(A)])
    run = deliver(
        tmp_path,
        [person(A, mutatie="overleden", overlijdensdatum="2062-11-19")],
        kind=P,
        on=date(2026, 11, 27),
    )
    assert RejectedRow.objects.filter(run=run).values_list("field", "message").get() == (
        "overlijdensdatum",
        "de overlijdensdatum ligt na de leveringsdatum",
    )
    assert Person.objects.with_bsn(A).get().date_of_death is None


def test_a_death_without_a_date_is_refused(tmp_path):
    deliver(tmp_path, [person(A)])
    run = deliver(tmp_path, [person(A, mutatie="overleden")], kind=P, on=date(2026, 11, 27))
    assert (
        RejectedRow.objects.filter(run=run).get().message
        == "een overlijden zonder overlijdensdatum"
    )


def test_a_very_long_unusual_surname_fits(tmp_path):
    run = deliver(tmp_path, [person(A, geslachtsnaam="\ufdfa" * 200)])
    assert run.status == RunStatus.APPLIED, run.message
    assert len(Person.objects.with_bsn(A).get().surname_key) <= 200


@pytest.mark.parametrize(
    ("content", "status"),
    [
        # each file's one row refused (as no person): a delivery of no valid row is refused
        ("record;bsn;geslachtsnaam\npersoon;999900006;Caf\xe9".encode("cp1252"), RunStatus.REFUSED),
        (b"record;bsn\npersoon;" + b"\x81" * 10 + b"\n", RunStatus.REFUSED),
        (b'record;bsn\npersoon;"' + b"x" * 70_000 + b'"\n', RunStatus.REFUSED),
    ],
)
def test_odd_bytes_end_the_run_with_a_reason(tmp_path, content, status):
    run = read_bytes(tmp_path, content)
    assert run.status == status
    assert run.is_finished


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        # Excel's "Unicode text": every other byte a NUL, which read as 'no text file'
        ("record;bsn\npersoon;999900006\n".encode("utf-16"), "is UTF-16"),
        # which of the two BSNs counts cannot be told: refused, not the last one taken
        (
            b"record;bsn;geslachtsnaam;BSN\npersoon;999900006;Jansen;999900018\n",
            "bsn meer dan eens",
        ),
        # an unclosed quote on the last line took in only its line end: read as a BSN
        (b'record;bsn\npersoon;999900006\npersoon;"999900018\n', "wordt niet gesloten"),
        # a header line of megabytes was a failed run ('zie het serverlog')
        (b"record;bsn;" + b"x" * 100_000 + b"\n", "De kopregel (regel 1) is geen geldige CSV"),
    ],
)
def test_a_file_that_cannot_be_read_as_a_delivery_is_refused_with_its_reason(
    tmp_path, content, reason
):
    run = read_bytes(tmp_path, content)
    assert run.status == RunStatus.REFUSED
    assert reason in run.message
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("header", "named"),
    [
        # a misspelt column would leave every death of the file unread without a word
        (
            "record;bsn;geslachtsnaam;overlijdensdatun",
            "een kolom die niet in het formaat 'Doorstroom-levering versie 1' staat: "
            "'overlijdensdatun' (kolom 4; bedoeld: overlijdensdatum?)",
        ),
        (
            "record;bsn;geslachtsnaam;e-mail;opmerking",
            "kolommen die niet in het formaat 'Doorstroom-levering versie 1' staan: 'e-mail' "
            "(kolom 4; bedoeld: email?), 'opmerking' (kolom 5)",
        ),
        # a header value that is no column name may be a person's data: its place only
        (
            "record;bsn;geslachtsnaam;999900018",
            "een kolom die niet in het formaat 'Doorstroom-levering versie 1' staat: kolom 4.",
        ),
        (
            "meldingnummer;bsn;verzuimsoort;datum;toelichtng",
            "een kolom die niet in het formaat 'verzuimmeldingen versie 1' staat: 'toelichtng' "
            "(kolom 5; bedoeld: toelichting?)",
        ),
    ],
)
def test_a_column_the_format_does_not_know_refuses_the_file_naming_it(tmp_path, header, named):
    deliver(tmp_path, [person(A)])
    run = read_bytes(tmp_path, f"{header}\npersoon;{B};Jansen;2026-11-01;x\n".encode())
    assert run.status == RunStatus.REFUSED
    assert f"De kopregel noemt {named}" in run.message
    assert "999900018" not in run.message
    assert list(Person.objects.values_list("surname", flat=True)) == ["Haverkamp"]


@pytest.mark.parametrize(
    "content",
    [
        "record;bsn;geslachtsnaam\r\n",
        "record;bsn;geslachtsnaam\n\n;;\n \n",  # blank rows are no rows
        "meldingnummer;bsn;verzuimsoort;datum\n",
        "bsn;prioriteit\n",
    ],
)
def test_a_file_with_only_a_header_says_it_has_no_rows(tmp_path, content):
    path = tmp_path / "levering.csv"
    path.write_bytes(content.encode())
    run = import_file(path, kind=DeliveryKind.P)
    assert run.status == RunStatus.APPLIED
    assert run.message == (
        "Het bestand heeft geen regels onder de kopregel: er is niets ingelezen."
    )


def test_a_c_levering_with_only_a_header_is_refused_and_the_newest_stays_newest(tmp_path):
    deliver(tmp_path, [person(A)], on=date(2026, 11, 20))
    path = tmp_path / "leeg.csv"
    path.write_bytes(b"record;bsn;geslachtsnaam\n")
    run = import_file(path, on=date(2026, 11, 27))
    assert run.status == RunStatus.REFUSED
    assert run.message.startswith("Deze C-levering heeft geen regels onder de kopregel")
    assert not StagedPerson.objects.exists()
    # Applied, the empty one would have made this real one of an earlier day 'older'.
    assert deliver(tmp_path, [person(A), person(B)], on=date(2026, 11, 24)).status == (
        RunStatus.APPLIED
    )
    assert Person.objects.count() == 2


def test_a_run_of_one_row_says_regel(tmp_path):
    assert deliver(tmp_path, [person(A)]).message == "1 regel gelezen, waarvan 0 geweigerd."


@pytest.mark.parametrize(
    "header",
    ["record;bsn;geslachtsnaam", "meldingnummer;bsn;verzuimsoort;datum", "bsn;prioriteit"],
)
def test_the_header_once_more_in_the_file_is_refused_as_such(tmp_path, header):
    # two files put one after the other: 'record' is geen recordsoort, or for a verzuim or
    # priority file 'dit is geen BSN'
    again = header.upper().replace(";", " ; ")
    run = read_bytes(tmp_path, f"{header}\n{again}\n".encode())
    assert RejectedRow.objects.filter(run=run).values_list("line", "field", "message").get() == (
        2,
        "",
        "deze regel is de kopregel nog eens (twee bestanden achter elkaar gezet?)",
    )


def test_a_file_with_two_byte_order_marks_is_read(tmp_path):
    """A file saved twice by an editor that adds one: the second read as part of 'record', and
    the file was refused for want of a column it has."""
    rows = write(tmp_path / "rijen.csv", [person(A, geslachtsnaam="Jansen")]).read_bytes()
    run = read_bytes(tmp_path, codecs.BOM_UTF8 * 2 + rows)
    assert run.status == RunStatus.APPLIED, run.message
    assert Person.objects.with_bsn(A).get().surname == "Jansen"


def test_a_header_of_thousands_of_unknown_columns_names_ten_and_counts_the_rest(tmp_path):
    # the refusal named all 10,000, over a message of 200,000 characters
    header = "record;bsn;" + ";".join(f"kolom{i}" for i in range(10_000))
    run = read_bytes(tmp_path, f"{header}\npersoon;{A}\n".encode())
    assert run.status == RunStatus.REFUSED
    assert "'kolom9' (kolom 12), en nog 9.990. Wat daarin staat" in run.message
    assert len(run.message) < 500


def test_a_nameless_column_after_the_last_separator_is_no_column(tmp_path):
    """Spreadsheets save a trailing separator; the empty name reads nothing and refuses nothing."""
    rows = write(tmp_path / "rijen.csv", [person(A, geslachtsnaam="Jansen")]).read_text("utf-8")
    run = read_bytes(tmp_path, "".join(f"{line};\n" for line in rows.splitlines()).encode())
    assert run.status == RunStatus.APPLIED, run.message
    assert not RejectedRow.objects.filter(run=run).exists()
    assert Person.objects.with_bsn(A).get().surname == "Jansen"


def test_a_failure_is_logged_without_personal_data(tmp_path, monkeypatch, caplog):
    from doorstroom.deliveries.apply import Applier

    def fail(self, *args):
        raise RuntimeError(f"kapot bij {A} Haverkamp")

    monkeypatch.setattr(Applier, "apply_persons", fail)
    with caplog.at_level(logging.ERROR):
        run = deliver(tmp_path, [person(A)])
    assert run.status == RunStatus.FAILED
    assert A not in caplog.text
    assert "Haverkamp" not in caplog.text
    assert "RuntimeError" in caplog.text


def test_the_same_file_in_another_region_is_no_duplicate(tmp_path):
    stedendriehoek, achterhoek = Region.objects.get(code="RMC11"), Region.objects.get(code="RMC12")
    rows = [person(A), person(B, gemeentecode="GM0222")]  # one for each region
    deliver(tmp_path, rows, area=stedendriehoek)
    again = deliver(tmp_path, rows, area=achterhoek)
    assert again.status == RunStatus.APPLIED
    assert RejectedRow.objects.filter(run=again).values_list("line", "field").get() == (
        2,
        "gemeentecode",
    )


def test_an_unclosed_quote_refuses_the_file_instead_of_taking_in_the_rows_after_it(tmp_path):
    rows = write(tmp_path / "rijen.csv", [person(b) for b in BSNS[:8]]).read_text("utf-8")
    lines = rows.splitlines(keepends=True)
    lines[4] = lines[4].replace(";Noor;", ';"Onafgesloten;', 1)
    run = read_bytes(tmp_path, "".join(lines).encode())
    assert run.status == RunStatus.REFUSED
    assert run.message.startswith('Regel 5: een aanhalingsteken (") wordt niet gesloten')
    assert "de regels 5 tot en met 9" in run.message
    assert not Person.objects.exists()


def test_a_delivery_dated_in_the_future_is_refused_even_when_forced(tmp_path):
    run = deliver(tmp_path, [person(A)], on=date(2099, 12, 31), force=True)
    assert run.status == RunStatus.REFUSED
    assert run.message == (
        "De leveringsdatum 31-12-2099 ligt in de toekomst; een levering is van vandaag of eerder."
    )
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("day", "shown"), [(date(1, 1, 1), "01-01-0001"), (date(1899, 12, 31), "31-12-1899")]
)
def test_a_delivery_dated_before_1900_is_refused_even_when_forced(tmp_path, day, shown):
    # year 1 failed the run ('zie het serverlog'): the day before it does not exist
    run = deliver(tmp_path, [person(A)], on=day, force=True)
    assert run.status == RunStatus.REFUSED
    assert run.message == (
        f"De leveringsdatum {shown} ligt vóór 1900; vul de dag in waarop de levering is gemaakt."
    )
    assert not Person.objects.exists()
