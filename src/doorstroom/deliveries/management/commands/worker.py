"""doorstroom worker: read queued deliveries, for installations with DOORSTROOM_DELIVERY_WORKER=external;
with DOORSTROOM_RETENTION_RUNNER=worker it runs the daily retention job too."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from doorstroom.deliveries.worker import work_until_empty
from doorstroom.retention.schedule import check_now_and_then


class Command(BaseCommand):
    help = "Leest geüploade leveringen in die in de wachtrij staan (één tegelijk, tot Ctrl+C)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="de wachtrij één keer leegmaken en stoppen"
        )
        parser.add_argument(
            "--interval", type=float, default=2.0, help="seconden tussen twee keer kijken"
        )

    def handle(self, *args, **options) -> None:
        if not options["once"]:
            # Said once at the start: an operator who starts it sees it is up and waiting.
            self.stdout.write(
                f"Wacht op leveringen in de wachtrij (elke {options['interval']:g} s kijken); "
                "stoppen met Ctrl+C."
            )
        while True:
            done = work_until_empty()
            if done:
                self.stdout.write(f"{done} levering(en) ingelezen")
            if settings.RETENTION_RUNNER == "worker" and (run := check_now_and_then()):
                self.stdout.write(f"bewaartermijnen: {run.message}")
            if options["once"]:
                return
            try:
                time.sleep(options["interval"])
            except KeyboardInterrupt:
                # Ctrl+C while waiting, between two deliveries: a stop, not a traceback.
                self.stdout.write("Gestopt.")
                return
