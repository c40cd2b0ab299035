"""Applying a staged delivery to the register: set-based SQL, in one transaction.

Each step is one statement over the whole run, never a query per row; the statements are
the same on SQLite and PostgreSQL but for the null-safe comparison and a few choices of speed
that each names (how the persons' columns are updated, the first load's foreign keys, the
statistics and plans of PostgreSQL). The rows that only the register can refuse are moved
to the rejected rows first (rejections.py). The SQL is composed only of our own table and
column names and the run's integer id, never of delivered text. The caller wraps
`Applier.apply` in a transaction: a run that dies half-way leaves the register as it was.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.db import connection

from doorstroom.deliveries.first_load import (
    IndexesBuiltAfter,
    SetBasedForeignKeys,
    register_is_empty,
)
from doorstroom.deliveries.models import DeliveryKind, ImportRun
from doorstroom.deliveries.moves import ADDRESS_FIELDS, DatedMoves
from doorstroom.deliveries.rejections import RegisterRejections
from doorstroom.deliveries.tables import (
    CHANGED,
    ENROLMENT,
    PERSON,
    REJECTED,
    RESIDENCE,
    RESULT,
    S_ENROLMENT,
    S_PERSON,
    S_RESULT,
)

PERSON_FIELDS = (
    "given_names", "surname_prefix", "surname", "surname_key", "date_of_birth", "phone",
    "email", "date_of_death", "date_of_emigration", "municipality_id",
)  # fmt: skip
ENROLMENT_FIELDS = (
    "school_id",
    "kind",
    "vso_profile",
    "mbo_pathway",
    "start_date",
    "end_date",
    "leaving_reason",
)
RESULT_FIELDS = ("school_id", "kind", "result_type", "obtained_on")
INDEXED_PERSON_FIELDS = ("surname_key", "date_of_birth", "municipality_id")
FACT_FIELDS = ("date_of_birth", "date_of_death", "date_of_emigration", "municipality_id")
"""The person's columns that signalling's rules read (signals/reading.py, PERSONS): a change
of any other column (a name, a phone number, an address in the same municipality) is
recorded as changed without `facts_changed`, and so is a dated move that only rewrites the
address history (`write_dated_moves`)."""
ON_CONFLICT_FACTS_CHANGED = (
    f"ON CONFLICT (run_id, person_id) DO UPDATE SET facts_changed = TRUE "
    f"WHERE NOT {CHANGED}.facts_changed"
)
"""For the persons whose enrolments or results changed: whatever apply_persons said of
them, their facts changed (a row already saying so is left as it is)."""


@dataclass
class Counts:
    new: int = 0
    changed: int = 0
    rejected: int = 0
    moved_in: list[int] = dataclasses.field(default_factory=list)
    """Persons of another region that a region's delivery moves into its own."""


def _differs(left: str, right: str, fields: tuple[str, ...]) -> str:
    """SQL that is true when any field differs, NULL counting as a value."""
    operator = "IS NOT" if connection.vendor == "sqlite" else "IS DISTINCT FROM"
    return "(" + " OR ".join(f"{left}.{f} {operator} {right}.{f}" for f in fields) + ")"


