from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "doorstroom.partners"
    verbose_name = "ketenpartners"
