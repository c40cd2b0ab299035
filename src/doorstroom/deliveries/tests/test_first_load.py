"""The first C-levering into an empty register (deliveries/first_load.py): the same register as
the ordinary apply, and never a register without its indexes or (PostgreSQL) foreign keys."""

from datetime import date

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from doorstroom.deliveries import first_load
from doorstroom.deliveries.apply import Applier
from doorstroom.deliveries.models import RejectedRow, RunStatus
from doorstroom.deliveries.tests.builders import BSNS, deliver, enrolment, person, result
from doorstroom.deliveries.tests.test_import import snapshot
from doorstroom.people.models import Enrolment, Person
from doorstroom.regions.loading import DEMO_FILES, load_reference_data
from doorstroom.regions.models import Region, School

pytestmark = pytest.mark.django_db

A, B, C, D = BSNS[:4]
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite checks its foreign keys as it inserts"
)


@pytest.fixture(autouse=True)
def reference_data():
    load_reference_data(**DEMO_FILES)


ROWS = [
    person(A),
    enrolment(A, "I1", einddatum="2026-02-28"),
    enrolment(A, "I2", onderwijssoort="havo", leerweg=""),
    result(A, "R1"),
    enrolment(B, "I3"),  # before its person's row: checked against the birth date in SQL
    person(B, geboortedatum="2025-01-01"),  # so I3 starts before birth: refused
    person(C, gemeentecode="GM0200"),
    enrolment(C, "I1"),  # the same id twice: refused
    enrolment(D, "I4"),  # no such person: refused
    result(C, "R2", brin=""),
    person(C, geslachtsnaam="Later"),  # the last person row counts
]


def outcome(run) -> tuple:
    return (
        snapshot(),
        sorted(RejectedRow.objects.filter(run=run).values_list("line", "field", "message")),
        sorted(
            Person.objects.filter(pk__in=run.changed_person_ids()).values_list("bsn", flat=True)
        ),
        (run.rows_read, run.rows_new, run.rows_changed, run.rows_rejected),
    )


def recording_first_loads(monkeypatch) -> list[bool]:
    """Whether each apply from now on was a first load."""
    seen = []
    original = Applier.apply

    def apply(self):
        counts = original(self)
        seen.append(self.first_load)
        return counts

    monkeypatch.setattr(Applier, "apply", apply)
    return seen


def test_a_first_load_gives_the_register_the_ordinary_apply_gives(tmp_path, monkeypatch):
    seen = recording_first_loads(monkeypatch)
    ways = []
    for first in (True, False):
        if not first:
            monkeypatch.setattr("doorstroom.deliveries.apply.register_is_empty", lambda c: False)
        with transaction.atomic():
            (tmp_path / str(first)).mkdir()
            run = deliver(tmp_path / str(first), ROWS)
            assert run.status == RunStatus.APPLIED, run.message
            ways.append(outcome(run))
            transaction.set_rollback(True)
    assert seen == [True, False]
    assert ways[0] == ways[1]
    assert [line for line, _, _ in ways[0][1]] == [6, 9, 10]
    assert ways[0][3] == (11, 7, 0, 3)


def test_a_second_c_levering_is_no_first_load(tmp_path, monkeypatch):
    assert deliver(tmp_path, [person(A), enrolment(A, "I1")]).status == RunStatus.APPLIED
    seen = recording_first_loads(monkeypatch)
    run = deliver(tmp_path, [person(A), enrolment(A, "I2")], on=date(2026, 11, 27))
    assert run.status == RunStatus.APPLIED
    assert seen == [False]
    assert list(Enrolment.objects.values_list("source_id", flat=True)) == ["I2"]


def register_keys() -> list[tuple]:
    with connection.cursor() as cursor:
        return first_load.foreign_keys(cursor)


def validated_keys() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT conname FROM pg_constraint WHERE contype = 'f' AND convalidated")
        return {name for (name,) in cursor.fetchall()}


@postgresql_only
def test_after_a_first_load_every_foreign_key_is_back_and_refuses_an_orphan(tmp_path):
    before = register_keys()
    assert len(before) == 7  # person, residence, enrolment and result to person and reference data
    assert deliver(tmp_path, ROWS).status == RunStatus.APPLIED
    assert register_keys() == before
    assert {name for _, name, _ in before} <= validated_keys()
    noor = Person.objects.with_bsn(A).get()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "INSERT INTO people_enrolment (person_id, school_id, kind, vso_profile, mbo_pathway, "
            "start_date, leaving_reason, source_id) "
            "VALUES (%s, %s, 'havo', '', '', '2024-08-01', '', 'WEES')",
            [noor.pk + 1000, School.objects.first().pk],
        )


@postgresql_only
def test_an_orphan_written_during_a_first_load_fails_the_run_and_changes_nothing(
    tmp_path, monkeypatch
):
    before = register_keys()
    original = Applier.insert_new_items

    def with_an_orphan(self, table, staged, fields):
        original(self, table, staged, fields)
        if table == "people_result":
            self.execute("UPDATE people_result SET person_id = person_id + 1000")

    monkeypatch.setattr(Applier, "insert_new_items", with_an_orphan)
    run = deliver(tmp_path, ROWS)
    assert run.status == RunStatus.FAILED
    assert Person.objects.count() == 0
    assert register_keys() == before


@postgresql_only
def test_a_first_load_that_cannot_lock_the_register_goes_the_ordinary_way(tmp_path, monkeypatch):
    monkeypatch.setattr(first_load, "LOCK_TIMEOUT", "200ms")
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        other.execute("BEGIN")
        other.execute("LOCK TABLE people_enrolment IN ACCESS SHARE MODE")
        seen = recording_first_loads(monkeypatch)
        run = deliver(tmp_path, ROWS)
    finally:
        other.rollback()
        other.close()
    assert run.status == RunStatus.APPLIED, run.message
    assert seen == [False]
    assert Person.objects.count() == 3
    assert Region.objects.exists()


def register_indexes() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        return first_load.secondary_indexes(cursor)


def test_a_first_load_builds_the_secondary_indexes_after_its_inserts(tmp_path, monkeypatch):
    before = register_indexes()
    names = {name.strip('"') for name, _ in before}
    assert {"person_present", "enrolment_person_period", "result_person_kind"} <= names
    assert not [d for _, d in before if "UNIQUE" in d.upper()]  # those the apply looks up by stay
    during = []
    original = Applier.insert_new_items

    def looking(self, table, staged, fields):
        during.append(register_indexes())
        original(self, table, staged, fields)

    monkeypatch.setattr(Applier, "insert_new_items", looking)
    assert deliver(tmp_path, ROWS).status == RunStatus.APPLIED
    assert during == [[], []]  # while enrolments and results were inserted
    assert register_indexes() == before


def test_a_first_load_that_fails_leaves_every_index_in_place(tmp_path, monkeypatch):
    before = register_indexes()

    def failing(self, table, staged, fields):
        raise DatabaseError("het schrijven mislukte")

    monkeypatch.setattr(Applier, "insert_new_items", failing)
    run = deliver(tmp_path, ROWS)
    assert run.status == RunStatus.FAILED
    assert Person.objects.count() == 0
    assert register_indexes() == before
