#!/usr/bin/env python3
"""The case-management benchmark of issue 6: the case page and 'my cases' under load, against
the real server, on SQLite and PostgreSQL.

For each database:

1. a register from a synthetic C-levering (bench/generate_deliveries.py, --persons, read with
   `doorstroom import`), then bench/generate_cases.py: --cases cases (1,000,000) with about 20
   timeline entries each, their caseworkers, attempts, tasks, intakes, plans and aftercare;
2. the production settings (DOORSTROOM_ENV=production, a secret key, a data folder, DEBUG off,
   behind a TLS proxy: wrk sends X-Forwarded-Proto: https), `doorstroom collectstatic`;
3. --sessions caseworkers logged in through both steps (Django sessions verified by their TOTP
   device, as accounts.factories.log_in_verified does); for each a list of pages they may
   open: the case page of random cases of their region at their desk, and their own 'my cases';
4. the number of queries of each page and its time in-process (Django's test client, one user),
   with the query plans of the slowest statements (OUT/<db>/queries.txt);
5. `doorstroom serve` (gunicorn, --workers x --threads) and wrk (bench/wrk_cases.lua, random
   pages) per page at each of --concurrency, closed loop (every connection sends its next
   request when the answer is in) and, with --think-ms, as users who read a page first; with
   the CPU seconds per request of the server, of PostgreSQL's backends and of wrk (what a page
   costs, whatever share of the shared machine the run got);
6. with --split: the same server with bench/timed_wsgi.py, to see where a request's time goes
   (reads, the audit insert, the session update, waiting for SQLite's write lock).

    python bench/bench_cases.py --out /tmp/bench-cases [--databases sqlite,postgresql]

Results: OUT/cases.json and OUT/cases.md. --reuse keeps generated databases between runs.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import random
import re
import resource
import secrets
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from bench_import import (  # noqa: E402
    Database,
    add_postgres_arguments,
    free_port,
    generate,
    load_average,
    log,
    machine,
    run_timed,
)

LUA = BENCH / "wrk_cases.lua"
PAGES = {"case": "the case page", "mine": "my cases"}


# Inside Django (a process with the bench database and the production settings) -------------


def inside_sessions(args: argparse.Namespace) -> dict:
    """Log in --sessions caseworkers and write the pages each may open."""
    from django.test import Client

    from doorstroom.accounts.factories import log_in_verified
    from doorstroom.accounts.models import User
    from doorstroom.accounts.roles import Role
    from doorstroom.cases.models import Case

    rng = random.Random(args.seed)
    workers = list(
        User.objects.filter(
            username__startswith="bench-", groups__name__in=[Role.COACH, Role.LEERPLICHT]
        ).order_by("pk")
    )
    chosen = rng.sample(workers, min(args.sessions, len(workers)))
    out = Path(args.out_dir)
    case_lines, mine_lines, ids_of = [], [], {}
    for user in chosen:
        client = Client()
        log_in_verified(client, user)
        cookie = client.cookies["sessionid"].value
        desk = "leerplicht" if user.username.split("-")[2] == "leerplicht" else "doorstroompunt"
        if (user.region_id, desk) not in ids_of:
            ids_of[user.region_id, desk] = list(
                Case.objects.filter(region_id=user.region_id, desk=desk)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        ids = ids_of[user.region_id, desk]
        for pk in rng.sample(ids, min(args.cases_per_session, len(ids))):
            case_lines.append((cookie, pk))
        mine_lines.append(f"{cookie}\t/dossiers/")
    uuids = dict(
        Case.objects.filter(pk__in=[pk for _, pk in case_lines]).values_list("pk", "public_id")
    )
    (out / "case_urls.txt").write_text(
        "".join(f"{cookie}\t/dossiers/{uuids[pk]}/\n" for cookie, pk in case_lines)
    )
    (out / "mine_urls.txt").write_text("\n".join(mine_lines) + "\n")
    # the other lists, measured in-process only: a coach's open and closed cases, and the
    # coordinator's views (the unassigned cases, every coach's caseload)
    variants = []
    for line in mine_lines[:20]:
        cookie = line.split("\t")[0]
        variants += [f"{cookie}\t/dossiers/?toon=open\tmy cases, all open",
                     f"{cookie}\t/dossiers/?toon=afgesloten\tmy cases, closed",
                     f"{cookie}\t/dossiers/?toon=afgesloten&pagina=10\tmy cases, closed, page 10"]  # fmt: skip
    regions = sorted({u.region_id for u in chosen})[:10]
    for coordinator in User.objects.filter(
        username__startswith="bench-", region_id__in=regions, groups__name=Role.COORDINATOR
    ):
        client = Client()
        log_in_verified(client, coordinator)
        cookie = client.cookies["sessionid"].value
        variants += [f"{cookie}\t/dossiers/?begeleider=niemand\tcoordinator: unassigned, due",
                     f"{cookie}\t/dossiers/?begeleider=niemand&toon=afgesloten\tcoordinator: unassigned, closed",
                     f"{cookie}\t/dossiers/caseloads/\tcoordinator: caseloads of the region"]  # fmt: skip
    (out / "variant_urls.txt").write_text("\n".join(variants) + "\n")
    return {"sessions": len(chosen), "case_urls": len(case_lines), "variant_urls": len(variants)}


def inside_queries(args: argparse.Namespace) -> dict:
    """Queries per page, in-process time, and the plans of the slowest statements."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    out = Path(args.out_dir)
    sessions = {}
    results, plans = {}, []
    groups: dict[str, list[str]] = {}
    for page in PAGES:
        lines = (out / f"{page}_urls.txt").read_text().splitlines()
        groups[page] = random.Random(args.seed).sample(lines, min(args.page_samples, len(lines)))
    for line in (out / "variant_urls.txt").read_text().splitlines():
        cookie, path, label = line.split("\t")
        groups.setdefault(label, []).append(f"{cookie}\t{path}")
    for page, sample in groups.items():
        counts, times, db_times, slowest = [], [], [], {}
        for line in sample:
            cookie, path = line.split("\t")
            client = sessions.setdefault(cookie, Client(HTTP_HOST="127.0.0.1"))
            client.cookies["sessionid"] = cookie
            client.get(path, secure=True)  # warm the caches for this page
            spent = [0.0]

            def timed(execute, sql, params, many, context, spent=spent):
                begun = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    spent[0] += time.perf_counter() - begun

            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(timed):
                response = client.get(path, secure=True)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            # Django logs BEGIN and COMMIT as queries (outside the pages' own SQL): leave them out
            statements = [
                q for q in queries if q["sql"] not in ("BEGIN", "BEGIN IMMEDIATE", "COMMIT")
            ]
            counts.append(len(statements))
            db_times.append(spent[0] * 1000)
            for q in statements:
                key = re.sub(r"\b\d+\b|'[^']*'", "?", q["sql"])[:300]
                if float(q["time"]) > slowest.get(key, (0, ""))[0]:
                    slowest[key] = (float(q["time"]), q["sql"])
        results[page] = {
            "queries_min": min(counts), "queries_max": max(counts),
            "inprocess_median_ms": round(statistics.median(times), 1),
            "inprocess_p95_ms": round(sorted(times)[int(len(times) * 0.95) - 1], 1),
            "db_median_ms": round(statistics.median(db_times), 1),
        }  # fmt: skip
        for seconds, sql in sorted(slowest.values(), reverse=True)[: 4 if page in PAGES else 1]:
            plans.append(f"-- {page}: {seconds * 1000:.2f} ms\n{sql}\n{explain(connection, sql)}\n")
    (out / "queries.txt").write_text("\n".join(plans))
    return results


