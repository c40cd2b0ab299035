#!/usr/bin/env python3
"""What logging a read costs a page (issue 5: 'Logging a read must not slow pages noticeably:
measure it'), on SQLite and PostgreSQL.

For each database: the demo reference data and a synthetic register (the demo generator,
--persons young people, at most about 9,000: it uses only test BSNs) with signalling run, so that the work queue has open signals; then,
timed through Django's test client as a logged-in coordinator (DOORSTROOM_ENV=demo, so no
DEBUG query log):

- the person page (/jongeren/<uuid>/, one audit row) and the work queue (/signalen/, one audit
  row per person on the page: 25), each WITH the audit insert and WITHOUT it
  (accounts.audit.record_for replaced by a no-op), interleaved request by request so that
  the machine's load falls on both alike;
- first with an almost empty audit table, then after filling it to --audit-rows rows (a few
  million, spread over five years, as a busy region's trail would be);
- the insert itself (record_for for one row and for 25), and the FG's logboek page on the big
  trail (the first page, and the trail of one young person).

    python bench/bench_audit.py --persons 9000 --audit-rows 3000000 --out /tmp/bench-audit

Results go to OUT/audit.json and OUT/audit.md (copy the tables into BENCHMARKS.md). On
PostgreSQL run the server with fsync and synchronous_commit on: the extra cost of an audit
row is mostly its share of the commit.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from bench_import import Database, add_postgres_arguments, log, machine, run_timed  # noqa: E402


def _timings(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 2),
    }


def inside(args: argparse.Namespace) -> None:
    """The steps that need Django, in a process of their own with the bench database."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from doorstroom import dates
    from doorstroom.accounts import audit
    from doorstroom.accounts.factories import UserFactory, log_in_verified
    from doorstroom.accounts.models import AuditAction, AuditEvent
    from doorstroom.accounts.roles import Role
    from doorstroom.demo.generator import DemoRegister
    from doorstroom.people.models import Person
    from doorstroom.regions.loading import DEMO_FILES, load_reference_data
    from doorstroom.regions.models import Region
    from doorstroom.signals.models import Signal
    from doorstroom.signals.services import signal_region

    results: dict = {}
    if args.inside == "setup":
        load_reference_data(**DEMO_FILES)
        started = time.perf_counter()
        DemoRegister(seed=args.seed, peildatum=dates.today()).generate(args.persons)
        for region in Region.objects.all():
            signal_region(region, on=dates.today())
        results["setup_seconds"] = round(time.perf_counter() - started, 1)
        print("RESULT " + json.dumps(results))
        return

    region = Region.objects.get(code="RMC11")
    if args.inside == "fill":
        results["fill"] = fill(connection, args.audit_rows, Person.objects.count())
        print("RESULT " + json.dumps(results))
        return

    user = UserFactory(username=f"coordinator-{args.inside}", role=Role.COORDINATOR, region=region)
    client = Client(SERVER_NAME="localhost")
    log_in_verified(client, user)
    people = list(
        Person.objects.in_regions({region.pk})
        .order_by("?")
        .values_list("public_id", flat=True)[:50]
    )
    urls = {
        "person page": [f"/jongeren/{p}/" for p in people],
        "work queue, first page": ["/signalen/"],
        "work queue, page 3": ["/signalen/?pagina=3"],
    }
    real = audit.record_for

    def without(*a, **kw) -> None:
        return None

    results["audit_rows"] = AuditEvent.objects.count()
    results["open_signals"] = Signal.objects.open().filter(region=region).count()
    results["pages"] = {}
    for label, targets in urls.items():
        for url in targets[:3]:  # warm up both ways
            for record in (real, without):
                audit.record_for = record
                if client.get(url).status_code != 200:
                    raise SystemExit(f"{url} did not answer 200")
        on, off = [], []
        for n in range(args.samples):
            url = targets[n % len(targets)]
            for record, into in (
                ((real, on), (without, off)) if n % 2 else ((without, off), (real, on))
            ):
                audit.record_for = record
                started = time.perf_counter()
                client.get(url)
                into.append((time.perf_counter() - started) * 1000)
        audit.record_for = real
        with CaptureQueriesContext(connection) as queries:
            client.get(targets[0])
        with_audit, without_audit = _timings(on), _timings(off)
        results["pages"][label] = {
            "with": with_audit,
            "without": without_audit,
            "extra_ms": round(with_audit["median_ms"] - without_audit["median_ms"], 2),
            "queries": len(queries),
        }
    for rows in (1, 25):
        ids = list(Person.objects.values_list("pk", flat=True)[:rows])
        samples = []
        for _ in range(args.samples):
            started = time.perf_counter()
            real(user, AuditAction.VIEW, person_ids=ids, route="bench", reason="meting")
            samples.append((time.perf_counter() - started) * 1000)
        results[f"insert_{rows}"] = _timings(samples)
    if args.inside == "measure-big":
        privacy = UserFactory(username="fg", role=Role.PRIVACY, region=region)
        fg = Client(SERVER_NAME="localhost")
        log_in_verified(fg, privacy)
        person = Person.objects.in_regions({region.pk}).first()
        for label, url in (
            ("logboek, first page", "/privacy/logboek/"),
            ("logboek, one young person", f"/privacy/logboek/?person={person.public_id}"),
        ):
            samples = []
            for _ in range(max(5, args.samples // 10)):
                started = time.perf_counter()
                if fg.get(url).status_code != 200:
                    raise SystemExit(f"{url} did not answer 200")
                samples.append((time.perf_counter() - started) * 1000)
            results["pages"][label] = {"with": _timings(samples)}
    print("RESULT " + json.dumps(results))


def fill(connection, rows: int, persons: int) -> dict:
    """Audit rows spread over five years, in SQL (minutes with the ORM, seconds like this),
    then the table's statistics as the nightly retention run refreshes them."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %s) "
                "INSERT INTO accounts_auditevent (at, username, action, person_id, route, reason, "
                "ip_address) SELECT strftime('%%Y-%%m-%%d %%H:%%M:%%f', 'now', "
                "'-' || (i %% 157680000) || ' seconds'), 'coach', 'view', (i %% %s) + 1, "
                "'people:detail', 'dossier bekeken', '127.0.0.1' FROM n",
                [rows, persons],
            )
        else:
            cursor.execute(
                "INSERT INTO accounts_auditevent (at, username, action, person_id, route, reason, "
                "ip_address) SELECT now() - (i %% 157680000) * interval '1 second', 'coach', "
                "'view', (i %% %s) + 1, 'people:detail', 'dossier bekeken', '127.0.0.1' "
                "FROM generate_series(1, %s) AS i",
                [persons, rows],
            )
    written = time.perf_counter() - started
    from doorstroom.accounts.audit import refresh_statistics

    refresh_statistics()  # what the nightly retention run does
    return {"rows": rows, "seconds": round(written, 1)}


def in_django(db: Database, step: str, args: argparse.Namespace) -> dict:
    command = [sys.executable, __file__, "--inside", step, "--persons", str(args.persons),
               "--seed", str(args.seed), "--audit-rows", str(args.audit_rows),
               "--samples", str(args.samples)]  # fmt: skip
    log(f"{db.vendor}: {step}")
    env = {**db.env, "DOORSTROOM_ENV": "demo"}  # no DEBUG: no query log in the timings
    out = run_timed(command, env, db.dir / f"{step}.log", timeout=7200)
    lines = [
        x for x in (db.dir / f"{step}.log").read_text().splitlines() if x.startswith("RESULT ")
    ]
    if out["returncode"] != 0 or not lines:
        raise SystemExit(f"{step} failed:\n{out['output_tail']}")
    return json.loads(lines[-1][len("RESULT ") :])


def run_database(vendor: str, args: argparse.Namespace) -> dict:
    import subprocess

    db = Database(vendor, f"audit_{vendor}", args.out, args)
    doorstroom = str(Path(sys.executable).with_name("doorstroom"))
    subprocess.run([doorstroom, "migrate", "-v0"], env=db.env, check=True)
    result = in_django(db, "setup", args)
    result["small"] = in_django(db, "measure-small", args)
    result.update(in_django(db, "fill", args))
    result["big"] = in_django(db, "measure-big", args)
    if not args.keep:
        db.drop()
    return result


def report(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"Machine: {m.get('nproc')} cores, {m.get('cpu')}, Python {m.get('python')}, SQLite "
        f"{m.get('sqlite')}; {m.get('postgresql', '')}; date {m.get('date')}; load average at "
        f"start {m.get('loadavg_start')}.",
        "",
        f"{results['persons']:,} synthetic persons (demo generator), "
        f"{results['samples']} requests per cell, with and without the audit insert interleaved.",
        "",
        "| page | database | audit rows | with audit: median ms | p95 | without: median ms | p95 | extra (median) | queries |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for vendor, r in results["databases"].items():
        for size in ("small", "big"):
            for label, page in r[size]["pages"].items():
                without = page.get("without")
                lines.append(
                    f"| {label} | {vendor} | {r[size]['audit_rows']:,} | {page['with']['median_ms']} | "
                    f"{page['with']['p95_ms']} | {without['median_ms'] if without else '-'} | "
                    f"{without['p95_ms'] if without else '-'} | {page.get('extra_ms', '-')} | "
                    f"{page.get('queries', '-')} |"
                )
    lines += ["", "| insert through record_for | database | audit rows | median ms | p95 ms |",
              "| --- | --- | ---: | ---: | ---: |"]  # fmt: skip
    for vendor, r in results["databases"].items():
        for size in ("small", "big"):
            for rows in (1, 25):
                t = r[size][f"insert_{rows}"]
                lines.append(
                    f"| {rows} row{'s' if rows > 1 else ''} | {vendor} | {r[size]['audit_rows']:,} | "
                    f"{t['median_ms']} | {t['p95_ms']} |"
                )
    for vendor, r in results["databases"].items():
        lines.append(
            f"\n{vendor}: setup {r['setup_seconds']} s; {r['fill']['rows']:,} audit rows written in "
            f"{r['fill']['seconds']} s."
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--inside", help=argparse.SUPPRESS)
    parser.add_argument("--persons", type=int, default=9_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--audit-rows", type=int, default=3_000_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--out", type=Path, default=Path("/tmp/bench-audit"))
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    add_postgres_arguments(parser)
    args = parser.parse_args()
    if args.inside:
        inside(args)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    results = {"machine": machine(args), "persons": args.persons, "samples": args.samples,
               "databases": {}}  # fmt: skip
    for vendor in args.databases.split(","):
        results["databases"][vendor] = run_database(vendor, args)
        (args.out / "audit.json").write_text(json.dumps(results, indent=2, default=str))
    (args.out / "audit.md").write_text(report(results))
    print(report(results))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doorstroom.settings")
    main()
