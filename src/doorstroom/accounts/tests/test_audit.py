"""The audit log is append-only: not through the ORM, not through the admin, not in SQL."""

import pytest
from django.contrib.auth.models import Group
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.urls import reverse

from doorstroom.accounts.audit import RequestAddressMiddleware, record_for
from doorstroom.accounts.factories import PASSWORD, UserFactory, log_in_verified
from doorstroom.accounts.models import AppendOnlyError, AuditAction, AuditEvent
from doorstroom.accounts.roles import Role
from doorstroom.accounts.triggers import install_append_only_triggers

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(coach):
    return AuditEvent.objects.create(
        user=coach, username=coach.username, action=AuditAction.VIEW, person_id=1
    )


def test_an_audit_row_cannot_be_changed_or_deleted_through_the_orm(event):
    event.reason = "anders"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="anders")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


def test_not_even_a_superuser_can_change_or_delete_through_the_admin(client, event):
    admin = UserFactory(is_staff=True, is_superuser=True)
    log_in_verified(client, admin)
    change = reverse("admin:accounts_auditevent_change", args=[event.pk])
    delete = reverse("admin:accounts_auditevent_delete", args=[event.pk])
    assert client.post(change, {"reason": "weg"}).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:accounts_auditevent_add")).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk, reason="").exists()


def test_database_triggers_refuse_raw_update_and_delete(event):
    with transaction.atomic():
        install_append_only_triggers(connection)
        for statement in (
            "UPDATE accounts_auditevent SET reason = 'weg'",
            "DELETE FROM accounts_auditevent",
        ):
            with (
                pytest.raises(DatabaseError, match="alleen-toevoegen"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(statement)
        transaction.set_rollback(True)
    assert AuditEvent.objects.filter(pk=event.pk, reason="").exists()


def test_login_and_failed_login_are_logged(client, coach):
    client.post(reverse("login"), {"username": coach.username, "password": "fout"})
    client.post(reverse("login"), {"username": coach.username, "password": PASSWORD})
    actions = list(AuditEvent.objects.order_by("id").values_list("action", "username"))
    assert actions == [
        (AuditAction.LOGIN_FAILED, coach.username),
        (AuditAction.LOGIN, coach.username),
    ]


def test_failed_login_shows_a_dutch_message(client, coach):
    response = client.post(reverse("login"), {"username": coach.username, "password": "fout"})
    assert "De combinatie van gebruikersnaam en wachtwoord klopt niet" in response.content.decode()


def test_every_role_exists_as_a_group_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_a_row_a_service_writes_during_a_request_names_the_clients_address(rf):
    def service(request):  # a case step or a signal taken up: no request in its hands
        record_for(None, AuditAction.CHANGE, route="cases:note", reason="notitie toegevoegd")
        return HttpResponse()

    RequestAddressMiddleware(service)(rf.get("/", REMOTE_ADDR="10.1.2.3"))
    record_for(None, AuditAction.DELETE, route="retention", reason="bewaartermijnen")
    assert list(AuditEvent.objects.order_by("pk").values_list("reason", "ip_address")) == [
        ("notitie toegevoegd", "10.1.2.3"),
        ("bewaartermijnen", None),
    ]
