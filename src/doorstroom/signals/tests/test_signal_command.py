"""`doorstroom signal`: the nightly run of every region, or one region on a given day."""

import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from doorstroom.people.choices import EducationKind
from doorstroom.people.factories import EnrolmentFactory, PersonFactory
from doorstroom.signals.models import Signal

pytestmark = pytest.mark.django_db


def signal(*args: str) -> str:
    out = StringIO()
    call_command("signal", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_nightly_run_looks_again_at_an_open_signal_only_when_asked_to(region, deventer):
    person = PersonFactory(municipality=deventer, date_of_birth=date(2006, 3, 1))
    EnrolmentFactory(
        person=person, kind=EducationKind.MBO_2, start_date=date(2023, 8, 1),
        end_date=date(2026, 6, 30),
    )  # fmt: skip
    first = signal("--regio", "RMC11", "--peildatum", "2026-11-25")
    assert re.search(
        r"RMC11 Stedendriehoek: 1 jongere bekeken, 1 nieuw signaal, 0 afgesloten in \d+,\d s "
        r"\(peildatum 25-11-2026\)",
        first,
    )
    assert Signal.objects.open().count() == 1
    assert "0 jongeren bekeken" in signal("--regio", "RMC11", "--peildatum", "2026-11-26")
    assert "1 jongere bekeken, 0 nieuwe signalen" in signal(
        "--peildatum", "2026-11-26", "--volledig"
    )


def test_an_unknown_region_is_refused_with_the_known_ones(region):
    with pytest.raises(CommandError, match="Regio RMC99 is onbekend \\(bekend: RMC11\\)"):
        signal("--regio", "RMC99")
