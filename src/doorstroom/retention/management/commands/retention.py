"""doorstroom retention: fix the yearly figures and delete what has passed its retention
period; --dry-run only counts. See docs/operations.md (Bewaartermijnen)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from doorstroom import dates
from doorstroom.progress import labelled_bars
from doorstroom.regions.models import Region
from doorstroom.retention.models import RemovedKind, RetentionRun, table_name
from doorstroom.retention.schedule import run_daily
from doorstroom.retention.services import Outcome, apply_retention, run_retention, start_run


class Command(BaseCommand):
    help = "Verwijdert wat zijn bewaartermijn voorbij is (na het vastleggen van de jaarcijfers)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            "--proef",
            dest="dry_run",
            action="store_true",
            help="niets wijzigen: tel wat er verwijderd zou worden",
        )
        parser.add_argument(
            "--dagelijks",
            "--daily",
            dest="daily",
            action="store_true",
            help="als de dagelijkse run (voor cron): niets doen als die vandaag al gedraaid heeft",
        )
        parser.add_argument(
            "--peildatum", help="jjjj-mm-dd, alleen met --dry-run: wat gaat er op die dag weg?"
        )

    def handle(self, *args, **options) -> None:
        on = dates.today()
        if options["peildatum"]:
            if not options["dry_run"]:
                raise CommandError(
                    "--peildatum kan alleen met --dry-run: verwijderen gaat per vandaag."
                )
            try:
                on = dates.parse_date(options["peildatum"])
            except ValueError as error:
                raise CommandError(f"--peildatum: {error}") from None
        with labelled_bars(transient=True) as progress:
            if options["dry_run"]:
                outcome = apply_retention(on, dry_run=True, progress=progress)
            elif options["daily"]:
                run = run_daily(any_hour=True, progress=progress)
                if run is None:
                    self.stdout.write("De dagelijkse run van vandaag is al gedaan (of bezig).")
                    return
                outcome = Outcome.of_run(run)
            else:
                run = start_run(RetentionRun.Trigger.COMMAND)
                outcome = run_retention(run, progress=progress)
        self._report(outcome, on, dry=options["dry_run"])

    def _report(self, outcome: Outcome, on, *, dry: bool) -> None:
        regions = {r.pk: r.code for r in Region.objects.all()}
        title = f"Bewaartermijnen {on:%d-%m-%Y}" + (" (proef: niets gewijzigd)" if dry else "")
        table = Table(title=title)
        for column in ("wat", "regio", "tabel", "aantal"):
            table.add_column(column)
        for (region, kind, model), count in sorted(
            outcome.counts.items(), key=lambda item: (item[0][1], item[0][0] or 0, item[0][2])
        ):
            table.add_row(
                RemovedKind(kind).label,
                regions.get(region, "installatie"),
                table_name(model) if model else "",
                str(count),
            )
        Console(file=self.stdout, width=120).print(table)
        self.stdout.write(("Zou doen: " if dry else "Gedaan: ") + outcome.summary())
