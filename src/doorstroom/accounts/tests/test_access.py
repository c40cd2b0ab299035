"""Every route answers every role as the permission matrix says; a new route needs a rule.

The table below is the expected answer per route and role. It is written out by hand, not
derived from roles.py, so that a change to the matrix shows up here as a failing test.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from doorstroom import dates
from doorstroom.accounts import access
from doorstroom.accounts.access import managed_region_ids, persons_visible_to
from doorstroom.accounts.factories import UserFactory, log_in_verified
from doorstroom.accounts.roles import Action, Role
from doorstroom.accounts.tests.case_world import case_world, leerplicht_world, shared_world
from doorstroom.api.models import UserAPIKey
from doorstroom.deliveries.factories import ImportRunFactory
from doorstroom.people.bsn import reserved_test_bsns
from doorstroom.people.factories import ExemptionFactory, PersonFactory, born_years_ago
from doorstroom.people.models import Person
from doorstroom.regions.factories import RegionFactory
from doorstroom.regions.models import Municipality, Region
from doorstroom.signals.factories import ReportFactory, SignalFactory
from doorstroom.signals.models import SavedFilter

pytestmark = pytest.mark.django_db

CASEWORK = {Role.COACH, Role.COORDINATOR, Role.SUPPORT, Role.LEERPLICHT}
DELIVERIES = {Role.SUPPORT, Role.COORDINATOR}
EVERY_ROLE = set(Role)
# The world's signal is at the Doorstroompunt desk: the leerplicht desk does not see it.
DOORSTROOMPUNT_DESK = {Role.COACH, Role.COORDINATOR, Role.SUPPORT}
REPORTERS = {Role.PARTNER, Role.SUPPORT}
# Cases: the caseworkers' own lists; changing a Doorstroompunt case is for its coach and the
# coordinator (the leerplichtambtenaar works the leerplicht desk only).
CASEWORKERS = {Role.COACH, Role.COORDINATOR, Role.LEERPLICHT}
CASELOADS = {Role.COORDINATOR, Role.LEERPLICHT}
DP_WORKERS = {Role.COACH, Role.COORDINATOR}


class World:
    """One of everything a route can show, in the user's region, made when a route asks for
    it; the melding and the saved filter belong to the user who asks, and so does the
    Doorstroompunt case (its coach is the user)."""

    def __init__(self, user, municipality) -> None:
        self.user, self.municipality = user, municipality

    @cached_property
    def person(self):
        return PersonFactory(municipality=self.municipality)

    @cached_property
    def run(self):
        return ImportRunFactory(area=self.municipality.region)

    @cached_property
    def signal(self):
        return SignalFactory(person=self.person)

    @cached_property
    def report(self):
        return ReportFactory(person=self.person, reported_by=self.user)

    @cached_property
    def saved(self):
        return SavedFilter.objects.create(
            user=self.user, name="mijn filter", query="kind=nieuwe_vsv"
        )

    @cached_property
    def exemption(self):
        return ExemptionFactory(person=self.person)

    @cached_property
    def case(self):
        return case_world(self.person, self.user, self.signal)

    @cached_property
    def lp_case(self):
        return leerplicht_world(self.municipality)

    @cached_property
    def shared(self):
        """A referral shared today with the organisation the user works for."""
        return shared_world(self.municipality, self.user)


def world(user, municipality) -> World:
    return World(user, municipality)


@dataclass
class Rule:
    url: Callable[[World], str]
    allowed: set
    method: str = "get"
    success: int = 200
    """A POST route answers an allowed role with a redirect after doing its work, a download
    with the file."""


def get(url, allowed) -> Rule:
    return Rule(url, allowed)


def post(url, allowed) -> Rule:
    return Rule(url, allowed, "post", 302)


def download(url, allowed) -> Rule:
    """A POST whose answer is a file, because making it changes something."""
    return Rule(url, allowed, "post", 200)


# route name -> the rule: which roles get 200 (a redirect for POST, the file for a download);
# other logged-in roles get 403 or 404.
ROUTES = {
    "home": get(lambda w: reverse("home"), EVERY_ROLE | {None}),
    "people:search": get(lambda w: reverse("people:search"), CASEWORK),
    "people:detail": get(lambda w: reverse("people:detail", args=[w.person.public_id]), CASEWORK),
    "people:exemption_new": get(
        lambda w: reverse("people:exemption_new", args=[w.person.public_id]),
        {Role.LEERPLICHT, Role.SUPPORT},
    ),
    "people:exemption_end": get(
        lambda w: reverse("people:exemption_end", args=[w.person.public_id, w.exemption.pk]),
        {Role.LEERPLICHT, Role.SUPPORT},
    ),
    "people:export_json": get(
        lambda w: reverse("people:export_json", args=[w.person.public_id]),
        {Role.SUPPORT, Role.COORDINATOR},
    ),
    "people:export_pdf": get(
        lambda w: reverse("people:export_pdf", args=[w.person.public_id]),
        {Role.SUPPORT, Role.COORDINATOR},
    ),
    "people:rectify": get(
        lambda w: reverse("people:rectify", args=[w.person.public_id]), {Role.SUPPORT}
    ),
    "deliveries:runs": get(lambda w: reverse("deliveries:runs"), DELIVERIES),
    "deliveries:upload": get(lambda w: reverse("deliveries:upload"), {Role.SUPPORT}),
    "deliveries:run": get(lambda w: reverse("deliveries:run", args=[w.run.pk]), DELIVERIES),
    "deliveries:progress": get(
        lambda w: reverse("deliveries:progress", args=[w.run.pk]), DELIVERIES
    ),
    "deliveries:rejected": get(
        lambda w: reverse("deliveries:rejected", args=[w.run.pk]), {Role.SUPPORT}
    ),
    "signals:queue": get(lambda w: reverse("signals:queue"), CASEWORK),
    "signals:detail": get(
        lambda w: reverse("signals:detail", args=[w.signal.public_id]), DOORSTROOMPUNT_DESK
    ),
    "signals:take_up": post(
        lambda w: reverse("signals:take_up", args=[w.signal.public_id]),
        {Role.COACH, Role.COORDINATOR},
    ),
    "signals:close": post(
        lambda w: reverse("signals:close", args=[w.signal.public_id]),
        {Role.COACH, Role.COORDINATOR},
    ),
    "signals:assign": post(
        lambda w: reverse("signals:assign"), {Role.COORDINATOR, Role.LEERPLICHT}
    ),
    "signals:run": post(lambda w: reverse("signals:run"), {Role.COORDINATOR, Role.SUPPORT}),
    "signals:save_filter": post(lambda w: reverse("signals:save_filter"), CASEWORK),
    "signals:delete_filter": post(
        lambda w: reverse("signals:delete_filter", args=[w.saved.pk]), CASEWORK
    ),
    "reports:list": get(lambda w: reverse("reports:list"), REPORTERS),
    "reports:new": get(lambda w: reverse("reports:new"), REPORTERS),
    "reports:detail": get(
        lambda w: reverse("reports:detail", args=[w.report.report_number]), REPORTERS
    ),
    "cases:mine": get(lambda w: reverse("cases:mine"), CASEWORKERS),
    "cases:caseloads": get(lambda w: reverse("cases:caseloads"), CASELOADS),
    "cases:report_status": get(
        lambda w: reverse("cases:report_status"), {Role.LEERPLICHT, Role.SUPPORT}
    ),
    "cases:status_export": download(
        lambda w: reverse("cases:status_export"), {Role.LEERPLICHT, Role.SUPPORT}
    ),
    "cases:detail": get(
        lambda w: reverse("cases:detail", args=[w.case.public_id]), DOORSTROOMPUNT_DESK
    ),
    "cases:assign": post(
        lambda w: reverse("cases:assign", args=[w.case.public_id]), {Role.COORDINATOR}
    ),
    "cases:document": get(
        lambda w: reverse("cases:document", args=[w.case.public_id, w.case.documents.get().pk]),
        DOORSTROOMPUNT_DESK,
    ),
    # Letters and documents: the case's workers and the ondersteuner ('letters').
    "cases:letter": get(
        lambda w: reverse("cases:letter", args=[w.case.public_id]), DOORSTROOMPUNT_DESK
    ),
    "cases:upload": get(
        lambda w: reverse("cases:upload", args=[w.case.public_id]), DOORSTROOMPUNT_DESK
    ),
    "cases:goal_achieved": post(
        lambda w: reverse("cases:goal_achieved", args=[w.case.public_id, w.case.goal.pk]),
        DP_WORKERS,
    ),
    "cases:withdraw_consent": post(
        lambda w: reverse(
            "cases:withdraw_consent", args=[w.case.public_id, w.case.consents.get().pk]
        ),
        DP_WORKERS,
    ),
    "cases:task_done": post(
        lambda w: reverse("cases:task_done", args=[w.case.public_id, w.case.tasks.get().pk]),
        DP_WORKERS,
    ),
    **{
        f"cases:{name}": get(
            lambda w, name=name: reverse(f"cases:{name}", args=[w.case.public_id]), DP_WORKERS
        )
        for name in (
            "state",
            "contact_attempt",
            "note",
            "intake",
            "consent",
            "plan",
            "task",
            "referral",
            "close",
        )
    },
    "cases:referral_status": get(
        lambda w: reverse(
            "cases:referral_status", args=[w.case.public_id, w.case.referrals.get().pk]
        ),
        DP_WORKERS,
    ),
    "cases:follow_up": get(
        lambda w: reverse("cases:follow_up", args=[w.case.public_id, w.case.follow_ups.first().pk]),
        DP_WORKERS,
    ),
    **{
        f"cases:{name}": get(
            lambda w, name=name: reverse(f"cases:{name}", args=[w.lp_case.public_id]),
            {Role.LEERPLICHT},
        )
        for name in ("hearing", "mas", "halt", "official_report", "care_report")
    },
    "cases:halt_outcome": get(
        lambda w: reverse(
            "cases:halt_outcome", args=[w.lp_case.public_id, w.lp_case.halt_referrals.get().pk]
        ),
        {Role.LEERPLICHT},
    ),
    "cases:official_report_sent": get(
        lambda w: reverse(
            "cases:official_report_sent", args=[w.lp_case.public_id, w.lp_case.pv.pk]
        ),
        {Role.LEERPLICHT},
    ),
    "cases:official_report_outcome": get(
        lambda w: reverse(
            "cases:official_report_outcome", args=[w.lp_case.public_id, w.lp_case.pv.pk]
        ),
        {Role.LEERPLICHT},
    ),
    "cases:close_report": get(
        lambda w: reverse("cases:close_report", args=[w.lp_case.public_id, w.lp_case.report.pk]),
        {Role.LEERPLICHT},
    ),
    # What was shared with a ketenpartner: its own accounts only, while the sharing lasts.
    "partners:shared": get(lambda w: (w.shared, reverse("partners:shared"))[1], {Role.PARTNER}),
    "partners:shared_detail": get(
        lambda w: reverse("partners:shared_detail", args=[w.shared.public_id]), {Role.PARTNER}
    ),
    "privacy:log": get(lambda w: reverse("privacy:log"), {Role.PRIVACY}),
    "privacy:export": get(lambda w: reverse("privacy:export"), {Role.PRIVACY}),
    "retention:runs": get(lambda w: reverse("retention:runs"), {Role.PRIVACY, Role.ADMIN}),
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


# The API (api/, docs/api.md): machine clients with a key of their account, no session and no
# second step. Allowed roles answer 200 (201 for a new melding); other roles with a key get
# 403, and a call without a key 401. The document itself is public.
API_USERS = {Role.PARTNER}


@dataclass
class ApiRule:
    url: Callable[[World], str]
    allowed: set
    method: str = "get"
    body: Callable[[World], dict] | None = None

    @property
    def success(self) -> int:
        return 201 if self.method == "post" else 200


def new_melding(w: World) -> dict:
    return {
        "soortMelding": "zorg",
        "bsn": next(reserved_test_bsns(80_000)),
        "voornamen": "Sam",
        "achternaam": "de Wit",
        "geboortedatum": born_years_ago(19).isoformat(),
        "woongemeente": w.municipality.code,
        "datum": dates.today().isoformat(),
        "contactpersoon": "mevrouw Jansen, 0570-123456",
    }


API_ROUTES = {
    "api:openapi": [ApiRule(lambda w: reverse("api:openapi"), EVERY_ROLE | {None})],
    "api:meldingen": [
        ApiRule(lambda w: reverse("api:meldingen"), API_USERS),
        ApiRule(lambda w: reverse("api:meldingen"), API_USERS, "post", new_melding),
    ],
    "api:melding": [
        ApiRule(lambda w: reverse("api:melding", args=[w.report.report_number]), API_USERS)
    ],
}
API_CALLS = [(name, i) for name, rules in sorted(API_ROUTES.items()) for i in range(len(rules))]


def call_api(client, rule: ApiRule, w: World):
    if rule.method == "post":
        return client.post(rule.url(w), rule.body(w), content_type="application/json")
    return client.get(rule.url(w))


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


UNKNOWN_API_ADDRESSES = {"api:unknown"}
"""The API's answer to whatever address under /api/v1/ it does not have (for the roles that
may use the API; the others get its 403 first)."""


def test_every_route_has_a_rule():
    assert route_names() == (
        set(ROUTES) | set(API_ROUTES) | PUBLIC_OR_ADMIN | TWO_FACTOR_STEPS | UNKNOWN_API_ADDRESSES
    )


@pytest.mark.parametrize("role", [*Role, None])
def test_an_address_the_api_does_not_have_is_404_for_those_who_may_use_it(make_user, role):
    _, key = UserAPIKey.objects.create_key(user=make_user(role), name="test")
    response = Client(HTTP_AUTHORIZATION=f"Api-Key {key}").get("/api/v1/bestaat-niet")
    assert response.status_code == (404 if role in API_USERS else 403)
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(("route", "index"), API_CALLS)
@pytest.mark.parametrize("role", [*Role, None])
def test_api_route_answers_each_role_with_a_key_as_the_matrix_says(
    make_user, deventer, route, index, role
):
    user = make_user(role)
    _, key = UserAPIKey.objects.create_key(user=user, name="test")  # not full_clean: any role
    client = Client(HTTP_AUTHORIZATION=f"Api-Key {key}")
    rule = API_ROUTES[route][index]
    response = call_api(client, rule, world(user, deventer))
    if role in rule.allowed:
        assert response.status_code == rule.success
    else:
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(("route", "index"), API_CALLS)
@pytest.mark.parametrize("role", [*Role, None])
def test_api_route_without_a_key_is_401_even_for_a_logged_in_session(
    client, make_user, deventer, route, index, role
):
    """Every role logged in on the web pages (both steps), and anonymous (no session)."""
    user = make_user(role)
    if role is not None:
        log_in_verified(client, user)
    rule = API_ROUTES[route][index]
    response = call_api(client, rule, world(user, deventer))
    if None in rule.allowed:
        assert response.status_code == rule.success
    else:
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(("route", "index"), API_CALLS)
def test_api_route_finds_nothing_of_another_region(make_user, deventer, other_region, route, index):
    """A school of another region, with its own key, asks for this region's melding."""
    here = world(make_user(Role.PARTNER), deventer)
    number = here.report.report_number
    stranger = make_user(Role.PARTNER, user_region=other_region)
    _, key = UserAPIKey.objects.create_key(user=stranger, name="test")
    client = Client(HTTP_AUTHORIZATION=f"Api-Key {key}")
    rule = API_ROUTES[route][index]
    response = call_api(client, rule, here)
    if route == "api:melding":
        assert response.status_code == 404
    else:
        assert response.status_code == rule.success
    assert number not in response.content.decode()
    assert here.person.bsn not in response.content.decode()


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("role", [*Role, None])
def test_route_answers_each_role_as_the_matrix_says(client, make_user, deventer, route, role):
    user = make_user(role)
    log_in_verified(client, user)
    rule = ROUTES[route]
    response = getattr(client, rule.method)(rule.url(world(user, deventer)))
    if role in rule.allowed:
        assert response.status_code == rule.success
    else:
        assert response.status_code in (403, 404)


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("role", [*Role, None])
def test_without_the_second_step_every_role_that_needs_it_is_sent_to_it(
    client, make_user, deventer, route, role
):
    user = make_user(role)
    client.force_login(user)  # the password step only
    rule = ROUTES[route]
    w = world(user, deventer)
    Person.objects.filter(pk=w.person.pk).update(surname="Verborgen")
    response = getattr(client, rule.method)(rule.url(w))
    if role in TWO_FACTOR:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:verify"))
        assert w.person.bsn not in response["Location"]
        assert b"Verborgen" not in response.content
    elif role in rule.allowed:
        assert response.status_code == rule.success
    else:
        assert response.status_code in (403, 404)


