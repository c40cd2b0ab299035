"""The beheer pages (/beheer/) in Dutch, also where Django 5.2's own nl catalog, django-axes
(no nl catalog) and django-otp (nothing marked for translation) leave English: our catalogs
(locale/nl), the libraries' AppConfigs (library_apps.py) and admin classes (accounts/admin.py)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.roles import Role
from doorstroom.tests.admin_pages import admin_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, make_user):
    superuser = make_user(Role.ADMIN, is_staff=True, is_superuser=True)
    client.device = log_in_verified(client, superuser)
    client.superuser = superuser
    return client


def text_of(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_the_index_names_its_hidden_table_headers_in_dutch(beheerder_client):
    page = text_of(beheerder_client, reverse("admin:index"))

    assert "Modelnaam" in page and "Link om toe te voegen" in page
    assert "Model name" not in page and "Add link" not in page
    assert "Change or view list link" not in page


def test_a_changelist_with_a_filter_and_a_search_is_dutch(beheerder_client):
    page = text_of(beheerder_client, reverse("admin:accounts_user_changelist"))

    assert "Op regio" in page and '<span class="visually-hidden">Zoeken</span>' in page
    assert "Search" not in page and ">Filter by" not in page


def test_the_filter_widget_of_a_change_form_speaks_dutch(beheerder_client, coach):
    page = text_of(beheerder_client, reverse("admin:accounts_user_change", args=[coach.pk]))
    assert 'class="selectfilter' in page and reverse("admin:jsi18n") in page

    catalog = text_of(beheerder_client, reverse("admin:jsi18n"))

    assert '"Choose all %s": "Alle %s kiezen"' in catalog
    assert '"Remove selected %s": "Geselecteerde %s verwijderen"' in catalog
    assert '"Choose all": "Alle kiezen"' in catalog  # the rest stays Django's own


def test_a_new_user_s_form_and_a_too_short_password_are_dutch(beheerder_client, region):
    add = reverse("admin:accounts_user_add")
    assert "kunt u meer gebruikersopties bewerken" in text_of(beheerder_client, add)

    response = beheerder_client.post(
        add, {"username": "nieuw", "region": region.pk, "usable_password": "true",
              "password1": "kort", "password2": "kort"},
    )  # fmt: skip

    page = response.content.decode()
    assert "Dit wachtwoord is te kort. De minimale lengte is 12 tekens." in page
    assert "too short" not in page and "After you" not in page


def test_setting_a_users_password_warns_in_dutch(beheerder_client, coach):
    page = text_of(beheerder_client, reverse("admin:auth_user_password_change", args=[coach.pk]))

    assert "gaat het huidige wachtwoord van deze gebruiker verloren" in page
    assert "If disabled" not in page


def test_the_delete_confirmation_and_the_history_are_dutch(beheerder_client, coach):
    delete = text_of(beheerder_client, reverse("admin:accounts_user_delete", args=[coach.pk]))
    history = text_of(beheerder_client, reverse("admin:accounts_user_history", args=[coach.pk]))

    assert "Weet u zeker" in delete or "kan niet worden verwijderd" in delete
    assert "Are you sure" not in delete
    assert "Wijzigingsgeschiedenis" in history and "Change history" not in history


def test_the_log_in_page_is_dutch(client):
    page = text_of(client, reverse("login"))

    assert "Gebruikersnaam" in page and "Wachtwoord" in page
    assert "Username" not in page and "Forgotten your" not in page


def test_the_libraries_headings_on_the_index_are_dutch(superuser_client):
    page = text_of(superuser_client, reverse("admin:index"))

    assert "blokkades na mislukt inloggen" in page and "tweestapsverificatie" in page
    assert "Authenticator-apps" in page
    assert ">Axes<" not in page and "Otp_Totp" not in page and "TOTP devices" not in page


def attempt(username: str, **fields) -> AccessAttempt:
    return AccessAttempt.objects.create(
        username=username, ip_address="192.0.2.1", user_agent="Firefox", http_accept="*/*",
        path_info="/inloggen/", get_data="", post_data="", **fields,
    )  # fmt: skip


def test_the_lock_out_counts_are_dutch(superuser_client):
    attempt("jan", failures_since_start=5)

    page = text_of(superuser_client, reverse("admin:axes_accessattempt_changelist"))

    for dutch in ("Tijdstip van de poging", "IP-adres", "Mislukte inlogpogingen", "Op pad"):
        assert dutch in page, dutch
    for english in ("Attempt Time", "IP Address", "Failed Logins", "Locked Out", "access attempt"):
        assert english not in page, english


def test_clearing_the_expired_lock_out_counts_works_and_says_so_in_dutch(
    superuser_client, settings
):
    old, recent = attempt("jan", failures_since_start=5), attempt("piet", failures_since_start=1)
    past_cool_off = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    AccessAttempt.objects.filter(pk=old.pk).update(attempt_time=past_cool_off)

    response = superuser_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "cleanup_expired_attempts", "_selected_action": [old.pk, recent.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert "1 verlopen tellingen opgeruimd." in response.content.decode()
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["piet"]


def test_the_authenticator_apps_are_dutch_and_their_secret_is_not_shown(superuser_client):
    device = superuser_client.device

    listing = text_of(superuser_client, reverse("admin:otp_totp_totpdevice_changelist"))
    change = text_of(
        superuser_client, reverse("admin:otp_totp_totpdevice_change", args=[device.pk])
    )

    for dutch in ("Gebruiker", "Aangemaakt", "Laatst gebruikt", "Gekoppeld", "Op gekoppeld"):
        assert dutch in listing, dutch
    for english in ("Created at", "Last used at", "Confirmed", "QR Code", "Search by"):
        assert english not in listing, english
    assert "Tijdstap" in change and "De gebruiker van wie de app is." in change
    assert "Throttling" not in change and "belongs to" not in change and "Identity" not in change
    assert device.key not in change and 'name="key"' not in change
    config = reverse("admin:otp_totp_totpdevice_config", kwargs={"pk": device.pk})
    assert superuser_client.get(config).status_code == 403


# English that Django and the libraries write into /beheer/ by themselves: the default
# permissions' names, a boolean icon's text alternative, axes' names of its records, a model
# without a Dutch name (the staging tables, the API key library's model).
ENGLISH = (
    "Can add", "Can change", "Can delete", "Can view", 'alt="True"', 'alt="False"',
    'alt="None"', "staged", "changed person", "Access Log", "Failed access", "Attempted Access",
    "API key", "locked out",
)  # fmt: skip


@pytest.fixture
def lock_out_records():
    from axes.models import AccessFailureLog, AccessLog

    who = {"username": "jan", "ip_address": "192.0.2.1", "user_agent": "Firefox"}
    attempt("jan", failures_since_start=5)
    AccessLog.objects.create(**who, http_accept="*/*", path_info="/inloggen/")
    AccessFailureLog.objects.create(**who, http_accept="*/*", path_info="/inloggen/")


@pytest.mark.parametrize("who", ["superuser", "beheerder"])
def test_every_page_of_beheer_leaves_no_english_of_django_or_the_libraries(
    request, who, lock_out_records, coach
):
    client = request.getfixturevalue(f"{who}_client")
    pages = admin_pages(getattr(client, who))
    assert len(pages) > (30 if who == "superuser" else 15)

    texts = {path: text_of(client, path) for path in pages}
    english = {(path, word) for path, text in texts.items() for word in ENGLISH if word in text}

    assert not english


def test_every_permission_has_a_dutch_name_and_naming_them_again_changes_nothing(
    django_assert_max_num_queries,
):
    from django.contrib.auth.models import Permission

    from doorstroom.accounts.groups import dutch_permission_names

    names = dict(Permission.objects.values_list("codename", "name"))
    assert names["add_municipality"] == "Mag gemeente toevoegen"
    assert names["change_totpdevice"] == "Mag authenticator-app wijzigen"
    assert names["delete_accessattempt"] == "Mag telling mislukt inloggen verwijderen"
    assert names["view_auditevent"] == "Mag auditregel bekijken"
    assert all(name.startswith("Mag ") for name in names.values())
    Permission.objects.filter(codename="add_school").update(name="Can add school")

    dutch_permission_names()
    dutch_permission_names()

    assert Permission.objects.get(codename="add_school").name == "Mag school toevoegen"
    assert dict(Permission.objects.values_list("codename", "name")) == names


def test_a_yes_or_no_in_a_list_has_a_dutch_text_alternative(beheerder_client, coach):
    page = text_of(beheerder_client, reverse("admin:accounts_user_changelist"))

    assert 'alt="Ja"' in page and 'alt="True"' not in page


def test_a_lock_out_record_is_named_in_dutch(superuser_client, lock_out_records):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    pages = {
        model: text_of(superuser_client, reverse(
            f"admin:axes_{model._meta.model_name}_change", args=[model.objects.get().pk]
        ))
        for model in (AccessAttempt, AccessLog, AccessFailureLog)
    }  # fmt: skip

    assert "<title>Mislukt inloggen van jan, laatst op " in pages[AccessAttempt]
    assert "<title>Inloggen van jan op " in pages[AccessLog]
    assert "Mislukt inloggen van jan op " in pages[AccessFailureLog]
    assert "vanaf 192.0.2.1" in pages[AccessFailureLog]


ENGLISH_WORDS = {"the", "and", "this", "that", "which", "when", "once", "for", "with", "its"}


def test_every_help_text_of_our_models_is_dutch():
    """A help text shows in /beheer/ and in the generated documentation of the models."""
    from django.apps import apps

    english = {
        f"{model.__name__}.{field.name}": str(field.help_text)
        for model in apps.get_models()
        if model.__module__.startswith("doorstroom.")
        for field in model._meta.get_fields()
        if ENGLISH_WORDS & set(str(getattr(field, "help_text", "")).lower().split())
    }
    assert english == {}