class Applier(RegisterRejections):
    def __init__(self, run: ImportRun) -> None:
        self.run = run
        self.run_id = int(run.pk)
        self.counts = Counts()
        self.cursor = connection.cursor()
        self.first_load = False  # a C-levering into an empty register (first_load.py)

    def execute(self, sql: str) -> int:
        self.cursor.execute(sql)
        return self.cursor.rowcount

    def scalar(self, sql: str) -> int:
        self.cursor.execute(sql)
        return self.cursor.fetchone()[0]

    def apply(self) -> Counts:
        # Fresh statistics for the staging tables, which just grew by up to millions of rows.
        # Not for the register tables: analysed while still empty, they make PostgreSQL plan
        # a full scan per inserted row.
        if connection.vendor == "postgresql":
            # For this transaction only: a sample of 3,000 rows (not 30,000) tells enough about
            # the staging tables; index lookups per staged row are cheap (the register is cached
            # or on SSD), while with the default cost PostgreSQL hashes the whole register
            # table to match a weekly delta of a few thousand rows.
            self.execute("SET LOCAL default_statistics_target = 10")
            self.execute("SET LOCAL random_page_cost = 1.1")
            self.execute("SET LOCAL work_mem = '64MB'")
            if self.is_small_next_to_the_register():
                # Even so it hashes a register table of 400,000 rows (0.3-0.5 s each time) for
                # a weekly delta of 26,000, in some twenty statements: here every staged row is
                # looked up in the register's indexes instead, and nothing is compiled (JIT).
                for setting in ("enable_hashjoin", "enable_mergejoin", "jit"):
                    self.execute(f"SET LOCAL {setting} = off")
        for table in (S_PERSON, S_ENROLMENT, S_RESULT):
            self.execute(f"ANALYZE {table}")
        keys = SetBasedForeignKeys(self.cursor)
        if self.run.kind == DeliveryKind.C and register_is_empty(self.cursor):
            # SQLite's apply is the only writer (an IMMEDIATE transaction); on PostgreSQL
            # only with the register's tables locked, by dropping their foreign keys.
            self.first_load = connection.vendor == "sqlite" or keys.drop()
        indexes = IndexesBuiltAfter(self.cursor)
        if self.first_load:
            indexes.drop()
        else:  # an empty register has no person to find
            self.resolve_persons()
        self.reject_rows_that_need_the_register()
        moves = self.plan_dated_moves()
        self.keep_last_person_rows()
        self.counts.moved_in = self.moving_in()
        self.apply_persons()
        self.write_dated_moves(moves)
        self.apply_items(ENROLMENT, S_ENROLMENT, ENROLMENT_FIELDS)
        self.apply_items(RESULT, S_RESULT, RESULT_FIELDS)
        indexes.restore()
        keys.restore()  # checked set-based, before the commit
        if connection.vendor == "postgresql":  # SQLite's are private, dropped after (staging.py)
            for staged in (S_PERSON, S_ENROLMENT, S_RESULT):
                self.execute(f"DELETE FROM {staged} WHERE run_id = {self.run_id}")
        if self.run.kind == DeliveryKind.C and connection.vendor == "postgresql":
            # Statistics of the register as this C-levering left it (it may have filled it),
            # so that the next deliveries are planned from the staged rows. Analysed now, not
            # before the inserts: statistics of an empty register make PostgreSQL plan a scan
            # per inserted row. (SQLite plans from the staging tables without them.)
            self.execute("RESET default_statistics_target")
            for table in (PERSON, RESIDENCE, ENROLMENT, RESULT):
                self.execute(f"ANALYZE {table}")
        return self.counts

    @property
    def others_write(self) -> bool:
        """Whether another transaction can commit persons or items while this apply runs:
        on PostgreSQL another import or a melding can, unless this is a first load (its
        tables are locked by the dropped foreign keys, first_load.py); SQLite's apply holds
        the database's only write lock (an IMMEDIATE transaction)."""
        return connection.vendor == "postgresql" and not self.first_load

    def is_small_next_to_the_register(self) -> bool:
        """Fewer rows than a quarter of the register's persons (a weekly P-levering, or one
        region's C-levering in a national register), by PostgreSQL's own row estimate."""
        persons = self.scalar(f"SELECT reltuples FROM pg_class WHERE relname = '{PERSON}'")
        return 4 * self.run.rows_read < persons

    def resolve_persons(self, *, only_new: bool = False) -> None:
        """Give each staged row the id of its person in the register (the look-up of the
        BSN's hash, once per row): the statements below join on that id, and those that only
        need the id look up no person at all. Before the checks, and again (`only_new`) once
        the delivery's new persons are inserted."""
        run = self.run_id
        for staged in (S_PERSON, S_ENROLMENT, S_RESULT):
            self.execute(
                f"UPDATE {staged} SET person_id = p.id FROM {PERSON} p "
                f"WHERE {staged}.run_id = {run} AND p.bsn_hash = {staged}.bsn_hash"
                + (f" AND {staged}.person_id IS NULL" if only_new else "")
            )
            if connection.vendor == "postgresql":
                # Statistics with the ids in them: planned from the earlier ones (every id
                # NULL), "s.person_id IS NOT NULL" looks like no row, and PostgreSQL scans a
                # whole register table once per staged row.
                self.execute(f"ANALYZE {staged}")

    def moving_in(self) -> list[int]:
        """The persons of the register who live in another region and whom this region's
        delivery moves into it (after the checks, before `apply_persons`): a region's user
        thus gets to see their history, which the audit log records (services.py)."""
        if not self.run.area_id or self.first_load:
            return []
        self.cursor.execute(
            f"SELECT DISTINCT s.person_id FROM {S_PERSON} s WHERE s.run_id = {self.run_id} "
            f"AND s.person_id IS NOT NULL AND {self._not_in_the_register('s')}"
        )
        return [pk for (pk,) in self.cursor.fetchall()]

    # Persons and their addresses --------------------------------------------------------

    def plan_dated_moves(self) -> DatedMoves:
        """Persons whose moves are not simply a next address (several person rows with a
        move among them, or a move dated on or before an address already held) get their
        history from deliveries/moves.py; the statements below leave their addresses alone."""
        moves = DatedMoves(self.cursor, self.run_id, S_PERSON, PERSON, RESIDENCE)
        if self.run.kind != DeliveryKind.P:
            return moves  # a C-levering holds states, no dated moves
        run = self.run_id
        self.execute(
            f"UPDATE {S_PERSON} SET dated_moves = TRUE WHERE run_id = {run} AND bsn_hash IN "
            f"(SELECT s.bsn_hash FROM {S_PERSON} s WHERE s.run_id = {run} AND s.mutation = 'verhuisd' "
            f"AND (EXISTS (SELECT 1 FROM {S_PERSON} x WHERE x.run_id = {run} AND x.bsn_hash = s.bsn_hash "
            f"AND x.line <> s.line) OR EXISTS (SELECT 1 FROM {RESIDENCE} r "
            f"WHERE r.person_id = s.person_id AND r.valid_from >= s.moved_on)))"
        )
        moves.plan()
        return moves

    def write_dated_moves(self, moves: DatedMoves) -> None:
        """The persons whose address history the dated moves changed are changed persons.
        Their facts are what apply_persons made of them: it compared the current address
        (moves.py puts it in the person's last staged row), and no rule of signalling reads
        the history. One only moved back in time is counted as changed, not its facts."""
        changed = moves.write()
        if changed:
            ids = ", ".join(str(int(pk)) for pk in changed)
            # (counted once: a person apply_persons marked already is not changed twice)
            self.counts.changed += self.execute(
                f"INSERT INTO {CHANGED} (run_id, person_id, facts_changed) "
                f"SELECT {self.run_id}, p.id, FALSE FROM {PERSON} p "
                f"WHERE p.id IN ({ids}) ON CONFLICT (run_id, person_id) DO NOTHING"
            )

    def keep_last_person_rows(self) -> None:
        """Of several person rows for one BSN the last one counts: drop the others once, so
        that no later statement needs to look for them."""
        run = self.run_id
        self.execute(
            f"DELETE FROM {S_PERSON} WHERE run_id = {run} AND EXISTS (SELECT 1 FROM {S_PERSON} x "
            f"WHERE x.run_id = {run} AND x.bsn_hash = {S_PERSON}.bsn_hash AND x.line > {S_PERSON}.line)"
        )

    def apply_persons(self) -> None:
        run = self.run_id
        address_changed = (
            f"EXISTS (SELECT 1 FROM {RESIDENCE} r WHERE r.person_id = p.id AND r.valid_to IS NULL "
            f"AND {_differs('r', 's', ADDRESS_FIELDS)})"
        )
        facts_changed = f"({_differs('p', 's', FACT_FIELDS)} OR p.reported_only)"
        self.counts.changed += self.execute(
            f"INSERT INTO {CHANGED} (run_id, person_id, facts_changed) "
            f"SELECT s.run_id, p.id, {facts_changed} FROM {S_PERSON} s "
            f"JOIN {PERSON} p ON p.id = s.person_id WHERE s.run_id = {run} "
            f"AND ({_differs('p', 's', PERSON_FIELDS)} OR {address_changed} OR p.reported_only)"
        )
        # Someone a melding told us about is now in DUO's register: its facts count in full
        # (reported_only). On SQLite the indexed columns are set only where they differ:
        # SQLite rewrites the index entries of every column an UPDATE sets, changed or not.
        # PostgreSQL writes a new version of each row it updates, so one statement: a person
        # whose name and municipality both changed gets one new version, not two.
        plain = tuple(f for f in PERSON_FIELDS if f not in INDEXED_PERSON_FIELDS)
        groups = ((plain, ", reported_only = FALSE"), (INDEXED_PERSON_FIELDS, ""))
        if connection.vendor == "postgresql":
            groups = ((PERSON_FIELDS, ", reported_only = FALSE"),)
        for fields, extra in groups:
            assignments = ", ".join(f"{f} = s.{f}" for f in fields) + extra
            changed = _differs(PERSON, "s", fields) + (
                f" OR {PERSON}.reported_only" if extra else ""
            )
            self.execute(
                f"UPDATE {PERSON} SET {assignments} FROM {S_PERSON} s WHERE s.run_id = {run} "
                f"AND s.person_id = {PERSON}.id AND ({changed})"
            )
        # A new address: the old one ends the day before the move. A state (a C-levering's
        # row, a P-row that is no move) dated on or before the day the current address began
        # corrects it in place. Dated moves that are not simply a next address: moves.py.
        staged_with_person = f"{S_PERSON} s"
        same_person = f"s.person_id = {RESIDENCE}.person_id"
        open_and_different = (
            f"{RESIDENCE}.valid_to IS NULL AND {_differs(RESIDENCE, 's', ADDRESS_FIELDS)}"
        )
        self.execute(
            f"UPDATE {RESIDENCE} SET valid_to = s.moved_on_eve FROM {staged_with_person} "
            f"WHERE s.run_id = {run} AND NOT s.dated_moves AND {same_person} "
            f"AND {open_and_different} AND {RESIDENCE}.valid_from < s.moved_on"
        )
        corrections = ", ".join(f"{f} = s.{f}" for f in ADDRESS_FIELDS)
        self.execute(
            f"UPDATE {RESIDENCE} SET {corrections} FROM {staged_with_person} "
            f"WHERE s.run_id = {run} AND NOT s.dated_moves AND {same_person} AND {open_and_different}"
        )
        newest = self.scalar(f"SELECT COALESCE(MAX(id), 0) FROM {PERSON}")
        columns = ("public_id", "bsn", "bsn_hash", *PERSON_FIELDS)
        # (ON CONFLICT still: a melding may have added the person since they were resolved;
        # a first load holds one row per BSN, keep_last_person_rows, and nothing to conflict
        # with: a plain insert, some 15 % less work on PostgreSQL)
        conflict = "" if self.first_load else " ON CONFLICT (bsn_hash) DO NOTHING"
        self.counts.new += self.execute(
            f"INSERT INTO {PERSON} ({', '.join(columns)}) SELECT {', '.join('s.' + c for c in columns)} "
            f"FROM {S_PERSON} s WHERE s.run_id = {run} AND s.person_id IS NULL{conflict}"
        )
        # The persons with a higher id are this run's, but for those another transaction
        # may have committed meanwhile (`others_write`), left out by their BSN.
        mine = (
            f" AND p.bsn_hash IN (SELECT s.bsn_hash FROM {S_PERSON} s WHERE s.run_id = {run})"
            if self.others_write
            else ""
        )
        self.execute(
            f"INSERT INTO {CHANGED} (run_id, person_id) SELECT {run}, p.id FROM {PERSON} p "
            f"WHERE p.id > {newest}{mine}"
        )
        if self.first_load:
            # Every person is new and has one address: found by the BSN's hash as it is
            # inserted, instead of writing each staged row again with its person's id.
            self.execute(
                f"INSERT INTO {RESIDENCE} (person_id, {', '.join(ADDRESS_FIELDS)}, valid_from, valid_to) "
                f"SELECT p.id, {', '.join('s.' + c for c in ADDRESS_FIELDS)}, s.moved_on, NULL "
                f"FROM {S_PERSON} s JOIN {PERSON} p ON p.bsn_hash = s.bsn_hash WHERE s.run_id = {run}"
            )
            return
        self.resolve_persons(only_new=True)
        self.execute(
            f"INSERT INTO {RESIDENCE} (person_id, {', '.join(ADDRESS_FIELDS)}, valid_from, valid_to) "
            f"SELECT s.person_id, {', '.join('s.' + c for c in ADDRESS_FIELDS)}, s.moved_on, NULL "
            f"FROM {S_PERSON} s WHERE s.run_id = {run} AND s.person_id IS NOT NULL "
            f"AND NOT s.dated_moves "
            f"AND NOT EXISTS (SELECT 1 FROM {RESIDENCE} r WHERE r.person_id = s.person_id AND r.valid_to IS NULL)"
        )

    # Enrolments and results -------------------------------------------------------------

    def _mark_changed(self, person_ids_sql: str) -> None:
        run = self.run_id
        # the unique (run, person) index says who is already there: no anti-join to plan
        self.execute(
            f"INSERT INTO {CHANGED} (run_id, person_id) SELECT DISTINCT {run}, x.person_id "
            f"FROM ({person_ids_sql}) x WHERE x.person_id IS NOT NULL {ON_CONFLICT_FACTS_CHANGED}"
        )

    def apply_items(self, table: str, staged: str, fields: tuple[str, ...]) -> None:
        if self.first_load:
            self.insert_new_items(table, staged, fields)
            return
        run = self.run_id
        removed = (
            f"SELECT i.source_id FROM {staged} s "
            f"JOIN {table} i ON i.source_id = s.source_id AND i.person_id = s.person_id "
            f"WHERE s.run_id = {run} AND s.mutation = 'verwijderd'"
        )
        if self.run.kind == DeliveryKind.C:
            # The file holds each delivered person's complete set: what it no longer lists is
            # gone - unless a row of that person was refused, which may have been the item.
            removed = (
                f"SELECT i.source_id FROM {table} i "
                f"JOIN {S_PERSON} s ON s.person_id = i.person_id AND s.run_id = {run} WHERE i.source_id IS NOT NULL "
                f"AND NOT EXISTS (SELECT 1 FROM {REJECTED} r WHERE r.run_id = {run} AND r.bsn_hash = s.bsn_hash) "
                f"AND NOT EXISTS (SELECT 1 FROM {staged} x WHERE x.run_id = {run} AND x.source_id = i.source_id)"
            )
        self._mark_changed(f"SELECT person_id FROM {table} WHERE source_id IN ({removed})")
        self.counts.changed += self.execute(f"DELETE FROM {table} WHERE source_id IN ({removed})")

        # an id twice in one file was refused (reject_rows_that_need_the_register): one row each
        current = f"s.run_id = {run} AND s.mutation <> 'verwijderd'"
        person = "s.person_id"  # resolved (resolve_persons); the unknown ones were refused
        is_changed = (
            f"EXISTS (SELECT 1 FROM {table} i WHERE i.source_id = s.source_id "
            f"AND ({_differs('i', 's', fields)} OR i.person_id <> {person}))"
        )
        self._mark_changed(
            f"SELECT {person} AS person_id FROM {staged} s WHERE {current} AND {is_changed}"
        )
        newest = self.scalar(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        updates = ", ".join(f"{f} = excluded.{f}" for f in ("person_id", *fields))
        # counts as both databases report an upsert: rows inserted plus rows updated
        written = self.execute(
            f"INSERT INTO {table} (person_id, source_id, {', '.join(fields)}) "
            f"SELECT {person}, s.source_id, {', '.join('s.' + f for f in fields)} FROM {staged} s WHERE {current} "
            f"ON CONFLICT (source_id) DO UPDATE SET {updates} "
            f"WHERE {_differs(table, 'excluded', ('person_id', *fields))}"
        )
        # (the items with higher ids, but for those another transaction may have committed
        # meanwhile: `others_write`)
        inserted = f"{table} WHERE id > {newest}" + (
            f" AND source_id IN (SELECT s.source_id FROM {staged} s WHERE s.run_id = {run})"
            if self.others_write
            else ""
        )
        new = self.scalar(f"SELECT COUNT(*) FROM {inserted}")
        self.counts.new += new
        self.counts.changed += written - new
        self._mark_changed(f"SELECT person_id FROM {inserted}")

    def insert_new_items(self, table: str, staged: str, fields: tuple[str, ...]) -> None:
        """A first load (first_load.py): every staged item is new and its person too (so
        already among the changed persons), an id twice was refused: plain inserts, each
        item with the id of its person found by the BSN's hash (an item of a person
        neither in the file nor in the register was refused before)."""
        self.counts.new += self.execute(
            f"INSERT INTO {table} (person_id, source_id, {', '.join(fields)}) "
            f"SELECT p.id, s.source_id, {', '.join('s.' + f for f in fields)} FROM {staged} s "
            f"JOIN {PERSON} p ON p.bsn_hash = s.bsn_hash "
            f"WHERE s.run_id = {self.run_id} AND s.mutation <> 'verwijderd' ORDER BY s.line"
        )
