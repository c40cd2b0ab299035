"""Random and mutated rows: the import never crashes and never loses a good row (hypothesis)."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doorstroom.deliveries.adapters.base import COLUMNS
from doorstroom.deliveries.models import RejectedRow, RunStatus
from doorstroom.deliveries.tests.builders import BSNS, enrolment, import_file, person, result, write
from doorstroom.deliveries.tests.strategies import HOSTILE, mutate
from doorstroom.people.models import Enrolment, Person, Result
from doorstroom.regions.loading import DEMO_FILES, load_reference_data

pytestmark = pytest.mark.django_db


def good_rows(count: int) -> list[dict[str, str]]:
    rows = []
    for index, bsn in enumerate(BSNS[:count]):
        rows += [
            person(bsn, geslachtsnaam=f"Persoon{index}"),
            enrolment(bsn, f"I{index}"),
            result(bsn, f"R{index}"),
        ]
    return rows


@st.composite
def deliveries(draw):
    rows = good_rows(draw(st.integers(min_value=1, max_value=6)))
    mutated = mutate(draw, rows, COLUMNS, most=6)
    extra = draw(
        st.lists(
            st.fixed_dictionaries(
                {c: HOSTILE for c in ("record", "bsn", "geboortedatum", "gemeentecode")}
            ),
            max_size=3,
        )
    )
    return rows, mutated, extra


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(delivery=deliveries())
def test_random_and_mutated_rows_never_crash_and_never_lose_a_good_row(tmp_path, delivery):
    rows, mutated, extra = delivery
    with transaction.atomic():
        load_reference_data(**DEMO_FILES)
        path = write(tmp_path / "levering.csv", rows + extra)
        run = import_file(path)
        assert run.status in (RunStatus.APPLIED, RunStatus.REFUSED), run.message
        if run.status == RunStatus.APPLIED:
            # a row of nothing but blanks is no row (csvfiles.read_table leaves it out)
            assert run.rows_read == sum(
                any(v.strip() for v in row.values()) for row in rows + extra
            )
            assert RejectedRow.objects.filter(run=run).count() == run.rows_rejected
            for position, row in enumerate(rows):
                person_intact = all(
                    p not in mutated
                    for p in range(position - position % 3, position - position % 3 + 3)
                )
                if position in mutated or not person_intact:
                    continue
                if row["record"] == "persoon":
                    assert Person.objects.with_bsn(row["bsn"]).exists()
                elif row["record"] == "inschrijving":
                    assert Enrolment.objects.filter(source_id=row["inschrijving_id"]).exists()
                else:
                    assert Result.objects.filter(source_id=row["resultaat_id"]).exists()
        transaction.set_rollback(True)
