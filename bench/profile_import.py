#!/usr/bin/env python3
"""Where the time of one Doorstroom import goes: phases and SQL statements, timed in-process.

Runs the import the way `doorstroom import FILE` does (`queue_delivery` + `run_import`), with
thin timers around the phases: the checksum pass (`inspect`), staging (reading, validating and
writing the staging tables; the writes are timed per batch), and the apply step, statement by
statement (`Applier.execute` / `Applier.scalar`), plus the commit. The timers cost one clock
call per batch or statement, not per row. With `--read-passes` it first reads the file twice
more without writing, to split the staging time into CSV reading and validation. With
`--cprofile OUT` the whole run is also profiled with cProfile (which slows the Python part).

Needs the same environment as the command (DOORSTROOM_ENV, DOORSTROOM_DATA_DIR, DATABASE_URL)
and a migrated database with the reference data loaded. Prints one JSON object.

    python bench/profile_import.py FILE [--read-passes] [--cprofile OUT.prof]

Used by bench_import.py (--profile); not part of the application.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--read-passes", action="store_true")
    parser.add_argument("--cprofile", type=Path)
    parser.add_argument(
        "--explain", action="store_true", help="also keep the query plan of each SQL statement"
    )
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doorstroom.settings")
    import django

    django.setup()

    from doorstroom.deliveries import services, staging
    from doorstroom.deliveries.apply import Applier
    from doorstroom.deliveries.models import ImportRun

    timings: dict[str, float] = defaultdict(float)
    writes: dict[str, list[float]] = defaultdict(lambda: [0.0, 0, 0])  # seconds, batches, rows
    statements: list[dict] = []

    def timed(name, function):
        def wrapper(*a, **k):
            started = time.perf_counter()
            try:
                return function(*a, **k)
            finally:
                timings[name] += time.perf_counter() - started

        return wrapper

    original_write = staging._write

    def write(table, columns, rows):
        started = time.perf_counter()
        original_write(table, columns, rows)
        entry = writes[table]
        entry[0] += time.perf_counter() - started
        entry[1] += 1
        entry[2] += len(rows)

    staging._write = write

    current_step = ["?"]

    def step(name, function):
        def wrapper(self, *a, **k):
            label = name + (f"({a[0]})" if a else "")
            current_step[0] = label
            started = time.perf_counter()
            try:
                return function(self, *a, **k)
            finally:
                timings["apply: " + label] += time.perf_counter() - started

        return wrapper

    for method in ("reject_rows_that_need_the_register", "apply_persons", "apply_items"):
        setattr(Applier, method, step(method, getattr(Applier, method)))

    from django.db import connection

    backend = []

    def server_cpu() -> float:
        """CPU seconds (user + system) of this connection's PostgreSQL backend, or of this
        process on SQLite: a figure that suffers less from a shared machine than the wall
        time. (The server runs on this machine; /proc shows its processes.)"""
        if connection.vendor != "postgresql":
            return time.process_time()
        if not backend:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                backend.append(cursor.fetchone()[0])
        fields = Path(f"/proc/{backend[0]}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def plan(cursor, sql):
        # Only statements that have a plan: on PostgreSQL the apply's `SET LOCAL` settings
        # cannot be explained (EXPLAIN SET is a syntax error, which failed the whole run).
        if sql.lstrip().split(None, 1)[0].upper() not in (
            "SELECT",
            "INSERT",
            "UPDATE",
            "DELETE",
            "WITH",
        ):
            return None
        explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        cursor.execute(explain + sql)
        return [" ".join(str(c) for c in row) for row in cursor.fetchall()]

    def statement(function):
        def wrapper(self, sql):
            explained = plan(self.cursor, sql) if args.explain else None
            started, started_cpu = time.perf_counter(), server_cpu()
            result = function(self, sql)
            entry = {
                "step": current_step[0],
                "seconds": round(time.perf_counter() - started, 4),
                "cpu": round(server_cpu() - started_cpu, 3),
                "rows": self.cursor.rowcount,
                "sql": " ".join(sql.split())[:400],
            }
            if explained:
                entry["plan"] = explained
            statements.append(entry)
            # as it goes, so that a run stopped half-way still shows where it was
            print(json.dumps(entry), file=sys.stderr, flush=True)
            return result

        return wrapper

    # The commits (the apply's own is the longest: on PostgreSQL it checks the deferred foreign
    # keys of every new row) and the signalling after it, each apart from "the rest".
    from django.db import connections

    from doorstroom.deliveries import events

    database = connections["default"]
    commits: list[float] = []
    original_commit = database._commit

    def commit(*a, **k):
        started = time.perf_counter()
        try:
            return original_commit(*a, **k)
        finally:
            commits.append(time.perf_counter() - started)

    database._commit = commit
    events.register_changed.send = timed("signals (after the commit)", events.register_changed.send)

    Applier.execute = statement(Applier.execute)
    Applier.scalar = statement(Applier.scalar)
    Applier.apply = timed("apply (all SQL)", Applier.apply)
    services.inspect = timed("inspect (checksum + encoding pass)", services.inspect)
    services._stage = timed("stage (read + validate + staging writes)", services._stage)

    load_at_start = os.getloadavg()
    name = services.read_file_name(args.file.name)
    passes: dict[str, float] = {}
    if args.read_passes:
        passes = read_passes(args.file, name)

    run = services.queue_delivery(
        args.file.resolve(), file_name=args.file.name, kind=name.kind,
        delivery_date=name.delivery_date, area=None, user=None,
    )  # fmt: skip
    profiler = cProfile.Profile() if args.cprofile else None
    started, started_cpu, started_own = time.perf_counter(), server_cpu(), time.process_time()
    if profiler:
        profiler.enable()
    run = services.run_import(run)
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.cprofile)
    total = time.perf_counter() - started
    cpu = {
        "this process (s)": round(time.process_time() - started_own, 3),
        "database server backend (s)": round(server_cpu() - started_cpu, 3)
        if connection.vendor == "postgresql"
        else None,
    }
    run = ImportRun.objects.get(pk=run.pk)

    write_total = sum(entry[0] for entry in writes.values())
    stage = timings["stage (read + validate + staging writes)"]
    apply = timings["apply (all SQL)"]
    inspect = timings["inspect (checksum + encoding pass)"]
    signalling = timings["signals (after the commit)"]
    committing = max(commits, default=0.0)
    result = {
        "file": str(args.file),
        "status": run.status,
        "rows_read": run.rows_read,
        "rows_rejected": run.rows_rejected,
        "total_seconds": round(total, 3),
        "cpu_seconds": cpu,
        "loadavg_start": load_at_start,
        "phases": {
            "inspect (checksum + encoding pass)": round(inspect, 3),
            "stage: read + validate (Python)": round(stage - write_total, 3),
            "stage: staging writes (COPY / executemany)": round(write_total, 3),
            "apply (set-based SQL)": round(apply, 3),
            "the apply's commit": round(committing, 3),
            "signals (after the commit)": round(signalling, 3),
            "run bookkeeping, rest": round(
                total - inspect - stage - apply - committing - signalling, 3
            ),
        },
        "apply_steps": {k[7:]: round(v, 3) for k, v in timings.items() if k.startswith("apply: ")},
        "staging_writes": {
            table: {"seconds": round(s, 3), "batches": b, "rows": r}
            for table, (s, b, r) in writes.items()
        },
        "read_passes": passes,
        "statements": sorted(statements, key=lambda s: -s["seconds"])[:15],
    }
    json.dump(result, sys.stdout, indent=1)
    print()


def read_passes(path: Path, name) -> dict[str, float]:
    """Read the file without writing anything: once only through the CSV reader and the
    adapter, once also through the validator. The difference is the validation's cost."""
    from doorstroom.deliveries import services
    from doorstroom.deliveries.models import ImportRun
    from doorstroom.deliveries.reading import inspect, open_rows

    facts = inspect(path)
    started = time.perf_counter()
    opened = open_rows(path, facts.encoding)
    count = sum(1 for _ in opened.rows)
    opened.close()
    read = time.perf_counter() - started

    probe = ImportRun(kind=name.kind, delivery_date=name.delivery_date)
    validator = services._validator(probe)
    started = time.perf_counter()
    opened = open_rows(path, facts.encoding)
    for line, values in opened.rows:
        validator.record(line, values)
    opened.close()
    validated = time.perf_counter() - started
    return {
        "rows": count,
        "csv + adapter only (s)": round(read, 3),
        "csv + adapter + validation (s)": round(validated, 3),
        "validation alone (s)": round(validated - read, 3),
    }


if __name__ == "__main__":
    main()
