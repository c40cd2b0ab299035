from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "doorstroom.signals"
    verbose_name = "signalering"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from doorstroom.deliveries.events import register_changed
        from doorstroom.people.models import Enrolment, Exemption, IncomeMatch, Person, Result
        from doorstroom.signals.services import look_again, signal_changed_persons

        register_changed.connect(signal_changed_persons, dispatch_uid="signals-after-import")
        for model in (Person, Enrolment, Result, Exemption, IncomeMatch):
            for event in (post_save, post_delete):
                event.connect(look_again, sender=model, dispatch_uid=f"signals-{model.__name__}")
