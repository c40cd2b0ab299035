"""`doorstroom rejected RUN`: the refused rows of a run into a CSV file on the server, as the
run page's download gives them, logged for every young person of the register they name."""

import csv

import pytest
from django.core.management import CommandError, call_command

from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.deliveries.factories import ImportRunFactory
from doorstroom.deliveries.models import RejectedRow
from doorstroom.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(deventer):
    known = PersonFactory(municipality=deventer)
    run = ImportRunFactory(rows_rejected=2)
    RejectedRow.objects.create(
        run=run, line=3, field="geboortedatum", message="'nooit' is geen datum",
        raw=f"persoon;;;{known.bsn};nooit", bsn_hash=known.bsn_hash,
    )  # fmt: skip
    RejectedRow.objects.create(
        run=run, line=2, field="record", message="geen recordsoort", raw="=HYPERLINK(1);x"
    )
    run.known = known
    return run


def test_the_rows_are_written_as_the_download_gives_them_and_the_person_named_is_logged(
    run, tmp_path, capsys
):
    path = tmp_path / "geweigerd.csv"
    call_command("rejected", str(run.pk), "--uit", str(path))
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines(), delimiter=";"))
    assert rows[0] == ["regel", "veld", "reden", "oorspronkelijke regel"]
    assert [row[:2] for row in rows[1:]] == [["2", "record"], ["3", "geboortedatum"]]
    assert rows[1][3] == "'=HYPERLINK(1);x"
    assert capsys.readouterr().out == f"2 geweigerde regels in {path}.\n"
    (logged,) = AuditEvent.objects.filter(action=AuditAction.EXPORT)
    assert (logged.person_id, logged.route, logged.user) == (
        run.known.pk,
        "deliveries:rejected_cli",
        None,
    )
    assert (
        logged.reason == f"geweigerde regels van inleesrun {run.pk} naar geweigerd.csv geschreven"
    )


def test_an_existing_file_is_never_overwritten_and_nothing_is_logged(run, tmp_path):
    path = tmp_path / "geweigerd.csv"
    path.write_text("van iemand anders", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("rejected", str(run.pk), "--uit", str(path))
    assert str(refused.value) == f"{path} bestaat al; kies met --uit een ander bestand."
    assert path.read_text(encoding="utf-8") == "van iemand anders"
    assert not AuditEvent.objects.exists()


def test_a_run_that_does_not_exist_is_named(tmp_path):
    with pytest.raises(CommandError) as refused:
        call_command("rejected", "999999", "--uit", str(tmp_path / "x.csv"))
    assert str(refused.value) == "Inleesrun 999999 bestaat niet."
    assert not (tmp_path / "x.csv").exists()
