from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "doorstroom.signals"
    verbose_name = "signalering"

    def ready(self) -> None:
        from doorstroom.deliveries.events import register_changed
        from doorstroom.signals.services import signal_changed_persons

        register_changed.connect(signal_changed_persons, dispatch_uid="signals-after-import")
