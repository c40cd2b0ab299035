"""Writing what signalling decided, in one short transaction per batch: new signals and
their sources with our own SQL, closings and changes in bulk."""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass, field
from datetime import date

from django.db import connection

from doorstroom.cases.services import close_cases_of
from doorstroom.deliveries.models import Report, ReportStatus
from doorstroom.ids import time_ordered_uuid
from doorstroom.people.choices import Desk
from doorstroom.signals.choices import Resolution, SignalKind, SignalStatus, SourceKind
from doorstroom.signals.detection import CASE_OUTCOME, RULES, Closing, jikp_year
from doorstroom.signals.models import Cohort, CohortMembership, Signal, SignalSource


@dataclass(slots=True)
class NewSignal:
    """A signal to insert: plain values, no model object (thousands in a cold run)."""

    person_id: int
    region_id: int
    desk: Desk
    kind: SignalKind
    reason: str
    raised_on: date
    date_of_birth: date
    due_on: date
    from_register: bool
    school_id: int | None
    priority: int | None
    exemption_id: int | None
    handed_over_from_id: int | None
    rule: str = ""
    """The rule the signal cites (`Finding.rule`)."""
    recheck_on: date | None = None
    closing: Closing | None = None
    """Set when the signal is closed as it is raised (a melding the register answers)."""
    public_id: uuid.UUID = field(default_factory=time_ordered_uuid)


@dataclass
class Writes:
    new: list[NewSignal] = field(default_factory=list)
    new_sources: list[tuple[NewSignal, SourceKind, int | None]] = field(default_factory=list)
    closed: list[tuple[str, str, int]] = field(default_factory=list)
    """(resolution, its reason, id) of the signals that close."""
    reprioritised: list[tuple[int | None, int]] = field(default_factory=list)
    """(priority, id) of open signals whose Inlichtingenbureau priority changed."""
    born: list[tuple[str, int]] = field(default_factory=list)
    """(date of birth, id) of open signals whose person's date of birth was corrected."""
    confirmed: list[tuple[int | None, int]] = field(default_factory=list)
    """(priority, id) of open signals a melding raised that the register now confirms."""
    sources: list[SignalSource] = field(default_factory=list)
    checked: list[tuple[date, date, int]] = field(default_factory=list)
    """(checked on, recheck on, id) of open signals that stay open."""
    cases_ended: dict[tuple[int, int], tuple[Resolution, str]] = field(default_factory=dict)
    """(person, region) -> (resolution, its reason) of the register endings that also end
    the person's open cases in that region (detection.CASE_OUTCOME)."""
    jikp_in: list[int] = field(default_factory=list)
    jikp_out: list[int] = field(default_factory=list)
    reports_closed: list[int] = field(default_factory=list)
    """Ids of waiting meldingen that no desk will ever take up (the young person died or
    reached the upper age): closed."""


