"""The BSN at rest (issue 5): stored encrypted, found by its keyed hash, on both databases.

What a person with the database file (or a backup) could read is checked with plain SQL,
table by table; what a user sees is checked through the pages and the import."""

from datetime import date

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from doorstroom.crypto import DecryptionError, lookup_hash
from doorstroom.deliveries.factories import ImportRunFactory
from doorstroom.deliveries.models import RejectedRow, RunStatus
from doorstroom.deliveries.tests.builders import BSNS, deliver, enrolment, person
from doorstroom.operations.lookup_hashes import WRONG_KEY, key_problem, rehash
from doorstroom.people.factories import PersonFactory
from doorstroom.people.models import Person
from doorstroom.people.tests.plaintext import tables_holding
from doorstroom.regions.loading import DEMO_FILES, load_reference_data

pytestmark = pytest.mark.django_db

A, B, C = BSNS[:3]
OLD = ("2026a", b"o" * 32)
NEW = ("2027a", b"n" * 32)
SEARCH = reverse("people:search")


def stored_bsns() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT bsn, bsn_hash FROM people_person ORDER BY id")
        return cursor.fetchall()


@pytest.fixture
def reference_data():
    load_reference_data(**DEMO_FILES)


def test_a_saved_person_is_stored_with_the_bsn_encrypted_and_its_hash(deventer):
    noor = PersonFactory(municipality=deventer, bsn=A)
    [(bsn, bsn_hash)] = stored_bsns()
    assert bsn.startswith("v1:") and A not in bsn
    assert bsn_hash == lookup_hash(A) and len(bsn_hash) == 32
    assert Person.objects.get(pk=noor.pk).bsn == A
    assert tables_holding(A) == []


def test_after_an_import_no_table_holds_a_delivered_bsn(tmp_path, reference_data):
    run = deliver(
        tmp_path,
        [
            person(A),
            enrolment(A, "X1"),
            enrolment(C, "X2"),  # refused in SQL: unknown person
            person(B, geboortedatum="31-02-2007"),  # refused while validating
        ],
    )
    assert run.status == RunStatus.APPLIED and run.rows_rejected == 2
    for bsn in (A, B, C):
        assert tables_holding(bsn) == [], bsn
    [(stored, stored_hash)] = stored_bsns()
    assert stored.startswith("v1:") and stored_hash == lookup_hash(A)
    # the rejected rows keep the row as delivered, readable for whoever may see them
    rejected = RejectedRow.objects.filter(run=run).order_by("line")
    assert [(r.line, r.bsn, r.bsn_hash) for r in rejected] == [
        (4, C, lookup_hash(C)),
        (5, B, lookup_hash(B)),
    ]
    assert rejected[0].raw.startswith(f"inschrijving;;;{C};")


def test_the_search_keeps_its_bsn_encrypted_in_the_session(coach_client, deventer):
    PersonFactory(municipality=deventer, bsn=A)
    coach_client.post(SEARCH, {"bsn": A, "surname": "", "date_of_birth": ""})
    [session] = [
        s.get_decoded() for s in Session.objects.all() if "person_search" in s.get_decoded()
    ]
    assert session["person_search"]["bsn"].startswith("v1:")
    assert A not in str(session)


def test_search_by_bsn_finds_the_person_in_a_bounded_number_of_queries(
    coach_client, deventer, django_assert_max_num_queries
):
    PersonFactory.create_batch(40, municipality=deventer)
    noor = PersonFactory(municipality=deventer, bsn=B)
    coach_client.post(SEARCH, {"bsn": f" {B[:4]} {B[4:]} ", "surname": "", "date_of_birth": ""})
    with django_assert_max_num_queries(10):  # as the surname search's page
        page = coach_client.get(SEARCH).context["page"]
    assert list(page) == [noor]


def test_a_missing_encryption_key_fails_loudly_not_silently(deventer, settings):
    settings.ENCRYPTION_KEYS = (OLD,)
    PersonFactory(municipality=deventer, bsn=A)
    settings.ENCRYPTION_KEYS = (NEW,)
    with pytest.raises(DecryptionError, match="2026a"):
        Person.objects.get()
    assert "2026a" in key_problem()


