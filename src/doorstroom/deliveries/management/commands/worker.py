"""doorstroom worker: read queued deliveries, for installations with DOORSTROOM_DELIVERY_WORKER=external."""

import time

from django.core.management.base import BaseCommand, CommandParser

from doorstroom.deliveries.worker import work_until_empty


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
        while True:
            done = work_until_empty()
            if done:
                self.stdout.write(f"{done} levering(en) ingelezen")
            if options["once"]:
                return
            time.sleep(options["interval"])
