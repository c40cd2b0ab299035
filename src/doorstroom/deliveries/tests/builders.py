"""Delivery files for tests, row by row, in our format (docs/formats/delivery.md)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from doorstroom.deliveries.adapters.base import COLUMNS
from doorstroom.deliveries.models import DeliveryKind, ImportRun
from doorstroom.deliveries.services import queue_delivery, run_import
from doorstroom.people.bsn import reserved_test_bsns

BSNS = list(reserved_test_bsns())


def person(bsn: str, **fields: str) -> dict[str, str]:
    return {
        "record": "persoon",
        "bsn": bsn,
        "voornamen": "Noor",
        "geslachtsnaam": "Haverkamp",
        "geboortedatum": "2007-01-10",
        "straat": "Kerkstraat",
        "huisnummer": "3",
        "postcode": "7411AB",
        "woonplaats": "Deventer",
        "gemeentecode": "GM0150",
        **fields,
    }


def enrolment(bsn: str, source_id: str, **fields: str) -> dict[str, str]:
    return {
        "record": "inschrijving",
        "bsn": bsn,
        "inschrijving_id": source_id,
        "brin": "94AA",
        "vestiging": "01",
        "onderwijssoort": "mbo_2",
        "leerweg": "bol",
        "begindatum": "2024-08-01",
        **fields,
    }


def result(bsn: str, source_id: str, **fields: str) -> dict[str, str]:
    return {
        "record": "resultaat",
        "bsn": bsn,
        "resultaat_id": source_id,
        "onderwijssoort": "vmbo_kb",
        "resultaatsoort": "diploma",
        "resultaatdatum": "2024-07-05",
        "brin": "91AB",
        **fields,
    }


def write(
    path: Path, rows: list[dict[str, str]], *, separator: str = ";", encoding: str = "utf-8"
) -> Path:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=separator, lineterminator="\r\n")  # quotes any \r or \n
    writer.writerow(COLUMNS)
    writer.writerows([row.get(column, "") for column in COLUMNS] for row in rows)
    path.write_bytes(text.getvalue().encode(encoding, errors="replace"))
    return path


def deliver(
    tmp_path: Path,
    rows: list[dict[str, str]],
    *,
    kind: DeliveryKind = DeliveryKind.C,
    on: date = date(2026, 11, 20),
    area=None,
    force: bool = False,
    name: str | None = None,
    **write_options,
) -> ImportRun:
    """Write the rows as a delivery file and import it; the run says what happened."""
    path = write(
        tmp_path / (name or f"levering-{kind}-{on:%Y%m%d}-{len(rows)}.csv"), rows, **write_options
    )
    return import_file(path, kind=kind, on=on, area=area, force=force)


def import_file(
    path: Path,
    *,
    kind: DeliveryKind = DeliveryKind.C,
    on: date = date(2026, 11, 20),
    area=None,
    force: bool = False,
) -> ImportRun:
    """Import a file as it is (odd bytes, no header), queued as the command queues it."""
    run = queue_delivery(
        path, file_name=path.name, kind=kind, delivery_date=on, area=area, user=None, force=force
    )
    return run_import(run)
