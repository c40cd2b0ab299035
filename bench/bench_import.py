#!/usr/bin/env python3
"""The import benchmark of issue 3: Doorstroom's import against two references, in one run.

For one generated C-levering (bench/generate_deliveries.py, --persons N, --seed):

1. Reference 1: DuckDB `read_csv` of the C file into a table of a DuckDB database file, once
   with DuckDB's own type detection and once with every column VARCHAR.
2. `doorstroom import C` as a subprocess, on each database (a fresh one each: migrate and the
   reference data first, not timed), timed end to end (process start to exit), with its peak
   RSS (/usr/bin/time -v); the run's started_at / heartbeat_at / finished_at split the time into
   streaming (read + validate + staging writes) and the apply transaction.
3. Reference 2: the naive Django import (bench/naive_import.py: `objects.create` per row with
   per-row lookups) on the first --naive-sample rows, in a fresh database, extrapolated.
4. The weekly P-levering on top of the loaded C-levering (stopped after --p-timeout seconds).
   Both imports signal the persons they changed in the same process (signals/): the time of
   that SignalRun is reported as the 'signals' part of the import's time.
5. The same C file with --bad-fraction of corrupted rows into a fresh database: its rate, and
   the check that no good row was lost (rejected lines == the generator's *.bad-lines.txt, and
   the register holds exactly the good rows; at up to 3 M rows also the exact BSN / id sets).
6. With --profile DB: the phases and slowest SQL statements of one more C (and P) import,
   timed in-process by bench/profile_import.py, plus a cProfile of the C import.

Run with a venv that has Doorstroom, duckdb and psutil installed (see bench/README.md):

    /tmp/benchvenv/bin/python bench/bench_import.py --persons 300000 --out /tmp/bench300k

Writes OUT/results.json and OUT/results.md (the tables for BENCHMARKS.md). PostgreSQL
databases are named bench_* on --pg-host/--pg-port, created and dropped by this script.
"""

from __future__ import annotations

import argparse
import base64
import compileall
import contextlib
import hmac
import json
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
TIME = "/usr/bin/time"
TARGET_DUCKDB = 1 / 5
TARGET_NAIVE = {"sqlite": 15, "postgresql": 50}
TARGET_P_SECONDS = 3.0
TARGET_RSS = 1 << 30


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def load_average() -> str:
    """The machine's load, to print beside figures measured on a shared machine."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def free_port() -> int:
    """A port nothing listens on, for a server of the benchmark's own."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Data ---------------------------------------------------------------------------------------


def generate(out: Path, persons: int, seed: int, bad: float) -> dict:
    """Generate (or reuse) a delivery set; returns the paths."""
    stamp = out / "generated.json"
    wanted = {"persons": persons, "seed": seed, "bad_fraction": bad}
    if not (stamp.exists() and json.loads(stamp.read_text()) == wanted):
        shutil.rmtree(out, ignore_errors=True)
        log(f"generating {out.name}: {wanted}")
        subprocess.run(
            [sys.executable, str(BENCH / "generate_deliveries.py"), str(out),
             "--persons", str(persons), "--seed", str(seed), "--bad-fraction", str(bad)],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        stamp.write_text(json.dumps(wanted))
    c_file = next(out.glob("doorstroom-C-*.csv"))
    p_file = next(out.glob("doorstroom-P-*.csv"))
    return {
        "dir": out,
        "C": c_file,
        "P": p_file,
        "C_bad_lines": c_file.with_suffix(".bad-lines.txt"),
        "regions": out / "regions.csv",
        "municipalities": out / "municipalities.csv",
        "schools": out / "schools.csv",
    }


def data_rows(path: Path) -> int:
    with path.open("rb") as stream:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 24), b"")) - 1


# Databases -----------------------------------------------------------------------------------


