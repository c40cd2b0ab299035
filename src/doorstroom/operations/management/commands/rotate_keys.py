"""doorstroom rotate_keys: re-encrypt every encrypted value with the newest key (see
docs/operations.md, 'Sleutels wisselen'), or count the values per key with --check."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from doorstroom.crypto import DecryptionError, current_key_id
from doorstroom.operations.key_rotation import BATCH_SIZE, count_by_key, encrypted_columns, rotate
from doorstroom.progress import labelled_bars


class Command(BaseCommand):
    help = "Versleutelt alle versleutelde gegevens opnieuw met de nieuwste sleutel, in porties."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="niets wijzigen: tel per kolom hoeveel waarden onder elke sleutel staan",
        )
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, help="rijen per transactie"
        )

    def handle(self, *args, **options) -> None:
        columns = encrypted_columns()
        newest = current_key_id()
        if not columns:
            self.stdout.write("Geen versleutelde kolommen in deze installatie.")
            return
        if options["check"]:
            key_ids = [key_id for key_id, _ in settings.ENCRYPTION_KEYS]
            for column in columns:
                counts = count_by_key(column, key_ids)
                shown = ", ".join(
                    f"{n} onder {key_id}{' (nieuwste)' if key_id == newest else ''}"
                    for key_id, n in counts.items()
                )
                self.stdout.write(f"{column.label}: {shown}")
            return
        with labelled_bars() as progress:
            try:
                done = rotate(columns, batch_size=options["batch_size"], progress=progress)
            except DecryptionError as error:
                raise CommandError(str(error)) from None
        for label, count in done.items():
            self.stdout.write(f"{label}: {count} waarden opnieuw versleuteld met {newest}")
