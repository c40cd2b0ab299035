"""Retention of what the installation keeps: the audit trail (past its triggers, only with a
permit), expired sessions, uploaded files, rejected rows and the API's idempotency keys."""

import os
import uuid
from datetime import datetime, timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from doorstroom import settings as configured
from doorstroom.accounts.audit import purge_before
from doorstroom.accounts.models import AuditAction, AuditEvent, AuditPurgePermit
from doorstroom.accounts.roles import Role
from doorstroom.accounts.triggers import install_append_only_triggers
from doorstroom.api.models import IdempotencyKey
from doorstroom.cases.models import FormSubmission
from doorstroom.deliveries.factories import ImportRunFactory
from doorstroom.deliveries.models import RejectedRow, RunStatus
from doorstroom.retention import installation
from doorstroom.retention.models import RemovedKind
from doorstroom.retention.services import apply_retention

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime(2026, 12, 1, 2, 30))


def event(at: datetime) -> AuditEvent:
    return AuditEvent.objects.create(action=AuditAction.VIEW, person_id=7, username="coach", at=at)


def test_audit_rows_older_than_five_years_go_and_younger_ones_stay():
    old = event(NOW - timedelta(days=5 * 366))
    young = event(NOW - timedelta(days=5 * 365 - 2))
    assert installation.audit_trail(NOW, dry_run=True, progress=None) == 1
    assert AuditEvent.objects.count() == 2
    assert installation.audit_trail(NOW, dry_run=False, progress=None) == 1
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [young.pk]
    assert not AuditEvent.objects.filter(pk=old.pk).exists()


def test_the_nightly_run_refreshes_the_audit_tables_statistics():
    for days in range(3):
        event(NOW - timedelta(days=days))
    installation.audit_trail(NOW, dry_run=False, progress=None)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'accounts_auditevent'")
        else:
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'accounts_auditevent'")
        assert cursor.fetchone()[0] > 0


