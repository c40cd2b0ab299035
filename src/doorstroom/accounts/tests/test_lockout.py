"""Five wrong passwords for one username from one address lock it for 30 minutes (django-axes)."""

import re

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from doorstroom.accounts.client_address import client_address
from doorstroom.accounts.factories import PASSWORD
from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.accounts.roles import Role

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")


def attempt(client, username: str, password: str, ip: str = "192.0.2.10"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_wrong_passwords_lock_and_the_right_one_is_then_refused_in_dutch(client, make_user):
    coach = make_user(Role.COACH)
    for _ in range(4):
        assert attempt(client, coach.username, "verkeerd").status_code == 200
    locked = attempt(client, coach.username, "verkeerd")
    assert locked.status_code == 429
    response = attempt(client, coach.username, PASSWORD)
    assert response.status_code == 429
    content = response.content.decode()
    assert "Inloggen tijdelijk geblokkeerd" in content
    assert "de komende 30 minuten niet inloggen" in content
    assert "_auth_user_id" not in client.session


def test_failures_and_the_lock_out_are_in_the_audit_log(client, make_user):
    coach = make_user(Role.COACH)
    for _ in range(5):
        attempt(client, coach.username, "verkeerd")
    failed = AuditEvent.objects.filter(username=coach.username, action=AuditAction.LOGIN_FAILED)
    assert failed.count() == 5
    assert AuditEvent.objects.filter(
        username=coach.username, action=AuditAction.LOCKED_OUT
    ).exists()


def test_the_lock_is_per_username_and_address(client, make_user):
    coach, other = make_user(Role.COACH), make_user(Role.COACH)
    for _ in range(5):
        attempt(client, coach.username, "verkeerd")
    assert attempt(client, other.username, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    assert attempt(client, coach.username, PASSWORD, ip="192.0.2.99").status_code == 302


def test_a_successful_log_in_clears_earlier_failures(client, make_user):
    coach = make_user(Role.COACH)
    for _ in range(4):
        attempt(client, coach.username, "verkeerd")
    assert attempt(client, coach.username, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username=coach.username).exists()


def test_the_lock_out_keeps_no_password(client, make_user):
    coach = make_user(Role.COACH)
    for _ in range(5):
        attempt(client, coach.username, "geheim-verkeerd-wachtwoord")
    stored = " ".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert "geheim-verkeerd-wachtwoord" not in stored


def test_a_username_longer_than_any_account_is_refused_like_a_wrong_password(client, coach):
    """The lock-out store keeps 255 characters: a longer name is refused before it is tried
    (PostgreSQL gave a server error here)."""
    response = client.post(reverse("login"), {"username": "a" * 5000, "password": "x"})
    assert response.status_code == 200
    assert "De combinatie van gebruikersnaam en wachtwoord klopt niet." in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_the_log_in_page_tells_the_browser_the_longest_username(client):
    from doorstroom.accounts.models import User

    page = client.get(reverse("login")).content.decode()

    username = re.search(r'<input[^>]*name="username"[^>]*>', page).group(0)
    assert f'maxlength="{User._meta.get_field("username").max_length}"' in username


PROXY = "10.0.0.5"


def through_proxy(client, username: str, password: str, forwarded: str):
    """A log-in as the reverse proxy passes it on: the connection is the proxy's."""
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.fixture
def one_proxy(settings):
    settings.TRUSTED_PROXIES = 1
    settings.CLIENT_ADDRESS_META = "HTTP_X_FORWARDED_FOR"


def test_behind_a_trusted_proxy_two_clients_have_their_own_lock_out_count(
    client, make_user, one_proxy
):
    coach = make_user(Role.COACH)
    for _ in range(5):
        through_proxy(client, coach.username, "verkeerd", "198.51.100.7")
    assert through_proxy(client, coach.username, PASSWORD, "198.51.100.7").status_code == 429
    # The colleague at another address, behind the same proxy, is not locked out.
    assert through_proxy(client, coach.username, PASSWORD, "203.0.113.20").status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
    logged = AuditEvent.objects.filter(action=AuditAction.LOGIN).values_list(
        "ip_address", flat=True
    )
    assert list(logged) == ["203.0.113.20"]


def test_an_address_the_client_puts_in_front_is_not_believed(client, make_user, one_proxy):
    """The proxy appends the address it saw; anything left of it the client wrote itself, so
    changing it does not escape the lock-out."""
    coach = make_user(Role.COACH)
    for spoofed in range(5):
        through_proxy(client, coach.username, "verkeerd", f"192.0.2.{spoofed}, 198.51.100.7")
    assert (
        through_proxy(client, coach.username, PASSWORD, "192.0.2.99, 198.51.100.7").status_code
        == 429
    )


def test_without_trusted_proxies_the_header_is_ignored(client, make_user):
    """The default (no proxy configured): a client cannot choose its address by a header."""
    coach = make_user(Role.COACH)
    for n in range(5):
        through_proxy(client, coach.username, "verkeerd", f"198.51.100.{n}")
    assert through_proxy(client, coach.username, PASSWORD, "203.0.113.20").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}


@pytest.mark.parametrize(
    ("forwarded", "proxies", "seen"),
    [
        ("198.51.100.7", 1, "198.51.100.7"),
        ("192.0.2.1, 198.51.100.7", 1, "198.51.100.7"),
        ("192.0.2.1, 198.51.100.7, 10.0.0.9", 2, "198.51.100.7"),
        ("2001:db8::7", 1, "2001:db8::7"),
        # Fewer entries than proxies: the request did not pass them all.
        ("198.51.100.7", 2, PROXY),
        ("", 1, PROXY),
        # Something that is no address.
        ("198.51.100.7, onzin", 1, PROXY),
    ],
)
def test_the_client_address_is_counted_from_the_right(rf, settings, forwarded, proxies, seen):
    settings.TRUSTED_PROXIES = proxies
    settings.CLIENT_ADDRESS_META = "HTTP_X_FORWARDED_FOR"
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == seen


def test_another_header_can_be_named(rf, settings):
    settings.TRUSTED_PROXIES = 1
    settings.CLIENT_ADDRESS_META = "HTTP_X_REAL_IP"
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="198.51.100.7")
    assert client_address(request) == "198.51.100.7"
