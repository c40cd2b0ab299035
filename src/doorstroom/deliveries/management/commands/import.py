"""doorstroom import FILE: read a delivery with a progress bar, and say what it did."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from doorstroom import dates
from doorstroom.deliveries.models import DeliveryKind, RunStatus
from doorstroom.deliveries.reading import kind_in_file, kind_of_delivery
from doorstroom.deliveries.services import queue_delivery, read_file_name, run_import
from doorstroom.numbers import decimal, thousands
from doorstroom.regions.models import Region


class Command(BaseCommand):
    help = "Leest een levering (docs/formats/delivery.md) in het register in."
    # A batch job: no system checks first (they load every URL and view, some 0.3 s of a weekly
    # delivery's few seconds); the server and `doorstroom check` run them.
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="het bestand (CSV)")
        parser.add_argument(
            "--soort",
            choices=["C", "P"],
            help="C- of P-levering (anders uit de bestandsnaam; verzuimmeldingen en prioriteiten: "
            "uit de kopregel)",
        )
        parser.add_argument("--leveringsdatum", help="jjjj-mm-dd (anders uit de bestandsnaam)")
        parser.add_argument(
            "--regio", help="code van de regio waarvoor de levering is (anders: alle regio's)"
        )
        parser.add_argument(
            "--forceer", action="store_true", help="ook een levering die ouder is dan de laatste"
        )

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} bestaat niet of is geen bestand.")
        named = read_file_name(path.name)
        chosen, chosen_by = (
            (DeliveryKind(options["soort"]), "--soort")
            if options["soort"]
            else (named.kind, "de bestandsnaam")
        )
        try:
            kind = kind_of_delivery(kind_in_file(path), chosen, chosen_by)
        except ValueError as error:
            raise CommandError(str(error)) from None
        try:
            day = (
                dates.parse_date(options["leveringsdatum"])
                if options["leveringsdatum"]
                else named.delivery_date
            )
        except ValueError as error:
            raise CommandError(f"--leveringsdatum: {error}") from None
        if kind is None or day is None:
            wanted = " en ".join(
                option
                for option, value in (("--soort", kind), ("--leveringsdatum", day))
                if value is None
            )
            raise CommandError(f"Geef {wanted} op; {named.lacking}.")
        area = self._area(options["regio"])
        run = queue_delivery(
            path.resolve(), file_name=path.name, kind=kind, delivery_date=day, area=area, user=None,
            force=options["forceer"],
        )  # fmt: skip
        run = self._with_progress(run, path.stat().st_size)
        self._report(run)

    def _area(self, code: str | None) -> Region | None:
        if code is None:
            return None
        region = Region.objects.filter(code=code).first()
        if region is None:
            known = ", ".join(Region.objects.values_list("code", flat=True)) or "geen"
            raise CommandError(f"Regio {code} is onbekend (bekend: {known}).")
        return region

    def _with_progress(self, run, size: int):
        console = Console(stderr=True)
        started = time.monotonic()
        with Progress(
            TextColumn("inlezen"), BarColumn(), DownloadColumn(), TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(), console=console, transient=False,
        ) as bar:  # fmt: skip
            task = bar.add_task("inlezen", total=size, rate="")

            def progress(done: int, rows: int) -> None:
                rate = rows / max(time.monotonic() - started, 1e-6)
                counts = f"{thousands(rows)} regels, {thousands(rate)} regels/s"
                bar.update(task, completed=done, rate=counts)

            return run_import(run, progress)

    def _report(self, run) -> None:
        duration = f" in {decimal(run.duration.total_seconds())} s" if run.duration else ""
        self.stdout.write(f"{run.get_status_display()}{duration}: {run.message}")
        if run.status == RunStatus.APPLIED:
            self.stdout.write(
                f"gelezen {run.rows_read}, nieuw {run.rows_new}, gewijzigd {run.rows_changed}, "
                f"ongewijzigd {run.rows_unchanged}, geweigerd {run.rows_rejected} (inleesrun {run.pk})"
            )
        if run.rows_rejected:
            self.stdout.write(
                f"De geweigerde regels: doorstroom rejected {run.pk} schrijft ze naar een "
                "CSV-bestand; op de pagina van de inleesrun staan ze ook."
            )
        if run.status in (RunStatus.REFUSED, RunStatus.FAILED):
            raise CommandError(run.message)
