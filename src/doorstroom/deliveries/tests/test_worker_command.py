"""doorstroom worker as an operator starts and stops it by hand."""

from io import StringIO

import pytest
from django.core.management import call_command

from doorstroom.deliveries.management.commands import worker

pytestmark = pytest.mark.django_db


def interrupted(seconds: float) -> None:
    raise KeyboardInterrupt  # Ctrl+C while the worker waits


def test_the_worker_says_it_waits_and_stops_on_ctrl_c_without_a_traceback(monkeypatch):
    """It said nothing until a delivery came (an operator could not tell it had started), and
    Ctrl+C ended it with Python's traceback."""
    monkeypatch.setattr(worker.time, "sleep", interrupted)
    out = StringIO()

    call_command("worker", "--interval", "5", stdout=out)

    assert out.getvalue().splitlines() == [
        "Wacht op leveringen in de wachtrij (elke 5 s kijken); stoppen met Ctrl+C.",
        "Gestopt.",
    ]


def test_once_empties_the_queue_and_says_nothing_of_waiting():
    out = StringIO()

    call_command("worker", "--once", stdout=out)

    assert out.getvalue() == ""
