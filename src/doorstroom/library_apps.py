"""The libraries' apps as INSTALLED_APPS lists them, under a Dutch heading in /beheer/ (else
"Axes", "Otp_Totp", "API Key Permissions"): the same app (name, label, ready), only its
verbose_name, so their migrations do not change. A module of their own: in an app's apps.py
a second AppConfig would stop Django from choosing that app's own config by itself."""

from axes.apps import AppConfig as AxesConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig
from rest_framework_api_key.apps import RestFrameworkApiKeyConfig


class LockOutConfig(AxesConfig):
    verbose_name = "blokkades na mislukt inloggen"


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
