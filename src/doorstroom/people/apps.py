from django.apps import AppConfig


class PeopleConfig(AppConfig):
    verbose_name = "register van jongeren"
    name = "doorstroom.people"
