"""docs/formats/delivery.md is what a partner writes an export from: its example file loads."""

import re
from datetime import date
from pathlib import Path

import pytest

from doorstroom.deliveries.models import RejectedRow, RunStatus
from doorstroom.deliveries.tests.builders import import_file
from doorstroom.people.models import Enrolment, Person, Result
from doorstroom.regions.loading import DEMO_FILES, load_reference_data
from doorstroom.regions.models import Region

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parents[4] / "docs" / "formats" / "delivery.md"


def test_the_example_c_levering_of_the_format_page_loads_without_a_refusal(tmp_path):
    load_reference_data(**DEMO_FILES)
    text = DOC.read_text(encoding="utf-8")
    name, body = re.search(r"A small C-levering \(`([^`]+)`\).*?```\n(.*?)```", text, re.S).groups()
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")

    run = import_file(path, on=date(2026, 12, 1), area=Region.objects.get(code="RMC11"))

    assert run.status == RunStatus.APPLIED, run.message
    assert not RejectedRow.objects.filter(run=run).exists()
    assert (run.rows_read, run.rows_new) == (3, 3)
    daan = Person.objects.get()
    assert (daan.surname, daan.municipality.code) == ("Jansen", "GM0301")
    assert Enrolment.objects.get().mbo_pathway == "bbl"
    assert Result.objects.get().obtained_on == date(2024, 7, 15)
