"""A HEAD request answers without a body, so it reads nobody's data: it writes no audit row
(the reads are logged because they show a person, `audit.record`), and it gets the same
answer as a GET would, a 403 or a 404 too. Every GET route of the route table, pages and
API, with a role it lets in and one it refuses (the rule is one line in `audit.record`, the
same for every role): a new route is covered by being in that table."""

import pytest
from django.test import Client
from django.urls import resolve, reverse

from doorstroom import routes
from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.accounts.roles import Role
from doorstroom.accounts.tests.test_access import API_ROUTES, ROUTES, world
from doorstroom.api.models import UserAPIKey
from doorstroom.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def let_in_and_refused(allowed: set) -> list:
    """A role the route lets in and one it refuses (a user without a role where every role may)."""
    refused = sorted(set(Role) - allowed) or [None]
    return [min(role for role in allowed if role is not None), refused[0]]


PAGES = [
    (route, role)
    for route, rule in sorted(ROUTES.items())
    if rule.method == "get"
    for role in let_in_and_refused(rule.allowed)
]
API_READS = [
    (route, i, role)
    for route, rules in sorted(API_ROUTES.items())
    for i, rule in enumerate(rules)
    if rule.method == "get"
    for role in let_in_and_refused(rule.allowed)
]


def takes_head(url: str) -> bool:
    """A download says it takes no HEAD (routes.methods): the middleware's 405 first."""
    return "HEAD" in routes.allowed_methods(resolve(url.split("?")[0]).func)


@pytest.mark.parametrize(("route", "role"), PAGES)
def test_a_head_logs_no_read_and_answers_as_the_get_would(client, make_user, deventer, route, role):
    user = make_user(role)
    log_in_verified(client, user)
    url = ROUTES[route].url(world(user, deventer))
    logged = AuditEvent.objects.count()
    head = client.head(url)
    assert AuditEvent.objects.count() == logged
    get = client.get(url)
    if not takes_head(url):
        assert head.status_code == 405
        return
    # what a link checker or a client reads from a HEAD: the GET's status, type and length
    assert head.status_code == get.status_code
    assert dict(head.headers) == dict(get.headers)


@pytest.mark.parametrize(("route", "index", "role"), API_READS)
def test_a_head_on_the_api_logs_no_read_and_answers_as_the_get_would(
    make_user, deventer, route, index, role
):
    user = make_user(role)
    _, key = UserAPIKey.objects.create_key(user=user, name="test")
    client = Client(HTTP_AUTHORIZATION=f"Api-Key {key}")
    url = API_ROUTES[route][index].url(world(user, deventer))
    logged = AuditEvent.objects.count()
    head = client.head(url)
    assert AuditEvent.objects.count() == logged
    get = client.get(url)
    assert head.status_code == get.status_code
    assert dict(head.headers) == dict(get.headers)


def test_the_get_of_a_person_page_is_logged_and_its_head_not(coach_client, deventer):
    """The rule on one page: the GET's read row is there, the HEAD's is not."""
    url = reverse("people:detail", args=[PersonFactory(municipality=deventer).public_id])
    assert coach_client.head(url).status_code == 200
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()
    assert coach_client.get(url).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == 1
