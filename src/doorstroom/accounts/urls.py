from django.urls import path

from doorstroom.accounts import views

app_name = "accounts"
urlpatterns = [
    path("code/", views.verify, name="verify"),
    path("app-koppelen/", views.enrol, name="enrol"),
]
