"""doorstroom demo: a synthetic region with people and users, served on localhost."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table

from doorstroom import dates
from doorstroom.demo.casework import create_casework
from doorstroom.demo.generator import MAX_PERSONS, DemoRegister
from doorstroom.demo.sample_delivery import write_sample_p_levering
from doorstroom.demo.users import DEMO_PASSWORD, create_demo_users
from doorstroom.demo.worklist import create_worklist
from doorstroom.numbers import thousands
from doorstroom.people.models import Person
from doorstroom.regions.loading import DEMO_FILES, load_reference_data
from doorstroom.regions.models import Region
from doorstroom.retention.schedule import run_daily
from doorstroom.signals.services import signal_regions


class Command(BaseCommand):
    help = "Zet de demo klaar (database, demoregio, jongeren, gebruikers) en start de webserver."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--persons", type=int, default=5000, help="aantal jongeren (standaard 5000)"
        )
        parser.add_argument("--seed", type=int, default=2026, help="startwaarde van de generator")
        parser.add_argument("--port", type=int, default=8000, help="poort op 127.0.0.1")
        parser.add_argument(
            "--no-serve", action="store_true", help="alleen klaarzetten, niet serveren"
        )

    def handle(self, *args, **options) -> None:
        if settings.ENVIRONMENT not in ("demo", "development"):
            raise CommandError("De demo draait alleen met DOORSTROOM_ENV=demo of development.")
        if options["persons"] > MAX_PERSONS:
            raise CommandError(
                f"De demo maakt hoogstens {thousands(MAX_PERSONS)} jongeren"
                + ": elk krijgt een test-BSN dat met 9999 begint, en zoveel daarvan voldoen aan "
                "de elfproef."
            )
        console = Console()
        console.print("[bold]Doorstroom demo[/bold]: database bijwerken")
        call_command("migrate", interactive=False, verbosity=0)
        load_reference_data(**DEMO_FILES)
        if not Person.objects.exists():
            register = DemoRegister(seed=options["seed"], peildatum=dates.today())
            with Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=console,
            ) as progress:
                task = progress.add_task("synthetische jongeren maken", total=options["persons"])
                counts = register.generate(options["persons"], lambda n: progress.advance(task, n))
            console.print(
                f"{counts.persons} jongeren, {counts.enrolments} inschrijvingen, "
                f"{counts.results} diploma's en certificaten (alle BSN's beginnen met 9999)"
            )
            create_demo_users()
            work = create_worklist(options["seed"], dates.today())
            console.print(
                f"{work.reports} meldingen, {work.exemptions} vrijstellingen; signalering: "
                f"{work.signals} signalen, waarvan {work.assigned} al toegewezen"
            )
            casework = create_casework(options["seed"], dates.today())
            console.print(
                f"{casework.cases} dossiers, waarvan {casework.closed} afgesloten en "
                f"{casework.aftercare} in nazorg; het regionaal programma met twee maatregelen"
            )
        else:
            console.print(f"{Person.objects.count()} jongeren staan al in de database")
            # The demo has no nightly job: signal today's birthdays and ended vrijstellingen now.
            raised = sum(run.raised for run in signal_regions(Region.objects.all(), dates.today()))
            console.print(f"signalering van vandaag: {raised} nieuwe signalen")
        # As the installation itself would each night: fix the yearly figures, then remove
        # who is past every retention period (the generator makes careers up to age 30).
        run = run_daily(any_hour=True)
        if run is not None:
            console.print(f"bewaartermijnen: {run.message}")
        sample = write_sample_p_levering(
            settings.DATA_DIR / "demo-leveringen", "RMC11", dates.today()
        )
        console.print(
            f"Voorbeeldlevering om in te lezen (als ondersteuner, via Leveringen): {sample}"
        )
        table = Table(title=f"Inloggen (wachtwoord voor iedereen: {DEMO_PASSWORD})")
        table.add_column("gebruikersnaam")
        table.add_column("rol")
        table.add_column("regio")
        for spec, region in create_demo_users():
            table.add_row(spec.username, spec.role.label, region.name)
        console.print(table)
        if options["no_serve"]:
            return
        address = f"127.0.0.1:{options['port']}"
        console.print(f"\nOpen [bold]http://{address}/[/bold] in de browser; stop met Ctrl+C.\n")
        # The production web server (gunicorn, `doorstroom serve`), not Django's development
        # server: the demo answers as an installation would, also under load.
        call_command("serve", bind=[address])
