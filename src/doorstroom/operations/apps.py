from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the application: settings documentation, and later health and maintenance."""

    name = "doorstroom.operations"
    verbose_name = "beheer van de installatie"
