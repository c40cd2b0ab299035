"""The privacyfunctionaris reads and exports the trail of the own region, and nothing else."""

import csv
import io
import re
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from doorstroom.accounts import audit_views
from doorstroom.accounts.access import audit_events_visible_to
from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.accounts.roles import Role
from doorstroom.people.factories import PersonFactory
from doorstroom.tests.test_csvfiles import HOSTILE_CELLS

pytestmark = pytest.mark.django_db

LOG = reverse("privacy:log")
EXPORT = reverse("privacy:export")


def at(day: int, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime(2026, 11, day, hour))


def event(user, action=AuditAction.VIEW, *, person=None, day=10, reason="persoonspagina bekeken"):
    return AuditEvent.objects.create(
        at=at(day),
        user=user,
        username=user.username if user else "onbekend",
        action=action,
        person_id=person.pk if person else None,
        route="people:detail",
        reason=reason,
        ip_address="10.0.0.1",
    )


@pytest.fixture
def fg(make_user):
    return make_user(Role.PRIVACY, first_name="Fien", last_name="Gerritsen")


@pytest.fixture
def fg_client(client, fg):
    log_in_verified(client, fg)
    return client


@pytest.fixture
def noor(deventer):
    return PersonFactory(municipality=deventer, given_names="Noor", surname="Berg")


def shown(response) -> list[AuditEvent]:
    return [row[0] for row in response.context["rows"]]


def export_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_the_fg_sees_what_region_users_did_and_what_was_done_with_region_persons(
    fg, make_user, other_region, doetinchem, noor
):
    coach = make_user(Role.COACH)
    outsider = make_user(Role.COACH, user_region=other_region)
    own = event(coach)
    about_noor = event(outsider, person=noor)
    failed = event(None, AuditAction.LOGIN_FAILED)
    failed_known = AuditEvent.objects.create(
        action=AuditAction.LOGIN_FAILED, username=coach.username
    )
    elsewhere = event(outsider, person=PersonFactory(municipality=doetinchem))
    visible = set(audit_events_visible_to(fg))
    assert {own, about_noor, failed_known} <= visible
    assert elsewhere not in visible
    assert failed not in visible  # an unknown username belongs to no region


def test_an_fg_of_another_region_sees_nothing_of_this_region(client, make_user, other_region, noor):
    coach = make_user(Role.COACH)
    event(coach, person=noor)
    other_fg = make_user(Role.PRIVACY, user_region=other_region)
    log_in_verified(client, other_fg)
    response = client.get(LOG)
    assert [e.username for e in shown(response)] == [other_fg.username] * len(shown(response))
    assert b"Berg" not in response.content
    rows = export_rows(client.get(EXPORT))
    assert all(coach.username not in row for row in rows)
    assert not any("Berg" in cell for row in rows for cell in row)


def test_no_other_role_gets_a_single_event(make_user, noor):
    event(make_user(Role.COACH), person=noor)
    for role in Role:
        if role != Role.PRIVACY:
            assert not audit_events_visible_to(make_user(role)).exists()


def test_the_page_shows_newest_first_with_the_bsn_masked(fg_client, make_user, noor):
    coach = make_user(Role.COACH)
    event(coach, person=noor, day=3)
    event(coach, day=5, reason="later")
    response = fg_client.get(LOG)
    events = shown(response)
    assert [e.reason for e in events if e.user == coach] == ["later", "persoonspagina bekeken"]
    html = response.content.decode()
    assert f"Berg, Noor (BSN ******{noor.bsn[-3:]})" in html
    assert noor.bsn not in html


