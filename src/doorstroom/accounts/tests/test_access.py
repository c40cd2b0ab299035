"""Every route answers every role as the permission matrix says; a new route needs a rule.

The table below is the expected answer per route and role. It is written out by hand, not
derived from roles.py, so that a change to the matrix shows up here as a failing test.
"""

import uuid

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from doorstroom.accounts.access import managed_region_ids, persons_visible_to
from doorstroom.accounts.factories import UserFactory, log_in_verified
from doorstroom.accounts.roles import Role
from doorstroom.deliveries.factories import ImportRunFactory
from doorstroom.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

CASEWORK = {Role.COACH, Role.COORDINATOR, Role.SUPPORT, Role.LEERPLICHT}
DELIVERIES = {Role.SUPPORT, Role.COORDINATOR}
EVERY_ROLE = set(Role)

# route name -> (url builder, roles that get 200; other logged-in roles get 403/404)
ROUTES = {
    "home": (lambda person, run: reverse("home"), EVERY_ROLE | {None}),
    "people:search": (lambda person, run: reverse("people:search"), CASEWORK),
    "people:detail": (
        lambda person, run: reverse("people:detail", args=[person.public_id]),
        CASEWORK,
    ),
    "deliveries:runs": (lambda person, run: reverse("deliveries:runs"), DELIVERIES),
    "deliveries:upload": (lambda person, run: reverse("deliveries:upload"), {Role.SUPPORT}),
    "deliveries:run": (lambda person, run: reverse("deliveries:run", args=[run.pk]), DELIVERIES),
    "deliveries:progress": (
        lambda person, run: reverse("deliveries:progress", args=[run.pk]),
        DELIVERIES,
    ),
    "deliveries:rejected": (
        lambda person, run: reverse("deliveries:rejected", args=[run.pk]),
        {Role.SUPPORT},
    ),
}
# Routes with their own rules: the log-in pages are public (single sign-on answers 404 while it
# is not configured), the admin has Django's own checks (tested in test_audit.py for the audit
# log), and the second log-in step is reached between password and code (test_two_factor.py).
PUBLIC_OR_ADMIN = {
    "login",
    "logout",
    "admin",
    "oidc_authentication_init",
    "oidc_authentication_callback",
}
TWO_FACTOR_STEPS = {"accounts:verify", "accounts:enrol"}
# The roles that must pass the second step, written out by hand like the table above.
TWO_FACTOR = {*CASEWORK, Role.PARTNER, Role.PRIVACY, Role.ADMIN}


def route_names() -> set[str]:
    names = set()

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    names.add("admin")
                    continue
                walk(pattern.url_patterns, f"{pattern.namespace}:" if pattern.namespace else prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(prefix + pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_route_has_a_rule():
    assert route_names() == set(ROUTES) | PUBLIC_OR_ADMIN | TWO_FACTOR_STEPS


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("role", [*Role, None])
def test_route_answers_each_role_as_the_matrix_says(client, make_user, deventer, route, role):
    person = PersonFactory(municipality=deventer)
    log_in_verified(client, make_user(role))
    build, allowed = ROUTES[route]
    response = client.get(build(person, ImportRunFactory(area=deventer.region)))
    if role in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code in (403, 404)


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("role", [*Role, None])
def test_without_the_second_step_every_role_that_needs_it_is_sent_to_it(
    client, make_user, deventer, route, role
):
    person = PersonFactory(municipality=deventer, surname="Verborgen")
    client.force_login(make_user(role))  # the password step only
    build, allowed = ROUTES[route]
    response = client.get(build(person, ImportRunFactory(area=deventer.region)))
    if role in TWO_FACTOR:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:verify"))
        assert person.bsn not in response["Location"]
        assert b"Verborgen" not in response.content
    elif role in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code in (403, 404)


def test_superuser_needs_the_second_step_too(client, deventer):
    person = PersonFactory(municipality=deventer)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for url in (reverse("people:detail", args=[person.public_id]), reverse("admin:index")):
        assert client.get(url)["Location"].startswith(reverse("accounts:verify"))


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_anonymous_is_sent_to_the_login_page(client, deventer, route):
    person = PersonFactory(municipality=deventer)
    response = client.get(ROUTES[route][0](person, ImportRunFactory(area=deventer.region)))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", sorted(CASEWORK))
def test_other_region_gets_404_for_every_person_route(
    client, make_user, other_region, deventer, role
):
    person = PersonFactory(municipality=deventer)
    log_in_verified(client, make_user(role, user_region=other_region))
    assert client.get(reverse("people:detail", args=[person.public_id])).status_code == 404


def test_guessed_person_ids_are_not_found(coach_client):
    response = coach_client.get(reverse("people:detail", args=[uuid.uuid4()]))
    assert response.status_code == 404


def test_inactive_user_sees_nothing(client, make_user, deventer):
    user = make_user(Role.COACH, is_active=False)
    log_in_verified(client, user)
    person = PersonFactory(municipality=deventer)
    assert client.get(reverse("people:detail", args=[person.public_id])).status_code != 200


def test_functioneel_beheerder_may_have_extra_regions_but_a_coach_not(make_user, other_region):
    admin = make_user(Role.ADMIN)
    admin.extra_regions.add(other_region)
    coach = make_user(Role.COACH)
    coach.extra_regions.add(other_region)
    assert managed_region_ids(admin) == {admin.region_id, other_region.pk}
    assert managed_region_ids(coach) == {coach.region_id}


def test_extra_regions_never_show_persons_even_with_a_casework_role(make_user, doetinchem):
    PersonFactory(municipality=doetinchem)
    user = make_user(Role.ADMIN)
    user.groups.add(Group.objects.get_or_create(name=Role.COACH)[0])
    user.extra_regions.add(doetinchem.region)
    user = type(user).objects.get(pk=user.pk)
    assert list(persons_visible_to(user)) == []
