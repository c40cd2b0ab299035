from django.core.management.base import BaseCommand

from doorstroom.operations.settings_doc import render


class Command(BaseCommand):
    help = "Schrijft de documentatie van alle instellingen (docs/settings.md) naar stdout."

    def handle(self, *args, **options) -> None:
        self.stdout.write(render(), ending="")