def test_an_import_with_another_lookup_key_is_refused_and_changes_nothing(
    tmp_path, reference_data, settings
):
    deliver(tmp_path, [person(A)])
    settings.LOOKUP_KEY = b"x" * 32
    run = deliver(tmp_path, [person(A, geslachtsnaam="Oud"), person(B)], on=date(2026, 11, 27))
    assert (run.status, run.message) == (RunStatus.REFUSED, WRONG_KEY)
    assert Person.objects.count() == 1


def test_the_hashes_are_not_made_anew_while_a_delivery_is_read(settings):
    ImportRunFactory(status=RunStatus.RUNNING, heartbeat_at=timezone.now())
    with pytest.raises(CommandError, match="Er wordt een levering ingelezen"):
        call_command("rehash_bsns")
    call_command("rehash_bsns", check=True)  # counting is harmless


class Stopped(Exception):
    """The rehash stopped half-way, as by Ctrl-C or a kill."""


def stop_after_the_first(label: str, done: int, total: int) -> None:
    raise Stopped


def test_an_import_after_a_stopped_rehash_is_refused_too(tmp_path, reference_data, settings):
    deliver(tmp_path, [person(A), person(B)])
    settings.LOOKUP_KEY = b"n" * 32
    with pytest.raises(Stopped):
        rehash(batch_size=1, progress=stop_after_the_first)
    assert Person.objects.with_bsn(A).exists() and not Person.objects.with_bsn(B).exists()
    assert key_problem() == WRONG_KEY  # the first person is done, the last one is not
    call_command("rehash_bsns")
    assert key_problem() is None


def test_a_search_kept_under_a_key_that_is_gone_is_dropped_not_an_error(
    coach_client, deventer, settings
):
    settings.ENCRYPTION_KEYS = (OLD,)
    PersonFactory(municipality=deventer, bsn=A)
    coach_client.post(SEARCH, {"bsn": A, "surname": "", "date_of_birth": ""})
    settings.ENCRYPTION_KEYS = (NEW,)  # rotated, and the old key removed
    response = coach_client.get(SEARCH)
    assert response.status_code == 200 and response.context["page"] is None
    assert "person_search" not in coach_client.session


def test_key_rotation_re_encrypts_the_bsns_too(deventer, settings):
    settings.ENCRYPTION_KEYS = (OLD,)
    noor = PersonFactory(municipality=deventer, bsn=A)
    settings.ENCRYPTION_KEYS = (NEW, OLD)
    call_command("rotate_keys")
    [(bsn, bsn_hash)] = stored_bsns()
    assert bsn.startswith("v1:2027a:") and bsn_hash == lookup_hash(A)
    settings.ENCRYPTION_KEYS = (NEW,)
    assert Person.objects.with_bsn(A).get() == noor


def test_a_new_lookup_key_needs_the_hashes_made_anew(tmp_path, reference_data, settings):
    deliver(tmp_path, [person(A), enrolment(A, "X1"), enrolment(C, "X2")])
    settings.LOOKUP_KEY = b"n" * 32
    assert not Person.objects.with_bsn(A).exists()
    assert key_problem() == WRONG_KEY
    assert rehash(dry_run=True) == {
        "people.Person.bsn_hash": 1,
        "deliveries.RejectedRow.bsn_hash": 1,
    }
    assert not Person.objects.with_bsn(A).exists()  # --check changes nothing
    call_command("rehash_bsns", batch_size=1)
    assert Person.objects.with_bsn(A).exists() and key_problem() is None
    assert RejectedRow.objects.get().bsn_hash == lookup_hash(C)
    assert rehash(dry_run=True) == {
        "people.Person.bsn_hash": 0,
        "deliveries.RejectedRow.bsn_hash": 0,
    }
    # and the next delivery finds the person again instead of adding a second one
    deliver(tmp_path, [person(A, geslachtsnaam="Oud")], on=date(2026, 11, 27))
    assert list(Person.objects.values_list("surname", flat=True)) == ["Oud"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite compares text bytewise")
def test_on_postgresql_the_hashes_are_compared_bytewise_not_through_the_locale():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, collation_name FROM information_schema.columns "
            "WHERE column_name = 'bsn_hash' ORDER BY table_name"
        )
        assert cursor.fetchall() == [
            ("deliveries_rejectedrow", "C"),
            ("deliveries_stagedenrolment", "C"),
            ("deliveries_stagedperson", "C"),
            ("deliveries_stagedresult", "C"),
            ("people_person", "C"),
        ]