def test_filters_by_period_user_action_and_route(fg_client, fg, make_user):
    coach, support = make_user(Role.COACH), make_user(Role.SUPPORT)
    first = event(coach, day=1)
    in_range = event(coach, day=10)
    event(coach, day=20)
    exported = event(support, AuditAction.EXPORT, day=10)
    period = {"date_from": "05-11-2026", "date_to": "10-11-2026"}

    assert shown(fg_client.get(LOG, period)) == [exported, in_range]
    assert shown(fg_client.get(LOG, {**period, "user": coach.pk})) == [in_range]
    assert shown(fg_client.get(LOG, {**period, "action": "export"})) == [exported]
    assert shown(fg_client.get(LOG, {"date_to": "01-11-2026", "route": "people:"})) == [first]


def test_a_page_is_found_by_its_name_and_only_that_page(fg_client, make_user):
    """An exact page is that page; 'cases:task' is not also 'cases:task_done'."""
    coach = make_user(Role.COACH)
    task = AuditEvent.objects.create(
        at=at(3), user=coach, action=AuditAction.CREATE, route="cases:task"
    )
    AuditEvent.objects.create(
        at=at(4), user=coach, action=AuditAction.CHANGE, route="cases:task_done"
    )
    response = fg_client.get(LOG, {"route": "cases:task"})
    assert shown(response) == [task]
    assert '<td class="utrecht-table__cell">Taak</td>' in response.content.decode()
    offered = dict(
        choice
        for _, group in response.context["form"].fields["route"].choices[1:]
        for choice in group
    )
    assert offered["cases:task"] == "Taak"
    assert offered["cases:"] == "Alle pagina's van Dossiers"


def test_a_user_of_another_region_cannot_be_chosen(fg_client, make_user, other_region):
    outsider = make_user(Role.COACH, user_region=other_region)
    response = fg_client.get(LOG, {"user": outsider.pk})
    assert response.context["page"] is None
    assert response.context["form"].errors["user"]


def test_a_search_by_bsn_keeps_the_bsn_out_of_the_url(fg_client, make_user, noor, deventer):
    coach = make_user(Role.COACH)
    looked = event(coach, person=noor)
    event(coach, person=PersonFactory(municipality=deventer))
    response = fg_client.post(LOG, {"bsn": noor.bsn, "date_from": "01-11-2026"})
    assert response.status_code == 302
    assert noor.bsn not in response["Location"]
    assert str(noor.public_id) in response["Location"]
    page = fg_client.get(response["Location"])
    assert shown(page) == [looked]
    assert fg_client.get(LOG, {"bsn": noor.bsn}).context["form"].cleaned_data["person"] is None


def test_a_bsn_of_someone_outside_the_region_is_refused_in_dutch(fg_client, doetinchem):
    elsewhere = PersonFactory(municipality=doetinchem)
    response = fg_client.post(LOG, {"bsn": elsewhere.bsn})
    assert response.status_code == 200
    assert "Er woont geen jongere met dit BSN in uw regio." in response.content.decode()


def test_the_fgs_own_search_is_audited(fg_client, fg, noor):
    fg_client.get(LOG, {"action": "view", "person": noor.public_id})
    search = AuditEvent.objects.filter(user=fg, action=AuditAction.SEARCH).get()
    assert search.reason.startswith("logboek doorzocht")
    assert "handeling view" in search.reason
    assert search.person_id == noor.pk
    assert search.route == "privacy:log"


def test_the_page_takes_the_same_number_of_queries_for_3_and_40_events(
    fg_client, make_user, deventer
):
    coach = make_user(Role.COACH)
    persons = [PersonFactory(municipality=deventer) for _ in range(3)]

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert fg_client.get(LOG, {"user": coach.pk}).status_code == 200
        return len(queries)

    for person in persons:
        event(coach, person=person)
    count()  # the first page after log-in writes the session's last activity
    few = count()
    for n in range(37):
        event(coach, person=persons[n % 3] if n % 2 else PersonFactory(municipality=deventer))
    assert count() == few