def write(writes: Writes, on: date) -> None:
    """Everything one batch decided; the caller holds the transaction."""
    day = on.isoformat()
    with connection.cursor() as cursor:
        # Our own UPDATEs: Django's bulk_update builds a CASE per row and field, which took
        # more than the rest of a delta run.
        closed = SignalStatus.CLOSED
        if writes.closed and connection.vendor == "postgresql":
            cursor.execute(CLOSE_ALL, [closed, day, *_columns(writes.closed), closed])
        elif writes.closed:
            cursor.executemany(CLOSE, [(closed, day, *signal, closed) for signal in writes.closed])
        if writes.reprioritised:
            cursor.executemany(REPRIORITISE, writes.reprioritised)
        if writes.born:
            cursor.executemany(BORN, writes.born)
        if writes.confirmed:
            cursor.executemany(CONFIRM, writes.confirmed)
        if writes.checked:
            checked = [(c.isoformat(), r.isoformat(), pk) for c, r, pk in writes.checked]
            if connection.vendor == "postgresql":
                cursor.execute(CHECKED_ALL, _columns(checked))
            else:
                cursor.executemany(CHECKED, checked)
    if writes.closed:
        Report.objects.filter(
            signal_sources__signal_id__in=[pk for *_, pk in writes.closed],
            status__in=(ReportStatus.REGISTERED, ReportStatus.IN_PROGRESS),
        ).update(status=ReportStatus.CLOSED)
    if writes.new:
        _insert_new(writes, on)
        answered = [report for n, _, report in writes.new_sources if n.closing and report]
        if answered:
            Report.objects.filter(
                pk__in=answered, status__in=(ReportStatus.REGISTERED, ReportStatus.IN_PROGRESS)
            ).update(status=ReportStatus.CLOSED)
    if writes.reports_closed:
        Report.objects.filter(pk__in=writes.reports_closed, status=ReportStatus.REGISTERED).update(
            status=ReportStatus.CLOSED
        )
    if writes.sources:
        SignalSource.objects.bulk_create(writes.sources, batch_size=500, ignore_conflicts=True)
    if writes.cases_ended:
        ended = writes.cases_ended.items()
        close_cases_of({key: (CASE_OUTCOME[r], reason) for key, (r, reason) in ended}, on)
    if writes.jikp_in:
        year = jikp_year(on)
        CohortMembership.objects.bulk_create(
            [CohortMembership(person_id=p, cohort=Cohort.JIKP, year=year) for p in writes.jikp_in],
            ignore_conflicts=True,
            batch_size=500,
        )
    if writes.jikp_out:
        CohortMembership.objects.filter(
            person_id__in=writes.jikp_out, cohort=Cohort.JIKP, year=jikp_year(on)
        ).delete()


SIGNAL_COLUMNS = """public_id, person_id, region_id, desk, kind, status, reason, rule,
    raised_on, date_of_birth, due_on, from_register, school_id, priority, exemption_id, handed_over_from_id,
    checked_on, recheck_on, closed_on, resolution, resolution_reason"""
SOURCE_COLUMNS = "signal_id, kind, report_id, noted_on"
NEW_SIGNALS = "INSERT INTO signals_signal ({columns}) VALUES {values} RETURNING id, public_id"
NEW_SIGNAL_VALUES = "(" + ", ".join(["?"] * 21) + ")"
"""SQLite's placeholders (`_execute_sqlite`): PostgreSQL COPYs the new signals."""
NEW_SOURCES = "INSERT INTO signals_signalsource ({columns}) VALUES {values}"
ROWS_PER_INSERT = 500
"""Rows per multi-row INSERT (SQLite allows 32,766 parameters in one statement)."""
CHECKED = "UPDATE signals_signal SET checked_on = %s, recheck_on = %s WHERE id = %s"
CLOSE = """UPDATE signals_signal SET status = %s, closed_on = %s, resolution = %s,
    resolution_reason = %s WHERE id = %s AND status <> %s"""
"""(A signal the desk closed after the batch read it keeps the day and reason of that close.)"""
CHECKED_ALL = """UPDATE signals_signal s SET checked_on = v.checked_on, recheck_on = v.recheck_on
    FROM unnest(%s::date[], %s::date[], %s::bigint[]) AS v (checked_on, recheck_on, id)
    WHERE s.id = v.id"""
CLOSE_ALL = """UPDATE signals_signal s SET status = %s, closed_on = %s, resolution = v.resolution,
    resolution_reason = v.reason
    FROM unnest(%s::text[], %s::text[], %s::bigint[]) AS v (resolution, reason, id)
    WHERE s.id = v.id AND s.status <> %s"""
"""PostgreSQL: CHECKED and CLOSE for a whole batch in one statement over arrays (executemany
sends a statement per row: 0.09 s of a weekly delta); SQLite runs its prepared statement per
row in-process, which is cheaper than building the arrays."""
REPRIORITISE = "UPDATE signals_signal SET priority = %s WHERE id = %s"
BORN = "UPDATE signals_signal SET date_of_birth = %s WHERE id = %s"
CONFIRM = "UPDATE signals_signal SET from_register = TRUE, priority = %s WHERE id = %s"


