from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "doorstroom.cases"
    verbose_name = "dossiers"
