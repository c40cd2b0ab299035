"""The first C-levering into an empty register: the same apply, with less to check per row.

When the register holds no person yet, every person the delivery brings is new, so is every
enrolment and result, and every one of them belongs to a new person: nothing is removed or
changed, and the changed persons are exactly the new ones. `apply.Applier` then skips the
statements that look for those (they would find nothing, at the price of a look-up per row).

On PostgreSQL the foreign keys of the register's tables are deferred (Django makes them so):
each new row queues a check that the commit runs one by one, a look-up and a row lock per
row, 33 million of them for a national first load (about as long as the apply itself). Here
they are dropped inside the apply's transaction and added again, with the same names and
definitions, at its end; adding a foreign key checks the whole table in one set-based query
(PostgreSQL's RI_Initial_Check) and fails the apply, rolled back whole, on any orphan. So
the database is never without the constraints outside this transaction: a run that dies or
fails is rolled back with its DDL. The DROP locks the register tables (and the reference
tables they point to) until the commit: on an empty register nothing waits for that but the
pages that read reference data. When the locks cannot be had within a few seconds, or the
database user may not alter the tables, the apply goes the ordinary way.

On both databases the register's indexes that enforce nothing (`IndexesBuiltAfter`) are
dropped in the same way and built again before the commit.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection, transaction

from doorstroom.people.models import Enrolment, Person, Residence, Result

logger = logging.getLogger(__name__)

PERSON = Person._meta.db_table
REGISTER_TABLES = (
    Person._meta.db_table,
    Residence._meta.db_table,
    Enrolment._meta.db_table,
    Result._meta.db_table,
)
LOCK_TIMEOUT = "5s"


def register_is_empty(cursor) -> bool:
    cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {PERSON})")
    return not cursor.fetchone()[0]


def foreign_keys(cursor) -> list[tuple[str, str, str]]:
    """(table, constraint, definition) of every foreign key of the register's tables."""
    tables = ", ".join(f"'{table}'::regclass" for table in REGISTER_TABLES)
    cursor.execute(
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
        f"FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid IN ({tables}) "
        "ORDER BY 1, 2"
    )
    return cursor.fetchall()


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class SetBasedForeignKeys:
    """On PostgreSQL: the register's foreign keys dropped for one first load and added again
    (checked set-based) before its commit. `drop` says whether it happened."""

    def __init__(self, cursor) -> None:
        self.cursor = cursor
        self.dropped: list[tuple[str, str, str]] = []

    def drop(self) -> bool:
        """Drop the foreign keys when the register is still empty once its tables are
        locked; False (and nothing changed) otherwise."""
        if connection.vendor != "postgresql":
            return False
        keys = foreign_keys(self.cursor)
        try:
            with transaction.atomic():  # a savepoint: a refusal leaves the apply as it was
                self.cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
                # A table with checks still queued cannot be altered: run them now (there
                # are none unless the apply is part of a larger transaction), then defer
                # again as Django declares every foreign key.
                self.cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                self.cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                for table, name, _ in keys:
                    self.cursor.execute(
                        f"ALTER TABLE {_quoted(table)} DROP CONSTRAINT {_quoted(name)}"
                    )
                if not register_is_empty(self.cursor):  # filled by another run meanwhile
                    raise _NotEmpty
                self.cursor.execute("SET LOCAL lock_timeout = DEFAULT")
        except _NotEmpty:
            return False
        except DatabaseError as error:
            logger.info(
                "eerste levering: de verwijzingen worden per regel gecontroleerd (%s)",
                type(error).__name__,
            )
            return False
        self.dropped = keys
        return True

    def restore(self) -> None:
        """Add every dropped foreign key again; each is checked over its whole table."""
        for table, name, definition in self.dropped:
            self.cursor.execute(
                f"ALTER TABLE {_quoted(table)} ADD CONSTRAINT {_quoted(name)} {definition}"
            )
        self.dropped = []


class _NotEmpty(Exception):
    pass


def secondary_indexes(cursor) -> list[tuple[str, str]]:
    """(name, definition) of the register's indexes that enforce nothing: neither unique nor
    a key. The apply looks persons and items up by unique ones only (the BSN's hash, an
    item's id)."""
    if connection.vendor == "postgresql":
        tables = ", ".join(f"'{table}'::regclass" for table in REGISTER_TABLES)
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            f"WHERE i.indrelid IN ({tables}) AND NOT i.indisunique AND NOT i.indisprimary "
            # (nor one a constraint stands on, such as an exclusion constraint)
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
            "ORDER BY 1"
        )
    else:
        tables = ", ".join(f"'{table}'" for table in REGISTER_TABLES)
        cursor.execute(  # (SQLite's own indexes of unique columns have no SQL)
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({tables}) "
            "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %' ORDER BY name"
        )
    return cursor.fetchall()


class IndexesBuiltAfter:
    """A first load's secondary indexes (`secondary_indexes`) dropped for the load and built
    again before its commit: one sorted build per index instead of an insert at a random
    place for every row (PostgreSQL's documentation, "Populating a Database"; SQLite alike:
    the apply of 300,000 persons' C-levering 5.6-5.7 s instead of 6.3-7.5 s, BENCHMARKS.md
    session 12). Inside the apply's transaction, as the foreign keys above: a run that dies
    or fails is rolled back with the DROP. Call `drop` only when the register's tables are
    the apply's alone (SQLite's one writer; on PostgreSQL once `SetBasedForeignKeys` has
    locked them)."""

    def __init__(self, cursor) -> None:
        self.cursor = cursor
        self.dropped: list[tuple[str, str]] = []

    def drop(self) -> None:
        if not connection.in_atomic_block:  # outside a transaction the DROP would stand
            raise RuntimeError("IndexesBuiltAfter.drop: only inside the apply's transaction")
        self.dropped = secondary_indexes(self.cursor)
        for name, _ in self.dropped:
            # (PostgreSQL's catalogue gives the name quoted where it needs to be)
            quoted = name if connection.vendor == "postgresql" else _quoted(name)
            self.cursor.execute(f"DROP INDEX {quoted}")

    def restore(self) -> None:
        for _, definition in self.dropped:
            self.cursor.execute(definition)
        self.dropped = []
