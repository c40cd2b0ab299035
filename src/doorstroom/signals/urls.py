from django.urls import path, register_converter
from django.urls.converters import StringConverter

from doorstroom.signals import views


class ReportNumber(StringConverter):
    """A meldingnummer in an address: up to 40 characters, no slash and no control character
    (PostgreSQL cannot even compare a text with NUL in it: that was a server error)."""

    regex = "[^/\\x00-\\x1f\\x7f]{1,40}"


register_converter(ReportNumber, "meldingnummer")

app_name = "signals"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("toewijzen/", views.assign, name="assign"),
    path("uitvoeren/", views.run, name="run"),
    path("filters/", views.save_filter, name="save_filter"),
    path("filters/<int:pk>/verwijderen/", views.delete_filter, name="delete_filter"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/oppakken/", views.take_up, name="take_up"),
    path("<uuid:public_id>/afsluiten/", views.close, name="close"),
]

report_patterns = (
    [
        path("", views.reports, name="list"),
        path("nieuw/", views.report_new, name="new"),
        path("<meldingnummer:number>/", views.report, name="detail"),
    ],
    "reports",
)
