"""Reference data loads from CSV all or nothing, with every problem named in Dutch."""

from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from doorstroom.regions.loading import DEMO_FILES, ReferenceDataError, load_reference_data
from doorstroom.regions.models import Municipality, Region, School

pytestmark = pytest.mark.django_db


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_the_demo_region_ships_as_data():
    load_reference_data(**DEMO_FILES)
    stedendriehoek = Region.objects.get(code="RMC11")
    assert set(stedendriehoek.municipalities.values_list("code", flat=True)) == {
        "GM0200",
        "GM0213",
        "GM0150",
        "GM0232",
        "GM0262",
        "GM0175",
        "GM0285",
        "GM0301",
    }
    assert stedendriehoek.upper_age == 27
    assert School.objects.filter(municipality__region=stedendriehoek, sector="pro").exists()


def test_loading_the_same_files_twice_changes_nothing():
    load_reference_data(**DEMO_FILES)
    before = list(Municipality.objects.order_by("code").values())
    load_reference_data(**DEMO_FILES)
    assert list(Municipality.objects.order_by("code").values()) == before


def test_a_merger_records_end_date_and_successor(tmp_path):
    regions = write(tmp_path, "r.csv", "code;naam;bovengrens_leeftijd\nR1;Regio;27\n")
    municipalities = write(
        tmp_path,
        "m.csv",
        "code;naam;regio;geldig_vanaf;geldig_tot;opgegaan_in\n"
        "GM0001;Oud;R1;;31-12-2022;GM0002\n"
        "GM0002;Nieuw;R1;2023-01-01;;\n",
    )
    load_reference_data(regions=regions, municipalities=municipalities)
    old = Municipality.objects.get(code="GM0001")
    assert (old.valid_to, old.successor.code) == (date(2022, 12, 31), "GM0002")
    assert list(Municipality.objects.valid_on(date(2023, 1, 1)).values_list("code", flat=True)) == [
        "GM0002"
    ]


def test_cp1252_and_comma_separated_files_are_read(tmp_path):
    regions = write(
        tmp_path, "r.csv", "code,naam,bovengrens_leeftijd\nR1,Regio Súdwest,27\n", "cp1252"
    )
    load_reference_data(regions=regions)
    assert Region.objects.get(code="R1").name == "Regio Súdwest"


def test_bad_rows_are_all_reported_with_line_and_field_and_nothing_is_written(tmp_path):
    regions = write(tmp_path, "r.csv", "code;naam;bovengrens_leeftijd\nR1;Regio;27\n")
    municipalities = write(
        tmp_path,
        "m.csv",
        "code;naam;regio;geldig_vanaf;geldig_tot;opgegaan_in\n"
        "GM15;Kort;R1;;;\n"
        "GM0003;Datum;R1;31-02-2020;;\n"
        "GM0004;Goed;R1;;;\n"
        "GM0005;Getal;R1;;45000;\n",
    )
    schools = write(
        tmp_path, "s.csv", "brin;vestiging;naam;sector;gemeente\n25AB;00;School;lyceum;GM0004\n"
    )
    with pytest.raises(ReferenceDataError) as error:
        load_reference_data(regions=regions, municipalities=municipalities, schools=schools)
    assert error.value.errors == [
        "gemeenten (m.csv), regel 2, veld code: 'GM15': Een gemeentecode is GM gevolgd door 4 cijfers, zoals GM0150.",
        "gemeenten (m.csv), regel 3, veld geldig_vanaf/geldig_tot: '31-02-2020' is geen bestaande datum (verwacht jjjj-mm-dd of dd-mm-jjjj)",
        "gemeenten (m.csv), regel 5, veld geldig_vanaf/geldig_tot: '45000' is een getal, geen datum: een spreadsheet schrijft een datum zo in een kolom die op 'getal' staat; zet de kolom op tekst of datum (jjjj-mm-dd)",
        "scholen (s.csv), regel 2, veld sector: 'lyceum' is onbekend; kies uit po, vo, vso, pro, mbo, hbo, wo, vavo, nb",
    ]
    assert not Region.objects.exists()
    assert not Municipality.objects.exists()


def test_unknown_municipality_of_a_school_rolls_everything_back(tmp_path):
    regions = write(tmp_path, "r.csv", "code;naam;bovengrens_leeftijd\nR1;Regio;27\n")
    schools = write(
        tmp_path, "s.csv", "brin;vestiging;naam;sector;gemeente\n25AB;00;School;mbo;GM9999\n"
    )
    with pytest.raises(ReferenceDataError) as error:
        load_reference_data(regions=regions, schools=schools)
    assert error.value.errors == [
        "scholen (s.csv), regel 2, veld gemeente: gemeente 'GM9999' is onbekend"
    ]
    assert not Region.objects.exists()


