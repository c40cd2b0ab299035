"""The migrations that encrypt the stored BSNs (people 0012-0014, deliveries 0007-0008) and cut
their look-up hash to 128 bits (people 0016, deliveries 0009): back and forward again, in
batches, on a real database."""

import hashlib
import hmac
import importlib

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from doorstroom.accounts.triggers import drop_rectification_triggers
from doorstroom.crypto import lookup_hash
from doorstroom.deliveries.factories import ImportRunFactory
from doorstroom.deliveries.models import RejectedRow
from doorstroom.people.factories import TEST_BSNS, PersonFactory
from doorstroom.people.models import Person

PLAIN = [("people", "0011_person_present"), ("deliveries", "0006_staging_for_moves_and_checks")]
BSNS = TEST_BSNS[:5]


def rows(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.fixture
def small_batches(monkeypatch):
    for name in (
        "people.migrations.0013_encrypt_bsns",
        "deliveries.migrations.0008_encrypt_rejected_rows",
    ):
        monkeypatch.setattr(importlib.import_module(f"doorstroom.{name}"), "BATCH", 2)


@pytest.mark.django_db(transaction=True)
def test_the_bsns_go_back_to_plain_text_and_forward_to_ciphertext(deventer, small_batches):
    for bsn in BSNS:
        PersonFactory(municipality=deventer, bsn=bsn)
    run = ImportRunFactory()
    RejectedRow.objects.create(
        run=run, line=2, message="kapot", raw=f"persoon;;;{BSNS[0]}", bsn=BSNS[0]
    )
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        migrate(PLAIN)
        assert rows("SELECT bsn FROM people_person ORDER BY id") == [(b,) for b in BSNS]
        assert rows("SELECT raw, bsn FROM deliveries_rejectedrow") == [
            (f"persoon;;;{BSNS[0]}", BSNS[0])
        ]
        migrate(latest)
    finally:
        migrate(latest)
        # Migrating forward put the correction history's triggers back; the suite's database
        # runs without them (conftest.py), or emptying it after this test would be refused.
        drop_rectification_triggers(connection)
    stored = rows("SELECT bsn, bsn_hash FROM people_person ORDER BY id")
    assert all(bsn.startswith("v1:") for bsn, _ in stored)
    assert [h for _, h in stored] == [lookup_hash(b) for b in BSNS]
    assert sorted(Person.objects.values_list("bsn", flat=True)) == sorted(BSNS)
    assert Person.objects.with_bsn(BSNS[3]).get().bsn == BSNS[3]
    [(raw, bsn, bsn_hash)] = rows("SELECT raw, bsn, bsn_hash FROM deliveries_rejectedrow")
    assert raw.startswith("v1:") and bsn.startswith("v1:") and bsn_hash == lookup_hash(BSNS[0])
    assert RejectedRow.objects.get().raw == f"persoon;;;{BSNS[0]}"


FULL_WIDTH = [  # just before the cut (people 0016)
    ("people", "0015_rectification_append_only"),
    ("deliveries", "0008_encrypt_rejected_rows"),
]


def full_hmac(bsn: str) -> str:
    return hmac.new(settings.LOOKUP_KEY, bsn.encode(), hashlib.sha256).hexdigest()


@pytest.mark.django_db(transaction=True)
def test_the_look_up_hash_goes_back_to_64_hex_digits_and_forward_to_32(deventer):
    for bsn in BSNS:
        PersonFactory(municipality=deventer, bsn=bsn)
    RejectedRow.objects.create(
        run=ImportRunFactory(), line=2, message="kapot", raw="x", bsn=BSNS[0], bsn_hash="x"
    )
    with connection.cursor() as cursor:
        cursor.execute("UPDATE deliveries_rejectedrow SET bsn_hash = %s", [lookup_hash(BSNS[0])])
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        migrate(FULL_WIDTH)
        assert rows("SELECT bsn_hash FROM people_person ORDER BY id") == [
            (full_hmac(b),) for b in BSNS
        ]
        assert rows("SELECT bsn_hash FROM deliveries_rejectedrow") == [(full_hmac(BSNS[0]),)]
        migrate(latest)
    finally:
        migrate(latest)
    stored = rows("SELECT bsn_hash FROM people_person ORDER BY id")
    assert stored == [(lookup_hash(b),) for b in BSNS]
    assert all(len(h) == 32 for (h,) in stored)
    assert rows("SELECT bsn_hash FROM deliveries_rejectedrow") == [(lookup_hash(BSNS[0]),)]
    assert Person.objects.with_bsn(BSNS[2]).get().bsn == BSNS[2]
