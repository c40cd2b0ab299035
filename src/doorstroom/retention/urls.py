from django.urls import path

from doorstroom.retention import views

app_name = "retention"
urlpatterns = [path("", views.runs, name="runs")]