def test_the_export_is_csv_for_excel_with_formulas_defused(fg_client, make_user, noor):
    coach = make_user(Role.COACH)
    event(coach, person=noor, reason='=HYPERLINK("http://kwaad.example")')
    response = fg_client.get(EXPORT, {"user": coach.pk})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="logboek-')
    header, row = export_rows(response)
    assert header[0] == "tijdstip"
    assert row[1] == coach.username
    assert row[2] == "ingezien"
    assert row[3] == f"Berg, Noor (BSN ******{noor.bsn[-3:]})"
    assert header[4:6] == ["pagina of functie", "route"]
    assert row[4:6] == ["Gegevens van een jongere", "people:detail"]
    assert row[6] == '\'=HYPERLINK("http://kwaad.example")'


def test_every_typed_reason_comes_back_whole_from_the_export_and_never_as_a_formula(
    fg_client, make_user
):
    coach = make_user(Role.COACH)
    for cell, _ in HOSTILE_CELLS[:18]:
        event(coach, reason=cell)
    rows = export_rows(fg_client.get(EXPORT, {"user": coach.pk}))[1:]
    assert sorted(row[6] for row in rows) == sorted(back for _, back in HOSTILE_CELLS[:18])


def test_the_export_is_audited_with_its_filter(fg_client, fg, make_user):
    coach = make_user(Role.COACH)
    b"".join(fg_client.get(EXPORT, {"user": coach.pk, "date_from": "01-11-2026"}).streaming_content)
    export = AuditEvent.objects.get(user=fg, action=AuditAction.EXPORT)
    assert export.reason == f"logboek geëxporteerd (van 01-11-2026, gebruiker {coach.pk})"


def test_an_export_over_the_cap_is_refused_in_dutch(fg_client, fg, make_user, monkeypatch):
    coach = make_user(Role.COACH)
    for day in (1, 2, 3):
        event(coach, day=day)
    monkeypatch.setattr(audit_views, "EXPORT_LIMIT", 2)
    response = fg_client.get(EXPORT, {"user": coach.pk}, follow=True)
    assert "Er vallen meer dan 2 regels onder dit filter; een export heeft er hoogstens 2." in (
        response.content.decode()
    )
    assert not AuditEvent.objects.filter(user=fg, action=AuditAction.EXPORT).exists()


def test_the_pages_offer_no_way_to_change_or_delete_the_trail(fg_client, make_user, noor):
    event(make_user(Role.COACH), person=noor)
    before = list(AuditEvent.objects.values_list("pk", "reason", "at"))
    html = fg_client.get(LOG).content.decode().lower()
    # The search's list of pages names pages elsewhere ("Filter verwijderen"): not a way here.
    html = re.sub(r"<select\b.*?</select>", "", html, flags=re.S)
    assert "verwijderen" not in html
    assert "wijzigen" not in html
    assert fg_client.post(EXPORT, {"reason": "anders"}).status_code == 405
    assert fg_client.delete(LOG).status_code == 405
    after = AuditEvent.objects.values_list("pk", "reason", "at")
    assert [row for row in after if row[0] in {pk for pk, _, _ in before}] == before


@pytest.mark.parametrize("query", ["date_to=31-12-9999", "date_from=01-01-0001"])
def test_a_date_at_the_end_of_the_calendar_is_refused_in_dutch_not_a_server_error(fg_client, query):
    page = fg_client.get(LOG, QUERY_STRING=query)
    assert "Vul een datum in tussen 01-01-1900 en 31-12-9998." in page.content.decode()
    export = fg_client.get(EXPORT, QUERY_STRING=query)
    assert export.status_code == 302


def test_on_a_long_trail_the_page_counts_no_further_than_its_cap(fg_client, make_user, monkeypatch):
    coach = make_user(Role.COACH)
    for day in range(1, 6):
        event(coach, day=day, reason=f"dag {day}")
    monkeypatch.setattr(audit_views, "COUNT_LIMIT", 3)
    response = fg_client.get(LOG, {"user": coach.pk})
    html = response.content.decode()
    assert "Meer dan 3 regels (de nieuwste hieronder" in html
    assert [e.reason for e in shown(response)] == ["dag 5", "dag 4", "dag 3"]
