from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "doorstroom.api"
    label = "api"
    verbose_name = "API (koppelingen)"