def explain(connection, sql: str) -> str:
    if not sql.lstrip().upper().startswith("SELECT"):
        return "(no plan: not a SELECT)"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())


def inside(args: argparse.Namespace) -> None:
    import django

    django.setup()
    step = {"sessions": inside_sessions, "queries": inside_queries}[args.inside]
    print("RESULT " + json.dumps(step(args)))


# The orchestration ----------------------------------------------------------------------------


class CaseDatabase(Database):
    """A bench database that --reuse keeps once its cases are generated."""

    def __init__(self, vendor: str, args: argparse.Namespace) -> None:
        self.vendor, self.name = vendor, f"cases_{vendor}"
        self.dir = args.out / self.name
        self.pg = (args.pg_host, args.pg_port, args.pg_user)
        self.path = self.dir / "db.sqlite3"
        self.db = f"bench_{self.name}"
        if vendor == "sqlite":
            self.url = f"sqlite:///{self.path}"
        else:
            host = args.pg_host.replace("/", "%2F")
            self.url = f"postgres://{args.pg_user}@{host}:{args.pg_port}/{self.db}"
        self.stamp = self.dir / "generated.json"
        self.wanted = {"persons": args.persons, "cases": args.cases, "seed": args.seed}
        if args.reuse and self.generated:
            return
        super().__init__(vendor, self.name, args.out, args)

    @property
    def generated(self) -> dict | None:
        if not self.stamp.exists():
            return None
        stamp = json.loads(self.stamp.read_text())
        return stamp if stamp["wanted"] == self.wanted else None

    @property
    def env(self) -> dict:
        return {**super().env, **self.keys()}

    def keys(self) -> dict[str, str]:
        """Production refuses to start without its own keys (docs/operations.md): made once
        per database, as 32 random bytes in base64, and kept beside it, so that what one run
        encrypts the next can read."""
        path = self.dir / "keys.json"
        if not path.exists():
            self.dir.mkdir(parents=True, exist_ok=True)

            def key() -> str:
                return base64.urlsafe_b64encode(os.urandom(32)).decode()

            keys = {"DOORSTROOM_ENCRYPTION_KEYS": f"bench:{key()}", "DOORSTROOM_LOOKUP_KEY": key()}
            path.write_text(json.dumps(keys))
        return json.loads(path.read_text())

    def production_env(self, secret: str) -> dict:
        env = dict(os.environ)
        for name in list(env):
            if name.startswith("DOORSTROOM_"):
                del env[name]
        env.update(
            DOORSTROOM_ENV="production",
            DOORSTROOM_SECRET_KEY=secret,
            **self.keys(),
            DOORSTROOM_DATA_DIR=str(self.dir),
            DATABASE_URL=self.url,
            DOORSTROOM_ALLOWED_HOSTS="127.0.0.1,localhost",
            DOORSTROOM_BEHIND_TLS_PROXY="true",
            DOORSTROOM_DELIVERY_WORKER="external",
            DOORSTROOM_LOG_LEVEL="WARNING",
            DJANGO_SETTINGS_MODULE="doorstroom.settings",
        )
        return env


