from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from doorstroom import views
from doorstroom.signals.urls import report_patterns

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("jongeren/", include("doorstroom.people.urls")),
    path("leveringen/", include("doorstroom.deliveries.urls")),
    path("signalen/", include("doorstroom.signals.urls")),
    path("meldingen/", include(report_patterns)),
    path("beheer/", admin.site.urls),
]

handler403 = "doorstroom.views.permission_denied"
handler404 = "doorstroom.views.page_not_found"
handler500 = "doorstroom.views.server_error"
