"""Shared fixtures: two regions, users of each role, logged-in clients."""

from __future__ import annotations

import pytest
from django.db import connection

from doorstroom.accounts.factories import UserFactory, log_in_verified
from doorstroom.accounts.roles import Role
from doorstroom.accounts.triggers import drop_append_only_triggers, drop_rectification_triggers
from doorstroom.regions.factories import MunicipalityFactory, RegionFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The audit and correction triggers would stop Django from emptying tables between
    transactional tests; accounts/tests/test_audit.py and people/tests/test_rectification.py
    check them in a transaction of their own."""
    with django_db_blocker.unblock():
        drop_append_only_triggers(connection)
        drop_rectification_triggers(connection)


def pytest_report_header(config: pytest.Config) -> str:
    settings = connection.settings_dict
    return (
        f"database: {connection.vendor} ({settings['ENGINE']}, {settings.get('HOST') or 'lokaal'})"
    )


@pytest.fixture(autouse=True)
def read_deliveries_at_once(settings):
    """Uploaded deliveries are read during the request in tests (no background thread)."""
    settings.DELIVERY_WORKER = "inline"


@pytest.fixture(autouse=True)
def files_in_a_temporary_folder(settings, tmp_path):
    """Documents and uploads that tests store land in a folder of their own, removed
    afterwards: never in the checkout's var/, which the demo and the pytest-xdist workers share
    (a test's retention run would remove the others' old uploads there)."""
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.DATA_DIR = tmp_path / "var"


@pytest.fixture
def leaving_reasons(db):
    """The national reasons for leaving school, as the migration adds them (a transactional
    test empties every table, so tests that need them ask for them)."""
    from doorstroom.cases.models import LeavingReason
    from doorstroom.cases.reference import NATIONAL_LEAVING_REASONS

    for label in NATIONAL_LEAVING_REASONS:
        LeavingReason.objects.get_or_create(region=None, label=label)
    return LeavingReason.objects.filter(region__isnull=True)


@pytest.fixture
def region(db):
    return RegionFactory(code="RMC11", name="Stedendriehoek")


@pytest.fixture
def deventer(region):
    return MunicipalityFactory(code="GM0150", name="Deventer", region=region)


@pytest.fixture
def other_region(db):
    return RegionFactory(code="RMC12", name="Achterhoek")


@pytest.fixture
def doetinchem(other_region):
    return MunicipalityFactory(code="GM0222", name="Doetinchem", region=other_region)


@pytest.fixture
def make_user(region):
    def make(role: Role | None, user_region=None, **kwargs):
        return UserFactory(role=role, region=user_region or region, **kwargs)

    return make


@pytest.fixture
def coach(make_user):
    return make_user(Role.COACH)


@pytest.fixture
def coach_client(client, coach):
    log_in_verified(client, coach)
    return client


@pytest.fixture
def beheerder_client(client, make_user):
    """A functioneel beheerder (staff) logged in; the user as `client.beheerder`."""
    beheerder = make_user(Role.ADMIN, is_staff=True)
    log_in_verified(client, beheerder)
    client.beheerder = beheerder
    return client