def build(db: CaseDatabase, data: dict, args: argparse.Namespace) -> dict:
    """The register and the cases (or the stamp of an earlier run with --reuse)."""
    if db.generated:
        log(f"{db.vendor}: reusing the generated database")
        return db.generated
    doorstroom = str(Path(sys.executable).with_name("doorstroom"))
    db.prepare(data)
    log(f"{db.vendor}: importing the register ({args.persons:,} persons)")
    imported = run_timed([doorstroom, "import", str(data["C"])], db.env, db.dir / "c.log", 7200)
    if imported["returncode"] != 0:
        raise SystemExit(f"import failed:\n{imported['output_tail']}")
    if db.vendor == "postgresql":
        db.psql("VACUUM ANALYZE")
    log(f"{db.vendor}: generating {args.cases:,} cases")
    command = [sys.executable, str(BENCH / "generate_cases.py"), "--cases", str(args.cases),
               "--seed", str(args.seed)]  # fmt: skip
    made = run_timed(command, db.env, db.dir / "generate_cases.log", 7200)
    lines = [
        x
        for x in (db.dir / "generate_cases.log").read_text().splitlines()
        if x.startswith("RESULT ")
    ]
    if made["returncode"] != 0 or not lines:
        raise SystemExit(f"generate_cases failed:\n{made['output_tail']}")
    stamp = {"wanted": db.wanted, "import_seconds": imported["seconds"],
             "generate": json.loads(lines[-1][len("RESULT "):]), "size_bytes": db.size()}  # fmt: skip
    db.stamp.write_text(json.dumps(stamp, indent=2))
    return stamp


def in_django(step: str, env: dict, db: CaseDatabase, args: argparse.Namespace) -> dict:
    command = [sys.executable, __file__, "--inside", step, "--out-dir", str(db.dir),
               "--seed", str(args.seed), "--sessions", str(args.sessions),
               "--cases-per-session", str(args.cases_per_session),
               "--page-samples", str(args.page_samples)]  # fmt: skip
    out = run_timed(command, env, db.dir / f"{step}.log", timeout=1800)
    lines = [
        x for x in (db.dir / f"{step}.log").read_text().splitlines() if x.startswith("RESULT ")
    ]
    if out["returncode"] != 0 or not lines:
        raise SystemExit(f"{step} failed:\n{out['output_tail']}")
    return json.loads(lines[-1][len("RESULT ") :])


