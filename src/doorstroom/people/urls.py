from django.urls import path

from doorstroom.people import views

app_name = "people"
urlpatterns = [
    path("", views.search, name="search"),
    path("<uuid:public_id>/", views.detail, name="detail"),
]
