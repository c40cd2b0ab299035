"""doorstroom load_reference_data: regions, municipalities and schools from CSV files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from doorstroom.regions.loading import DEMO_FILES, ReferenceDataError, load_reference_data


class Command(BaseCommand):
    help = (
        "Laadt regio's, gemeenten en scholen uit CSV-bestanden (zie docs/formats/reference-data.md). "
        "Zonder opties: de meegeleverde demoregio's."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--regions", type=Path, help="CSV met regio's")
        parser.add_argument("--municipalities", type=Path, help="CSV met gemeenten")
        parser.add_argument("--schools", type=Path, help="CSV met scholen")

    def handle(self, *args, **options) -> None:
        files = {name: options[name] for name in ("regions", "municipalities", "schools")}
        if not any(files.values()):
            files = DEMO_FILES
        try:
            report = load_reference_data(**files)
        except ReferenceDataError as error:
            raise CommandError(
                "Niets geladen; los eerst deze fouten op:\n" + "\n".join(error.errors)
            ) from None
        for label, count in report.counts.items():
            if count:
                self.stdout.write(f"{label}: {count} regels geladen")
