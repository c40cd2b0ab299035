from django.urls import path

from doorstroom.accounts import audit_views

app_name = "privacy"
urlpatterns = [
    path("logboek/", audit_views.log, name="log"),
    path("logboek/export/", audit_views.export, name="export"),
]
