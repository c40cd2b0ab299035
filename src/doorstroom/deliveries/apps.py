from django.apps import AppConfig


class DeliveriesConfig(AppConfig):
    name = "doorstroom.deliveries"
    verbose_name = "leveringen"
