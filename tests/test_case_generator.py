"""bench/generate_cases.py makes the cases the case-management benchmark reads: they must be
cases the application itself would make (the write path's due dates, one open case per person
and desk) and open on the real pages. Runs the generator on a small register, in the test
database of each backend, so that a change of the models that the generator misses fails here
and not in a benchmark run."""

import argparse
import sys
from pathlib import Path

import pytest

from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.models import User
from doorstroom.cases import services
from doorstroom.cases.models import Case, CaseEntry, ContactAttempt
from doorstroom.people.factories import PersonFactory
from doorstroom.regions.factories import MunicipalityFactory

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from generate_cases import Generator

pytestmark = pytest.mark.django_db

CASES = 150


@pytest.fixture
def generated(region, leaving_reasons):
    # The intakes take their reasons from the national list: a transactional test (the
    # browser tests) on the same pytest-xdist worker may have emptied the migration's copy.
    town = MunicipalityFactory(region=region, code="GM9801", name="Benchdorp")
    for age in range(13, 31):
        PersonFactory.create_batch(3, age=age, municipality=town, residence=False)
    args = argparse.Namespace(cases=CASES, open_share=0.2, caseload=6, seed=3, password="x" * 20)
    return Generator(args).generate(tune=False)["counts"]


def test_the_generator_writes_the_cases_and_entries_it_reports(generated):
    assert generated["cases"] == Case.objects.count() == CASES
    assert generated["entries"] == CaseEntry.objects.count()
    assert 2 * CASES <= generated["entries"] <= 38 * CASES
    assert generated["open_cases"] == Case.objects.open().count() > 0
    assert ContactAttempt.objects.exists()


def test_open_cases_are_due_as_the_write_path_would_say(generated):
    for case in Case.objects.open().select_related("region"):
        stored = (case.next_due_on, case.next_due)
        services._set_next_due(case)
        assert (case.next_due_on, case.next_due) == stored, case.pk


def test_a_generated_coach_opens_a_generated_case_and_their_cases(generated, client):
    case = Case.objects.open().filter(desk="doorstroompunt", coach__isnull=False).first()
    coach = User.objects.get(pk=case.coach_id)
    log_in_verified(client, coach)
    assert client.get(f"/dossiers/{case.public_id}/").status_code == 200
    page = client.get("/dossiers/?toon=open")
    assert page.status_code == 200
    assert case.person.surname in page.content.decode()
