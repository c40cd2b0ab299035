"""A functioneel beheerder manages users of their own region(s), never beyond the roles."""

import pytest
from django.urls import reverse

from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder_client(client, make_user):
    beheerder = make_user(Role.ADMIN, is_staff=True)
    log_in_verified(client, beheerder)
    client.beheerder = beheerder
    return client


def change_page(user) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def test_beheerder_edits_a_coach_of_the_own_region_but_cannot_grant_superuser(
    beheerder_client, coach
):
    content = beheerder_client.get(change_page(coach)).content.decode()
    assert 'name="groups"' in content
    assert 'name="is_superuser"' not in content
    assert 'name="user_permissions"' not in content


def test_beheerder_cannot_open_a_user_of_another_region(beheerder_client, make_user, other_region):
    stranger = make_user(Role.COACH, user_region=other_region)
    assert beheerder_client.get(change_page(stranger)).status_code != 200
    changelist = beheerder_client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert stranger.username not in changelist


def test_beheerder_cannot_change_their_own_groups_or_region(beheerder_client):
    content = beheerder_client.get(change_page(beheerder_client.beheerder)).content.decode()
    assert 'name="groups"' not in content
    assert 'name="region"' not in content
