"""Hostile input for the API (issue 5, item 8): schemathesis generates requests from our own
OpenAPI document, valid and invalid, and sends them in-process to the WSGI application on
the real test database, with a working key so that they reach the handlers. Bounded: a
fixed number of examples per operation, no shrinking; the whole file takes seconds.

Every answer must be no server error, a status, content type, headers and body that the
document declares, and a refusal for what the document does not allow; a refused request
stores nothing."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from doorstroom.accounts.models import AuditEvent
from doorstroom.api.schema import document
from doorstroom.api.tests.conftest import key_for
from doorstroom.deliveries.models import Report
from doorstroom.people.factories import PersonFactory
from doorstroom.people.models import Person
from doorstroom.signals.factories import ReportFactory

pytestmark = pytest.mark.django_db

SCHEMA = schemathesis.openapi.from_dict(json.loads(document()))
# The WSGI application as gunicorn serves it, without doorstroom.wsgi's retention thread.
SCHEMA.app = get_wsgi_application()
# The key is ours to send (below); the test without a key removes it.
SCHEMA.config.generation.update(modes=["positive", "negative"], with_security_parameters=False)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
"""positive_data_acceptance is left out on purpose: a document cannot say the elfproef, so a
BSN of 9 digits that fails it is valid by the document and rightly refused by the API."""
BOUNDED = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    phases=["explicit", "generate"],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def one_connection_for_the_whole_test():
    """The real handler closes the database connection after each request, which would end
    the test's transaction on PostgreSQL; Django's own test client does the same as this."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def caller(school, deventer, make_user, other_region, settings):
    """The school with a key and a few meldingen of its own; another school's and another
    region's meldingen beside them."""
    settings.API_THROTTLE_RATE = "100000/min"  # the throttle has its own test
    person = PersonFactory(municipality=deventer)
    for _ in range(3):
        ReportFactory(person=person, reported_by=school)
    ReportFactory(person=person, reported_by=make_user(school.groups.get().name))
    ReportFactory(reported_by=make_user(school.groups.get().name, user_region=other_region))
    return {"Authorization": f"Api-Key {key_for(school)}"}


@SCHEMA.parametrize()
@BOUNDED
def test_every_generated_request_gets_a_declared_answer_and_no_server_error(case, caller):
    before = (Report.objects.count(), Person.objects.count())
    response = case.call(headers=caller)
    case.validate_response(response, checks=CHECKS)
    if response.status_code >= 400:
        assert (Report.objects.count(), Person.objects.count()) == before


@SCHEMA.parametrize()
@settings(BOUNDED, max_examples=15)
def test_without_a_key_every_request_is_refused_and_nothing_is_stored(case, db):
    case.headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
    before = (Report.objects.count(), AuditEvent.objects.filter(person_id__isnull=False).count())
    response = case.call()
    case.validate_response(response, checks=CHECKS[:5])
    assert response.status_code == 401
    assert (
        Report.objects.count(),
        AuditEvent.objects.filter(person_id__isnull=False).count(),
    ) == before