def test_a_file_with_wrong_columns_is_refused_as_a_whole(tmp_path):
    wrong = write(tmp_path, "m.csv", "gemeente;naam\nGM0001;X\n")
    with pytest.raises(ReferenceDataError) as error:
        load_reference_data(municipalities=wrong)
    assert error.value.errors == [
        "gemeenten (m.csv): De kopregel mist de kolom(men) code, regio; gevonden: gemeente, naam."
    ]


def test_a_file_with_only_a_header_is_refused_and_nothing_is_written(tmp_path):
    # it loaded nothing and the command said nothing, as if all was well
    regions = write(tmp_path, "r.csv", "code;naam;bovengrens_leeftijd\nRMC11;Stedendriehoek;27\n")
    empty = write(tmp_path, "m.csv", "code;naam;regio\r\n\r\n")
    with pytest.raises(ReferenceDataError) as error:
        load_reference_data(regions=regions, municipalities=empty)
    assert error.value.errors == [
        "gemeenten (m.csv): het bestand heeft geen regels onder de kopregel"
    ]
    assert not Region.objects.exists()


def test_a_column_the_format_calls_optional_may_be_left_out(tmp_path):
    # a regions file without bovengrens_leeftijd, a schools file without vestiging: refused
    # for want of the column, although the format lets them be left out
    load_reference_data(
        regions=write(tmp_path, "r.csv", "code;naam\nRMC11;Stedendriehoek\n"),
        municipalities=write(tmp_path, "m.csv", "code;naam;regio\nGM0150;Deventer;RMC11\n"),
        schools=write(tmp_path, "s.csv", "brin;naam;sector;gemeente\n91AB;De Boog;vo;GM0150\n"),
    )
    assert Region.objects.get().upper_age == 27
    assert School.objects.values_list("brin", "vestiging").get() == ("91AB", "00")


def test_a_column_the_format_does_not_have_refuses_the_file_naming_it(tmp_path):
    # a misspelt opgegaan_in left the merger unrecorded, a misspelt bovengrens_leeftijd
    # gave the region 27, without a word
    regions = write(tmp_path, "r.csv", "code;naam;bovengrens_leeftyd\nRMC11;Stedendriehoek;23\n")
    with pytest.raises(ReferenceDataError) as error:
        load_reference_data(regions=regions)
    assert error.value.errors == [
        "regio's (r.csv): De kopregel noemt een kolom die niet in het bestand met regio's staat: "
        "'bovengrens_leeftyd' (kolom 3; bedoeld: bovengrens_leeftijd?). Wat daarin staat, zou "
        "ongelezen blijven; hernoem of verwijder die kolom (zie docs/formats/reference-data.md)."
    ]
    assert not Region.objects.exists()


def test_a_row_with_another_number_of_fields_is_refused_with_its_line(tmp_path):
    regions = write(tmp_path, "r.csv", "code;naam\nRMC11;Stedendriehoek\n")
    municipalities = write(tmp_path, "m.csv", "code;naam;regio\nGM0150;RMC11\n")
    with pytest.raises(ReferenceDataError) as error:
        load_reference_data(regions=regions, municipalities=municipalities)
    assert error.value.errors == [
        "gemeenten (m.csv), regel 2: het aantal velden klopt niet met de kopregel: de regel "
        "heeft er 2, de kopregel 3 (een scheidingsteken in een waarde zonder aanhalingstekens?)"
    ]


def test_a_binary_file_is_refused(tmp_path):
    binary = tmp_path / "foto.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ReferenceDataError, match="binaire gegevens"):
        load_reference_data(regions=binary)


def test_command_reports_errors_in_dutch(tmp_path):
    wrong = write(tmp_path, "r.csv", "code;naam;bovengrens_leeftijd\nR1;Regio;35\n")
    with pytest.raises(
        CommandError,
        match="regel 2, veld bovengrens_leeftijd: de bovengrens ligt tussen 19 en 27 jaar",
    ):
        call_command("load_reference_data", regions=wrong)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "code;naam;bovengrens_leeftijd\nRMC-ERG-LANGE-CODE;Regio;27\n",
            "regel 2, veld code: code is 18 tekens lang; hooguit 10 tekens toegestaan",
        ),
        ("code;naam;bovengrens_leeftijd\nR1;Regio;27\n" + "R2;Re\x00gio;27\n", "binaire gegevens"),
        (
            "code;naam;bovengrens_leeftijd\nR1;Regio \u202eTsoo;27\n",
            "regel 2, veld naam: de waarde bevat een onzichtbaar teken of stuurteken (U+202E)",
        ),
        ('code;naam;bovengrens_leeftijd\nR1;"Regio' + "x" * 140_000 + "\n", "geen geldige CSV"),
    ],
)
def test_hostile_reference_files_get_a_message_on_every_database(tmp_path, content, message):
    with pytest.raises(ReferenceDataError) as error:
        load_reference_data(regions=write(tmp_path, "r.csv", content))
    assert message in "\n".join(error.value.errors)
    assert not Region.objects.exists()
