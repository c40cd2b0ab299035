from django.urls import path

from doorstroom.partners import views

app_name = "partners"

urlpatterns = [
    path("", views.shared, name="shared"),
    path("<uuid:public_id>/", views.shared_detail, name="shared_detail"),
]
