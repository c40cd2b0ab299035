from django.apps import AppConfig


class DemoConfig(AppConfig):
    verbose_name = "demo"
    name = "doorstroom.demo"