class Database:
    """A fresh database for one import, on SQLite (a file) or PostgreSQL (bench_*)."""

    def __init__(self, vendor: str, name: str, work: Path, args: argparse.Namespace) -> None:
        self.vendor, self.name = vendor, name
        self.dir = work / name
        self.pg = (args.pg_host, args.pg_port, args.pg_user)
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True)
        if vendor == "sqlite":
            self.path = self.dir / "db.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            self.db = f"bench_{name}"
            host = args.pg_host.replace("/", "%2F")
            self.url = f"postgres://{args.pg_user}@{host}:{args.pg_port}/{self.db}"
            self.psql(f"DROP DATABASE IF EXISTS {self.db} WITH (FORCE)", "postgres")
            self.psql(f"CREATE DATABASE {self.db}", "postgres")

    def psql(self, sql: str, db: str | None = None) -> str:
        host, port, user = self.pg
        return subprocess.run(
            ["psql", "-h", host, "-p", str(port), "-U", user, "-d", db or self.db, "-XAtqc", sql],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip

    @property
    def env(self) -> dict:
        env = dict(os.environ)
        env.update(
            DOORSTROOM_ENV="development",
            # as in production: DEBUG keeps every query's text and times it (CursorDebugWrapper)
            DOORSTROOM_DEBUG="false",
            DOORSTROOM_DATA_DIR=str(self.dir),
            # a key of its own, so that the no-loss check can hash the expected BSNs
            DOORSTROOM_LOOKUP_KEY=BENCH_LOOKUP_KEY,
            DATABASE_URL=self.url,
            DJANGO_SETTINGS_MODULE="doorstroom.settings",
        )
        return env

    def query(self, sql: str) -> list[tuple]:
        if self.vendor == "sqlite":
            with contextlib.closing(sqlite3.connect(self.path)) as connection:
                return connection.execute(sql).fetchall()
        import psycopg

        host, port, user = self.pg
        with psycopg.connect(host=host, port=port, user=user, dbname=self.db) as connection:
            return connection.execute(sql).fetchall()

    def size(self) -> int:
        if self.vendor == "sqlite":
            return sum(p.stat().st_size for p in self.dir.glob("db.sqlite3*"))
        return int(self.psql("SELECT pg_database_size(current_database())").strip())

    def prepare(self, data: dict) -> None:
        """migrate + load_reference_data (not timed)."""
        doorstroom = str(Path(sys.executable).with_name("doorstroom"))
        subprocess.run([doorstroom, "migrate", "-v0"], env=self.env, check=True)
        subprocess.run(
            [doorstroom, "load_reference_data", "--regions", str(data["regions"]),
             "--municipalities", str(data["municipalities"]), "--schools", str(data["schools"])],
            env=self.env, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def drop(self) -> None:
        if self.vendor == "postgresql":
            self.psql(f"DROP DATABASE IF EXISTS {self.db} WITH (FORCE)", "postgres")
        shutil.rmtree(self.dir, ignore_errors=True)


def run_timed(command: list[str], env: dict | None, log_to: Path, timeout: float) -> dict:
    """Run a command under /usr/bin/time -v; wall time, exit code, peak RSS; kill on timeout."""
    rusage = log_to.with_suffix(".time")
    load_at_start = os.getloadavg()
    full = [TIME, "-v", "-o", str(rusage), *command] if Path(TIME).exists() else command
    with log_to.open("w") as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            full, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
        peak = 0
        try:
            import psutil

            watched = psutil.Process(process.pid)
        except Exception:
            watched = None
        timed_out = False
        while process.poll() is None:
            if watched is not None:
                with contextlib.suppress(Exception):
                    peak = max(
                        [peak, *(c.memory_info().rss for c in watched.children(recursive=True))]
                    )
            if time.perf_counter() - started > timeout:
                timed_out = True
                os.killpg(process.pid, signal.SIGKILL)  # the group this call started
                process.wait()
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - started
    cpu = None
    if rusage.exists():
        usage = rusage.read_text()
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", usage)
        if match:
            peak = max(peak, int(match[1]) * 1024)
        times = re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", usage)
        if len(times) == 2:  # the process's own CPU (user + system); a database server's is apart
            cpu = round(float(times[0]) + float(times[1]), 2)
    return {
        "seconds": round(seconds, 3),
        "cpu_seconds": cpu,
        "loadavg_start": load_at_start,
        "returncode": process.returncode,
        "timed_out": timed_out,
        "peak_rss": peak,
        "output_tail": log_to.read_text(errors="replace")[-600:],
    }


def when(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def last_run(db: Database) -> dict:
    rows = db.query(
        "SELECT id, status, started_at, heartbeat_at, finished_at, rows_read, rows_new, "
        "rows_changed, rows_unchanged, rows_rejected, message FROM deliveries_importrun "
        "ORDER BY id DESC LIMIT 1"
    )
    if not rows:
        return {}
    (pk, status, started, heartbeat, finished, read, new, changed, unchanged, rejected,
     message) = rows[0]  # fmt: skip
    started, heartbeat, finished = when(started), when(heartbeat), when(finished)
    run = {
        "id": pk, "status": status, "rows_read": read, "rows_new": new, "rows_changed": changed,
        "rows_unchanged": unchanged, "rows_rejected": rejected, "message": message,
    }  # fmt: skip
    if started and finished:
        run["run_seconds"] = round((finished - started).total_seconds(), 3)
    if started and heartbeat:
        # the last heartbeat is written right after the staging batches are flushed
        run["stream_seconds"] = round((heartbeat - started).total_seconds(), 3)
        if finished:
            run["apply_seconds"] = round((finished - heartbeat).total_seconds(), 3)
    return run


def register_counts(db: Database) -> dict:
    counts = {}
    for label, table in (
        ("persons", "people_person"), ("residences", "people_residence"),
        ("enrolments", "people_enrolment"), ("results", "people_result"),
        ("rejected", "deliveries_rejectedrow"),
    ):  # fmt: skip
        counts[label] = db.query(f"SELECT COUNT(*) FROM {table}")[0][0]  # noqa: S608
    return counts


SIGNAL_RUNS = "SELECT COALESCE(MAX(id), 0) FROM signals_signalrun"


def doorstroom_import(db: Database, file: Path, timeout: float, label: str) -> dict:
    doorstroom = str(Path(sys.executable).with_name("doorstroom"))
    log(f"{db.vendor}: doorstroom import {file.name} ({label})")
    before = db.query(SIGNAL_RUNS)[0][0]
    result = run_timed([doorstroom, "import", str(file)], db.env, db.dir / f"{label}.log", timeout)
    result["run"] = last_run(db)
    # the signalling of the changed persons, inside the same process (after the commit)
    signalled = db.query(
        f"SELECT seconds, checked FROM signals_signalrun WHERE id > {int(before)}"  # noqa: S608
    )
    if signalled:
        result["signals"] = {"seconds": signalled[0][0], "checked": signalled[0][1]}
    log(f"  {result['seconds']} s, {result['run'].get('status')}, timed out: {result['timed_out']}")
    return result


# The steps ----------------------------------------------------------------------------------


DUCKDB_WORKER = """
import duckdb, json, sys, time
file, target, mode = sys.argv[1:4]
connection = duckdb.connect(target)
options = "delim=';', header=true" + (", all_varchar=true" if mode == "varchar" else "")
started = time.perf_counter()
connection.execute(f"CREATE TABLE c AS SELECT * FROM read_csv('{file}', {options})")
connection.execute("CHECKPOINT")
seconds = time.perf_counter() - started
rows = connection.execute("SELECT COUNT(*) FROM c").fetchone()[0]
threads = connection.execute("SELECT current_setting('threads')").fetchone()[0]
print(json.dumps({"rows": rows, "seconds": round(seconds, 3), "threads": threads,
                  "version": duckdb.__version__}))
"""


def step_duckdb(data: dict, work: Path) -> dict:
    results = {}
    for mode in ("auto", "varchar"):
        target = work / f"duckdb-{mode}.duckdb"
        target.unlink(missing_ok=True)
        log(f"duckdb read_csv ({mode})")
        timed = run_timed(
            [sys.executable, "-c", DUCKDB_WORKER, str(data["C"]), str(target), mode],
            None, work / f"duckdb-{mode}.log", 3600,
        )  # fmt: skip
        inner = json.loads(timed["output_tail"].strip().splitlines()[-1])
        inner.update(process_seconds=timed["seconds"], peak_rss=timed["peak_rss"])
        inner["rows_per_s"] = round(inner["rows"] / inner["seconds"])
        inner["db_size"] = target.stat().st_size
        target.unlink()
        results[mode] = inner
        log(f"  {inner['rows']} rows in {inner['seconds']} s")
    return results


def step_naive(vendor: str, data: dict, work: Path, args) -> dict:
    db = Database(vendor, f"naive_{vendor}", work, args)
    try:
        db.prepare(data)
        log(f"{vendor}: naive import of {args.naive_sample} rows")
        timed = run_timed(
            [sys.executable, str(BENCH / "naive_import.py"), str(data["C"]),
             "--sample", str(args.naive_sample)],
            db.env, db.dir / "naive.log", args.timeout,
        )  # fmt: skip
        result = json.loads(timed["output_tail"].strip().splitlines()[-1])
        result["peak_rss"] = timed["peak_rss"]
        log(f"  {result['rows']} rows in {result['seconds']} s ({result['rows_per_s']} rows/s)")
        return result
    finally:
        db.drop()


def step_clean(vendor: str, data: dict, work: Path, args) -> dict:
    db = Database(vendor, f"clean_{vendor}", work, args)
    try:
        db.prepare(data)
        result = {"C": doorstroom_import(db, data["C"], args.timeout, "import-C")}
        result["C"]["register"] = register_counts(db)
        result["C"]["db_size"] = db.size()
        if not args.skip_delta:
            result["P"] = doorstroom_import(db, data["P"], args.p_timeout, "import-P")
        return result
    finally:
        if not args.keep:
            db.drop()


BENCH_LOOKUP_KEY = base64.urlsafe_b64encode(b"bench-doorstroom-opzoeken-2026xx").decode()


def bsn_hash(bsn: str) -> str:
    """The BSN's look-up hash as Doorstroom stores it (crypto.lookup_hash: HMAC-SHA256 cut to 128
    bits), under the bench's key."""
    key = base64.urlsafe_b64decode(BENCH_LOOKUP_KEY)
    return hmac.new(key, bsn.encode(), "sha256").digest()[:16].hex()


def expected_good(file: Path, bad_lines: set[int]) -> dict:
    """The BSNs (as their look-up hashes: the register holds them encrypted) and ids of the
    good rows of a C file, for the exact no-loss check."""
    import csv

    persons, enrolments, results = set(), set(), set()
    with file.open(encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream, delimiter=";")
        header = next(reader)
        record, bsn = header.index("record"), header.index("bsn")
        enrolment_id, result_id = header.index("inschrijving_id"), header.index("resultaat_id")
        for line, row in enumerate(reader, start=2):
            if line in bad_lines:
                continue
            if row[record] == "persoon":
                persons.add(bsn_hash(row[bsn]))
            elif row[record] == "inschrijving":
                enrolments.add(row[enrolment_id])
            else:
                results.add(row[result_id])
    return {"persons": persons, "enrolments": enrolments, "results": results}


def step_bad(vendor: str, bad: dict, work: Path, args) -> dict:
    db = Database(vendor, f"bad_{vendor}", work, args)
    try:
        db.prepare(bad)
        result = doorstroom_import(db, bad["C"], args.timeout, "import-C-bad")
        sidecar = {int(x) for x in bad["C_bad_lines"].read_text().split()}
        run_id = result["run"].get("id")
        rejected = [
            line
            for (line,) in db.query(
                f"SELECT line FROM deliveries_rejectedrow WHERE run_id = {int(run_id)}"  # noqa: S608
            )
        ]
        counts = register_counts(db)
        rows = data_rows(bad["C"])
        in_register = counts["persons"] + counts["enrolments"] + counts["results"]
        check = {
            "file_rows": rows,
            "sidecar_bad_lines": len(sidecar),
            "rejected_rows": len(rejected),
            "rejected_distinct": len(set(rejected)),
            "rejected_not_in_sidecar": len(set(rejected) - sidecar),
            "sidecar_not_rejected": len(sidecar - set(rejected)),
            "good_rows": rows - len(sidecar),
            "in_register": in_register,
            "register": counts,
        }
        ok = (
            len(rejected) == len(sidecar) == len(set(rejected))
            and set(rejected) <= sidecar
            and in_register == rows - len(sidecar)
        )
        if rows <= args.exact_check_rows:
            expected = expected_good(bad["C"], sidecar)
            actual = {
                "persons": {h for (h,) in db.query("SELECT bsn_hash FROM people_person")},
                "enrolments": {s for (s,) in db.query("SELECT source_id FROM people_enrolment")},
                "results": {s for (s,) in db.query("SELECT source_id FROM people_result")},
            }
            check["exact_sets_equal"] = {k: expected[k] == actual[k] for k in expected}
            ok = ok and all(check["exact_sets_equal"].values())
        check["no_good_row_lost"] = ok
        result["check"] = check
        log(f"  no good row lost: {ok}")
        return result
    finally:
        if not args.keep:
            db.drop()


def profile_one(db: Database, file: Path, label: str, timeout: float, extra: list[str]) -> dict:
    log(f"{db.vendor}: profile_import {label}")
    logfile = db.dir / f"profile-{label}.log"
    command = [sys.executable, str(BENCH / "profile_import.py"), str(file), "--explain", *extra]
    timed = run_timed(command, db.env, logfile, timeout)
    lines = logfile.read_text().splitlines()
    done = [json.loads(line) for line in lines if line.startswith('{"step"')]
    if timed["timed_out"] or timed["returncode"]:
        # the statements that finished before the stop, and the one that was running
        return {
            "timed_out": timed["timed_out"],
            "seconds": timed["seconds"],
            "statements_done": done,
        }
    text = "\n".join(line for line in lines if not line.startswith('{"step"'))
    return json.loads(text[text.index("{") :])


def step_profile(vendor: str, data: dict, bad: dict | None, work: Path, args) -> dict:
    out = {}
    db = Database(vendor, f"profile_{vendor}", work, args)
    try:
        db.prepare(data)
        prof = work / f"cprofile-C-{vendor}.prof"
        out["C"] = profile_one(
            db, data["C"], "C", args.timeout, ["--read-passes", "--cprofile", str(prof)]
        )
        if not args.skip_delta:
            out["P"] = profile_one(db, data["P"], "P", args.profile_p_timeout, [])
        if prof.exists():
            out["cprofile_top"] = cprofile_top(prof)
    finally:
        if not args.keep:
            db.drop()
    if bad:
        db = Database(vendor, f"profile_bad_{vendor}", work, args)
        try:
            db.prepare(bad)
            out["C-bad"] = profile_one(db, bad["C"], "C-bad", args.timeout, [])
        finally:
            if not args.keep:
                db.drop()
    return out


def cprofile_top(path: Path, count: int = 25) -> list[dict]:
    import pstats

    stats = pstats.Stats(str(path))
    rows = []
    for (file, line, name), (_, calls, own, cumulative, _) in stats.stats.items():
        rows.append(
            {
                "function": f"{Path(file).name}:{line}({name})",
                "calls": calls,
                "own_s": round(own, 3),
                "cumulative_s": round(cumulative, 3),
            }
        )
    return sorted(rows, key=lambda r: -r["own_s"])[:count]


# Environment and report --------------------------------------------------------------------


def machine(args) -> dict:
    def first(pattern: str, text: str) -> str:
        match = re.search(pattern, text, re.MULTILINE)
        return match[1].strip() if match else "?"

    cpuinfo = Path("/proc/cpuinfo").read_text()
    meminfo = Path("/proc/meminfo").read_text()
    info = {
        "date": date.today().isoformat(),
        "nproc": os.cpu_count(),
        "cpu": first(r"^model name\s*:\s*(.*)$", cpuinfo),
        "ram_gib": round(int(first(r"^MemTotal:\s*(\d+)", meminfo)) / 2**20, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "loadavg_start": os.getloadavg(),
    }
    with contextlib.suppress(Exception):
        import django
        import duckdb

        info["django"], info["duckdb"] = django.get_version(), duckdb.__version__
    with contextlib.suppress(Exception):
        info["postgresql"] = subprocess.run(
            ["psql", "-h", args.pg_host, "-p", str(args.pg_port), "-U", args.pg_user, "-XAtqc",
             "SELECT version(); SHOW fsync; SHOW synchronous_commit; SHOW shared_buffers"],
            capture_output=True, text=True, check=True,
        ).stdout.split("\n")  # fmt: skip
    with contextlib.suppress(Exception):
        info["git"] = subprocess.run(
            ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    return info


def fmt_rate(value) -> str:
    return f"{value:,.0f}" if value else "–"


def fmt_ratio(value, target) -> str:
    if value is None:
        return "–"
    mark = "met" if value >= target else "not met"
    return f"{value:.2f} ({mark})" if value < 10 else f"{value:.0f}× ({mark})"


def mib(value) -> str:
    return f"{value / 2**20:,.0f} MiB" if value else "–"


def report(results: dict) -> str:
    """Markdown tables for BENCHMARKS.md."""
    rows_c = results["rows"]["C"]
    duck = results.get("duckdb", {})
    duck_rate = duck.get("auto", {}).get("rows_per_s")
    lines = [
        f"### --persons {results['persons']:,} (C file {results['rows']['C_bytes'] / 1e6:,.1f} MB, "
        f"{rows_c:,} rows; P file {results['rows']['P']:,} rows)",
        "",
        "| what | database | rows | seconds | rows/s | vs DuckDB (≥ 0.20) | vs naive (≥ 15× / 50×) | peak RSS (< 1 GiB) |",
        "| --- | --- | ---: | ---: | ---: | --- | --- | ---: |",
    ]
    for mode, label in (("auto", "DuckDB read_csv (auto types)"), ("varchar", "DuckDB read_csv (all VARCHAR)")):  # fmt: skip
        d = duck.get(mode)
        if d:
            lines.append(
                f"| {label} | DuckDB file, {d['threads']} threads | {d['rows']:,} | {d['seconds']:.1f} | "
                f"{fmt_rate(d['rows_per_s'])} | 1 | – | {mib(d['peak_rss'])} |"
            )
    for vendor, per in results.get("databases", {}).items():
        naive = per.get("naive")
        naive_rate = naive["rows_per_s"] if naive else None
        if naive:
            versus_duck = f"{naive_rate / duck_rate:.3f}" if duck_rate else "–"
            lines.append(
                f"| naive Django, first {naive['rows']:,} rows | {vendor} | {rows_c:,} (extrapolated) | "
                f"{rows_c / naive_rate:,.0f} (extrapolated) | {fmt_rate(naive_rate)} | "
                f"{versus_duck} | 1 | {mib(naive['peak_rss'])} |"
            )
        for key, label in (
            ("clean", "Doorstroom import, C"),
            ("bad", "Doorstroom import, C with 10% bad"),
        ):
            entry = per.get(key)
            if not entry:
                continue
            c = entry["C"] if key == "clean" else entry
            run = c.get("run", {})
            if c["timed_out"] or run.get("status") != "applied":
                why = "stopped" if c["timed_out"] else f"run {run.get('status')}, not applied"
                lines.append(
                    f"| {label} | {vendor} | {rows_c:,} | > {c['seconds']:.0f} ({why}) | – | – | – | {mib(c['peak_rss'])} |"
                )
                continue
            rate = rows_c / c["seconds"]
            split = (
                f" (stream {run['stream_seconds']:.0f} s + apply {run['apply_seconds']:.0f} s"
                + (f" + signals {c['signals']['seconds']:.0f} s" if "signals" in c else "")
                + ")"
                if "apply_seconds" in run
                else ""
            )
            lines.append(
                f"| {label} | {vendor} | {rows_c:,} | {c['seconds']:.1f}{split} | {fmt_rate(rate)} | "
                f"{fmt_ratio(rate / duck_rate if duck_rate else None, TARGET_DUCKDB)} | "
                f"{fmt_ratio(rate / naive_rate if naive_rate else None, TARGET_NAIVE[vendor])} | "
                f"{mib(c['peak_rss'])} |"
            )
        p = per.get("clean", {}).get("P")
        if p:
            p_rows = results["rows"]["P"]
            if p["timed_out"]:
                lines.append(
                    f"| Doorstroom import, P on top of C | {vendor} | {p_rows:,} | > {p['seconds']:.0f} (stopped; target < 3 s: not met) | – | – | – | {mib(p['peak_rss'])} |"
                )
            else:
                verdict = "met" if p["seconds"] < TARGET_P_SECONDS else "not met"
                run = p.get("run", {})
                split = (
                    f" (stream {run['stream_seconds']:.1f} s + apply {run['apply_seconds']:.1f} s"
                    + (f" + signals {p['signals']['seconds']:.1f} s" if "signals" in p else "")
                    + ")"
                    if "apply_seconds" in run
                    else ""
                )
                lines.append(
                    f"| Doorstroom import, P on top of C | {vendor} | {p_rows:,} | {p['seconds']:.1f}{split}; target < 3 s: {verdict} | "
                    f"{fmt_rate(p_rows / p['seconds'])} | – | – | {mib(p['peak_rss'])} |"
                )
    checks = []
    for vendor, per in results.get("databases", {}).items():
        bad = per.get("bad")
        clean = per.get("clean", {}).get("C")
        if bad and (bad["timed_out"] or bad.get("run", {}).get("status") != "applied"):
            checks.append(
                f"- {vendor}, 10% bad: not checked, the run did not finish "
                f"({'stopped' if bad['timed_out'] else bad.get('run', {}).get('status')})"
            )
        elif bad and "check" in bad:
            ch = bad["check"]
            speed = ""
            if clean and not clean["timed_out"] and not bad["timed_out"]:
                speed = f"; bad/clean rate {clean['seconds'] / bad['seconds']:.2f}"
                own = clean.get("run", {}).get("run_seconds"), bad.get("run", {}).get("run_seconds")
                if all(own):
                    # the run's own time: reading, checking and applying, without the process
                    # start and the signalling after the commit (which has another register)
                    speed += f" (the import itself, read + check + apply: {own[0] / own[1]:.2f})"
            exact = ch.get("exact_sets_equal")
            checks.append(
                f"- {vendor}, 10% bad: {ch['sidecar_bad_lines']:,} bad lines in the sidecar, "
                f"{ch['rejected_rows']:,} rejected rows ({ch['rejected_not_in_sidecar']} not in the sidecar, "
                f"{ch['sidecar_not_rejected']} sidecar lines not rejected); register "
                f"{ch['in_register']:,} = good rows {ch['good_rows']:,}: "
                f"{'yes' if ch['in_register'] == ch['good_rows'] else 'NO'}"
                + (f"; exact BSN/id sets equal: {exact}" if exact else "")
                + f" → no good row lost: **{'yes' if ch['no_good_row_lost'] else 'NO'}**{speed}"
            )
        if clean and "register" in clean:
            r = clean["register"]
            checks.append(
                f"- {vendor}, clean C: register {r['persons']:,} persons + {r['enrolments']:,} enrolments + "
                f"{r['results']:,} results = {r['persons'] + r['enrolments'] + r['results']:,} "
                f"(file {rows_c:,}), {r['rejected']} rejected; database size {mib(clean.get('db_size'))}"
            )
    return "\n".join([*lines, "", *checks, ""])


def add_postgres_arguments(parser: argparse.ArgumentParser) -> None:
    """The PostgreSQL server every benchmark uses (a socket directory, as .ci/run starts one)."""
    parser.add_argument("--pg-host", default="/tmp/dspg")
    parser.add_argument("--pg-port", type=int, default=5433)
    parser.add_argument("--pg-user", default="postgres")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, required=True)
    parser.add_argument(
        "--out", type=Path, required=True, help="work directory (data, DBs, results)"
    )
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bad-fraction", type=float, default=0.1)
    parser.add_argument("--naive-sample", type=int, default=20_000)
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--skip-duckdb", action="store_true")
    parser.add_argument("--skip-delta", action="store_true", help="no P-levering")
    parser.add_argument("--skip-bad", action="store_true", help="no 10%%-bad file")
    parser.add_argument("--bad-databases", help="databases for the bad file (default: --databases)")
    parser.add_argument("--delta-databases", help="databases for the P-levering (default: all)")
    parser.add_argument(
        "--profile", default="", help="databases to profile one import on, e.g. sqlite"
    )
    parser.add_argument("--only-profile", action="store_true", help="only the --profile runs")
    parser.add_argument("--timeout", type=float, default=1500, help="seconds per C import")
    parser.add_argument("--p-timeout", type=float, default=300, help="seconds for the P import")
    parser.add_argument("--profile-p-timeout", type=float, default=120)
    parser.add_argument("--exact-check-rows", type=int, default=3_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--keep-data", action="store_true", help="keep the generated files")
    add_postgres_arguments(parser)
    parser.add_argument("--report-only", action="store_true", help="re-render OUT/results.md")
    args = parser.parse_args()
    if args.report_only:
        results = json.loads((args.out / "results.json").read_text())
        (args.out / "results.md").write_text(report(results))
        print(report(results))
        return

    work = args.out.resolve()
    work.mkdir(parents=True, exist_ok=True)
    databases = [d for d in args.databases.split(",") if d]
    bad_databases = (args.bad_databases or args.databases).split(",")
    delta_databases = (args.delta_databases or args.databases).split(",")
    results: dict = {"persons": args.persons, "seed": args.seed, "machine": machine(args)}
    results_path = work / "results.json"

    def save() -> None:
        results_path.write_text(json.dumps(results, indent=1, default=str))
        if "rows" in results:
            (work / "results.md").write_text(report(results))

    # The timed processes start as an installed package's would, from bytecode (pip compiles
    # it; an editable checkout on a machine with PYTHONDONTWRITEBYTECODE has none): some
    # 0.04 s of every process start.
    compileall.compile_dir(ROOT / "src", quiet=1)
    data = generate(work / "data", args.persons, args.seed, 0.0)
    bad = (
        None
        if args.skip_bad
        else generate(work / "data-bad", args.persons, args.seed, args.bad_fraction)
    )
    results["rows"] = {
        "C": data_rows(data["C"]),
        "C_bytes": data["C"].stat().st_size,
        "P": data_rows(data["P"]),
    }
    log(f"C file: {results['rows']['C']:,} rows; P file: {results['rows']['P']:,} rows")
    if not args.skip_duckdb and not args.only_profile:
        results["duckdb"] = step_duckdb(data, work)
        save()
    results["databases"] = {}
    for vendor in databases:
        per = results["databases"].setdefault(vendor, {})
        skip_delta = args.skip_delta
        args.skip_delta = skip_delta or vendor not in delta_databases
        if not args.only_profile:
            per["clean"] = step_clean(vendor, data, work, args)
        save()
        if bad and vendor in bad_databases and not args.only_profile:
            per["bad"] = step_bad(vendor, bad, work, args)
            save()
        if not args.skip_naive and not args.only_profile:
            per["naive"] = step_naive(vendor, data, work, args)
            save()
        if vendor in args.profile.split(","):
            per["profile"] = step_profile(vendor, data, bad, work, args)
            save()
        args.skip_delta = skip_delta
    results["machine"]["loadavg_end"] = os.getloadavg()
    save()
    if not args.keep_data:
        for folder in (data["dir"], bad["dir"] if bad else None):
            if folder:
                shutil.rmtree(folder, ignore_errors=True)
    print(report(results))


if __name__ == "__main__":
    main()
