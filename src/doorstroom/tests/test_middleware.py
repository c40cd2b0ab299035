"""Every answer is kept out of caches unless its view says otherwise, static files apart;
a bare 405 becomes the site's page in Dutch. Over the route table of test_access.py, so
that a new route is checked without being listed here."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.accounts.roles import Role
from doorstroom.accounts.tests.test_access import API_ROUTES, ROUTES, call_api, world
from doorstroom.api.models import UserAPIKey
from doorstroom.cases.models import Document
from doorstroom.deliveries.models import ImportRun
from doorstroom.people.factories import PersonFactory
from doorstroom.regions.loading import DEMO_FILES, load_reference_data
from doorstroom.regions.models import Region
from doorstroom.routes import ENVELOPE, MB

pytestmark = pytest.mark.django_db


def allowed_role(allowed: set) -> Role | None:
    return min((role for role in allowed if role is not None), default=None)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_every_page_and_download_is_no_store(client, make_user, deventer, route):
    rule = ROUTES[route]
    user = make_user(allowed_role(rule.allowed))
    log_in_verified(client, user)
    response = getattr(client, rule.method)(rule.url(world(user, deventer)))
    assert response.status_code == rule.success
    assert "no-store" in response["Cache-Control"]


def test_a_page_without_its_own_rule_is_no_store_and_private(coach_client):
    assert coach_client.get(reverse("people:search"))["Cache-Control"] == "no-store, private"


@pytest.mark.parametrize("url", ["/inloggen/", "/bestaat-niet/", "/signalen/"])
def test_the_log_in_page_and_what_an_anonymous_visitor_gets_is_no_store(client, url):
    assert "no-store" in client.get(url)["Cache-Control"]


@pytest.mark.parametrize("step", ["accounts:verify", "accounts:enrol"])
def test_the_second_step_is_no_store(client, make_user, step):
    client.force_login(make_user(Role.COACH))  # the password only: the QR code and its secret
    response = client.get(reverse(step), follow=True)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(("route", "index"), [("api:meldingen", 0), ("api:melding", 0)])
def test_the_apis_answers_are_no_store(make_user, deventer, route, index):
    user = make_user(Role.PARTNER)
    _, key = UserAPIKey.objects.create_key(user=user, name="test")
    client = Client(HTTP_AUTHORIZATION=f"Api-Key {key}")
    response = call_api(client, API_ROUTES[route][index], world(user, deventer))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_static_files_keep_their_own_caching(client):
    response = client.get("/static/doorstroom/doorstroom.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


POST_ROUTES = sorted(route for route, rule in ROUTES.items() if rule.method == "post")


@pytest.mark.parametrize("route", POST_ROUTES)
def test_opening_a_post_route_shows_the_dutch_page_and_keeps_allow(
    client, make_user, deventer, route
):
    user = make_user(allowed_role(ROUTES[route].allowed))
    log_in_verified(client, user)
    response = client.get(ROUTES[route].url(world(user, deventer)))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    content = response.content.decode()
    assert '<h1 class="utrecht-heading-1">Alleen via een formulier</h1>' in content
    assert "Er is niets gewijzigd." in content
    assert "Uitloggen" in content and "Naar de startpagina" in content  # the site's layout
    assert "Content-Security-Policy" in response and "no-store" in response["Cache-Control"]


def test_log_out_by_a_link_shows_the_page_too_and_is_logged_once(coach_client, caplog):
    response = coach_client.get(reverse("logout"))
    assert response.status_code == 405
    assert "Alleen via een formulier" in response.content.decode()
    assert len([r for r in caplog.records if r.name == "django.request"]) == 1


@pytest.mark.parametrize(
    ("referer", "shown"),
    [
        ("http://testserver/signalen/", True),
        ("https://elders.example/signalen/", False),
        ("http://testserver/signalen/toewijzen/", False),  # the address itself: no way back
    ],
)
def test_the_way_back_is_the_previous_page_if_it_was_ours(coach_client, referer, shown):
    response = coach_client.get(reverse("signals:assign"), HTTP_REFERER=referer)
    content = response.content.decode()
    assert ('href="http://testserver/signalen/">Terug naar de vorige pagina' in content) is shown
    assert ("elders.example" in content) is False


def test_another_method_on_a_page_says_so_without_the_form_text(client, make_user):
    log_in_verified(client, make_user(Role.PRIVACY))
    response = client.put(reverse("privacy:log"))
    assert response.status_code == 405
    assert "Zo niet te gebruiken" in response.content.decode()
    assert response["Allow"] == "GET, HEAD, POST"


def test_the_apis_405_stays_a_problem(make_user):
    _, key = UserAPIKey.objects.create_key(user=make_user(Role.PARTNER), name="test")
    response = Client(HTTP_AUTHORIZATION=f"Api-Key {key}").put("/api/v1/meldingen")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options", "trace"])
def test_a_page_asked_with_a_method_it_does_not_take_is_405_and_reads_nobody(
    coach_client, deventer, method
):
    person = PersonFactory(municipality=deventer)
    url = reverse("people:detail", args=[person.public_id])
    response = getattr(coach_client, method)(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert '<h1 class="utrecht-heading-1">Zo niet te gebruiken</h1>' in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


class Unread:
    """A request body that nothing may read: the page answers by its Content-Length alone."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def post_unread(client, url: str, length: int):
    return client.post(url, {"x": "1"}, CONTENT_LENGTH=str(length), **{"wsgi.input": Unread()})


