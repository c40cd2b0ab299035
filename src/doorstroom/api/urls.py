"""/api/v1/: the REST API (docs/api.md). The key is the only way in, so the log-in and the
second step of the web pages do not apply here."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path

from doorstroom.accounts.two_factor import two_factor_exempt
from doorstroom.api import schema, views

app_name = "api"


def machine(view):
    """A view that answers machine clients by their key alone (no session)."""
    return login_not_required(two_factor_exempt(view))


urlpatterns = [
    path("openapi.json", machine(schema.openapi), name="openapi"),
    path("meldingen", machine(views.Meldingen.as_view()), name="meldingen"),
    path("meldingen/<path:meldingnummer>", machine(views.Melding.as_view()), name="melding"),
    re_path(r"^", machine(views.Unknown.as_view()), name="unknown"),  # last: what is left
]
