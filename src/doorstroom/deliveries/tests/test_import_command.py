"""`doorstroom import`: what the command says about a run, in Dutch notation."""

import importlib
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from doorstroom.deliveries.factories import ImportRunFactory
from doorstroom.deliveries.models import ImportRun

pytestmark = pytest.mark.django_db

command = importlib.import_module("doorstroom.deliveries.management.commands.import")


def test_the_report_writes_the_duration_with_a_decimal_comma():
    started = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    run = ImportRunFactory(
        started_at=started, finished_at=started + timedelta(seconds=2.5), message="klaar"
    )
    out = StringIO()
    command.Command(stdout=out)._report(run)
    assert out.getvalue().startswith(f"{run.get_status_display()} in 2,5 s: klaar\n")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "levering.csv",
            "Geef --soort en --leveringsdatum op; de bestandsnaam heeft niet de vorm "
            "doorstroom-P-RMC11-20261120.csv.",
        ),
        (
            "doorstroom-P-RMC11-20261340.csv",
            "Geef --leveringsdatum op; de datum 20261340 in de bestandsnaam bestaat niet "
            "(jjjjmmdd).",
        ),
    ],
)
def test_a_file_name_without_kind_or_a_real_date_asks_for_what_it_lacks_saying_why(
    tmp_path, name, message
):
    path = tmp_path / name
    path.write_text("record;bsn\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import", str(path))
    assert str(refused.value) == message


def test_the_report_of_a_run_with_refused_rows_says_how_to_get_them_on_the_command_line():
    run = ImportRunFactory(rows_rejected=3, message="ingelezen")
    out = StringIO()
    command.Command(stdout=out)._report(run)
    assert f"doorstroom rejected {run.pk} schrijft ze naar een CSV-bestand" in out.getvalue()


def test_a_side_file_says_its_kind_in_its_header_so_only_the_date_is_asked(tmp_path):
    """A verzuim or priority file is known by its columns; a register delivery only by its
    name or --soort (docs/formats/delivery.md)."""
    path = tmp_path / "prioriteiten.csv"
    path.write_text("bsn;prioriteit\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import", str(path))
    assert str(refused.value) == (
        "Geef --leveringsdatum op; de bestandsnaam heeft niet de vorm "
        "doorstroom-P-RMC11-20261120.csv."
    )


def test_a_side_file_with_excels_byte_order_mark_is_known_by_its_header_too(tmp_path):
    """Excel's 'CSV UTF-8' begins with a byte order mark, which is no part of the column."""
    path = tmp_path / "verzuim.csv"
    path.write_bytes("\ufeffmeldingnummer;bsn;verzuimsoort;datum\n".encode())
    with pytest.raises(CommandError) as refused:
        call_command("import", str(path))
    assert str(refused.value).startswith("Geef --leveringsdatum op;")


def test_a_number_as_leveringsdatum_is_no_date_without_a_spreadsheets_advice(tmp_path):
    """An option is typed, not saved by a spreadsheet: the advice about a day number is for
    a file's field (test_import)."""
    path = tmp_path / "prioriteiten.csv"
    path.write_text("bsn;prioriteit\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import", str(path), "--leveringsdatum", "45000")
    assert str(refused.value) == (
        "--leveringsdatum: '45000' is geen bestaande datum (verwacht jjjj-mm-dd of dd-mm-jjjj)"
    )


@pytest.mark.parametrize(
    ("name", "options", "chosen"),
    [
        ("prioriteiten.csv", ["--soort", "P"], "--soort noemt het een P-levering (wijzigingen)"),
        ("doorstroom-C-RMC11-20261120.csv", [], "de bestandsnaam noemt het een C-levering"),
    ],
)
def test_a_kind_the_header_contradicts_is_refused_before_anything_is_queued(
    tmp_path, name, options, chosen
):
    """A priority file offered where the week's P-levering was meant: said, not read."""
    path = tmp_path / name
    path.write_text("bsn;prioriteit\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import", str(path), "--leveringsdatum", "2026-11-20", *options)
    assert str(refused.value).startswith(
        f"Dit bestand heeft de kopregel van prioriteiten Inlichtingenbureau, maar {chosen}"
    )
    assert not ImportRun.objects.exists()


def test_a_delivery_of_no_valid_row_fails_the_command_and_says_where_the_rows_are(tmp_path):
    path = tmp_path / "doorstroom-C-RMC11-20261120.csv"
    path.write_text("record;bsn;geslachtsnaam\npersoon;123456789;Jansen\n", encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import", str(path), stdout=out)
    run = ImportRun.objects.get()
    assert str(refused.value).startswith("Geen enkele regel is goed: de enige regel is geweigerd")
    assert f"doorstroom rejected {run.pk} schrijft ze naar een CSV-bestand" in out.getvalue()
    assert run.rejected_rows.count() == 1
