"""Writing validated rows to the staging tables in short batches: COPY on PostgreSQL,
executemany on SQLite, each batch in its own short transaction so that pages keep working
while a large delivery streams in."""

from __future__ import annotations

from django.db import connection, transaction

from doorstroom.csvfiles import RowError
from doorstroom.deliveries.models import RejectedRow, StagedEnrolment, StagedPerson, StagedResult
from doorstroom.deliveries.validation import ENROLMENT, PERSON, RESULT

BATCH = 20_000

STAGING = {
    PERSON: (
        StagedPerson._meta.db_table,
        (
            "run_id", "line", "bsn", "public_id", "given_names", "surname_prefix", "surname",
            "surname_key", "date_of_birth", "phone", "email", "date_of_death",
            "date_of_emigration", "municipality_id", "street", "house_number",
            "house_number_addition", "postcode", "city", "moved_on", "moved_on_eve", "mutation",
        ),
    ),
    ENROLMENT: (
        StagedEnrolment._meta.db_table,
        (
            "run_id", "line", "mutation", "bsn", "source_id", "school_id", "kind", "vso_profile",
            "mbo_pathway", "start_date", "end_date", "leaving_reason", "with_person",
        ),
    ),
    RESULT: (
        StagedResult._meta.db_table,
        ("run_id", "line", "mutation", "bsn", "source_id", "school_id", "kind", "result_type", "obtained_on", "with_person"),
    ),
}  # fmt: skip
REJECTED = (RejectedRow._meta.db_table, ("run_id", "line", "field", "message", "raw", "bsn"))


def _write(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        if connection.vendor == "postgresql":
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(columns))
            raw.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


class Stager:
    """Collects rows per record kind and writes them a batch at a time."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.buffers: dict[str, list[tuple]] = {PERSON: [], ENROLMENT: [], RESULT: []}
        self.rejected: list[tuple] = []
        self.counts = {PERSON: 0, ENROLMENT: 0, RESULT: 0}
        self.rejected_count = 0

    def add(self, kind: str, row: tuple) -> None:
        buffer = self.buffers[kind]
        buffer.append((self.run_id, *row))
        if len(buffer) >= BATCH:
            self._flush(kind)

    def reject(self, error: RowError, raw: str, bsn: str = "") -> None:
        """Keep a refused row; its BSN (as written) keeps that person's items from being
        taken as no longer delivered."""
        self.rejected.append(
            (
                self.run_id,
                error.line,
                error.field[:50],
                error.message[:300],
                _clean(raw),
                bsn[:20].replace("\x00", ""),
            )
        )
        self.rejected_count += 1
        if len(self.rejected) >= BATCH:
            _write(*REJECTED, self.rejected)
            self.rejected = []

    def _flush(self, kind: str) -> None:
        buffer = self.buffers[kind]
        if buffer:
            _write(*STAGING[kind], buffer)
            self.counts[kind] += len(buffer)
            self.buffers[kind] = []

    def finish(self) -> None:
        for kind in self.buffers:
            self._flush(kind)
        if self.rejected:
            _write(*REJECTED, self.rejected)
            self.rejected = []


def fill_in_row_texts(run_id: int, rows) -> None:
    """Rows refused while applying (those that need the register) were stored without their
    text: read the file once more and fill it in, a short transaction per batch. Costs a pass
    over the file only when there are such rows."""
    table = RejectedRow._meta.db_table
    wanted = set(RejectedRow.objects.filter(run_id=run_id, raw="").values_list("line", flat=True))
    texts: list[tuple[str, int]] = []
    for line, values in rows:
        if line in wanted and values:
            texts.append((_clean(";".join(values)), line))
            if len(texts) >= BATCH:
                _fill(table, run_id, texts)
                texts = []
    _fill(table, run_id, texts)


def _clean(raw: str) -> str:
    # PostgreSQL text holds no NUL character; the row is kept without it.
    return raw[:2000].replace("\x00", "")


def _fill(table: str, run_id: int, texts: list[tuple[str, int]]) -> None:
    if texts:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET raw = %s WHERE run_id = {int(run_id)} AND line = %s", texts
            )