UPLOADS = {
    "deliveries:upload": (
        "UPLOAD_MAX_MEGABYTES",
        "Lees een grotere levering in met `doorstroom import`.",
    ),
    "cases:upload": ("DOCUMENT_MAX_MEGABYTES", "Verklein het (bijvoorbeeld als pdf)"),
}
"""The pages that take a file: the setting of their limit in MB, what the 413 page advises."""


@pytest.mark.parametrize("over", [1, 5 * 1024 * MB], ids=["a byte", "5 GB"])
@pytest.mark.parametrize("route", sorted(UPLOADS))
def test_an_upload_larger_than_its_page_takes_is_a_dutch_413_before_the_body_is_read(
    client, make_user, deventer, settings, tmp_path, caplog, route, over
):
    setting, advice = UPLOADS[route]
    setattr(settings, setting, 3)
    settings.DATA_DIR, settings.MEDIA_ROOT = tmp_path, tmp_path / "files"
    user = make_user(allowed_role(ROUTES[route].allowed))
    log_in_verified(client, user)
    url = ROUTES[route].url(world(user, deventer))
    documents = Document.objects.count(), sorted(tmp_path.rglob("*"))  # the case's world has one
    response = post_unread(client, url, 3 * MB + ENVELOPE + over)
    assert response.status_code == 413
    content = response.content.decode()
    assert '<h1 class="utrecht-heading-1">Bestand te groot</h1>' in content
    assert "Het bestand is groter dan 3 MB, het grootste dat deze pagina aanneemt." in content
    assert html.escape(advice) in content
    assert f'href="{url}">Terug naar het formulier' in content
    assert "Content-Security-Policy" in response and "no-store" in response["Cache-Control"]
    assert not ImportRun.objects.exists()
    assert (Document.objects.count(), sorted(tmp_path.rglob("*"))) == documents, "nothing stored"
    assert not [r for r in caplog.records if r.exc_info], "no traceback in the log"


@pytest.mark.parametrize("route", POST_ROUTES)
def test_a_body_larger_than_a_form_to_a_page_without_a_file_is_413_unread(
    client, make_user, deventer, settings, route
):
    """Django counts only a form's fields against its limit: a file sent to any page would
    be written to a temporary file in full before the page refused it."""
    user = make_user(allowed_role(ROUTES[route].allowed))
    log_in_verified(client, user)
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = post_unread(client, ROUTES[route].url(world(user, deventer)), limit + ENVELOPE + 1)
    assert response.status_code == 413
    assert "Formulier te groot" in response.content.decode()


def test_an_anonymous_body_over_the_limit_is_413_unread_too(client):
    response = post_unread(client, reverse("login"), 2 * 1024 * MB)
    assert response.status_code == 413


