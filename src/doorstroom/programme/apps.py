from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "doorstroom.programme"
    verbose_name = "regionaal programma"
