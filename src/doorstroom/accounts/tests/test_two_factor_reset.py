"""A lost authenticator app: the functioneel beheerder unlinks it for a user of a region they
manage (the admin's user list, an action), the user enrols a new one at the next log-in, and
the audit log says who did it. Never for another region, never for a superuser unless a
superuser does it."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from doorstroom.accounts.access import may_reset_two_factor
from doorstroom.accounts.factories import PASSWORD, UserFactory, log_in_verified
from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.accounts.roles import Role

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:accounts_user_changelist")


@pytest.fixture
def beheerder(make_user):
    return make_user(Role.ADMIN, is_staff=True, username="beheer")


@pytest.fixture
def beheerder_client(client, beheerder):
    log_in_verified(client, beheerder)
    return client


def with_app(user):
    """A user who linked an app, and is logged in with it in a browser of their own."""
    own = Client()
    log_in_verified(own, user)
    return own


def ends_at(response) -> str:
    return response.redirect_chain[-1][0]


def reset(admin_client, *users):
    return admin_client.post(
        CHANGELIST,
        {"action": "reset_authenticator", "_selected_action": [u.pk for u in users]},
        follow=True,
    )


def test_the_beheerder_unlinks_the_app_and_the_user_enrols_anew(beheerder_client, beheerder, coach):
    own = with_app(coach)
    content = reset(beheerder_client, coach).content.decode()
    assert f"Authenticator-app losgekoppeld voor {coach.username}" in content
    assert not TOTPDevice.objects.filter(user=coach).exists()
    # The session that passed the step with the lost app must pass it again: it has no app.
    assert ends_at(own.get(reverse("home"), follow=True)).startswith(reverse("accounts:enrol"))
    # And a fresh log-in goes to linking a new app.
    fresh = Client()
    response = fresh.post(
        reverse("login"), {"username": coach.username, "password": PASSWORD}, follow=True
    )
    assert ends_at(response).startswith(reverse("accounts:enrol"))
    event = AuditEvent.objects.get(action=AuditAction.TWO_FACTOR_RESET)
    assert event.user == beheerder and event.person_id is None
    assert f"authenticator-app van {coach.username} losgekoppeld" in event.reason


def test_a_user_of_another_region_is_not_reset_even_by_its_id(
    beheerder_client, make_user, other_region
):
    stranger = make_user(Role.COACH, user_region=other_region)
    with_app(stranger)
    reset(beheerder_client, stranger)
    assert TOTPDevice.objects.filter(user=stranger).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_RESET).exists()


def test_a_superuser_is_reset_only_by_a_superuser(beheerder_client, region):
    root = UserFactory(role=None, region=region, is_superuser=True, is_staff=True)
    with_app(root)
    content = reset(beheerder_client, root).content.decode()
    assert (
        f"Niet losgekoppeld voor {root.username}: dat mag alleen een beheerder van de regio van "
        "de gebruiker, en bij een supergebruiker alleen een supergebruiker." in content
    )
    assert TOTPDevice.objects.filter(user=root).exists()
    other_root = UserFactory(role=None, region=None, is_superuser=True, is_staff=True)
    superuser_client = Client()
    log_in_verified(superuser_client, other_root)
    reset(superuser_client, root)
    assert not TOTPDevice.objects.filter(user=root).exists()


def test_a_beheerder_of_several_regions_resets_in_each_of_them(
    beheerder_client, beheerder, make_user, other_region
):
    beheerder.extra_regions.add(other_region)
    there = make_user(Role.COACH, user_region=other_region)
    with_app(there)
    reset(beheerder_client, there)
    assert not TOTPDevice.objects.filter(user=there).exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.ADMIN, True),
        (Role.COORDINATOR, False),
        (Role.PRIVACY, False),
        (Role.COACH, False),
        (None, False),
    ],
)
def test_only_the_beheerder_may_reset(make_user, coach, role, allowed):
    assert may_reset_two_factor(make_user(role, is_staff=True), coach) is allowed


def test_a_staff_member_without_the_role_cannot_run_the_action(client, make_user, coach):
    """Only who may change users sees the action at all; the rule refuses the rest."""
    staff = make_user(Role.COORDINATOR, is_staff=True)
    log_in_verified(client, staff)
    with_app(coach)
    reset(client, coach)
    assert TOTPDevice.objects.filter(user=coach).exists()
