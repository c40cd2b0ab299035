#!/usr/bin/env python3
"""Synthetic national-scale case management data (issue 6), set-based, from a seed.

Fills a migrated Doorstroom database whose register is already loaded (bench/generate_deliveries.py
and `doorstroom import`, as bench_cases.py does) with:

- caseworkers: per region and desk as many doorstroomcoaches or leerplichtambtenaren as give
  about --caseload open cases each (assigned at random, so 60 to 120), one coordinator per
  region, each with a confirmed TOTP device;
- --cases cases (default 1,000,000) over the register's persons aged 12 to 30: one current case
  per person (--open-share of all cases open, the rest closed), and older closed cases of the
  same persons; the desk follows the age on the day the case opened (under 18: leerplicht);
  open cases in every state of the workflow, closed ones with an outcome of their desk;
- about 20 timeline entries per case (2 to 38; 20,000,000 for a million cases), a mix
  of kinds (opened, contact attempts and moments, notes with text, some confidential (their
  encrypted text in cases.SealedText is not generated: the page shows them empty), tasks,
  letters, state changes, assignments, the outcome), written in the order they happened within
  each chunk of cases, so that a case's entries are spread over the table as in production;
- contact attempts for every case past 'nieuw', tasks for the open cases (and some closed ones),
  intakes with reasons and situation, plans with goals, aftercare checks for cases in nazorg;
- `next_due_on` / `next_due` of every open case as the write path sets them
  (cases.services._set_next_due, computed here with the same rules functions over bulk reads).

Every number comes from one table of random numbers drawn with random.Random(--seed) and joined
by row number, so the same seed gives the same rows on SQLite and PostgreSQL. The big tables are
written with INSERT ... SELECT (a recursive CTE for the row numbers works on both databases),
with their secondary indexes dropped first and built again at the end; on PostgreSQL the session
runs with session_replication_role = replica (no per-row foreign-key triggers: the rows are
correct by construction, and the orphan check at the end proves it).

    DOORSTROOM_ENV=development DOORSTROOM_DATA_DIR=D DATABASE_URL=U \\
        python bench/generate_cases.py [--cases 1000000] [--open-share 0.12] [--seed 1]

Prints one line `RESULT {json}` with the counts and the seconds per step.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date, timedelta

EPOCH = date(1970, 1, 1)
MAX_ENTRIES = 38  # 2 + (r % 37): 2 to 38 entries per case, 20 on average
CHUNK = 25_000  # cases per INSERT of entries (sorted by time within the chunk)

# Entry kinds between the first ('geopend') and, for a closed case, the last ('uitkomst'):
# (kind, weight, summary, with text)
ENTRY_MIX = [
    ("contactpoging", 18, "contactpoging per telefoon: niet bereikt", False),
    ("contactmoment", 20, "gesprek met de jongere", True),
    ("notitie", 22, "notitie", True),
    ("taak", 8, "taak: school bellen over de inschrijving", False),
    ("status", 7, "status gewijzigd", False),
    ("brief", 5, "brief: uitnodiging voor een gesprek", False),
    ("toegewezen", 3, "begeleider gewijzigd", False),
    ("document", 3, "document toegevoegd: verslag", False),
    ("verwijzing", 3, "verwezen naar het jongerenloket", False),
    ("signaal", 3, "signaal toegevoegd: verzuimmelding", False),
    ("intake", 4, "intake gehouden", False),
    ("plan", 4, "plan opgesteld", False),
]
TEXTS = [
    "Gebeld met de jongere. Wil graag verder praten over een opleiding in de zorg; afspraak "
    "gemaakt voor volgende week op het jongerenloket.",
    "Moeder aan de telefoon gehad: de jongere slaapt veel en gaat niet meer naar de sportclub. "
    "Huisbezoek voorgesteld.",
    "Samen met de school gekeken naar een overstap naar niveau 2. Intakegesprek bij het mbo "
    "staat gepland.",
    "Jongere werkt nu tijdelijk in een magazijn, 24 uur per week. Wil een BBL-plek zoeken.",
    "Geen reactie op twee berichten. Nieuwe poging via de ketenpartner.",
]
OPEN_STATES = [("nieuw", 10), ("benaderen", 25), ("intake", 10), ("plan", 10),
               ("begeleiding", 35), ("nazorg", 10)]  # fmt: skip
OUTCOME_WEIGHTS = [("onderwijs", 30), ("werken_leren", 10), ("werk", 25), ("zorg", 8),
                   ("geen", 7), ("onvindbaar", 6), ("anders", 4), ("geen_hulp", 9),
                   ("bovengrens", 1)]  # fmt: skip
PLAN_KINDS = ["onderwijs", "werk", "leren_werken", "dagbesteding", "zorg"]
SITUATIONS = [("wonen", "woont bij ouders"), ("inkomen", "geen eigen inkomen"),
              ("werk", "geen werk"), ("gezondheid", "geen bijzonderheden")]  # fmt: skip


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Sql:
    """The few expressions that differ between SQLite and PostgreSQL."""

    def __init__(self, vendor: str) -> None:
        self.pg = vendor == "postgresql"

    def day(self, days: str) -> str:
        """An integer day number (days since 1970-01-01) as a date."""
        return (
            f"(DATE '1970-01-01' + ({days})::int)"
            if self.pg
            else f"date(({days}) * 86400, 'unixepoch')"
        )

    def moment(self, seconds: str) -> str:
        return f"to_timestamp({seconds})" if self.pg else f"datetime({seconds}, 'unixepoch')"

    def day_of(self, column: str) -> str:
        return (
            f"({column} - DATE '1970-01-01')"
            if self.pg
            else f"CAST(julianday({column}) - 2440587.5 AS INTEGER)"
        )

    def least(self, *values: str) -> str:
        return f"{'LEAST' if self.pg else 'min'}({', '.join(values)})"

    def greatest(self, *values: str) -> str:
        return f"{'GREATEST' if self.pg else 'max'}({', '.join(values)})"

    def uuid(self, a: str, b: str, c: str, n: str) -> str:
        """A version-4-looking UUID: random-looking first half (so the index is not in insert
        order), the case number at the end (so it is unique)."""
        if self.pg:
            return (
                f"(lpad(to_hex({a}), 8, '0') || lpad(to_hex({b} % 65536), 4, '0') || '4' || "
                f"lpad(to_hex({c} % 4096), 3, '0') || '8' || lpad(to_hex({b} / 65536 % 4096), 3, '0')"
                f" || lpad(to_hex({n}), 12, '0'))::uuid"
            )
        return f"printf('%08x%04x4%03x8%03x%012x', {a}, {b} % 65536, {c} % 4096, {b} / 65536 % 4096, {n})"

    def numbers(self, name: str, upto: int) -> str:
        """A table `name(n)` with 1..upto."""
        return (
            f"CREATE TABLE {name} AS WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL "
            f"SELECT n + 1 FROM s WHERE n < {upto}) SELECT n FROM s"
        )


def weighted(values: list[tuple], column: str, modulo: int = 100) -> str:
    """A CASE expression picking values[i][0] by `column % modulo` in proportion to the weights."""
    total = sum(v[1] for v in values)
    parts, acc = [], 0
    for value, weight, *_ in values[:-1]:
        acc += weight
        parts.append(f"WHEN ({column}) % {total} < {acc} THEN '{value}'")
    return f"(CASE {' '.join(parts)} ELSE '{values[-1][0]}' END)"


class Generator:
    def __init__(self, args: argparse.Namespace) -> None:
        from django.db import connection

        self.args = args
        self.connection = connection
        self.vendor = connection.vendor
        self.sql = Sql(self.vendor)
        self.today = date.today()
        self.t = (self.today - EPOCH).days
        self.timings: dict[str, float] = {}
        self.counts: dict[str, int] = {}

    def run(self, statement: str, params: list | None = None) -> int:
        """One statement; without parameters, so that % is SQL's modulo on both databases."""
        with self.connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.rowcount

    def one(self, statement: str) -> tuple:
        with self.connection.cursor() as cursor:
            cursor.execute(statement)
            return cursor.fetchone()

    def step(self, name: str):
        generator = self

        class Timer:
            def __enter__(self) -> None:
                log(name)
                self.started = time.perf_counter()

            def __exit__(self, *exc: object) -> None:
                generator.timings[name] = round(time.perf_counter() - self.started, 1)

        return Timer()

    # The scaffolding ------------------------------------------------------------------------

    def prepare_session(self) -> None:
        if self.vendor == "postgresql":
            self.run("SET session_replication_role = replica")
            self.run("SET maintenance_work_mem = '1GB'")
            self.run("SET work_mem = '256MB'")
        else:
            # A rollback journal instead of WAL while generating: new pages are written once
            # (WAL writes them twice); put back at the end.
            self.run("PRAGMA journal_mode = DELETE")
            self.run("PRAGMA synchronous = OFF")
            self.run("PRAGMA cache_size = -1000000")  # 1 GB page cache for this connection
            self.run("PRAGMA temp_store = MEMORY")

    def drop_scratch(self) -> None:
        for table in ("bench_rand", "bench_person", "bench_case", "bench_seq", "bench_kind",
                      "bench_worker", "bench_workers"):  # fmt: skip
            self.run(f"DROP TABLE IF EXISTS {table}")

    def secondary_indexes(self, table: str) -> list[tuple[str, str]]:
        """(name, CREATE statement) of the indexes that no constraint owns."""
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute(
                    "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
                    "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                    "WHERE t.relname = %s AND NOT EXISTS "
                    "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
                    [table],
                )
            else:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                    "AND sql IS NOT NULL",
                    [table],
                )
            return cursor.fetchall()

    def without_indexes(self, tables: list[str]) -> list[tuple[str, str]]:
        dropped = []
        for table in tables:
            if self.one(f"SELECT COUNT(*) FROM {table}")[0]:
                raise SystemExit(f"{table} is not empty: generate cases into a fresh register")
            for name, create in self.secondary_indexes(table):
                self.run(f'DROP INDEX "{name}"')
                dropped.append((name, create))
        return dropped

    def random_table(self) -> None:
        """bench_rand(n, a..f): one row of seeded random numbers per case."""
        rng = random.Random(self.args.seed)
        rows = (
            (n, *(rng.getrandbits(30) for _ in range(6))) for n in range(1, self.args.cases + 1)
        )
        self.run(
            "CREATE TABLE bench_rand (n bigint PRIMARY KEY, a bigint, b bigint, c bigint, "
            "d bigint, e bigint, f bigint)"
        )
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                with cursor.cursor.copy("COPY bench_rand FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(
                    "INSERT INTO bench_rand VALUES (%s, %s, %s, %s, %s, %s, %s)", rows
                )

    # Users --------------------------------------------------------------------------------

    def users(self, open_per_region_desk: dict[tuple[int, str], int]) -> None:
        from django.contrib.auth.hashers import make_password
        from django.contrib.auth.models import Group
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from doorstroom.accounts.models import User
        from doorstroom.accounts.roles import Role
        from doorstroom.regions.models import Region

        password = make_password(self.args.password)
        role_of = {"doorstroompunt": Role.COACH, "leerplicht": Role.LEERPLICHT}
        users, roles, workers = [], [], []
        regions = {r.pk: r.code for r in Region.objects.all()}
        for region_id, code in sorted(regions.items(), key=lambda item: item[1]):
            users.append(User(username=f"bench-{code}-coordinator", first_name="Coördinator",
                              last_name=code, region_id=region_id, password=password))  # fmt: skip
            roles.append(Role.COORDINATOR)
            for desk in ("doorstroompunt", "leerplicht"):
                count = open_per_region_desk.get((region_id, desk), 0)
                for k in range(max(1, round(count / self.args.caseload))):
                    users.append(User(username=f"bench-{code}-{desk}-{k:03d}",
                                      first_name=desk.capitalize(), last_name=f"{code} {k:03d}",
                                      region_id=region_id, password=password))  # fmt: skip
                    roles.append(role_of[desk])
                    workers.append((region_id, desk, k))
        created = User.objects.bulk_create(users, batch_size=1000)
        by_name = dict(
            User.objects.filter(username__startswith="bench-").values_list("username", "pk")
        )
        groups = {role: Group.objects.get_or_create(name=role)[0] for role in set(roles)}
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=by_name[u.username], group_id=groups[role].pk)
             for u, role in zip(created, roles, strict=True)], batch_size=1000,
        )  # fmt: skip
        TOTPDevice.objects.bulk_create(
            [TOTPDevice(user_id=pk, name="Authenticator-app", confirmed=True) for pk in by_name.values()],
            batch_size=1000,
        )  # fmt: skip
        self.run(
            "CREATE TABLE bench_worker (region_id bigint, desk varchar(14), k int, user_id bigint)"
        )
        with self.connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO bench_worker VALUES (%s, %s, %s, %s)",
                [(r, d, k, by_name[f"bench-{regions[r]}-{d}-{k:03d}"]) for r, d, k in workers],
            )
        self.run("CREATE INDEX bench_worker_key ON bench_worker (region_id, desk, k)")
        self.run(
            "CREATE TABLE bench_workers AS SELECT region_id, desk, COUNT(*) AS n FROM bench_worker "
            "GROUP BY region_id, desk"
        )
        self.run("CREATE UNIQUE INDEX bench_workers_key ON bench_workers (region_id, desk)")
        self.counts["users"] = len(created)
        self.counts["caseworkers"] = len(workers)

    # Cases --------------------------------------------------------------------------------

    def persons(self) -> int:
        s = self.sql
        oldest, youngest = (
            self.today - timedelta(days=31 * 365),
            self.today - timedelta(days=12 * 366),
        )
        self.run(
            "CREATE TABLE bench_person AS SELECT ROW_NUMBER() OVER (ORDER BY p.bsn_hash) AS n, p.id AS id, "
            f"m.region_id AS region_id, {s.day_of('p.date_of_birth')} AS dob "
            "FROM people_person p JOIN regions_municipality m ON m.id = p.municipality_id "
            f"WHERE p.date_of_birth BETWEEN '{oldest}' AND '{youngest}' AND p.date_of_death IS NULL"
        )
        self.run("CREATE UNIQUE INDEX bench_person_n ON bench_person (n)")
        return self.one("SELECT COUNT(*) FROM bench_person")[0]

    def plan_cases(self, persons: int) -> None:
        """bench_case: every case's numbers, before coaches exist."""
        s, t, cases = self.sql, self.t, self.args.cases
        open_cases = round(cases * self.args.open_share)
        if open_cases > persons:
            raise SystemExit(f"{open_cases} open cases need as many persons; there are {persons}")
        open_ppm = round(open_cases * 1_000_000 / min(persons, cases))
        # a 12th birthday (+30 days) is the earliest a case can open; today the latest
        start = s.least(str(t), s.greatest("p.dob + 4413", "raw_open"))
        self.run(
            f"""CREATE TABLE bench_case AS
            SELECT i, person_id, region_id, opened, is_open, ra, rb, rc, rd, re, rf,
                   CASE WHEN (opened - dob) < 6575 THEN 'leerplicht' ELSE 'doorstroompunt' END AS desk
            FROM (
              SELECT r.n AS i, p.id AS person_id, p.region_id, p.dob,
                     r.a AS ra, r.b AS rb, r.c AS rc, r.d AS rd, r.e AS re, r.f AS rf, is_open,
                     {start} AS opened
              FROM (
                SELECT r.*, (r.n - 1) % {persons} + 1 AS pn, (r.n - 1) / {persons} AS round,
                       CASE WHEN r.n <= {persons} AND r.a % 1000000 < {open_ppm} THEN 1 ELSE 0 END AS is_open,
                       CASE WHEN r.n <= {persons} AND r.a % 1000000 < {open_ppm}
                                 THEN {t} - (r.b % 365)
                            ELSE {t} - 90 - ((r.n - 1) / {persons}) * 540 - (r.b % 900) END AS raw_open
                FROM bench_rand r
              ) r JOIN bench_person p ON p.n = r.pn
            ) x"""
        )
        counts = self.one("SELECT COUNT(*), SUM(is_open) FROM bench_case")
        self.counts["cases_planned"], self.counts["open_cases"] = counts

    def open_counts(self) -> dict[tuple[int, str], int]:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT region_id, desk, COUNT(*) FROM bench_case WHERE is_open = 1 GROUP BY 1, 2"
            )
            return {(r, d): n for r, d, n in cursor.fetchall()}

    def insert_cases(self) -> None:
        s, t = self.sql, self.t
        state = (
            f"CASE WHEN c.is_open = 1 THEN {weighted(OPEN_STATES, 'c.rc')} ELSE 'afgesloten' END"
        )
        # a case opened recently enough is still 'nieuw'; closed and aftercare cases have dates
        # the worker's number from the region's count first, so that the lookup is one index probe
        coach = (
            "(SELECT w.user_id FROM bench_worker w WHERE w.region_id = c.region_id "
            "AND w.desk = c.desk AND w.k = c.rd % (SELECT ws.n FROM bench_workers ws "
            "WHERE ws.region_id = c.region_id AND ws.desk = c.desk))"
        )
        self.run(
            f"""CREATE TABLE bench_case2 AS
            SELECT ROW_NUMBER() OVER (ORDER BY c.opened, c.i) AS id, c.*, {state} AS state,
                   {coach} AS coach_id
            FROM bench_case c"""
        )
        self.run("DROP TABLE bench_case")
        self.run("ALTER TABLE bench_case2 RENAME TO bench_case")
        # the dates that follow from the state
        closed = s.least(f"{t} - 1", "c.opened + 30 + c.rd % 400")
        aftercare_closed = f"{s.greatest('c.opened', f'{t} - 1 - c.rd % 150')}"
        self.run(
            f"""CREATE TABLE bench_case2 AS SELECT c.*,
                CASE WHEN c.state = 'afgesloten' THEN {closed}
                     WHEN c.state = 'nazorg' THEN {aftercare_closed} END AS closed_day,
                CASE WHEN c.state = 'nieuw' AND c.re % 2 = 0 THEN NULL ELSE c.coach_id END AS coach,
                2 + c.rf % 37 AS k
            FROM bench_case c"""
        )
        self.run("DROP TABLE bench_case")
        self.run("ALTER TABLE bench_case2 RENAME TO bench_case")
        self.run("CREATE UNIQUE INDEX bench_case_id ON bench_case (id)")
        outcome_dsp = weighted(
            [o for o in OUTCOME_WEIGHTS if o[0] != "overgedragen"], "c.re"
        )  # the Doorstroompunt's outcomes
        outcome_lp = weighted(
            [o if o[0] != "geen_hulp" else ("overgedragen", o[1]) for o in OUTCOME_WEIGHTS], "c.re"
        )  # leerplicht: no 'wil geen hulp'; a handover at 18 instead
        aftercare_outcome = "(CASE WHEN c.re % 3 = 0 THEN 'werk' WHEN c.re % 3 = 1 THEN 'onderwijs' ELSE 'werken_leren' END)"
        self.run(
            f"""INSERT INTO cases_case (id, public_id, person_id, region_id, desk, state, coach_id,
                opened_at, opened_on, opened_by_id, listed_on, previous_id, outcome, closed_on,
                closing_reason, mas_phase, mas_route, next_due_on, next_due)
            SELECT c.id, {s.uuid("c.ra", "c.rb", "c.rc", "c.id")}, c.person_id, c.region_id, c.desk,
                c.state, c.coach, {s.moment("c.opened * 86400 + 30000 + c.re % 28800")},
                {s.day("c.opened")}, c.coach, {s.day("c.opened - c.re % 14")}, NULL,
                CASE WHEN c.state = 'nazorg' THEN {aftercare_outcome}
                     WHEN c.state = 'afgesloten' AND c.desk = 'leerplicht' THEN {outcome_lp}
                     WHEN c.state = 'afgesloten' THEN {outcome_dsp} ELSE '' END,
                CASE WHEN c.closed_day IS NOT NULL THEN {s.day("c.closed_day")} END,
                '', '', '', NULL, ''
            FROM bench_case c ORDER BY c.id"""
        )
        self.counts["cases"] = self.one("SELECT COUNT(*) FROM cases_case")[0]
        if self.vendor == "postgresql":
            self.run(
                "SELECT setval(pg_get_serial_sequence('cases_case', 'id'), (SELECT MAX(id) FROM cases_case))"
            )

    def insert_entries(self) -> None:
        """The timeline: 2 to 38 entries per case, spread over its life, in time order within
        each chunk of CHUNK cases."""
        s, t = self.sql, self.t
        self.run(s.numbers("bench_seq", MAX_ENTRIES))
        mix = [(kind, weight) for kind, weight, _, _ in ENTRY_MIX]
        total = sum(w for _, w in mix)
        rows, acc = [], 0
        for kind, weight, summary, with_text in ENTRY_MIX:
            for _ in range(weight):
                rows.append((acc, kind, summary, 1 if with_text else 0))
                acc += 1
        self.run(
            "CREATE TABLE bench_kind (n int PRIMARY KEY, kind varchar(18), summary varchar(300), with_text int)"
        )
        with self.connection.cursor() as cursor:
            cursor.executemany("INSERT INTO bench_kind VALUES (%s, %s, %s, %s)", rows)
        texts = " ".join(f"WHEN {i} THEN '{text}'" for i, text in enumerate(TEXTS))
        pick = "((c.rb * 31 + q.n * 2654435761) % 4294967296)"
        end = f"COALESCE(c.closed_day, {t})"
        on = f"(c.opened + (({end} - c.opened) * (q.n - 1)) / c.k)"
        kind = "CASE WHEN q.n = 1 THEN 'geopend' WHEN q.n = c.k AND c.closed_day IS NOT NULL THEN 'uitkomst' ELSE kk.kind END"
        summary = (
            "CASE WHEN q.n = 1 THEN 'dossier geopend bij ' || CASE c.desk WHEN 'leerplicht' THEN "
            "'Leerplicht' ELSE 'Doorstroompunt' END WHEN q.n = c.k AND c.closed_day IS NOT NULL "
            "THEN 'afgesloten: ' || cc.outcome ELSE kk.summary END"
        )
        # a confidential note keeps its words encrypted in cases.SealedText, not on its line:
        # those lines get no text here (and no sealed text: the page shows them empty)
        secret = f"(q.n > 1 AND kk.kind = 'notitie' AND {pick} % 20 = 0)"
        text = (
            f"CASE WHEN q.n > 1 AND kk.with_text = 1 AND NOT {secret} THEN CASE {pick} % 5 "
            f"{texts} END ELSE '' END"
        )
        state = (
            "CASE WHEN q.n = 1 THEN 'nieuw' WHEN q.n = c.k AND c.closed_day IS NOT NULL THEN "
            "'afgesloten' WHEN q.n * 2 >= c.k THEN c.state ELSE 'benaderen' END"
        )
        by = "CASE WHEN kk.kind = 'signaal' AND q.n > 1 THEN NULL ELSE c.coach_id END"
        moment = f"({on}) * 86400 + 28800 + ({pick} / 7) % 36000"
        statement = f"""INSERT INTO cases_caseentry (case_id, at, "on", by_id, kind, summary, text,
                confidential, state)
            SELECT case_id, {s.moment("at_s")}, {s.day("on_d")}, by_id, kind, summary, text,
                confidential, state FROM (
              SELECT c.id AS case_id, {moment} AS at_s, {on} AS on_d, {by} AS by_id,
                     {kind} AS kind, {summary} AS summary, {text} AS text,
                     {secret} AS confidential,
                     {state} AS state, q.n AS j
              FROM bench_case c JOIN cases_case cc ON cc.id = c.id
              JOIN bench_seq q ON q.n <= c.k
              JOIN bench_kind kk ON kk.n = ({pick} / 65536) % {total}
              WHERE c.id BETWEEN {{lo}} AND {{hi}}
            ) x ORDER BY at_s, case_id, j"""
        cases = self.counts["cases"]
        written = 0
        for lo in range(1, cases + 1, CHUNK):
            hi = min(cases, lo + CHUNK - 1)
            written += self.run(statement.replace("{lo}", str(lo)).replace("{hi}", str(hi)))
            if (lo // CHUNK) % 10 == 0:
                log(f"  entries: {written:,} after {hi:,} cases")
        self.counts["entries"] = written

    def insert_work(self) -> None:
        """Contact attempts, tasks, intakes (reasons, situation), plans (goals), aftercare."""
        s, t = self.sql, self.t
        self.run(s.numbers("bench_small", 3))
        # attempts: 1-3 per case past 'nieuw'; reached at the last one once past 'benaderen'
        result = (
            "CASE WHEN c.state = 'benaderen' THEN CASE WHEN q.n = 3 AND c.rb % 10 = 0 THEN "
            "'onjuist_adres' ELSE 'niet_bereikt' END WHEN q.n = 1 + c.rb % 3 THEN 'bereikt' "
            "ELSE 'niet_bereikt' END"
        )
        channel = "CASE q.n WHEN 1 THEN 'brief' WHEN 2 THEN 'telefoon' ELSE 'sms' END"
        self.counts["contact_attempts"] = self.run(
            f"""INSERT INTO cases_contactattempt (case_id, "on", channel, result, next_step, next_on, by_id)
            SELECT c.id, {s.day(s.least(str(t), "c.opened + (q.n - 1) * 12 + c.rc % 5"))}, {channel},
                {result}, '', NULL, c.coach_id
            FROM bench_case c JOIN bench_small q ON q.n <= 1 + c.rb % 3
            WHERE c.state <> 'nieuw' ORDER BY c.id, q.n"""
        )
        # tasks: 1-3 for an open case (only the last one still open), one done for a third of the closed
        self.counts["tasks"] = self.run(
            f"""INSERT INTO cases_task (case_id, title, due_on, done_on, created_by_id)
            SELECT c.id, CASE q.n WHEN 1 THEN 'school bellen over de inschrijving'
                WHEN 2 THEN 'verslag intake afmaken' ELSE 'afspraak jongerenloket bevestigen' END,
                {s.day(f"{t} - 12 + (c.rd + q.n * 13) % 45")},
                CASE WHEN q.n < 1 + c.rc % 3 THEN {s.day(f"{t} - 20 + q.n")} END, c.coach_id
            FROM bench_case c JOIN bench_small q ON q.n <= 1 + c.rc % 3
            WHERE c.is_open = 1 AND c.state <> 'nieuw'
            UNION ALL
            SELECT c.id, 'dossier nalopen', {s.day("c.opened + 20")}, {s.day("c.opened + 25")}, c.coach_id
            FROM bench_case c WHERE c.is_open = 0 AND c.rc % 3 = 0"""
        )
        # intakes: open cases from 'plan' on, and 60 % of the closed ones
        has_intake = "(c.state IN ('plan', 'begeleiding', 'nazorg') OR (c.state = 'afgesloten' AND c.re % 10 < 6))"
        held = s.least(
            str(t), "COALESCE(c.closed_day, " + str(t) + ")", "c.opened + 20 + c.rc % 20"
        )
        self.counts["intakes"] = self.run(
            f"""INSERT INTO cases_intake (case_id, held_on, reason_note, goal, recorded_by_id)
            SELECT c.id, {s.day(held)}, '', 'Een opleiding afmaken en daarna aan het werk.', c.coach_id
            FROM bench_case c WHERE {has_intake} ORDER BY c.id"""
        )
        reasons = self.one("SELECT COUNT(*) FROM cases_leavingreason")[0]
        self.counts["intake_reasons"] = self.run(
            f"""INSERT INTO cases_intake_reasons (intake_id, leavingreason_id)
            SELECT i.id, (SELECT MIN(id) FROM cases_leavingreason) + (c.rd + q.n * 5) % {reasons}
            FROM cases_intake i JOIN bench_case c ON c.id = i.case_id
            JOIN bench_small q ON q.n <= 1 + c.rd % 2"""
        )
        situation = " ".join(f"WHEN {n} THEN '{d}'" for n, (d, _) in enumerate(SITUATIONS, 1))
        note = " ".join(f"WHEN {n} THEN '{x}'" for n, (_, x) in enumerate(SITUATIONS, 1))
        self.counts["intake_situation"] = self.run(
            f"""INSERT INTO cases_intakesituation (intake_id, domain, note)
            SELECT i.id, CASE q.n {situation} END, CASE q.n {note} END
            FROM cases_intake i JOIN bench_small q ON q.n <= 2"""
        )
        kind = f"CASE c.ra % 5 {' '.join(f'WHEN {n} THEN {k!r}' for n, k in enumerate(PLAN_KINDS))} END"
        self.counts["plans"] = self.run(
            f"""INSERT INTO cases_plan (case_id, version, made_on, kind, agreements, cost, made_by_id, measure_id)
            SELECT c.id, 1, i.held_on, {kind}, 'Wekelijks contact; samen een opleiding kiezen.',
                CASE WHEN c.ra % 2 = 0 THEN 1500 END, c.coach_id, NULL
            FROM bench_case c JOIN cases_intake i ON i.case_id = c.id
            WHERE c.state <> 'plan' ORDER BY c.id"""
        )
        self.counts["plan_goals"] = self.run(
            f"""INSERT INTO cases_plangoal (plan_id, description, due_on, achieved_on)
            SELECT p.id, CASE q.n WHEN 1 THEN 'ingeschreven bij een opleiding' ELSE 'stageplek gevonden' END,
                {s.day(f"{s.day_of('p.made_on')} + q.n * 60")}, NULL
            FROM cases_plan p JOIN bench_small q ON q.n <= 2"""
        )
        self.counts["follow_ups"] = self.run(
            f"""INSERT INTO cases_followup (case_id, due_on, done_on, result, note, lapse_reason)
            SELECT c.id, {s.day("c.closed_day + q.n * 91")},
                CASE WHEN c.closed_day + q.n * 91 < {t} THEN {s.day("c.closed_day + q.n * 91")} END,
                CASE WHEN c.closed_day + q.n * 91 < {t} THEN 'op_koers' ELSE '' END, '', ''
            FROM bench_case c JOIN bench_small q ON q.n <= 2 WHERE c.state = 'nazorg'"""
        )
        self.run("DROP TABLE bench_small")

    def next_due(self) -> None:
        """next_due_on / next_due of every open case, as services._set_next_due sets them:
        the earliest open task, the contact the region's rule asks for in 'nieuw' and
        'benaderen', the next aftercare check in 'nazorg' (no proces-verbaal is generated)."""
        from collections import defaultdict

        from doorstroom.cases import rules
        from doorstroom.cases.models import Case, ContactAttempt, FollowUp, Task
        from doorstroom.regions.models import Region

        regions = {
            r.pk: rules.ContactRule(r.contact_attempts, r.contact_weeks)
            for r in Region.objects.all()
        }
        open_cases = list(Case.objects.open().values_list("id", "state", "opened_on", "region_id"))
        tasks: dict[int, list] = defaultdict(list)
        for case_id, due_on, title in Task.objects.filter(done_on__isnull=True).values_list(
            "case_id", "due_on", "title"
        ):
            tasks[case_id].append(rules.Due(due_on, f"taak: {title}"))
        attempts: dict[int, list] = defaultdict(list)
        for case_id, on, channel, result, next_on in ContactAttempt.objects.filter(
            case__state__in=["nieuw", "benaderen"]
        ).values_list("case_id", "on", "channel", "result", "next_on"):
            attempts[case_id].append(rules.Attempt(on, channel, result, next_on))
        checks: dict[int, list] = defaultdict(list)
        for case_id, due_on in FollowUp.objects.filter(done_on__isnull=True).values_list(
            "case_id", "due_on"
        ):
            checks[case_id].append(rules.Due(due_on, "nazorgcontrole"))
        updates = []
        for case_id, state, opened_on, region_id in open_cases:
            dues = [min(tasks[case_id], key=lambda d: d.on)] if tasks[case_id] else []
            if state in ("nieuw", "benaderen"):
                dues.append(rules.contact_due(opened_on, attempts[case_id], regions[region_id]))
            if state == "nazorg" and checks[case_id]:
                dues.append(min(checks[case_id], key=lambda d: d.on))
            due = rules.earliest(dues)
            if due is not None:
                updates.append((due.on, due.what[:200], case_id))
        with self.connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE cases_case SET next_due_on = %s, next_due = %s WHERE id = %s", updates
            )
        self.counts["open_cases_with_due"] = len(updates)
        self.counts["due_by_today"] = sum(1 for u in updates if u[0] <= self.today)

    def check(self) -> None:
        """Orphans would mean a wrong join above (the foreign-key triggers were off)."""
        orphans = self.one(
            "SELECT (SELECT COUNT(*) FROM cases_caseentry e WHERE NOT EXISTS "
            "(SELECT 1 FROM cases_case c WHERE c.id = e.case_id)) + (SELECT COUNT(*) FROM cases_case c "
            "WHERE c.coach_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM accounts_user u WHERE u.id = c.coach_id))"
        )[0]
        duplicates = self.one(
            "SELECT COUNT(*) FROM (SELECT person_id, desk FROM cases_case WHERE state <> 'afgesloten' "
            "GROUP BY person_id, desk HAVING COUNT(*) > 1) d"
        )[0]
        if orphans or duplicates:
            raise SystemExit(
                f"generated data is inconsistent: {orphans} orphans, {duplicates} duplicate open cases"
            )

    def generate(self, *, tune: bool = True) -> dict:
        """Everything, in one transaction. `tune` False (the test suite, inside its own
        transaction) leaves out the session settings for bulk writing and the statistics."""
        from django.db import transaction

        tables = ["cases_case", "cases_caseentry", "cases_contactattempt", "cases_task",
                  "cases_intake", "cases_intake_reasons", "cases_intakesituation", "cases_plan",
                  "cases_plangoal", "cases_followup"]  # fmt: skip
        started = time.perf_counter()
        if tune:
            self.prepare_session()
        with transaction.atomic():
            self.drop_scratch()
            with self.step("random numbers and persons"):
                self.random_table()
                persons = self.persons()
                self.counts["persons_with_cases"] = min(persons, self.args.cases)
                self.plan_cases(persons)
            with self.step("caseworkers"):
                self.users(self.open_counts())
            dropped = self.without_indexes(tables)
            with self.step("cases"):
                self.insert_cases()
            with self.step("timeline entries"):
                self.insert_entries()
            with self.step("contact attempts, tasks, intakes, plans, aftercare"):
                self.insert_work()
            with self.step("indexes"):
                if self.vendor == "postgresql":
                    # without replica mode (the tests) the deferred foreign-key checks run
                    # now: PostgreSQL builds no index over pending trigger events
                    self.run("SET CONSTRAINTS ALL IMMEDIATE")
                for _, create in dropped:
                    self.run(create)
                if self.vendor == "postgresql":
                    self.run("SET CONSTRAINTS ALL DEFERRED")
            with self.step("next due (the write path's rules)"):
                self.next_due()
            with self.step("check"):
                self.check()
            self.drop_scratch()
            if self.vendor == "postgresql" and tune:
                self.run("SET session_replication_role = DEFAULT")
        if not tune:
            return {"counts": self.counts, "seconds": self.timings, "seed": self.args.seed}
        with self.step("statistics (ANALYZE)"):
            if self.vendor == "postgresql":
                self.connection.cursor().execute("VACUUM ANALYZE")
            else:
                self.run("ANALYZE")
                self.run("PRAGMA journal_mode = WAL")
        self.timings["total"] = round(time.perf_counter() - started, 1)
        return {"counts": self.counts, "seconds": self.timings, "seed": self.args.seed}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument(
        "--open-share", type=float, default=0.12, help="share of the cases that is open"
    )
    parser.add_argument("--caseload", type=int, default=90, help="open cases per caseworker")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--password", default="bench-Doorstroom-2026", help="of every generated user"
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doorstroom.settings")
    import django

    django.setup()
    result = Generator(args).generate()
    result["counts"]["entries_per_case"] = round(
        result["counts"]["entries"] / max(1, result["counts"]["cases"]), 2
    )
    print("RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
