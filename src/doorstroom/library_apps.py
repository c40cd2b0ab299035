"""The libraries' apps as INSTALLED_APPS lists them, under a Dutch heading in /beheer/ (else
"Axes", "Otp_Totp", "API Key Permissions"): the same app (name, label, ready), only its
verbose_name, so their migrations do not change. A module of their own: in an app's apps.py
a second AppConfig would stop Django from choosing that app's own config by itself."""

from datetime import datetime

from axes.apps import AppConfig as AxesConfig
from django.utils import timezone
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig
from rest_framework_api_key.apps import RestFrameworkApiKeyConfig


def _moment(at: datetime) -> str:
    return f"{timezone.localtime(at):%d-%m-%Y %H:%M}"


class LockOutConfig(AxesConfig):
    verbose_name = "blokkades na mislukt inloggen"

    def ready(self) -> None:
        super().ready()
        # axes names a record in English, unmarked for translation ("Access Log for jan @
        # 2026-12-03 12:51:12.621394+00:00"): the title of its page in /beheer/, its delete
        # confirmation and the admin's history. The same facts, in Dutch and as a time we write.
        log, failure, attempt = (
            self.get_model(name) for name in ("AccessLog", "AccessFailureLog", "AccessAttempt")
        )
        log.__str__ = lambda row: f"Inloggen van {row.username} op {_moment(row.attempt_time)}"
        failure.__str__ = lambda row: (
            f"Mislukt inloggen van {row.username} op {_moment(row.attempt_time)} vanaf "
            f"{row.ip_address}{' (geblokkeerd)' if row.locked_out else ''}"
        )
        attempt.__str__ = lambda row: (
            f"Mislukt inloggen van {row.username}, laatst op {_moment(row.attempt_time)}"
        )


class TwoFactorConfig(TOTPConfig):
    verbose_name = "tweestapsverificatie"

    def ready(self) -> None:
        super().ready()
        # django-otp names its model in English, unmarked for translation. Set on the options
        # as shown, not on those it was declared with (original_attrs), which the migrations
        # read: the library's migrations stay as they are.
        options = self.get_model("TOTPDevice")._meta
        options.verbose_name = "authenticator-app"
        options.verbose_name_plural = "authenticator-apps"


class APIKeyLibraryConfig(RestFrameworkApiKeyConfig):
    """Its own key model is not offered (api/admin.py), but its permissions are listed on a
    superuser's user page under this name."""

    verbose_name = "API-sleutels (bibliotheek)"

    def ready(self) -> None:
        super().ready()
        # Its model's name in English ("API key") would stand in the permissions' names.
        options = self.get_model("APIKey")._meta
        options.verbose_name = "API-sleutel (bibliotheek)"
        options.verbose_name_plural = "API-sleutels (bibliotheek)"
