from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from doorstroom import views
from doorstroom.accounts import oidc
from doorstroom.accounts.forms import LogInForm
from doorstroom.accounts.two_factor import two_factor_exempt
from doorstroom.signals.urls import report_patterns

# The functioneel beheerder's pages (/beheer/) under Doorstroom's name, not Django's.
admin.site.site_header = "Doorstroom · beheer"
admin.site.site_title = "Doorstroom beheer"
admin.site.index_title = "Referentiegegevens, gebruikers en bewaartermijnen"

admin.site.login = views.admin_login

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "inloggen/",
        two_factor_exempt(
            auth_views.LoginView.as_view(
                authentication_form=LogInForm, redirect_authenticated_user=True
            )
        ),
        name="login",
    ),
    path("inloggen/", include("doorstroom.accounts.urls")),
    path("inloggen/sso/start/", oidc.start, name="oidc_authentication_init"),
    path("inloggen/sso/terug/", oidc.callback, name="oidc_authentication_callback"),
    path("uitloggen/", two_factor_exempt(auth_views.LogoutView.as_view()), name="logout"),
    path("jongeren/", include("doorstroom.people.urls")),
    path("leveringen/", include("doorstroom.deliveries.urls")),
    path("signalen/", include("doorstroom.signals.urls")),
    path("meldingen/", include(report_patterns)),
    path("gedeeld/", include("doorstroom.partners.urls")),
    path("dossiers/", include("doorstroom.cases.urls")),
    path("privacy/", include("doorstroom.accounts.audit_urls")),
    path("privacy/bewaartermijnen/", include("doorstroom.retention.urls")),
    path("api/v1/", include("doorstroom.api.urls")),
    path("beheer/", admin.site.urls),
]

handler400 = "doorstroom.views.bad_request"
handler403 = "doorstroom.views.permission_denied"
handler404 = "doorstroom.views.page_not_found"
handler500 = "doorstroom.views.server_error"
