"""Writing validated rows to the staging tables in short batches: COPY on PostgreSQL,
executemany on SQLite, each batch in its own short transaction so that pages keep working
while a large delivery streams in.

On SQLite the staging tables are the importing connection's own (`private_staging`): TEMP
tables of the same names, which SQLite finds before the shared ones. Writing them takes no
lock on the database file and writes no WAL, so pages write their audit rows undisturbed
while a delivery streams in, and a process that dies leaves nothing behind. (PostgreSQL's
staging tables are unlogged, migration 0005, and its writers do not block each other.)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from doorstroom.crypto import Sealer, lookup_hash
from doorstroom.csvfiles import RowError
from doorstroom.deliveries.adapters.base import Misfit
from doorstroom.deliveries.models import RejectedRow, StagedEnrolment, StagedPerson, StagedResult
from doorstroom.deliveries.validation import ENROLMENT, I_BSN, PERSON, RESULT

BATCH = 20_000

STAGING = {
    PERSON: (
        StagedPerson._meta.db_table,
        (
            "run_id", "line", "bsn_hash", "bsn", "public_id", "given_names", "surname_prefix", "surname",
            "surname_key", "date_of_birth", "phone", "email", "date_of_death",
            "date_of_emigration", "municipality_id", "street", "house_number",
            "house_number_addition", "postcode", "city", "moved_on", "moved_on_eve", "mutation",
        ),
    ),
    ENROLMENT: (
        StagedEnrolment._meta.db_table,
        (
            "run_id", "line", "mutation", "bsn_hash", "source_id", "school_id", "kind", "vso_profile",
            "mbo_pathway", "start_date", "end_date", "leaving_reason", "with_person", "raw", "bsn",
        ),
    ),
    RESULT: (
        StagedResult._meta.db_table,
        ("run_id", "line", "mutation", "bsn_hash", "source_id", "school_id", "kind", "result_type", "obtained_on", "with_person", "raw", "bsn"),
    ),
}  # fmt: skip
REJECTED = (
    RejectedRow._meta.db_table,
    ("run_id", "line", "field", "message", "raw", "bsn", "bsn_hash"),
)


STAGING_TABLES = tuple(table for table, _ in STAGING.values())


class PrivateStaging:
    """The staging tables of this delivery (SQLite: its TEMP tables, see private_staging)."""

    def __init__(self, index_sql: list[str]) -> None:
        self.index_sql = index_sql

    def index(self) -> None:
        """Make the staging tables' indexes, once every row is in: built in one pass over
        sorted keys, some 30 % less work than keeping them up to date row by row."""
        with connection.cursor() as cursor:
            for sql in self.index_sql:
                cursor.execute(sql)
        self.index_sql = []


@contextmanager
def private_staging() -> Iterator[PrivateStaging]:
    """On SQLite: TEMP staging tables for this connection while a delivery is read, made from
    the shared tables' own definitions (so with their column types, and their indexes once
    `index` is called)."""
    if connection.vendor != "sqlite":
        yield PrivateStaging([])
        return
    names = ", ".join(f"'{table}'" for table in STAGING_TABLES)
    indexes = []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT type, sql FROM main.sqlite_master WHERE tbl_name IN ({names}) "
            "AND sql IS NOT NULL ORDER BY type DESC"  # tables before their indexes
        )
        for kind, sql in cursor.fetchall():
            if kind == "table":
                cursor.execute(sql.replace("CREATE TABLE", "CREATE TEMP TABLE", 1))
            else:  # an index made after its TEMP table lands with it in the temp schema
                indexes.append(sql)
    try:
        yield PrivateStaging(indexes)
    finally:
        with connection.cursor() as cursor:
            for table in STAGING_TABLES:
                cursor.execute(f"DROP TABLE IF EXISTS temp.{table}")


def _write(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    if connection.vendor == "postgresql":
        copy_in = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
            cursor.cursor.copy(copy_in) as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" * len(columns))
    insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    if connection.in_atomic_block:  # part of the caller's transaction (the side files)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.cursor.executemany(insert, rows)
        return
    # A deferred transaction whose first statement writes: it locks the database file only
    # when the table is in it (rejected rows), not for the private staging tables.
    with connection.cursor() as cursor:
        raw = cursor.cursor
        raw.execute("BEGIN")
        try:
            raw.executemany(insert, rows)
        except BaseException:
            raw.execute("ROLLBACK")
            raise
        raw.execute("COMMIT")


def delivered_bsn(values: list[str], at: int = I_BSN) -> str:
    """The value in a delivered row's bsn column (at `at`: a side file has its own columns),
    as written (of a `Misfit`, the one it kept)."""
    return values.bsn if values.__class__ is Misfit else values[at]


def row_text(values: list[str], delimiter: str) -> str:
    """A delivered row's text as a refused row keeps it: its fields (as read also for a
    `Misfit`) as a line of the file, with the file's own delimiter, and quoted where a field
    holds that delimiter, a quote or a line break, as the file had to."""
    if not values:
        return ""
    line = io.StringIO()
    # csv quotes a line break only when it is in the line terminator: none would leave a
    # field's '\n' bare, and the row read back as two
    csv.writer(line, delimiter=delimiter, lineterminator="\r\n").writerow(values)
    return line.getvalue().removesuffix("\r\n")


NO_TEXT = ("", "")
"""The kept text of a staged enrolment or result (raw, bsn) that needs none."""


class Stager:
    """Collects rows per record kind and writes them a batch at a time."""

    def __init__(self, run_id: int, hash_of: Callable[[str], str] = lookup_hash) -> None:
        """`hash_of`: the BSN's keyed hash (the validator's, which remembers the last one)."""
        self.run_id = run_id
        self.hash_of = hash_of
        self.buffers: dict[str, list[tuple]] = {PERSON: [], ENROLMENT: [], RESULT: []}
        self.rejected: list[tuple] = []
        self.counts = {PERSON: 0, ENROLMENT: 0, RESULT: 0}
        self.rejected_count = 0
        self.seal = Sealer()

    def add(self, kind: str, row: tuple) -> None:
        buffer = self.buffers[kind]
        buffer.append((self.run_id, *row) if kind == PERSON else (self.run_id, *row, *NO_TEXT))
        if len(buffer) >= BATCH:
            self._flush(kind)

    def add_keeping_text(self, kind: str, row: tuple, raw: str, bsn: str) -> None:
        """Stage an enrolment or result with its text and BSN as written, encrypted
        (validation.RowValidator.keeps_text): it becomes a rejected row with that text when
        the register does not know its person (apply.py), without a second pass over the
        file (`fill_in_row_texts`)."""
        buffer = self.buffers[kind]
        buffer.append(
            (
                self.run_id,
                *row,
                _sealed(self.seal, _clean(raw)),
                _sealed(self.seal, _clean_bsn(bsn)),
            )
        )
        if len(buffer) >= BATCH:
            self._flush(kind)

    def reject(self, error: RowError, raw: str, bsn: str = "") -> None:
        """Keep a refused row, encrypted with its BSN (as written); the BSN's hash keeps that
        person's items from being taken as no longer delivered (apply.py)."""
        bsn = _clean_bsn(bsn)
        self.rejected.append(
            (
                self.run_id,
                error.line,
                error.field[:50],
                error.message[:300],
                _sealed(self.seal, _clean(raw)),
                _sealed(self.seal, bsn),
                self.hash_of(bsn) if bsn else "",
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


def lines_without_text(run_id: int) -> set[int]:
    """The lines of this run's rows refused while applying (those that need the register)
    that were stored without their text and BSN: a person row, or an item staged without
    it (`Stager.add_keeping_text` kept the others'). A row refused while reading for its
    number of fields has no text to give, nor a BSN's hash: not among them."""
    table = RejectedRow._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT line FROM {table} WHERE run_id = %s AND raw = '' AND bsn_hash <> ''",
            [run_id],
        )
        return {line for (line,) in cursor.fetchall()}


def fill_in_row_texts(run_id: int, rows, delimiter: str, wanted: set[int]) -> None:
    """Fill in the text and BSN of the `wanted` lines (`lines_without_text`) from the file's
    rows, read once more, encrypted, a short transaction per batch."""
    table = RejectedRow._meta.db_table
    seal = Sealer()
    texts: list[tuple[str, str, int]] = []
    for line, values in rows:
        if line in wanted and values:
            bsn = _clean_bsn(delivered_bsn(values))
            text = _clean(row_text(values, delimiter))
            texts.append((_sealed(seal, text), _sealed(seal, bsn), line))
            if len(texts) >= BATCH:
                _fill(table, run_id, texts)
                texts = []
    _fill(table, run_id, texts)


def _sealed(seal: Sealer, value: str) -> str:
    return seal(value) if value else ""


def _clean(raw: str) -> str:
    # PostgreSQL text holds no NUL character; the row is kept without it.
    return raw[:2000].replace("\x00", "")


def _clean_bsn(bsn: str) -> str:
    return bsn[:20].replace("\x00", "")


def _fill(table: str, run_id: int, texts: list[tuple[str, str, int]]) -> None:
    if texts:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET raw = %s, bsn = %s WHERE run_id = {int(run_id)} AND line = %s",
                texts,
            )