def test_the_triggers_let_only_the_permitted_old_rows_through():
    old = event(NOW - timedelta(days=3000))
    young = event(NOW - timedelta(days=10))
    with transaction.atomic():
        install_append_only_triggers(connection)
        # Without a permit nothing can be deleted, not even an old row.
        with (
            pytest.raises(DatabaseError, match="alleen-toevoegen"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("DELETE FROM accounts_auditevent WHERE id = %s", [old.pk])
        # With a permit for rows before five years ago, a young row is still refused ...
        with transaction.atomic():
            AuditPurgePermit.objects.create(cutoff=NOW - timedelta(days=5 * 365))
            with (
                pytest.raises(DatabaseError, match="alleen-toevoegen"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute("DELETE FROM accounts_auditevent WHERE id = %s", [young.pk])
            transaction.set_rollback(True)
        # ... and the purge deletes the old one, and leaves no permit behind.
        assert purge_before(NOW - timedelta(days=5 * 365)) == 1
        assert list(AuditEvent.objects.values_list("pk", flat=True)) == [young.pk]
        assert not AuditPurgePermit.objects.exists()
        with (
            pytest.raises(DatabaseError, match="alleen-toevoegen"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("UPDATE accounts_auditevent SET reason = 'weg'")
        transaction.set_rollback(True)


def test_the_purge_goes_in_batches():
    for days in range(5):
        event(NOW - timedelta(days=4000 + days))
    seen = []
    assert purge_before(NOW, batch=2, progress=lambda done, total: seen.append((done, total))) == 5
    assert seen == [(2, 5), (4, 5), (5, 5)]


def test_expired_sessions_go():
    for expires in (NOW - timedelta(minutes=1), NOW + timedelta(minutes=30)):
        store = SessionStore()
        store["zoek_bsn"] = "999990019"
        store.create()
        Session.objects.filter(session_key=store.session_key).update(expire_date=expires)
    assert installation.sessions(NOW, dry_run=True) == 1
    assert installation.sessions(NOW, dry_run=False) == 1
    assert Session.objects.get().expire_date > NOW


def test_the_apis_idempotency_keys_go_after_a_day(make_user):
    school = make_user(Role.PARTNER)
    for name, age in (("oud", timedelta(hours=24, minutes=1)), ("nieuw", timedelta(hours=23))):
        IdempotencyKey.objects.create(user=school, key=name, request_hash="0" * 64)
        IdempotencyKey.objects.filter(key=name).update(created_at=NOW - age)
    assert installation.idempotency_keys(NOW, dry_run=True) == 1
    assert IdempotencyKey.objects.count() == 2
    outcome = apply_retention(NOW.date(), now=NOW)
    assert outcome.total(RemovedKind.IDEMPOTENCY_KEYS) == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["nieuw"]


def test_the_one_time_tokens_of_sent_forms_go_after_a_day():
    for token, age in (("a" * 32, timedelta(hours=24, minutes=1)), ("b" * 32, timedelta(hours=23))):
        FormSubmission.objects.create(token=token)
        FormSubmission.objects.filter(token=token).update(at=NOW - age)
    assert installation.form_tokens(NOW, dry_run=True) == 1
    assert FormSubmission.objects.count() == 2
    outcome = apply_retention(NOW.date(), now=NOW)
    assert outcome.total(RemovedKind.FORM_TOKENS) == 1
    assert list(FormSubmission.objects.values_list("token", flat=True)) == ["b" * 32]


def test_old_uploads_go_but_never_a_file_outside_the_upload_folder(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    old_file, recent_file, queued_file, orphan = (uploads / f"{n}.csv" for n in "abcd")
    outside = tmp_path / "doorstroom-C-RMC11-20260101.csv"
    for path in (old_file, recent_file, queued_file, orphan, outside):
        path.write_text("kop;regel\n")
    long_ago = NOW - timedelta(days=31)
    old = ImportRunFactory(stored_path=str(old_file), finished_at=long_ago)
    recent = ImportRunFactory(stored_path=str(recent_file), finished_at=NOW - timedelta(days=2))
    ImportRunFactory(stored_path=str(queued_file), status=RunStatus.QUEUED)
    cli = ImportRunFactory(stored_path=str(outside), finished_at=long_ago)
    for path in (orphan, queued_file):
        os.utime(path, (long_ago.timestamp(), long_ago.timestamp()))
    assert installation.upload_files(NOW, dry_run=True) == 2
    assert old_file.exists() and orphan.exists()
    assert installation.upload_files(NOW, dry_run=False) == 2
    assert not old_file.exists() and not orphan.exists()
    assert recent_file.exists() and queued_file.exists() and outside.exists()
    old.refresh_from_db(), recent.refresh_from_db(), cli.refresh_from_db()
    assert old.stored_path == "" and recent.stored_path and cli.stored_path == str(outside)


def test_a_retention_run_in_a_test_leaves_the_checkouts_upload_folder_alone():
    """Tests keep their uploads in a folder of their own (conftest.py): the checkout's
    var/uploads holds the demo's files and is shared by the pytest-xdist workers."""
    checkout = configured.DATA_DIR / "uploads"
    checkout.mkdir(parents=True, exist_ok=True)
    stray = checkout / f"{uuid.uuid4().hex}.csv"
    stray.write_text("kop;regel\n")
    long_ago = (NOW - timedelta(days=31)).timestamp()
    os.utime(stray, (long_ago, long_ago))
    try:
        installation.upload_files(NOW, dry_run=False)
        assert stray.exists()
    finally:
        stray.unlink(missing_ok=True)


def test_rejected_rows_go_ninety_days_after_their_run():
    old = ImportRunFactory(finished_at=NOW - timedelta(days=91))
    recent = ImportRunFactory(finished_at=NOW - timedelta(days=89))
    for run in (old, recent):
        RejectedRow.objects.bulk_create(
            RejectedRow(
                run=run, line=n, message="BSN onjuist", raw="999990019;Jansen", bsn="999990019"
            )
            for n in range(3)
        )
    assert installation.rejected_rows(NOW, dry_run=False, progress=None) == 3
    assert set(RejectedRow.objects.values_list("run_id", flat=True)) == {recent.pk}