class Server:
    """`doorstroom serve` (or the instrumented app) in its own process group."""

    def __init__(
        self, env: dict, db: CaseDatabase, args: argparse.Namespace, *, timed: bool = False
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = db.dir / ("server-timed.log" if timed else "server.log")
        if timed:
            env = {**env, "BENCH_TIMINGS_DIR": str(db.dir / "timings")}
            (db.dir / "timings").mkdir(exist_ok=True)
            for old in (db.dir / "timings").glob("*.json"):
                old.unlink()
            command = [str(Path(sys.executable).with_name("gunicorn")), "--config",
                       "python:doorstroom.operations.gunicorn_config", "--pythonpath", str(BENCH),
                       "--bind", f"127.0.0.1:{self.port}", "--workers", str(args.workers),
                       "--threads", str(args.threads), "timed_wsgi:application"]  # fmt: skip
        else:
            command = [str(Path(sys.executable).with_name("doorstroom")), "serve",
                       "--bind", f"127.0.0.1:{self.port}", "--workers", str(args.workers),
                       "--threads", str(args.threads)]  # fmt: skip
        self.output = self.log.open("w")
        self.process = subprocess.Popen(
            command, env=env, stdout=self.output, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the server stopped:\n{self.log.read_text()[-2000:]}")
            try:
                # our own server on the loopback address, http only
                request = urllib.request.Request(  # noqa: S310
                    f"{self.url}/inloggen/", headers={"X-Forwarded-Proto": "https"}
                )
                with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        raise SystemExit("the server did not answer within 60 s")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)  # the group this script started
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.output.close()


def tree_cpu(pid: int | None) -> float:
    """CPU seconds of a process, its live descendants and its children that ended (reaped):
    the server's workers, or the PostgreSQL postmaster's backends."""
    import psutil

    if pid is None:
        return 0.0
    process = psutil.Process(pid)
    times = process.cpu_times()
    total = times.user + times.system + times.children_user + times.children_system
    for child in process.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            times = child.cpu_times()
            total += times.user + times.system
    return total


def children_cpu() -> float:
    """CPU seconds of this script's finished subprocesses (wrk)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def postmaster_pid(db: CaseDatabase) -> int | None:
    if db.vendor != "postgresql":
        return None
    folder = Path(db.psql("SHOW data_directory").strip())
    return int((folder / "postmaster.pid").read_text().split()[0])


def wrk(
    server: Server,
    urls: Path,
    connections: int,
    seconds: int,
    think_ms: int,
    log_to: Path,
    seed: int,
) -> dict:
    threads = min(2, connections)
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency",
               "--timeout", "10s", "-s", str(LUA), server.url, "--", str(urls), str(think_ms),
               str(seed)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    log_to.write_text(done.stdout + done.stderr)
    lines = [x for x in done.stdout.splitlines() if x.startswith("WRK ")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"wrk failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return json.loads(lines[-1][len("WRK ") :])


def load_test(db: CaseDatabase, env: dict, args: argparse.Namespace) -> list[dict]:
    server = Server(env, db, args)
    postgres = postmaster_pid(db)
    runs = []
    try:
        for page in PAGES:
            urls = db.dir / f"{page}_urls.txt"
            log(f"{db.vendor}: warming up {page} ({args.warmup} s)")
            wrk(server, urls, 4, args.warmup, 0, db.dir / f"wrk-{page}-warmup.log", args.seed)
            for think in args.think_ms:
                for connections in args.concurrency:
                    started_load = load_average()
                    log(
                        f"{db.vendor}: {page}, {connections} connections, think {think} ms (load {started_load})"
                    )
                    cpu = (tree_cpu(server.process.pid), tree_cpu(postgres), children_cpu())
                    result = wrk(server, urls, connections, args.duration, think,
                                 db.dir / f"wrk-{page}-{connections}-{think}.log", args.seed)  # fmt: skip
                    # CPU per request of the server, the database and wrk: what a page costs,
                    # whatever share of the shared machine this run got
                    n = max(1, result["requests"])
                    after = (tree_cpu(server.process.pid), tree_cpu(postgres), children_cpu())
                    spent = [b - a for a, b in zip(cpu, after, strict=True)]
                    result.update(
                        server_cpu_ms=round(spent[0] * 1000 / n, 1),
                        db_cpu_ms=round(spent[1] * 1000 / n, 1),
                        wrk_cpu_ms=round(spent[2] * 1000 / n, 1),
                        machine_share=round(
                            sum(spent) / (result["seconds"] * (os.cpu_count() or 1)), 2
                        ),
                    )
                    result.update(page=page, connections=connections, think_ms=think,
                                  load_average=started_load)  # fmt: skip
                    runs.append(result)
                    log(f"  median {result['median_ms']} ms, p95 {result['p95_ms']} ms, "
                        f"{result['rps']} req/s, non-200 {result['non200']}")  # fmt: skip
    finally:
        server.stop()
    return runs


def split_run(db: CaseDatabase, env: dict, args: argparse.Namespace) -> dict:
    """Where the time goes at the highest concurrency, per page (instrumented app)."""
    split = {}
    for page in PAGES:
        server = Server(env, db, args, timed=True)
        try:
            urls = db.dir / f"{page}_urls.txt"
            wrk(server, urls, 4, args.warmup, 0, db.dir / f"wrk-split-{page}-warmup.log", args.seed)
            for old in (db.dir / "timings").glob("*.json"):
                old.unlink()
            connections = max(args.concurrency)
            result = wrk(server, urls, connections, args.duration, 0,
                         db.dir / f"wrk-split-{page}.log", args.seed)  # fmt: skip
        finally:
            server.stop()
        totals: dict[str, float] = {}
        heads: dict[str, int] = {}
        for path in (db.dir / "timings").glob("*.json"):
            for key, value in json.loads(path.read_text()).items():
                if key == "other_heads":
                    for head, count in value.items():
                        heads[head] = heads.get(head, 0) + count
                else:
                    totals[key] = totals.get(key, 0) + value
        n = max(1, totals.get("requests", 0))
        split[page] = {
            "connections": connections, "rps": result["rps"], "p95_ms": result["p95_ms"],
            "requests_counted": int(n),
            **{f"{k}_ms_per_request": round(totals.get(f"{k}_s", 0) * 1000 / n, 2)
               for k in ("request", "read", "audit", "session", "other_write", "begin", "commit")},
            **{f"{k}_per_request": round(totals.get(k, 0) / n, 2)
               for k in ("reads", "audits", "sessions", "other_writes", "begins", "commits")},
            "other_writes_seen": heads,
        }  # fmt: skip
    return split


def run_database(vendor: str, data: dict, args: argparse.Namespace) -> dict:
    db = CaseDatabase(vendor, args)
    result = {"build": build(db, data, args)}
    env = db.production_env(secrets.token_urlsafe(50))
    subprocess.run(
        [str(Path(sys.executable).with_name("doorstroom")), "collectstatic", "--noinput", "-v0"],
        env=env, check=True,
    )  # fmt: skip
    log(f"{vendor}: logging in {args.sessions} caseworkers")
    result["sessions"] = in_django("sessions", env, db, args)
    log(f"{vendor}: queries per page")
    result["queries"] = in_django("queries", env, db, args)
    result["runs"] = load_test(db, env, args)
    if args.split:
        log(f"{vendor}: where the time goes (instrumented server)")
        result["split"] = split_run(db, env, args)
    return result


def report(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"Machine: {m.get('nproc')} cores, {m.get('cpu')}, {m.get('ram_gib')} GiB; Python "
        f"{m.get('python')}, SQLite {m.get('sqlite')}, gunicorn {results.get('gunicorn')}, "
        f"wrk {results.get('wrk')}; {m.get('date')}; load average at the start "
        f"{results['loadavg_start']}; server: `doorstroom serve --workers {results['workers']} "
        f"--threads {results['threads']}`; {results['duration']} s per run.",
        "",
        "| database | page | connections | think time | requests | req/s | median ms | p95 ms | p99 ms | non-200 | queries | CPU ms per request: server + database + wrk | share of the 2 cores we got | load avg at start |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |",
    ]
    for vendor, r in results["databases"].items():
        for run in r["runs"]:
            q = r["queries"][run["page"]]
            queries = (
                str(q["queries_min"])
                if q["queries_min"] == q["queries_max"]
                else f"{q['queries_min']}-{q['queries_max']}"
            )
            think = f"{run['think_ms'] / 1000:g} s" if run["think_ms"] else "none"
            lines.append(
                f"| {vendor} | {PAGES[run['page']]} | {run['connections']} | {think} | {run['requests']:,} | "
                f"{run['rps']} | {run['median_ms']} | {run['p95_ms']} | {run['p99_ms']} | "
                f"{run['non200'] + run['socket_errors']} | {queries} | {run.get('server_cpu_ms')} + "
                f"{run.get('db_cpu_ms')} + {run.get('wrk_cpu_ms')} | {run.get('machine_share')} | {run['load_average']} |"
            )
    lines += ["", "| database | page | queries | in-process median ms (one user) | p95 ms | of which SQL ms (median) |",
              "| --- | --- | ---: | ---: | ---: | ---: |"]  # fmt: skip
    for vendor, r in results["databases"].items():
        for page, q in r["queries"].items():
            lines.append(
                f"| {vendor} | {PAGES.get(page, page)} | {q['queries_min']}-{q['queries_max']} | {q['inprocess_median_ms']} | {q['inprocess_p95_ms']} | {q['db_median_ms']} |"
            )
    if any("split" in r for r in results["databases"].values()):
        lines += ["", "| database | page | connections | req/s | ms per request | SQL reads | audit insert | session update | other writes | BEGIN (SQLite: the write lock) | COMMIT |",
                  "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]  # fmt: skip
        for vendor, r in results["databases"].items():
            for page, s in r.get("split", {}).items():
                lines.append(
                    f"| {vendor} | {PAGES[page]} | {s['connections']} | {s['rps']} | {s['request_ms_per_request']} | "
                    f"{s['read_ms_per_request']} ({s['reads_per_request']}) | {s['audit_ms_per_request']} | "
                    f"{s['session_ms_per_request']} | {s['other_write_ms_per_request']} | {s['begin_ms_per_request']} | "
                    f"{s['commit_ms_per_request']} |"
                )
    for vendor, r in results["databases"].items():
        g = r["build"]
        lines += ["", f"{vendor}: register import {g['import_seconds']} s; cases generated in "
                  f"{g['generate']['seconds']['total']} s; database {g['size_bytes'] / 2**30:.1f} GiB; "
                  f"counts {json.dumps(g['generate']['counts'])}"]  # fmt: skip
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--inside", help=argparse.SUPPRESS)
    parser.add_argument("--out-dir", help=argparse.SUPPRESS)
    parser.add_argument("--persons", type=int, default=400_000)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--sessions", type=int, default=200, help="caseworkers logged in")
    parser.add_argument("--cases-per-session", type=int, default=50)
    parser.add_argument("--page-samples", type=int, default=40)
    parser.add_argument("--concurrency", default="16,50")
    parser.add_argument(
        "--think-ms", default="0,3000", help="0: closed loop; 3000: users who read 1.5-4.5 s"
    )
    parser.add_argument("--duration", type=int, default=60, help="seconds per wrk run")
    parser.add_argument("--warmup", type=int, default=15)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--split", action="store_true", help="also the instrumented run")
    parser.add_argument("--out", type=Path, default=Path("/tmp/bench-cases"))
    parser.add_argument("--reuse", action="store_true", help="keep and reuse generated databases")
    add_postgres_arguments(parser)
    args = parser.parse_args()
    if args.inside:
        inside(args)
        return
    args.concurrency = [int(x) for x in args.concurrency.split(",")]
    args.think_ms = [int(x) for x in args.think_ms.split(",")]
    args.out.mkdir(parents=True, exist_ok=True)
    results = {"machine": machine(args), "loadavg_start": load_average(), "workers": args.workers,
               "threads": args.threads, "duration": args.duration, "databases": {}}  # fmt: skip
    results["gunicorn"] = subprocess.run([str(Path(sys.executable).with_name("gunicorn")), "--version"],
                                         capture_output=True, text=True).stdout.strip()  # fmt: skip
    results["wrk"] = subprocess.run(
        ["wrk", "--version"], capture_output=True, text=True
    ).stdout.split("\n")[0]
    data = generate(args.out / "data", args.persons, args.seed, 0.0)
    for vendor in args.databases.split(","):
        results["databases"][vendor] = run_database(vendor, data, args)
        (args.out / "cases.json").write_text(json.dumps(results, indent=2, default=str))
    (args.out / "cases.md").write_text(report(results))
    print(report(results))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doorstroom.settings")
    main()