def test_superuser_needs_the_second_step_too(client, deventer):
    person = PersonFactory(municipality=deventer)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for url in (reverse("people:detail", args=[person.public_id]), reverse("admin:index")):
        assert client.get(url)["Location"].startswith(reverse("accounts:verify"))


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_anonymous_is_sent_to_the_login_page(client, make_user, deventer, route):
    rule = ROUTES[route]
    response = getattr(client, rule.method)(rule.url(world(make_user(Role.PARTNER), deventer)))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("route", sorted(r for r in ROUTES if ROUTES[r].method == "post"))
def test_a_get_on_a_post_route_changes_nothing(client, make_user, deventer, route):
    user = make_user(Role.COORDINATOR)
    log_in_verified(client, user)
    assert client.get(ROUTES[route].url(world(user, deventer))).status_code == 405


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


def test_a_beheerder_manages_the_own_and_extra_regions_and_a_superuser_every_one(
    make_user, region, other_region, doetinchem, deventer
):
    third = RegionFactory(code="RMC13", name="Twente")
    beheerder = make_user(Role.ADMIN)
    assert set(access.managed_regions(beheerder)) == {region}
    beheerder.extra_regions.add(other_region)
    assert set(access.managed_regions(beheerder)) == {region, other_region}
    superuser = UserFactory(is_superuser=True, region=None)
    assert set(access.managed_regions(superuser)) == {region, other_region, third}
    assert not access.managed_regions(UserFactory(is_superuser=True, is_active=False)).exists()
    everywhere = Municipality.objects.all()
    assert set(access.managed_records(make_user(Role.ADMIN), everywhere)) == {deventer}
    assert set(access.managed_records(superuser, everywhere)) == {deventer, doetinchem}
    regions = Region.objects.all()
    assert set(access.managed_records(beheerder, regions, "pk")) == {region, other_region}


