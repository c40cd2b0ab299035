"""doorstroom rehash_bsns: recompute every BSN look-up hash with the current
DOORSTROOM_LOOKUP_KEY, after that key was changed (docs/operations.md, 'Encryption keys');
--check counts the hashes that do not fit the key, and changes nothing."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from doorstroom.crypto import DecryptionError
from doorstroom.deliveries.models import ImportRun, RunStatus
from doorstroom.operations.lookup_hashes import BATCH_SIZE, rehash
from doorstroom.progress import labelled_bars


class Command(BaseCommand):
    help = "Berekent de opzoekwaarden (hashes) van alle BSN's opnieuw met de huidige opzoeksleutel."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="niets wijzigen: tel per kolom hoeveel opzoekwaarden niet bij de sleutel passen",
        )
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, help="rijen per transactie"
        )

    def handle(self, *args, **options) -> None:
        dry_run = options["check"]
        running = ImportRun.objects.filter(status=RunStatus.RUNNING)
        if not dry_run and any(not run.is_stale for run in running):
            raise CommandError(
                "Er wordt een levering ingelezen: stop de workers en wacht tot het inlezen klaar "
                "is. Een levering die tijdens het herberekenen wordt ingelezen, vindt de jongeren "
                "niet terug."
            )
        with labelled_bars() as progress:
            try:
                changed = rehash(
                    batch_size=options["batch_size"], dry_run=dry_run, progress=progress
                )
            except DecryptionError as error:
                raise CommandError(str(error)) from None
        for label, count in changed.items():
            if dry_run:
                self.stdout.write(f"{label}: {count} opzoekwaarden passen niet bij de sleutel")
            else:
                self.stdout.write(f"{label}: {count} opzoekwaarden opnieuw berekend")
