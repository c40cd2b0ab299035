"""The demo's meldingen read as a school's: its own list shows what it sent, by name."""

from datetime import date

import pytest

from doorstroom.deliveries.models import Report, ReportSource
from doorstroom.demo.generator import DemoRegister
from doorstroom.demo.users import create_demo_users
from doorstroom.demo.worklist import create_worklist
from doorstroom.regions.loading import DEMO_FILES, load_reference_data

pytestmark = pytest.mark.django_db
PEILDATUM = date(2026, 11, 25)


@pytest.fixture
def demo_work():
    load_reference_data(**DEMO_FILES)
    DemoRegister(seed=7, peildatum=PEILDATUM).generate(400)
    create_demo_users()
    create_worklist(7, PEILDATUM)


def test_the_schools_meldingen_carry_the_name_it_typed_never_a_placeholder(demo_work):
    """The school's Meldingen listed 60 rows of '(demo)' where the young person's name goes."""
    sent = Report.objects.filter(reported_by__username="school").select_related("person")

    assert sent.exists()
    for report in sent:
        born = report.person.date_of_birth
        assert report.reported_name == f"{report.person.full_name} ({born:%d-%m-%Y})"


def test_a_melding_from_the_rod_is_duos_not_the_schools(demo_work):
    """A ROD melding came in a DUO delivery: the school did not send it, so it is not in the
    school's own list (the form's meldingen are)."""
    sources = dict(Report.objects.values_list("source", "reported_by__username").distinct())

    assert set(Report.objects.values_list("source", flat=True)) == {
        ReportSource.ROD,
        ReportSource.FORM,
    }
    assert sources == {ReportSource.ROD: None, ReportSource.FORM: "school"}
