#!/usr/bin/env python3
"""Benchmark of signalling and the work queue, on SQLite and PostgreSQL.

For each database: a fresh register from a synthetic C-levering (bench/generate_deliveries.py,
imported with `doorstroom import`, which signals every person it brings in), all synthetic
municipalities then moved into ONE region so that a single region holds every person, and
then, timed:

0. before that move: the nightly run of every region of the generator's 40 (the country);
1. the C-levering's own signalling of all persons (the import's SignalRun);
2. the nightly region run on unchanged data (nothing new: the steady state);
3. a cold region run, with every signal deleted first (everything new), and the two nights
   after it on unchanged data;
4. the weekly P-levering (--delta-events events): the whole `doorstroom import` process and
   the signalling of its changed persons (the import's SignalRun);
5. the work queue page with --queue-signals open signals in the region (padded with extra
   signals when the register gives fewer): first page, median and p95 of --page-samples
   requests through Django's test client, and the number of queries per page; the start page
   too, whose counts run over the same open signals.

    python bench/bench_signals.py --persons 400000 --out /tmp/bench-signals

Results go to OUT/signals.json and OUT/signals.md (copy the table into BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from bench_import import Database, add_postgres_arguments, generate, log, machine, run_timed  # noqa: E402


def inside(args: argparse.Namespace) -> None:
    """The timed steps that need Django, in a process of their own with the bench database."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from doorstroom import dates
    from doorstroom.accounts.factories import UserFactory, log_in_verified
    from doorstroom.accounts.roles import Role
    from doorstroom.people.models import Person
    from doorstroom.regions.models import Municipality, Region
    from doorstroom.signals.factories import SignalFactory
    from doorstroom.signals.models import Signal, SignalRun
    from doorstroom.signals.services import signal_region, signal_regions

    step = args.inside
    results: dict = {}
    region = Region.objects.order_by("code").first()
    if step == "all-regions":
        on = dates.today()
        for label in ("all_regions_after_import", "all_regions"):
            started = time.perf_counter()
            # as `doorstroom signal` runs every night: one preselection for all regions
            runs = signal_regions(Region.objects.order_by("code"), on=on)
            checked = sum(run.checked for run in runs)
            results[label] = {
                "seconds": round(time.perf_counter() - started, 3), "checked": checked,
                "regions": Region.objects.count(),
            }  # fmt: skip
    elif step == "one-region":
        Municipality.objects.update(region=region)
        Region.objects.exclude(pk=region.pk).update(upper_age=27)
        results["persons_in_region"] = Person.objects.count()
    elif step == "region-runs":
        on = dates.today()
        import_run = SignalRun.objects.filter(scope=SignalRun.Scope.CHANGED).order_by("pk").first()
        if import_run:
            results["import_signalling"] = {
                "seconds": import_run.seconds, "checked": import_run.checked,
                "raised": import_run.raised,
            }  # fmt: skip
        for label in ("nightly_warm", "nightly_warm_2"):
            started = time.perf_counter()
            run = signal_region(region, on=on)
            results[label] = {
                "seconds": round(time.perf_counter() - started, 3), "checked": run.checked,
                "raised": run.raised, "closed": run.closed,
            }  # fmt: skip
        Signal.objects.all().delete()
        started = time.perf_counter()
        run = signal_region(region, on=on)
        results["cold"] = {
            "seconds": round(time.perf_counter() - started, 3), "checked": run.checked,
            "raised": run.raised,
        }  # fmt: skip
        results["open_signals"] = Signal.objects.open().count()
        # The next nights on unchanged data: the first looks once more at what the cold run
        # raised (services._recheck), the second only at what comes due.
        for label, days in (("next_night", 1), ("night_after", 2)):
            started = time.perf_counter()
            run = signal_region(region, on=on + timedelta(days=days))
            results[label] = {
                "seconds": round(time.perf_counter() - started, 3), "checked": run.checked,
                "raised": run.raised, "closed": run.closed,
            }  # fmt: skip
    elif step == "queue":
        open_now = Signal.objects.open().filter(region=region).count()
        missing = max(0, args.queue_signals - open_now)
        if missing:
            taken = set(Signal.objects.open().values_list("person_id", flat=True))
            spare = Person.objects.exclude(pk__in=taken).values_list("pk", "date_of_birth")
            Signal.objects.bulk_create(
                [
                    SignalFactory.build(
                        person_id=pk, date_of_birth=born, region=region, kind="zorgsignaal"
                    )
                    for pk, born in spare[:missing]
                ],
                batch_size=2000,
            )
        results["open_signals"] = Signal.objects.open().filter(region=region).count()
        user = UserFactory(role=Role.COORDINATOR, region=region)
        client = Client(SERVER_NAME="localhost")
        log_in_verified(client, user)
        pages = {"first page": "/signalen/", "unassigned, page 40": "/signalen/?assigned=niemand&pagina=40",
                 "sorted by age": "/signalen/?sort=leeftijd", "start page": "/"}  # fmt: skip
        results["pages"] = {}
        for label, url in pages.items():
            for _ in range(3):
                status = client.get(url).status_code
                if status != 200:
                    raise SystemExit(f"{url} answered {status}")
            times = []
            for _ in range(args.page_samples):
                started = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            times.sort()
            results["pages"][label] = {
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
                "queries": len(queries),
            }
    print("RESULT " + json.dumps(results))


def production_like(db: Database) -> dict:
    """The bench database's environment with DEBUG off, as in production: with DEBUG on,
    Django keeps every query with its parameters, and for SQLite it quotes them with extra
    queries (for a multi-row INSERT of 500 signals that was more than the INSERT)."""
    return {**db.env, "DOORSTROOM_DEBUG": "false"}


