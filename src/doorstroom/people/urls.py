from django.urls import path

from doorstroom.people import views

app_name = "people"
urlpatterns = [
    path("", views.search, name="search"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/vrijstelling/", views.exemption_new, name="exemption_new"),
    path(
        "<uuid:public_id>/vrijstelling/<int:pk>/beeindigen/",
        views.exemption_end,
        name="exemption_end",
    ),
    path("<uuid:public_id>/inzage.json", views.export_json, name="export_json"),
    path("<uuid:public_id>/inzage.pdf", views.export_pdf, name="export_pdf"),
    path("<uuid:public_id>/correctie/", views.rectify, name="rectify"),
]
