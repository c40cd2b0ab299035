"""The melding-status export for DUO: only a POST with its CSRF token marks meldingen as
reported back, exactly those in its file, and the next export holds none of them."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from doorstroom import dates
from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.accounts.roles import Role
from doorstroom.accounts.tests.case_world import leerplicht_world
from doorstroom.cases import leerplicht
from doorstroom.cases.choices import ReportClosingReason
from doorstroom.cases.models import ReportClosure
from doorstroom.cases.views import leerplicht as views
from doorstroom.tests.test_csvfiles import HOSTILE_CELLS

pytestmark = pytest.mark.django_db
TODAY = dates.today()
EXPORT = reverse("cases:status_export")


@pytest.fixture
def leerplichtambtenaar(client, make_user):
    user = make_user(Role.LEERPLICHT)
    log_in_verified(client, user)
    return user


def closed_melding(municipality, user) -> ReportClosure:
    """A melding of a leerplicht case, closed today: it waits to be reported back."""
    case = leerplicht_world(municipality)
    leerplicht.close_report(
        user, case, case.report, reason=ReportClosingReason.BACK_AT_SCHOOL, on=TODAY, route="t"
    )
    return ReportClosure.objects.get(report=case.report)


def numbers_in(response) -> list[str]:
    """The meldingnummers of the export's rows, without the header."""
    return [line.split(";")[0] for line in response.content.decode().splitlines()[1:]]


def test_the_page_counts_what_waits_and_offers_the_export_as_a_form_with_a_csrf_token(
    client, leerplichtambtenaar, deventer
):
    closed_melding(deventer, leerplichtambtenaar)
    page = client.get(reverse("cases:report_status")).content.decode()
    assert "nog niet aan DUO zijn teruggemeld: 1 melding." in page
    assert f'<form method="post" action="{EXPORT}"' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_a_get_of_the_export_is_refused_and_leaves_every_melding_to_be_reported(
    client, leerplichtambtenaar, deventer
):
    closure = closed_melding(deventer, leerplichtambtenaar)
    assert client.get(EXPORT).status_code == 405
    closure.refresh_from_db()
    assert closure.reported_back_on is None
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_an_export_marks_exactly_its_rows_and_the_next_export_holds_none_of_them(
    client, leerplichtambtenaar, deventer
):
    first = closed_melding(deventer, leerplichtambtenaar)
    export = client.post(EXPORT)
    assert export["Content-Disposition"] == (
        f'attachment; filename="meldingstatus-{TODAY:%Y%m%d}.csv"'
    )
    assert numbers_in(export) == [first.report.report_number]
    first.refresh_from_db()
    assert first.reported_back_on == TODAY
    second = closed_melding(deventer, leerplichtambtenaar)
    assert numbers_in(client.post(EXPORT)) == [second.report.report_number]
    assert numbers_in(client.post(EXPORT)) == []


def test_a_post_without_the_csrf_token_is_refused_and_marks_nothing(make_user, deventer):
    client = Client(enforce_csrf_checks=True)
    user = make_user(Role.LEERPLICHT)
    log_in_verified(client, user)
    closure = closed_melding(deventer, user)
    assert client.post(EXPORT).status_code == 403
    closure.refresh_from_db()
    assert closure.reported_back_on is None


def test_an_export_whose_audit_row_fails_marks_nothing(
    client, leerplichtambtenaar, deventer, monkeypatch
):
    closure = closed_melding(deventer, leerplichtambtenaar)

    def failing_record(*args, **kwargs):
        raise RuntimeError("het logboek is niet bereikbaar")

    monkeypatch.setattr(views, "record", failing_record)
    with pytest.raises(RuntimeError):
        client.post(EXPORT)
    closure.refresh_from_db()
    assert closure.reported_back_on is None


def test_the_ondersteuner_exports_the_leerplicht_desks_meldingen(client, make_user, deventer):
    closure = closed_melding(deventer, make_user(Role.LEERPLICHT))
    log_in_verified(client, make_user(Role.SUPPORT))
    assert numbers_in(client.post(EXPORT)) == [closure.report.report_number]


def test_every_delivered_meldingnummer_comes_back_whole_from_the_export_never_as_a_formula(
    client, leerplichtambtenaar, deventer
):
    cells = [cell for cell, _ in HOSTILE_CELLS[:17]]  # a meldingnummer holds 40 characters
    for cell in cells:
        report = closed_melding(deventer, leerplichtambtenaar).report
        type(report).objects.filter(pk=report.pk).update(report_number=cell)
    text = client.post(EXPORT).content.decode()
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))[1:]
    assert sorted(row[0] for row in rows) == sorted(back for _, back in HOSTILE_CELLS[:17])