def test_a_delivery_as_large_as_the_limit_is_taken(client, make_user, settings, tmp_path):
    settings.UPLOAD_MAX_MEGABYTES, settings.DATA_DIR = 1, tmp_path
    load_reference_data(**DEMO_FILES)
    log_in_verified(client, make_user(Role.SUPPORT, user_region=Region.objects.get(code="RMC11")))
    header = b"record;bsn\r\n"
    content = header + b"persoon;999990019\r\n" * ((MB - len(header)) // 19)
    content += b"x" * (MB - len(content))
    upload = SimpleUploadedFile("doorstroom-C-RMC11-20261120.csv", content, "text/csv")
    response = client.post(reverse("deliveries:upload"), {"file": upload})
    assert response.status_code == 302
    assert ImportRun.objects.get().file_name == "doorstroom-C-RMC11-20261120.csv"


@pytest.mark.parametrize(
    ("length", "status"),
    [("veel", 200), ("-5", 400)],  # no body: the log-in form says what is missing; Django's 400
)
def test_a_content_length_that_is_no_length_is_left_to_django(client, length, status):
    assert client.post(reverse("login"), CONTENT_LENGTH=length).status_code == status


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")
FORMS = {
    "people:search", "people:exemption_new", "people:exemption_end", "people:rectify",
    "deliveries:upload", "reports:new", "reports:detail", "privacy:log", "cases:letter",
    "cases:upload", "cases:state", "cases:contact_attempt", "cases:note", "cases:intake",
    "cases:consent", "cases:plan", "cases:task", "cases:referral", "cases:referral_status",
    "cases:close", "cases:follow_up", "cases:hearing", "cases:mas", "cases:halt",
    "cases:halt_outcome", "cases:official_report", "cases:official_report_sent",
    "cases:official_report_outcome", "cases:care_report", "cases:close_report",
}  # fmt: skip
"""The routes of the table that show a form on GET and take it by POST, written out by hand:
the other GET routes only show, the POST routes only take a form's button."""


DOWNLOADS = {
    "cases:document", "deliveries:rejected", "privacy:export", "people:export_json",
    "people:export_pdf",
}  # fmt: skip
"""The GET routes that answer with a file of a person's data: no HEAD, which would make the
whole file to send none of it."""


def expected_allow(route: str) -> str:
    if ROUTES[route].method == "post":
        return "POST"
    if route in DOWNLOADS:
        return "GET"
    return "GET, HEAD, POST" if route in FORMS else "GET, HEAD"


@pytest.mark.parametrize("route", sorted(DOWNLOADS))
def test_a_head_request_for_a_download_is_405_and_logs_no_read(client, make_user, deventer, route):
    """Every read of a person's data is logged; a HEAD reads nothing, so it is not taken."""
    user = make_user(allowed_role(ROUTES[route].allowed))
    log_in_verified(client, user)
    url = ROUTES[route].url(world(user, deventer))
    logged = AuditEvent.objects.count()
    response = client.head(url)
    assert (response.status_code, response["Allow"]) == (405, "GET")
    assert AuditEvent.objects.count() == logged
    assert client.get(url).status_code == 200


def test_the_form_routes_are_routes_of_the_table():
    assert {route for route, rule in ROUTES.items() if rule.method == "get"} >= FORMS


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_the_allow_header_names_exactly_the_methods_the_page_takes(
    client, make_user, deventer, route
):
    """A method the page takes gets any answer but 405; every other one the 405, with an
    Allow header that names the first kind, the same each time."""
    user = make_user(allowed_role(ROUTES[route].allowed))
    log_in_verified(client, user)
    url = ROUTES[route].url(world(user, deventer))
    answers = {method: client.generic(method, url) for method in METHODS}
    refused = {method: r for method, r in answers.items() if r.status_code == 405}
    taken = [method for method in METHODS if method not in refused]
    assert {r["Allow"] for r in refused.values()} == {", ".join(taken)}
    assert ", ".join(taken) == expected_allow(route)


@pytest.mark.parametrize(
    ("url", "allow"),
    [("/inloggen/", "GET, HEAD, POST"), ("/uitloggen/", "POST"), ("/inloggen/sso/start/", "GET")],
)
def test_the_class_based_pages_allow_what_their_class_implements(client, url, allow):
    """Django's log-in and log-out views; single sign-on's takes no HEAD (its http_method_names)."""
    response = client.put(url)
    assert response.status_code == 405
    assert response["Allow"] == allow


def test_a_post_to_a_page_that_only_shows_is_405_with_the_same_allow_and_reads_nobody(
    coach_client, deventer
):
    person = PersonFactory(municipality=deventer)
    url = reverse("people:detail", args=[person.public_id])
    assert coach_client.get(url).status_code == 200
    reads = AuditEvent.objects.filter(action=AuditAction.VIEW).count()
    response = coach_client.post(url)
    assert response.status_code == 405
    assert response["Allow"] == coach_client.put(url)["Allow"] == "GET, HEAD"
    assert "Zo niet te gebruiken" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == reads


def page_views():
    """Every page's view, by its route's name: the admin's and the API's left out."""
    found = {}

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace not in ("admin", "api"):
                    walk(
                        pattern.url_patterns,
                        f"{pattern.namespace}:" if pattern.namespace else prefix,
                    )
            elif pattern.name:
                found[prefix + pattern.name] = pattern.callback

    walk(get_resolver().url_patterns)
    return found


def test_every_page_says_the_methods_it_takes():
    """A function view with `routes.methods`, a class-based view by what it implements; none
    left to the default of the admin's views."""
    unsaid = [
        name
        for name, view in page_views().items()
        if not hasattr(view, "view_class") and not hasattr(view, "http_methods")
    ]
    assert unsaid == []
