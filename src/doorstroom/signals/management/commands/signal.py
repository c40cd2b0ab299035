"""doorstroom signal: run signalling for one region or all, with a progress bar. The nightly
job (see docs/operations.md) runs it for every region."""

from __future__ import annotations

from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from doorstroom import dates
from doorstroom.numbers import decimal
from doorstroom.regions.models import Region
from doorstroom.signals.services import signal_regions


class Command(BaseCommand):
    help = "Voert de signalering uit voor een regio of voor alle regio's."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--regio", help="code van de regio (anders: alle regio's)")
        parser.add_argument("--peildatum", help="jjjj-mm-dd (anders: vandaag)")
        parser.add_argument(
            "--volledig",
            action="store_true",
            help="bekijk ook elk open signaal dat nog niet aan de beurt is (na een wijziging "
            "van de database buiten Doorstroom om)",
        )

    def handle(self, *args, **options) -> None:
        try:
            on = dates.parse_date(options["peildatum"]) if options["peildatum"] else dates.today()
        except ValueError as error:
            raise CommandError(f"--peildatum: {error}") from None
        regions = Region.objects.order_by("code")
        if options["regio"]:
            regions = regions.filter(code=options["regio"])
            if not regions:
                known = ", ".join(Region.objects.values_list("code", flat=True)) or "geen"
                raise CommandError(f"Regio {options['regio']} is onbekend (bekend: {known}).")
        console = Console(stderr=True)
        columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=console) as bar:

            def progress_of(region: Region) -> Callable[[int, int], None]:
                task = bar.add_task(f"signaleren {region.code}", total=None)
                return lambda done, total: bar.update(task, completed=done, total=total)

            runs = signal_regions(regions, on=on, progress=progress_of, full=options["volledig"])
            for run in runs:
                self.stdout.write(
                    f"{run.region.code} {run.region.name}: {run.counted} in "
                    f"{decimal(run.seconds)} s (peildatum {on:%d-%m-%Y})"
                )
