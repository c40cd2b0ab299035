"""`doorstroom import`: what the command says about a run, in Dutch notation."""

import importlib
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest

from doorstroom.deliveries.factories import ImportRunFactory

pytestmark = pytest.mark.django_db

command = importlib.import_module("doorstroom.deliveries.management.commands.import")


def test_the_report_writes_the_duration_with_a_decimal_comma():
    started = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    run = ImportRunFactory(
        started_at=started, finished_at=started + timedelta(seconds=2.5), message="klaar"
    )
    out = StringIO()
    command.Command(stdout=out)._report(run)
    assert out.getvalue().startswith(f"{run.get_status_display()} in 2,5 s: klaar\n")
