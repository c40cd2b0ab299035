"""A functioneel beheerder manages users and reference data of their own region(s), never
beyond the roles, and never another region's: what is not theirs is not found."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.access import persons_visible_to
from doorstroom.accounts.admin import RegionScopedAdmin
from doorstroom.accounts.factories import UserFactory, log_in_verified
from doorstroom.accounts.groups import ADMIN_MODELS
from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.accounts.roles import Role
from doorstroom.people.factories import PersonFactory
from doorstroom.regions.factories import SchoolFactory
from doorstroom.regions.models import Municipality, Region, School
from doorstroom.retention.models import RetentionPolicy

pytestmark = pytest.mark.django_db
INDEX = reverse("admin:index")


def change_page(user) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def page(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def municipality_form(municipality, **changes) -> dict:
    return {
        "code": municipality.code, "name": municipality.name, "region": municipality.region_id,
        "valid_from": "", "valid_to": "", "successor": "", **changes,
    }  # fmt: skip


def policy_form(region, **changes) -> dict:
    policy = RetentionPolicy(region=region)
    fields = ("leerplicht_file", "target_group_file", "absence_report")
    return {
        "region": region.pk,
        "leerplicht_file_until_age": policy.leerplicht_file_until_age,
        "target_group_file_years": policy.target_group_file_years,
        "absence_report_years": policy.absence_report_years,
        **{f"{name}_source": getattr(policy, f"{name}_source") for name in fields},
        **changes,
    }


def test_beheerder_edits_a_coach_of_the_own_region_but_cannot_grant_superuser(
    beheerder_client, coach
):
    content = beheerder_client.get(change_page(coach)).content.decode()
    assert 'name="groups"' in content
    assert 'name="is_superuser"' not in content
    assert 'name="user_permissions"' not in content


def test_the_roles_are_offered_and_filtered_by_their_dutch_names(beheerder_client, coach):
    """The groups are named by the roles' codes: the beheerder chose and filtered on
    'doorstroomcoordinator' and 'functioneel_beheerder' where the roles have Dutch names."""
    form = beheerder_client.get(change_page(coach)).content.decode()
    changelist = beheerder_client.get(reverse("admin:accounts_user_changelist")).content.decode()

    for content in (form, changelist):
        assert "doorstroomcoördinator" in content and "functioneel beheerder" in content
        assert "doorstroomcoordinator<" not in content
        assert "functioneel_beheerder<" not in content


def test_beheerder_cannot_open_a_user_of_another_region(beheerder_client, make_user, other_region):
    stranger = make_user(Role.COACH, user_region=other_region)
    response = beheerder_client.get(change_page(stranger))
    assert response.status_code == 302 and response.url == INDEX
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


def test_beheerder_cannot_move_another_regions_municipality_and_so_reach_its_young_people(
    beheerder_client, region, doetinchem, coach
):
    """Moving Doetinchem into the own region would show its young people to the own coaches."""
    PersonFactory(municipality=doetinchem)
    url = page(Municipality, "change", doetinchem.pk)
    opened = beheerder_client.get(url)
    assert opened.status_code == 302 and opened.url == INDEX
    moved = beheerder_client.post(url, municipality_form(doetinchem, region=region.pk))
    assert moved.status_code == 302 and moved.url == INDEX
    doetinchem.refresh_from_db()
    assert doetinchem.region.name == "Achterhoek"
    assert not persons_visible_to(coach).exists()
    listed = beheerder_client.get(page(Municipality, "changelist")).content.decode()
    assert "Doetinchem" not in listed and "Achterhoek" not in listed


def test_beheerder_cannot_move_the_own_municipality_into_another_region(
    beheerder_client, deventer, other_region
):
    url = page(Municipality, "change", deventer.pk)
    refused = beheerder_client.post(url, municipality_form(deventer, region=other_region.pk))
    assert refused.status_code == 200  # the form again, with the refusal on the field
    assert "region" in refused.context["adminform"].form.errors
    deventer.refresh_from_db()
    assert deventer.region.name == "Stedendriehoek"
    renamed = beheerder_client.post(url, municipality_form(deventer, name="Deventer (gemeente)"))
    assert renamed.status_code == 302
    deventer.refresh_from_db()
    assert deventer.name == "Deventer (gemeente)"


def test_beheerder_cannot_open_or_change_another_regions_retention_periods(
    beheerder_client, other_region
):
    policy = RetentionPolicy.objects.create(region=other_region)
    url = page(RetentionPolicy, "change", policy.pk)
    opened = beheerder_client.get(url)
    assert opened.status_code == 302 and opened.url == INDEX
    changed = beheerder_client.post(
        url, policy_form(other_region, leerplicht_file_until_age=21, leerplicht_file_source="x")
    )
    assert changed.status_code == 302 and changed.url == INDEX
    policy.refresh_from_db()
    assert policy.leerplicht_file_until_age == 19
    listed = beheerder_client.get(page(RetentionPolicy, "changelist")).content.decode()
    assert "Achterhoek" not in listed


def test_beheerder_sets_the_own_regions_periods_only(beheerder_client, region, other_region):
    add = page(RetentionPolicy, "add")
    refused = beheerder_client.post(add, policy_form(other_region))
    assert refused.status_code == 200
    assert not RetentionPolicy.objects.exists()
    done = beheerder_client.post(add, policy_form(region))
    assert done.status_code == 302
    assert RetentionPolicy.objects.get().region == region


@pytest.mark.parametrize(
    "model", [RetentionPolicy, Municipality, Region], ids=lambda m: m._meta.model_name
)
def test_the_lists_show_no_other_region(beheerder_client, doetinchem, model):
    RetentionPolicy.objects.create(region=doetinchem.region)
    listed = beheerder_client.get(page(model, "changelist")).content.decode()
    assert "Achterhoek" not in listed and "Doetinchem" not in listed


@pytest.mark.parametrize("model", [RetentionPolicy, Municipality], ids=lambda m: m._meta.model_name)
def test_the_add_forms_offer_no_other_region(beheerder_client, doetinchem, model):
    add = beheerder_client.get(page(model, "add"))
    assert add.status_code == 200
    assert "Stedendriehoek" in add.content.decode() and "Achterhoek" not in add.content.decode()


def test_the_add_forms_of_schools_and_users_offer_no_other_region(
    beheerder_client, deventer, doetinchem
):
    school = beheerder_client.get(page(School, "add")).content.decode()
    assert "Deventer" in school and "Doetinchem" not in school
    user = beheerder_client.get(reverse("admin:accounts_user_add")).content.decode()
    assert "Stedendriehoek" in user and "Achterhoek" not in user


def test_beheerder_does_not_see_another_regions_schools(beheerder_client, deventer, doetinchem):
    own = SchoolFactory(municipality=deventer, name="Etty Hillesum Lyceum")
    other = SchoolFactory(municipality=doetinchem, name="Graafschap College")
    listed = beheerder_client.get(page(School, "changelist")).content.decode()
    assert own.name in listed and other.name not in listed
    opened = beheerder_client.get(page(School, "change", other.pk))
    assert opened.status_code == 302 and opened.url == INDEX


def test_beheerder_changes_the_own_region_but_adds_and_deletes_none(
    beheerder_client, region, other_region
):
    own = page(Region, "change", region.pk)
    assert beheerder_client.get(own).status_code == 200
    other = beheerder_client.get(page(Region, "change", other_region.pk))
    assert other.status_code == 302 and other.url == INDEX
    assert (
        beheerder_client.post(page(Region, "delete", region.pk), {"post": "yes"}).status_code == 403
    )
    assert Region.objects.filter(pk=region.pk).exists()


def test_beheerder_adds_a_user_of_the_own_region_and_finds_it_again(beheerder_client, region):
    response = beheerder_client.post(
        reverse("admin:accounts_user_add"),
        {"username": "nieuwe.coach", "region": region.pk, "usable_password": "false"},
    )
    user = type(beheerder_client.beheerder).objects.get(username="nieuwe.coach")
    assert user.region == region
    assert response.status_code == 302 and response.url == change_page(user)
    assert beheerder_client.get(response.url).status_code == 200


def test_a_superuser_manages_every_region(client, region, doetinchem):
    superuser = UserFactory(is_staff=True, is_superuser=True, region=None)
    log_in_verified(client, superuser)
    listed = client.get(page(Municipality, "changelist")).content.decode()
    assert "Doetinchem" in listed
    assert client.get(page(Region, "add")).status_code == 200
    assert client.get(page(Municipality, "change", doetinchem.pk)).status_code == 200


def test_every_admin_the_beheerder_may_use_is_scoped_to_the_managed_regions():
    """A model added to the beheerder's permissions needs an admin that scopes it: the user
    and key admins scope their own (above, and api/tests/test_admin.py)."""
    scoped_by_hand = {("accounts", "user"), ("api", "userapikey")}
    for model, model_admin in admin.site._registry.items():
        key = (model._meta.app_label, model._meta.model_name)
        if key in ADMIN_MODELS and key not in scoped_by_hand:
            assert isinstance(model_admin, RegionScopedAdmin), key
    registered = {(m._meta.app_label, m._meta.model_name) for m in admin.site._registry}
    assert ADMIN_MODELS.issubset(registered)


def user_form(user, **changes) -> dict:
    return {
        "username": user.username, "first_name": user.first_name, "last_name": user.last_name,
        "email": "", "is_active": "on", "groups": [g.pk for g in user.groups.all()],
        "region": user.region_id, "date_joined_0": "01-12-2026", "date_joined_1": "09:00:00",
        **changes,
    }  # fmt: skip


def test_granting_a_role_is_an_audit_row_that_the_privacyfunctionaris_reads(
    beheerder_client, make_user
):
    newcomer = make_user(None)
    coach = Group.objects.get_or_create(name=Role.COACH)[0]
    support = Group.objects.get_or_create(name=Role.SUPPORT)[0]
    response = beheerder_client.post(
        change_page(newcomer), user_form(newcomer, groups=[coach.pk, support.pk])
    )
    assert response.status_code == 302
    assert newcomer.roles == {Role.COACH, Role.SUPPORT}
    event = AuditEvent.objects.get(action=AuditAction.CHANGE, route="admin:accounts_user_change")
    assert event.user == beheerder_client.beheerder and event.person_id is None
    assert newcomer.username in event.reason
    assert "doorstroomcoach, doorstroomondersteuner" in event.reason
    fg = Client()
    log_in_verified(fg, make_user(Role.PRIVACY))
    log = fg.get(reverse("privacy:log")).content.decode()
    assert event.reason in log


def test_a_regions_periods_and_settings_changed_in_the_admin_are_audit_rows(
    beheerder_client, region
):
    beheerder_client.post(page(RetentionPolicy, "add"), policy_form(region))
    added = AuditEvent.objects.get(action=AuditAction.CREATE)
    assert added.reason.startswith(
        "bewaartermijnen Stedendriehoek aangemaakt: regio: Stedendriehoek; "
        "leerplichtdossiers bewaren tot de leeftijd van: 19; bron (leerplichtdossiers); "
    )
    policy = RetentionPolicy.objects.get()
    beheerder_client.post(
        page(RetentionPolicy, "change", policy.pk),
        policy_form(region, absence_report_years=7, absence_report_source="Besluit AB 2026-12"),
    )
    changed = AuditEvent.objects.get(action=AuditAction.CHANGE)
    assert "jaren na de eerste verwerking: 7" in changed.reason
    assert "bron (verzuimmeldingen en processen-verbaal)" in changed.reason
    assert "Besluit AB" not in changed.reason  # free text: named, not repeated
    region_form = {**model_to_dict(region), "upper_age": 25, "session_idle_minutes": 15}
    beheerder_client.post(page(Region, "change", region.pk), region_form)
    region_row = AuditEvent.objects.filter(route="admin:regions_region_change").get()
    assert "regio Stedendriehoek gewijzigd" in region_row.reason
    assert "bovengrens leeftijd: 25" in region_row.reason


def test_deleting_in_the_admin_is_an_audit_row(beheerder_client, deventer):
    school = SchoolFactory(municipality=deventer, name="Etty Hillesum Lyceum")
    response = beheerder_client.post(page(School, "delete", school.pk), {"post": "yes"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.DELETE)
    assert event.reason == f"school {school} verwijderd"


def test_setting_a_users_password_in_the_admin_is_an_audit_row(beheerder_client, coach):
    url = reverse("admin:auth_user_password_change", args=[coach.pk])
    response = beheerder_client.post(
        url,
        {"password1": "een-nieuw-lang-wachtwoord", "password2": "een-nieuw-lang-wachtwoord",
         "set_usable_password": "true"},
    )  # fmt: skip
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.CHANGE)
    assert event.reason == f"wachtwoord van gebruiker {coach.username} gezet"
    assert "een-nieuw" not in event.reason


def test_the_api_key_list_speaks_dutch(beheerder_client, make_user):
    from doorstroom.api.models import UserAPIKey

    UserAPIKey.objects.create_key(user=make_user(Role.PARTNER), name="Magister")
    listed = beheerder_client.get(reverse("admin:api_userapikey_changelist")).content.decode()
    assert "aangemaakt" in listed.lower() and "verlopen" in listed.lower()
    for english in ("Created", "Has expired", "By created"):
        assert english not in listed


def test_a_regions_own_period_needs_its_own_source(beheerder_client, region):
    """A region keeping 21 years with 'VNG ... tot 19 jaar' beside it would cite a source for
    a period it does not give."""
    add = page(RetentionPolicy, "add")
    refused = beheerder_client.post(add, policy_form(region, leerplicht_file_until_age=21))
    assert refused.status_code == 200
    errors = refused.context["adminform"].form.errors
    assert "standaardtermijn (19)" in errors["leerplicht_file_source"][0]
    assert not RetentionPolicy.objects.exists()
    done = beheerder_client.post(
        add,
        policy_form(
            region, leerplicht_file_until_age=21, leerplicht_file_source="Besluit AB 2026-12"
        ),
    )
    assert done.status_code == 302
    assert RetentionPolicy.objects.get().leerplicht_file_until_age == 21


def test_a_measure_ends_in_or_after_the_year_it_starts(beheerder_client, region):
    from doorstroom.programme.models import Measure

    form = {"name": "Doorstroom", "region": region.pk, "first_year": 2029, "last_year": 2026}
    refused = beheerder_client.post(page(Measure, "add"), form)
    assert refused.status_code == 200
    errors = refused.context["adminform"].form.errors
    assert errors["last_year"] == ["Het laatste jaar kan niet voor het eerste jaar liggen."]
    assert not Measure.objects.exists()
    done = beheerder_client.post(page(Measure, "add"), {**form, "last_year": 2029})
    assert done.status_code == 302


def test_adding_changing_and_deleting_an_authenticator_app_in_the_admin_are_audit_rows(
    client, make_user, coach
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    log_in_verified(client, make_user(Role.ADMIN, is_staff=True, is_superuser=True))
    settings = {"step": 30, "t0": 0, "digits": 6, "tolerance": 1, "drift": 0,
                "throttling_failure_count": 0}  # fmt: skip
    added = client.post(
        page(TOTPDevice, "add"),
        {"user": coach.pk, "name": "Telefoon", "confirmed": "on", "key": "ab" * 20, **settings},
    )
    assert added.status_code == 302
    device = TOTPDevice.objects.get(user=coach)
    changed = client.post(
        page(TOTPDevice, "change", device.pk),
        {"user": coach.pk, "name": "Telefoon", **settings, "drift": 2},
    )
    assert changed.status_code == 302
    deleted = client.post(page(TOTPDevice, "delete", device.pk), {"post": "yes"})
    assert deleted.status_code == 302

    rows = AuditEvent.objects.filter(route__startswith="admin:otp_totp").order_by("pk")
    assert [(row.action, row.reason) for row in rows] == [
        (
            AuditAction.CREATE,
            f"authenticator-app van {coach} (Telefoon) aangemaakt: gebruiker: {coach}; naam; "
            "gekoppeld: ja; geheime sleutel; tijdstap: 30; begintijd (t0): 0; aantal cijfers: 6; "
            "speling: 1; klokafwijking: 0; verkeerde codes op rij: 0",
        ),
        (
            AuditAction.CHANGE,
            f"authenticator-app van {coach} (Telefoon) gewijzigd: gekoppeld: nee; klokafwijking: 2",
        ),
        (AuditAction.DELETE, f"authenticator-app van {coach} (Telefoon) verwijderd"),
    ]
    assert "ab" * 20 not in " ".join(row.reason for row in rows)
