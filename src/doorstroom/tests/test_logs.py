"""What the log says of a refused access (403, or 404 for data outside the user's scope) and
of any other error status: one line with the user's id and the route, no personal data (the
address holds ids), a 4xx without traceback, because the auditors read these lines
(logs.ErrorsByRoute on `django.request` and `django.security.csrf`); and of a
request too big to read (logs.SuspiciousWithoutTraceback)."""

import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.roles import Role
from doorstroom.api.tests.conftest import client_with, key_for
from doorstroom.logs import ErrorsByRoute
from doorstroom.people.factories import PersonFactory
from doorstroom.signals.factories import ReportFactory
from doorstroom.tests.console import console_output

pytestmark = pytest.mark.django_db


def lines(written: str) -> list[str]:
    return [line for line in written.splitlines() if line.strip()]


def test_a_403_is_one_warning_with_user_and_route_and_no_traceback(
    client, make_user, deventer, caplog
):
    person = PersonFactory(municipality=deventer)
    policy = make_user(Role.POLICY)  # aggregates only: never a person
    log_in_verified(client, policy)
    address = reverse("people:detail", args=[person.public_id])
    with caplog.at_level(logging.WARNING, logger="django.request"):
        written = console_output(lambda: setattr(client, "answer", client.get(address)))
    assert client.answer.status_code == 403
    assert lines(written) == [
        f"Toegang geweigerd (403): gebruiker {policy.pk}, GET /jongeren/<uuid:public_id>/"
    ]
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert (record.levelno, record.exc_info) == (logging.WARNING, None)
    assert str(person.public_id) not in written and person.surname not in written


def test_a_404_for_a_person_of_another_region_names_the_user_and_route_not_the_id(
    client, make_user, other_region, deventer
):
    person = PersonFactory(municipality=deventer)
    stranger = make_user(Role.COACH, user_region=other_region)
    log_in_verified(client, stranger)
    address = reverse("people:detail", args=[person.public_id])
    written = console_output(lambda: setattr(client, "answer", client.get(address)))
    assert client.answer.status_code == 404
    assert lines(written) == [
        f"Niet gevonden of geen toegang (404): gebruiker {stranger.pk}, "
        "GET /jongeren/<uuid:public_id>/"
    ]
    assert str(person.public_id) not in written


def test_an_address_without_a_route_is_logged_without_the_address(coach_client, coach):
    written = console_output(lambda: coach_client.get("/jongeren/999990019/bestaat-niet/"))
    assert lines(written) == [
        f"Niet gevonden of geen toegang (404): gebruiker {coach.pk}, GET (geen route)"
    ]


def test_the_apis_refusals_are_logged_the_same_way(make_user, school_with_key):
    school, api = school_with_key
    other = make_user(Role.PARTNER)
    theirs = ReportFactory(reported_by=other)
    written = console_output(lambda: api.get(f"/api/v1/meldingen/{theirs.report_number}"))
    assert lines(written) == [
        f"Niet gevonden of geen toegang (404): gebruiker {school.pk}, "
        "GET /api/v1/meldingen/<path:meldingnummer>"
    ]
    assert theirs.report_number not in written
    school.groups.clear()  # its role taken away: the key stays, the account may not report
    written = console_output(lambda: api.get("/api/v1/meldingen"))
    assert lines(written) == [
        f"Toegang geweigerd (403): gebruiker {school.pk}, GET /api/v1/meldingen"
    ]


def test_a_wrong_method_on_a_persons_page_names_the_route_not_the_id(coach_client, coach, deventer):
    person = PersonFactory(municipality=deventer)
    address = reverse("people:detail", args=[person.public_id])
    written = console_output(lambda: setattr(coach_client, "answer", coach_client.put(address)))
    assert coach_client.answer.status_code == 405
    assert lines(written) == [
        f"Methode niet toegestaan (405): gebruiker {coach.pk}, PUT /jongeren/<uuid:public_id>/"
    ]


def test_a_form_without_its_token_names_the_route_and_the_reason_not_the_id(coach, deventer):
    person = PersonFactory(municipality=deventer)
    browser = Client(enforce_csrf_checks=True)
    log_in_verified(browser, coach)
    address = reverse("people:exemption_new", args=[person.public_id])
    written = console_output(lambda: setattr(browser, "answer", browser.post(address, {})))
    assert browser.answer.status_code == 403
    assert lines(written) == [
        f"Toegang geweigerd (403, CSRF cookie not set.): gebruiker {coach.pk}, "
        "POST /jongeren/<uuid:public_id>/vrijstelling/"
    ]


@pytest.mark.parametrize("header", ["referer", "origin"])
def test_the_address_a_csrf_refusal_quotes_is_logged_as_its_origin_only(coach, deventer, header):
    """Django's reason quotes the Referer (or Origin) as sent, path and query too: one of our
    own pages behind a proxy that is not among the trusted origins wrote every form's page,
    with the person's id, to the log."""
    person = PersonFactory(municipality=deventer)
    browser = Client(enforce_csrf_checks=True)
    log_in_verified(browser, coach)
    address = reverse("people:exemption_new", args=[person.public_id])
    sent = {header: f"https://elders.example:8443{address}?bsn=999990019"}
    written = console_output(
        lambda: setattr(browser, "answer", browser.post(address, {}, secure=True, headers=sent))
    )
    assert browser.answer.status_code == 403
    assert lines(written) == [
        f"Toegang geweigerd (403, {header.capitalize()} checking failed - "
        "https://elders.example:8443 does not match any trusted origins.): "
        f"gebruiker {coach.pk}, POST /jongeren/<uuid:public_id>/vrijstelling/"
    ]


def test_a_bsn_typed_as_a_meldingnummer_stays_out_of_the_log(school_with_key):
    school, api = school_with_key
    written = console_output(lambda: setattr(api, "answer", api.get("/api/v1/meldingen/999990019")))
    assert api.answer.status_code == 400
    assert lines(written) == [
        f"Verzoek niet te verwerken (400): gebruiker {school.pk}, "
        "GET /api/v1/meldingen/<path:meldingnummer>"
    ]


def test_a_refusal_of_someone_not_logged_in_says_anonymous(rf):
    request = rf.get("/bestaat-niet/")
    request.user = AnonymousUser()
    request.resolver_match = None
    record = logging.LogRecord(
        "django.request", logging.WARNING, "", 0, "Forbidden: %s", ("/x",), None
    )
    record.status_code, record.request = 403, request
    assert ErrorsByRoute().filter(record)
    assert record.getMessage() == "Toegang geweigerd (403): gebruiker anoniem, GET (geen route)"


def test_a_form_too_big_to_read_is_one_warning_without_traceback(client, make_user, settings):
    partner = make_user(Role.PARTNER)
    log_in_verified(client, partner)
    body = {"explanation": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    written = console_output(
        lambda: setattr(client, "answer", client.post(reverse("reports:new"), body))
    )
    assert client.answer.status_code == 413
    assert lines(written) == [
        f"Verzoek niet gelezen (RequestDataTooBig): gebruiker {partner.pk}, POST /meldingen/nieuw/"
    ]


@pytest.fixture
def school_with_key(make_user):
    school = make_user(Role.PARTNER)
    return school, client_with(key_for(school))