def in_django(db: Database, step: str, args: argparse.Namespace) -> dict:
    command = [sys.executable, __file__, "--inside", step, "--queue-signals",
               str(args.queue_signals), "--page-samples", str(args.page_samples)]  # fmt: skip
    log(f"{db.vendor}: {step}")
    out = run_timed(command, production_like(db), db.dir / f"{step}.log", timeout=3600)
    lines = [
        x for x in (db.dir / f"{step}.log").read_text().splitlines() if x.startswith("RESULT ")
    ]
    if out["returncode"] != 0 or not lines:
        raise SystemExit(f"{step} failed:\n{out['output_tail']}")
    return json.loads(lines[-1][len("RESULT ") :])


def run_database(vendor: str, data: dict, args: argparse.Namespace) -> dict:
    db = Database(vendor, f"signals_{vendor}", args.out, args)
    db.prepare(data)
    doorstroom = str(Path(sys.executable).with_name("doorstroom"))
    log(f"{vendor}: importing the C-levering (signals every person)")
    env = production_like(db)
    c = run_timed([doorstroom, "import", str(data["C"])], env, db.dir / "c.log", 7200)
    result = {"c_import_seconds": c["seconds"]}
    result.update(in_django(db, "all-regions", args))
    if args.only_all_regions:
        return result
    result.update(in_django(db, "one-region", args))
    result.update(in_django(db, "region-runs", args))
    log(f"{vendor}: the weekly P-levering")
    p = run_timed([doorstroom, "import", str(data["P"])], env, db.dir / "p.log", 600)
    delta = db.query(
        "SELECT seconds, checked, raised, closed FROM signals_signalrun "
        "WHERE scope = 'gewijzigd' ORDER BY id DESC LIMIT 1"
    )
    result["p_levering"] = {
        "process_seconds": p["seconds"],
        "signalling": delta[0] if delta else None,
    }
    result.update(in_django(db, "queue", args))
    if not args.keep:
        db.drop()
    return result


def report(results: dict) -> str:
    lines = [
        f"Machine: {results['machine'].get('nproc')} cores, {results['machine'].get('cpu')}, "
        f"Python {results['machine'].get('python')}, SQLite {results['machine'].get('sqlite')}; "
        f"date {results['machine'].get('date')}; load average at start "
        f"{results['machine'].get('loadavg_start')}.",
        "",
        f"{results['persons']:,} persons: first in the generator's 40 regions, then all in one.",
        "",
        "| step | database | persons looked at | new | seconds | target |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    for vendor, r in results["databases"].items():
        for label, name in (
            (
                "all_regions_after_import",
                "first nightly run of all regions, right after the import",
            ),
            ("all_regions", "nightly run of all regions (the whole country), again"),
        ):
            every = r[label]
            lines.append(
                f"| {name} ({every['regions']}) | {vendor} | {every['checked']:,} | - | {every['seconds']} | < 20 s for 3.5 M persons |"
            )
        if "cold" not in r:
            continue
        imp = r.get("import_signalling") or {}
        lines.append(
            f"| signalling inside the C-levering import | {vendor} | {imp.get('checked', 0):,} | {imp.get('raised', 0):,} | {imp.get('seconds', '-')} | - |"
        )
        for label, name in (
            ("cold", "region run, no signals yet"),
            ("nightly_warm", "first region run after moving every municipality into it"),
            ("nightly_warm_2", "nightly region run, unchanged data"),
            (
                "next_night",
                "the night after the run without signals (looks again at what it raised)",
            ),
            ("night_after", "a night later, unchanged data"),
        ):
            if label not in r:
                continue
            x = r[label]
            lines.append(
                f"| {name} | {vendor} | {x['checked']:,} | {x['raised']:,} | {x['seconds']} | < 2 s for 400 k persons |"
            )
        delta = r["p_levering"]["signalling"]
        if delta:
            lines.append(
                f"| weekly delta: signalling the P-levering's changed persons | {vendor} | {delta[1]:,} | {delta[2]:,} | {delta[0]} | < 1 s |"
            )
        lines.append(
            f"| weekly P-levering, whole `doorstroom import` process incl. signals | {vendor} | - | - | {r['p_levering']['process_seconds']} | < 3 s |"
        )
    lines += ["", "| work queue page | database | open signals | median ms | p95 ms | queries | target |",
              "| --- | --- | ---: | ---: | ---: | ---: | --- |"]  # fmt: skip
    for vendor, r in results["databases"].items():
        for label, page in r.get("pages", {}).items():
            lines.append(
                f"| {label} | {vendor} | {r['open_signals']:,} | {page['median_ms']} | {page['p95_ms']} | {page['queries']} | < 150 ms |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--inside", help=argparse.SUPPRESS)
    parser.add_argument("--persons", type=int, default=400_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--delta-events", type=int, default=50_000)
    parser.add_argument("--queue-signals", type=int, default=50_000)
    parser.add_argument("--page-samples", type=int, default=30)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--out", type=Path, default=Path("/tmp/bench-signals"))
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument(
        "--only-all-regions", action="store_true", help="only the nightly run of every region"
    )
    add_postgres_arguments(parser)
    args = parser.parse_args()
    if args.inside:
        inside(args)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    data = generate(args.out / "data", args.persons, args.seed, 0.0)
    results = {"machine": machine(args), "persons": args.persons, "databases": {}}
    for vendor in args.databases.split(","):
        results["databases"][vendor] = run_database(vendor, data, args)
        (args.out / "signals.json").write_text(json.dumps(results, indent=2, default=str))
    (args.out / "signals.md").write_text(report(results))
    print(report(results))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doorstroom.settings")
    main()