def _columns(rows: list[tuple]) -> list[list]:
    """Rows as one list per column, for the arrays of CHECKED_ALL and CLOSE_ALL."""
    return [list(column) for column in zip(*rows, strict=True)]


def _insert_new(writes: Writes, on: date) -> None:
    """New signals and their sources with our own SQL (the ORM's per-value work, or a
    statement per row, would be most of a cold region run): COPY on PostgreSQL, multi-row
    INSERTs on SQLite. Each new signal's id is read back by the public id made for it here
    (time-ordered, `doorstroom.ids`, and unique like a random one)."""
    public_id = Signal._meta.get_field("public_id")
    day = on.isoformat()
    keys = [public_id.get_db_prep_value(n.public_id, connection) for n in writes.new]
    rows = [_new_row(n, key, day) for n, key in zip(writes.new, keys, strict=True)]
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            ids = _copy_new(cursor.cursor, rows, keys)
        else:
            ids = _insert_new_sqlite(cursor, rows)
        by_signal = {id(n): ids[str(key)] for n, key in zip(writes.new, keys, strict=True)}
        sources = [(by_signal[id(n)], kind, report, day) for n, kind, report in writes.new_sources]
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(
                f"COPY signals_signalsource ({SOURCE_COLUMNS}) FROM STDIN"
            ) as copy:
                for row in sources:
                    copy.write_row(row)
            return
        for start in range(0, len(sources), ROWS_PER_INSERT):
            chunk = sources[start : start + ROWS_PER_INSERT]
            _execute_sqlite(
                cursor,
                NEW_SOURCES.format(
                    columns=SOURCE_COLUMNS, values=", ".join(["(?, ?, ?, ?)"] * len(chunk))
                ),
                [value for row in chunk for value in row],
            )


def _copy_new(raw, rows: list[tuple], keys: list) -> dict[str, int]:
    """PostgreSQL: COPY the new signals, then read their ids back in one query (psycopg
    would split a multi-row INSERT's 10,000 placeholders with a regular expression)."""
    with raw.copy(f"COPY signals_signal ({SIGNAL_COLUMNS}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    raw.execute(
        "SELECT id, public_id FROM signals_signal WHERE public_id = ANY(%s::uuid[])",
        ["{" + ",".join(map(str, keys)) + "}"],
    )
    return {str(key): pk for pk, key in raw.fetchall()}


def _insert_new_sqlite(cursor, rows: list[tuple]) -> dict[str, int]:
    ids = {}
    for start in range(0, len(rows), ROWS_PER_INSERT):
        chunk = rows[start : start + ROWS_PER_INSERT]
        inserted = _execute_sqlite(
            cursor,
            NEW_SIGNALS.format(
                columns=SIGNAL_COLUMNS, values=", ".join([NEW_SIGNAL_VALUES] * len(chunk))
            ),
            [value for row in chunk for value in row],
        )
        ids.update((str(key), pk) for pk, key in inserted.fetchall())
    return ids


def _execute_sqlite(cursor, sql: str, params: list) -> sqlite3.Cursor:
    """SQL with SQLite's own `?` placeholders, past Django's cursor: it would rewrite each of
    a multi-row INSERT's 10,500 `%s` with a regular expression (20 ms of a weekly delta)."""
    return sqlite3.Cursor.execute(cursor.cursor, sql, params)


def _new_row(n: NewSignal, public_id: object, day: str) -> tuple:
    status, closed_on, resolution, reason = (
        (SignalStatus.CLOSED, day, n.closing.resolution, n.closing.reason[:300])
        if n.closing
        else (SignalStatus.NEW, None, "", "")
    )
    return (
        public_id, n.person_id, n.region_id, n.desk, n.kind, status, n.reason, n.rule or RULES[n.kind],
        n.raised_on.isoformat(), n.date_of_birth.isoformat(), n.due_on.isoformat(), n.from_register, n.school_id,
        n.priority, n.exemption_id, n.handed_over_from_id, day,
        n.recheck_on.isoformat() if n.recheck_on else None, closed_on, resolution, reason,
    )  # fmt: skip
