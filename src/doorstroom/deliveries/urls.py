from django.urls import path

from doorstroom.deliveries import views

app_name = "deliveries"
urlpatterns = [
    path("", views.runs, name="runs"),
    path("nieuw/", views.upload, name="upload"),
    path("<int:pk>/", views.run_detail, name="run"),
    path("<int:pk>/voortgang/", views.run_progress, name="progress"),
    path("<int:pk>/geweigerd.csv", views.rejected_csv, name="rejected"),
]
