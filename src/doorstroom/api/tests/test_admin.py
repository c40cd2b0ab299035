"""The functioneel beheerder makes a key for a school account of the own region in the admin,
sees it once, and revokes it; both are in the audit log; nobody deletes a key."""

import re

import pytest
from django.urls import reverse

from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.accounts.roles import Role
from doorstroom.api.models import UserAPIKey
from doorstroom.api.tests.conftest import MELDINGEN, client_with, key_for

pytestmark = pytest.mark.django_db

ADD = reverse("admin:api_userapikey_add")
LIST = reverse("admin:api_userapikey_changelist")


def make_key(beheerder_client, school) -> str:
    response = beheerder_client.post(
        ADD, {"name": "Magister", "user": school.pk, "expiry_date_0": "", "expiry_date_1": ""},
        follow=True,
    )  # fmt: skip
    shown = [str(m) for m in response.context["messages"]]
    found = [re.search(r"is: (\S+) \.", text) for text in shown]
    return next(match.group(1) for match in found if match)


def test_the_beheerder_makes_a_key_that_is_shown_once_and_works(beheerder_client, school):
    key = make_key(beheerder_client, school)
    assert client_with(key).get(MELDINGEN).status_code == 200
    stored = UserAPIKey.objects.get()
    assert (stored.user, stored.name) == (school, "Magister")
    assert (
        key
        not in beheerder_client.get(
            reverse("admin:api_userapikey_change", args=[stored.pk])
        ).content.decode()
    )
    assert key not in beheerder_client.get(LIST).content.decode()


def test_making_and_revoking_a_key_are_audited_and_revoking_ends_it(beheerder_client, school):
    key = make_key(beheerder_client, school)
    stored = UserAPIKey.objects.get()
    made = AuditEvent.objects.get(action=AuditAction.CREATE)
    assert made.user == beheerder_client.beheerder
    assert made.reason == f"API-sleutel {stored.prefix} (Magister) van {school.username} aangemaakt"
    beheerder_client.post(
        reverse("admin:api_userapikey_change", args=[stored.pk]),
        {"name": "Magister", "revoked": "on", "expiry_date_0": "", "expiry_date_1": ""},
    )
    assert UserAPIKey.objects.get().revoked
    revoked = AuditEvent.objects.get(action=AuditAction.CHANGE)
    assert revoked.reason.endswith("ingetrokken")
    assert client_with(key).get(MELDINGEN).status_code == 401


def test_only_school_and_partner_accounts_of_the_own_region_get_a_key(
    beheerder_client, school, make_user, other_region
):
    coach = make_user(Role.COACH)
    elsewhere = make_user(Role.PARTNER, user_region=other_region)
    form = beheerder_client.get(ADD).content.decode()
    assert school.username in form
    assert coach.username not in form and elsewhere.username not in form
    beheerder_client.post(
        ADD, {"name": "x", "user": coach.pk, "expiry_date_0": "", "expiry_date_1": ""}
    )
    assert not UserAPIKey.objects.exists()


def test_a_key_cannot_be_given_to_staff_even_outside_the_admin(make_user):
    key = UserAPIKey(user=make_user(Role.SUPPORT), name="x")
    with pytest.raises(Exception, match="school of ketenpartner"):
        key.full_clean()


def test_the_beheerder_does_not_see_another_regions_keys_and_nobody_deletes_one(
    beheerder_client, make_user, other_region, school
):
    key_for(make_user(Role.PARTNER, user_region=other_region))
    key_for(school)
    page = beheerder_client.get(LIST).content.decode()
    theirs, mine = UserAPIKey.objects.order_by("created")
    assert mine.prefix in page and theirs.prefix not in page
    delete = reverse("admin:api_userapikey_delete", args=[mine.pk])
    assert beheerder_client.post(delete, {"post": "yes"}).status_code == 403
    assert UserAPIKey.objects.count() == 2


def test_the_librarys_own_key_model_without_a_user_is_not_offered(beheerder_client):
    page = beheerder_client.get(reverse("admin:index")).content.decode()
    assert "API-sleutels" in page
    assert "rest_framework_api_key" not in page
