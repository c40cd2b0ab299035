"""Random and mutated rows in a verzuim file and in a priority file: the import never crashes,
every refused row is kept with its line and a reason, and no good row is lost (hypothesis)."""

import csv
import io

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doorstroom.deliveries.adapters.ib_v1 import PRIORITY_COLUMNS
from doorstroom.deliveries.adapters.verzuim_v1 import ABSENCE_COLUMNS
from doorstroom.deliveries.models import RejectedRow, Report, RunStatus
from doorstroom.deliveries.tests.builders import BSNS, deliver, import_file, person
from doorstroom.deliveries.tests.strategies import mutate
from doorstroom.people.models import IncomeMatch, Person
from doorstroom.regions.loading import DEMO_FILES, load_reference_data

pytestmark = pytest.mark.django_db
PERSONS = BSNS[:4]
EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def write(path, columns, rows):
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([row.get(c, "") for c in columns] for row in rows)
    path.write_bytes(text.getvalue().encode("utf-8", errors="replace"))
    return path


def melding(index: int) -> dict[str, str]:
    """A good verzuimmelding about one of the register's 19-year-olds (born 2007-01-10)."""
    return {
        "meldingnummer": f"ROD-{index}", "bsn": PERSONS[index % len(PERSONS)], "brin": "94AA",
        "vestiging": "01", "verzuimsoort": "18_plus", "datum": "2026-11-18", "tijd": "09:30",
        "vermoedelijke_reden": "werk", "dagen_afwezig": "6", "status": "geregistreerd",
    }  # fmt: skip


def priority(index: int) -> dict[str, str]:
    return {"bsn": PERSONS[index % len(PERSONS)], "prioriteit": str(index % 5 + 1)}


@st.composite
def files(draw, good, columns):
    rows = [good(index) for index in range(draw(st.integers(min_value=1, max_value=8)))]
    return rows, mutate(draw, rows, columns, most=5)


def imported(tmp_path, name, columns, rows):
    """The run of the file, or None when it was refused whole (with a reason): a NUL in
    its first bytes makes it a binary file (csvfiles), and then nothing of it is kept."""
    load_reference_data(**DEMO_FILES)
    deliver(tmp_path, [person(bsn) for bsn in PERSONS])
    run = import_file(write(tmp_path / name, columns, rows))
    assert run.status in (RunStatus.APPLIED, RunStatus.REFUSED), run.message
    if run.status == RunStatus.REFUSED:
        assert run.message
        assert not Report.objects.exists() and not IncomeMatch.objects.exists()
        return None
    # a row of nothing but blanks is no row (csvfiles.read_table leaves it out)
    assert run.rows_read == sum(any(v.strip() for v in row.values()) for row in rows)
    refused = RejectedRow.objects.filter(run=run)
    assert refused.count() == run.rows_rejected
    # every refusal names its line and says why (the field is empty only for a row that
    # cannot be read field by field)
    assert all(r.line >= 2 and r.message for r in refused)
    return run


@EXAMPLES
@given(delivery=files(melding, ABSENCE_COLUMNS))
def test_a_verzuim_file_with_random_and_mutated_rows_keeps_every_good_melding(tmp_path, delivery):
    rows, mutated = delivery
    with transaction.atomic():
        if imported(tmp_path, "verzuim-20261121.csv", ABSENCE_COLUMNS, rows):
            numbers = [row["meldingnummer"] for row in rows]
            for position, row in enumerate(rows):
                # a mutation may give an earlier row this row's number: the first one stands
                if position in mutated or row["meldingnummer"] in numbers[:position]:
                    continue
                report = Report.objects.get(report_number=row["meldingnummer"])
                assert (report.person.bsn, report.kind, report.days_absent) == (
                    row["bsn"],
                    "18_plus",
                    6,
                )
        transaction.set_rollback(True)


@EXAMPLES
@given(delivery=files(priority, PRIORITY_COLUMNS))
def test_a_priority_file_with_random_and_mutated_rows_keeps_every_good_priority(tmp_path, delivery):
    rows, mutated = delivery
    with transaction.atomic():
        if imported(tmp_path, "prioriteiten-20261121.csv", PRIORITY_COLUMNS, rows):
            bsns = [row["bsn"] for row in rows]
            for position, row in enumerate(rows):
                # of two priorities for one BSN the first stands (side_files.read_priorities)
                if position in mutated or row["bsn"] in bsns[:position]:
                    continue
                match = IncomeMatch.objects.get(person=Person.objects.with_bsn(row["bsn"]).get())
                assert match.priority == int(row["prioriteit"])
        transaction.set_rollback(True)
