"""doorstroom rejected RUN: a run's refused rows into a CSV file, as the run page downloads
them, for an operator who reads deliveries on the command line."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from doorstroom.accounts.audit import record_for
from doorstroom.accounts.models import AuditAction
from doorstroom.deliveries import rejected_rows
from doorstroom.deliveries.models import ImportRun
from doorstroom.numbers import thousands

ROUTE = "deliveries:rejected_cli"


class Command(BaseCommand):
    help = "Schrijft de geweigerde regels van een inleesrun naar een CSV-bestand."
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("run", type=int, help="het nummer van de inleesrun")
        parser.add_argument(
            "--uit", type=Path, help="het bestand (anders geweigerde-regels-RUN.csv hier)"
        )

    def handle(self, *args, **options) -> None:
        run = ImportRun.objects.filter(pk=options["run"]).first()
        if run is None:
            raise CommandError(f"Inleesrun {options['run']} bestaat niet.")
        path: Path = options["uit"] or Path(rejected_rows.file_name(run))
        try:
            out = path.open("x", encoding="utf-8", newline="")
        except FileExistsError:
            raise CommandError(f"{path} bestaat al; kies met --uit een ander bestand.") from None
        except OSError as error:
            raise CommandError(f"{path} kan niet worden gemaakt: {error.strerror}.") from None
        reason = f"geweigerde regels van inleesrun {run.pk} naar {path.name} geschreven"
        with out:
            # The file holds BSNs and names: logged before a row is written, as a download is.
            for person_ids in rejected_rows.persons_named(run):
                record_for(
                    None, AuditAction.EXPORT, person_ids=person_ids, route=ROUTE, reason=reason
                )
            out.writelines(rejected_rows.lines(run))
        self.stdout.write(f"{thousands(run.rows_rejected)} geweigerde regels in {path}.")
