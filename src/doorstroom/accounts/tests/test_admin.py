"""A functioneel beheerder manages users of their own region(s), never beyond the roles."""

import pytest
from django.urls import reverse

from doorstroom.accounts.roles import Role

pytestmark = pytest.mark.django_db


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


def test_beheerder_keeps_the_regions_partners_and_sees_no_other_regions(
    beheerder_client, region, other_region
):
    from doorstroom.cases.factories import OrganisationFactory

    OrganisationFactory(region=region, name="Jongerenloket Eigen")
    OrganisationFactory(region=other_region, name="Jongerenloket Elders")
    page = beheerder_client.get(reverse("admin:partners_organisation_changelist")).content.decode()
    assert "Jongerenloket Eigen" in page and "Jongerenloket Elders" not in page
    form = beheerder_client.get(reverse("admin:partners_organisation_add")).content.decode()
    assert other_region.name not in form


def test_beheerder_adds_a_reason_for_the_own_region_only(beheerder_client, region, other_region):
    from doorstroom.cases.models import LeavingReason

    response = beheerder_client.post(
        reverse("admin:cases_leavingreason_add"),
        {"label": "mantelzorg", "region": other_region.pk, "active": "on"},
    )
    assert response.status_code == 200  # refused: not a region the beheerder manages
    assert not LeavingReason.objects.filter(label="mantelzorg").exists()
    beheerder_client.post(
        reverse("admin:cases_leavingreason_add"),
        {"label": "mantelzorg", "region": region.pk, "active": "on"},
    )
    assert LeavingReason.objects.get(label="mantelzorg").region == region


def test_beheerder_ties_a_partner_account_to_a_partner_of_the_own_region_only(
    beheerder_client, make_user, region, other_region
):
    from doorstroom.cases.factories import OrganisationFactory

    loket = OrganisationFactory(region=region, name="Jongerenloket Eigen")
    elders = OrganisationFactory(region=other_region, name="Jongerenloket Elders")
    school = make_user(Role.PARTNER)
    form = beheerder_client.get(change_page(school)).content.decode()
    assert "Jongerenloket Eigen" in form and "Jongerenloket Elders" not in form
    data = {
        "username": school.username, "first_name": "", "last_name": "", "email": "",
        "is_active": "on", "groups": [g.pk for g in school.groups.all()],
        "region": region.pk, "date_joined_0": "01-12-2026", "date_joined_1": "09:00:00",
    }  # fmt: skip
    refused = beheerder_client.post(change_page(school), {**data, "organisation": elders.pk})
    assert refused.status_code == 200
    school.refresh_from_db()
    assert school.organisation is None
    done = beheerder_client.post(change_page(school), {**data, "organisation": loket.pk})
    assert done.status_code == 302
    school.refresh_from_db()
    assert school.organisation == loket


def test_a_user_belongs_to_a_partner_of_its_own_region(make_user, other_region):
    from django.core.exceptions import ValidationError

    from doorstroom.cases.factories import OrganisationFactory

    school = make_user(Role.PARTNER, organisation=OrganisationFactory(region=other_region))
    with pytest.raises(ValidationError, match="regio van de gebruiker"):
        school.full_clean()
