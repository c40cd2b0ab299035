"""A run's refused rows written out as CSV, the same for the page's download and for
`doorstroom rejected`: the lines of the file, and the young people of the register it names,
for the audit rows of whoever takes them out."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from doorstroom.csvfiles import SpreadsheetCsv
from doorstroom.deliveries.models import ImportRun, RejectedRow
from doorstroom.people.models import Person

HEADER = ["regel", "veld", "reden", "oorspronkelijke regel"]
AUDIT_BATCH = 5000
"""Persons per insert of the audit rows of an export of refused rows."""


def file_name(run: ImportRun) -> str:
    return f"geweigerde-regels-{run.pk}.csv"


def lines(run: ImportRun) -> Iterator[str]:
    """The rows by line number, formulas defused, with a BOM for Excel (`SpreadsheetCsv`)."""
    rows = (
        RejectedRow.objects.filter(run=run)
        .order_by("line")
        .values_list("line", "field", "message", "raw")
    )
    csv = SpreadsheetCsv()
    yield "\ufeff" + csv.row(HEADER)
    for row in rows.iterator(chunk_size=2000):
        yield csv.row(row)


def persons_named(run: ImportRun) -> Iterator[list[int]]:
    """The ids of the register's young people whose BSN is in the refused rows (by its keyed
    hash, in SQL), in batches of AUDIT_BATCH: an export shows their BSNs and names, so each
    gets an audit row and their log and inzage show it. The first batch is empty when the
    rows name nobody known (the export is logged all the same)."""
    hashes = RejectedRow.objects.filter(run=run).exclude(bsn_hash="").values("bsn_hash")
    known = (
        Person.objects.filter(bsn_hash__in=hashes)
        .order_by("pk")
        .values_list("pk", flat=True)
        .iterator(chunk_size=AUDIT_BATCH)
    )
    yield list(islice(known, AUDIT_BATCH))
    while batch := list(islice(known, AUDIT_BATCH)):
        yield batch