def test_api_keys_go_to_the_active_api_accounts_of_the_managed_regions_only(
    make_user, other_region
):
    beheerder = make_user(Role.ADMIN)
    school = make_user(Role.PARTNER)
    make_user(Role.PARTNER, is_active=False)
    make_user(Role.COACH)
    elsewhere = make_user(Role.PARTNER, user_region=other_region)
    assert list(access.api_key_holders(beheerder)) == [school]
    assert all(access.can(holder, Action.USE_API) for holder in access.api_key_holders(beheerder))
    superuser = UserFactory(is_superuser=True, region=None)
    assert set(access.api_key_holders(superuser)) == {school, elsewhere}


def _names_a_record(route: str) -> bool:
    """Whether the route's address has a part that names a record (an id, a number)."""
    resolver = get_resolver()
    *namespaces, name = route.split(":")
    for namespace in namespaces:
        resolver = resolver.namespace_dict[namespace][1]
    return any(converters for *_, converters in resolver.reverse_dict.getlist(name))


ID_ROUTES = sorted(name for name in ROUTES if _names_a_record(name))


@pytest.mark.parametrize("route", ID_ROUTES)
def test_every_address_with_an_id_of_another_regions_record_is_not_found(
    client, make_user, deventer, other_region, route
):
    rule = ROUTES[route]
    role = min(role for role in rule.allowed if role is not None)
    here = world(make_user(role), deventer)
    url = rule.url(here)
    assert resolve(url.split("?")[0]).kwargs, "a route without an id: leave it out"
    stranger = make_user(role, user_region=other_region)
    log_in_verified(client, stranger)
    assert getattr(client, rule.method)(url).status_code in (403, 404), url


LONG = "x" * 6000
HOSTILE_QUERIES = [
    {"pagina": "-1", "toon": LONG, "begeleider": "-1"},
    {"pagina": str(10**30), "begeleider": str(10**30), "user": str(10**30), "person": LONG},
    # every filter and search field of every list page at once, overlong or odd
    {name: LONG for name in ("kind", "status", "desk", "sort", "action", "route", "bsn",
                             "surname", "date_of_birth", "date_from", "date_to")}
    | {"pagina": "\x00", "municipality": "'; --", "assigned": "\u202e", "overdue": LONG},
]  # fmt: skip


@pytest.mark.parametrize("route", sorted(r for r in ROUTES if ROUTES[r].method == "get"))
def test_every_page_takes_any_query_string_without_a_server_error(
    client, make_user, deventer, route
):
    rule = ROUTES[route]
    user = make_user(min(role for role in rule.allowed if role is not None))
    log_in_verified(client, user)
    url = rule.url(world(user, deventer))
    for query in HOSTILE_QUERIES:
        assert client.get(url, query).status_code < 500, query
