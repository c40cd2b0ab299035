from django.apps import AppConfig


class RegionsConfig(AppConfig):
    verbose_name = "referentiegegevens"
    name = "doorstroom.regions"
