#!/usr/bin/env python3
"""Mixed reads and writes against the real server (`doorstroom serve` with the production
settings): caseworkers who log in with both steps and work at once, a coordinator who
bulk-assigns, schools that report through the API, an upload of a delivery while the others
work, a national delivery read by `doorstroom import` and the nightly `doorstroom signal`
while the API posts. Then the rows are counted and compared with the answers the server
gave: a write answered 2xx/3xx is stored once, a refused one not at all, and every read of a
person is in the audit log. The users themselves are in mixed_clients.py.

    python bench/bench_mixed.py --out OUT --database-url URL --data-dir DIR \
        [--build] [--duration 45] [--coaches 8] [--leerplicht 2] [--schools 2] [--hot] \
        [--workers 3 --threads 4] [--import-file FILE]

The database is the demo region (`doorstroom demo --no-serve`, at most about 9,000 persons:
the BSNs of the demo all start with 9999) with a synthetic C-levering of other regions on top
(bench/generate_deliveries.py); `--build` makes it in an empty database. The keys of
production (DOORSTROOM_ENCRYPTION_KEYS, DOORSTROOM_LOOKUP_KEY) are made once and kept in
DIR/keys.json. Results: OUT/mixed.json, the samples of memory and connections every 2 s in
OUT/samples.json, the server's log in OUT/server.log.
"""

from __future__ import annotations

import argparse
import base64
import collections
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from bench_import import free_port, load_average, log  # noqa: E402
from mixed_clients import (  # noqa: E402
    MARK,
    Browser,
    Ledger,
    Stats,
    caseworker,
    coordinator,
    school,
    uploader,
    web_school,
)

# Inside Django (a process with the production settings and the bench database) --------------


def inside_setup(args: argparse.Namespace) -> dict:
    """The load's accounts (each with its own TOTP device and password), cases for each coach,
    an API key per school, persons the schools report, and a P-levering to upload."""
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from doorstroom import dates
    from doorstroom.accounts.models import User
    from doorstroom.accounts.roles import Role
    from doorstroom.api.models import UserAPIKey
    from doorstroom.cases import services
    from doorstroom.cases.models import Case
    from doorstroom.deliveries.models import Report
    from doorstroom.demo.sample_delivery import write_sample_p_levering
    from doorstroom.people.bsn import reserved_test_bsns
    from doorstroom.people.choices import Desk
    from doorstroom.people.models import Person
    from doorstroom.regions.models import Region

    region = Region.objects.get(code="RMC11")
    rng = random.Random(args.seed)
    accounts = []

    def account(name: str, role: Role, device: bool = True) -> User:
        user, _ = User.objects.get_or_create(username=name)
        user.first_name, user.last_name, user.region = name.split("-")[1].title(), name, region
        password = secrets.token_urlsafe(16)
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        TOTPDevice.objects.filter(user=user).delete()
        key = ""
        if device:
            key = secrets.token_hex(20)
            TOTPDevice.objects.create(user=user, name="belasting", confirmed=True, key=key)
        accounts.append({"username": name, "password": password, "totp_key": key, "role": role})
        return user

    coordinator = account("load-coordinator", Role.COORDINATOR)
    account("load-schoolweb", Role.PARTNER)
    account("load-ondersteuner", Role.SUPPORT)
    coaches = [account(f"load-coach-{i}", Role.COACH) for i in range(args.coaches)]
    leerplicht = [account(f"load-leerplicht-{i}", Role.LEERPLICHT) for i in range(args.leerplicht)]
    # At the leerplicht desk a leerplichtambtenaar assigns (access.can_assign_case).
    for desk, workers, by in (
        (Desk.DOORSTROOMPUNT, coaches, coordinator),
        (Desk.LEERPLICHT, leerplicht, leerplicht[0]),
    ):
        free = list(
            Case.objects.filter(region=region, desk=desk, closed_on__isnull=True)
            .exclude(coach__username__startswith="load-")
            .order_by("pk")[: 12 * len(workers)]
        )
        for i, case in enumerate(free):
            services.assign_case(by, case, workers[i % len(workers)], route="bench")
    keys = []
    for i in range(args.schools):
        school = account(f"load-school-{i}", Role.PARTNER, device=False)
        _, key = UserAPIKey.objects.create_key(user=school, name="belastingproef")
        keys.append(key)
    known = []
    persons = Person.objects.filter(municipality__region=region, date_of_death__isnull=True)
    adults = [p for p in persons.select_related("municipality").order_by("?")[:2000]]
    today = dates.today()
    for person in adults:
        age = (today - person.date_of_birth).days // 365
        if 6 <= age < 26:
            known.append([person.bsn, person.date_of_birth.isoformat(), person.municipality.code])
        if len(known) == 400:
            break
    unknown = [b for b in reserved_test_bsns(94_000) if not Person.objects.with_bsn(b).exists()]
    rng.shuffle(unknown)
    codes = list(region.municipalities.values_list("code", flat=True))
    p_file = write_sample_p_levering(Path(args.out), "RMC11", today, seed=secrets.randbits(32))
    last_report = Report.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    out = {
        "accounts": accounts,
        "api_keys": keys,
        "known_persons": known,
        "unknown_bsns": unknown,
        "municipalities": codes,
        "p_file": str(p_file),
        "reports_before": last_report,
    }
    (Path(args.out) / "setup.json").write_text(json.dumps(out, indent=1))
    return {"accounts": len(accounts), "known": len(known), "unknown": len(unknown)}


def inside_counts(args: argparse.Namespace) -> dict:
    """What the load wrote, from the database: the rows the driver's answers promise."""
    from datetime import datetime

    from django.db.models import Count

    from doorstroom.accounts.models import AuditEvent
    from doorstroom.cases.models import Case, CaseEntry
    from doorstroom.deliveries.models import ImportRun, Report
    from doorstroom.signals.models import Signal

    since = datetime.fromisoformat(args.since)
    load = {"user__username__startswith": "load-"}
    entries = CaseEntry.objects.filter(at__gte=since, by__username__startswith="load-")
    markers = collections.Counter()
    for text in entries.filter(text__contains=MARK).values_list("text", flat=True):
        for marker in re.findall(MARK + r"-[0-9a-f]{32}", text):
            markers[marker] += 1
    audit = AuditEvent.objects.filter(at__gte=since, **load)
    per_route = collections.defaultdict(dict)
    for row in audit.values("user__username", "route", "action").annotate(n=Count("id")):
        per_route[row["user__username"]][f"{row['route']} {row['action']}"] = row["n"]
    # reported_at is the day of the melding (at noon), not when it was stored: count by id
    reports = Report.objects.filter(
        pk__gt=args.reports_before, reported_by__username__startswith="load-"
    )
    doubled_cases = (
        Case.objects.filter(closed_on__isnull=True)
        .values("person_id", "desk")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    taken = json.loads(Path(args.taken).read_text()) if args.taken else []
    taken_signals = Signal.objects.filter(public_id__in=taken)
    return {
        "entries_by_kind": dict(
            entries.values_list("kind").annotate(n=Count("id")).values_list("kind", "n")
        ),
        "markers": markers,
        "audit_by_user_route": per_route,
        "audit_rows": audit.count(),
        "report_numbers": sorted(reports.values_list("report_number", flat=True)),
        "web_reports": reports.filter(reported_by__username="load-schoolweb").count(),
        "persons_open_twice_at_a_desk": doubled_cases,
        "taken_signals_not_in_progress": taken_signals.exclude(case__isnull=False).count(),
        "runs": list(
            ImportRun.objects.filter(created_at__gte=since).values(
                "pk", "status", "rows_read", "rows_rejected", "started_at", "finished_at"
            )
        ),
    }


def inside(args: argparse.Namespace) -> None:
    import django

    django.setup()
    step = {"setup": inside_setup, "counts": inside_counts}[args.inside]
    print("RESULT " + json.dumps(step(args), default=str))


def monitor(
    server_pid: int, vendor: str, db: str, pg: list[str], stop_event, samples: list
) -> None:
    """Every 2 s: the RSS of each gunicorn worker, and on PostgreSQL the connections."""
    while not stop_event.is_set():
        sample = {"t": time.time(), "rss_mb": {}, "load": os.getloadavg()[0]}
        for pid in children(server_pid):
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
                sample["rss_mb"][pid] = round(rss, 1)
            except (OSError, AttributeError):
                pass
        if vendor == "postgresql":
            sql = f"SELECT state, count(*) FROM pg_stat_activity WHERE datname = '{db}' GROUP BY state"  # noqa: S608 (our own database's name)
            found = subprocess.run([*pg, "-Atc", sql], capture_output=True, text=True)
            sample["pg"] = dict(x.split("|") for x in found.stdout.splitlines() if "|" in x)
        samples.append(sample)
        stop_event.wait(2)


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


# The orchestration ---------------------------------------------------------------------------


def environment(args: argparse.Namespace, env_name: str) -> dict:
    keys_path = args.data_dir / "keys.json"
    if not keys_path.exists():
        args.data_dir.mkdir(parents=True, exist_ok=True)

        def key() -> str:
            return base64.urlsafe_b64encode(os.urandom(32)).decode()

        keys_path.write_text(
            json.dumps(
                {
                    "DOORSTROOM_ENCRYPTION_KEYS": f"bench:{key()}",
                    "DOORSTROOM_LOOKUP_KEY": key(),
                    "DOORSTROOM_SECRET_KEY": secrets.token_urlsafe(50),
                }
            )
        )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOORSTROOM_")}
    env.update(json.loads(keys_path.read_text()))
    # the server and the commands run this checkout's code, whatever venv runs the bench
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(BENCH.parent / "src"), env.get("PYTHONPATH")])
    )
    env.update(
        DOORSTROOM_ENV=env_name,
        DOORSTROOM_DEBUG="false",
        DOORSTROOM_DATA_DIR=str(args.data_dir),
        DATABASE_URL=args.database_url,
        DOORSTROOM_ALLOWED_HOSTS="127.0.0.1,localhost",
        DOORSTROOM_BEHIND_TLS_PROXY="true",
        DOORSTROOM_DELIVERY_WORKER="external",
        DOORSTROOM_RETENTION_RUNNER="cron",
        DOORSTROOM_LOG_LEVEL="WARNING",
        DOORSTROOM_API_THROTTLE_RATE=args.api_rate,
        DJANGO_SETTINGS_MODULE="doorstroom.settings",
    )
    return env


def doorstroom(*words: str) -> list[str]:
    return [str(Path(sys.executable).with_name("doorstroom")), *words]


def build(args: argparse.Namespace) -> None:
    """The demo region and a synthetic C-levering of other regions, in an empty database."""
    env = environment(args, "development")
    generated = args.out / "generated"
    subprocess.run(
        [
            sys.executable,
            str(BENCH / "generate_deliveries.py"),
            str(generated),
            "--persons",
            str(args.persons),
            "--delta-events",
            "1000",
        ],
        check=True,
    )
    subprocess.run(
        doorstroom("demo", "--no-serve", "--persons", str(args.demo_persons)),
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        doorstroom(
            "load_reference_data",
            "--regions",
            str(generated / "regions.csv"),
            "--municipalities",
            str(generated / "municipalities.csv"),
            "--schools",
            str(generated / "schools.csv"),
        ),
        env=env,
        check=True,
    )
    (c_file,) = generated.glob("doorstroom-C-*.csv")
    subprocess.run(doorstroom("import", str(c_file)), env=env, check=True)


def in_django(step: str, env: dict, args: argparse.Namespace, *extra: str) -> dict:
    command = [
        sys.executable,
        __file__,
        "--inside",
        step,
        "--out",
        str(args.out),
        "--coaches",
        str(args.coaches),
        "--leerplicht",
        str(args.leerplicht),
        "--schools",
        str(args.schools),
        "--seed",
        str(args.seed),
        *extra,
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    lines = [x for x in done.stdout.splitlines() if x.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"{step} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return json.loads(lines[-1][len("RESULT ") :])


def database_time(env: dict) -> str:
    code = "from django.utils import timezone; print(timezone.now().isoformat())"
    done = subprocess.run(doorstroom("shell", "-c", code), env=env, capture_output=True, text=True)
    return done.stdout.strip().splitlines()[-1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def run(args: argparse.Namespace) -> dict:
    args.out.mkdir(parents=True, exist_ok=True)
    if args.build:
        build(args)
    delivery = args.import_file or next((args.out / "generated").glob("doorstroom-P-*.csv"), None)
    if delivery is None:
        raise SystemExit("--import-file: name a delivery to read during the load (or --build)")
    env = environment(args, "production")
    vendor = "postgresql" if args.database_url.startswith("postgres") else "sqlite"
    subprocess.run(doorstroom("migrate", "-v", "0"), env=env, check=True)
    subprocess.run(doorstroom("collectstatic", "--noinput", "-v", "0"), env=env, check=True)
    log(f"{vendor}: accounts and cases for the load")
    made = in_django("setup", env, args)
    setup = json.loads((args.out / "setup.json").read_text())
    since = database_time(env)
    port = free_port()
    server_log = (args.out / "server.log").open("w")
    server = subprocess.Popen(
        doorstroom(
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
        ),
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    worker = subprocess.Popen(
        doorstroom("worker"),
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    pg = ["psql", args.database_url.rsplit("/", 1)[0] + "/postgres"]
    db_name = args.database_url.rsplit("/", 1)[1]
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit(f"the server never listened on port {port}: see {server_log.name}")
        stats, ledger = Stats(), Ledger()
        accounts = {a["username"]: a for a in setup["accounts"]}
        workers = [
            a
            for a in setup["accounts"]
            if a["username"].startswith(("load-coach", "load-leerplicht"))
        ]
        browsers = {}
        web = ["load-coordinator", "load-ondersteuner", "load-schoolweb"]
        for name in [*(a["username"] for a in workers), *web]:
            browsers[name] = Browser(base, stats)
            if not browsers[name].log_in(accounts[name]):
                raise SystemExit(f"{name} could not log in")
        load_before = load_average()
        stop_event, samples = threading.Event(), []
        watcher = threading.Thread(
            target=monitor, args=(server.pid, vendor, db_name, pg, stop_event, samples), daemon=True
        )
        watcher.start()
        started = time.time()
        stop = started + args.duration
        upload: dict = {}
        threads = [
            threading.Thread(
                target=caseworker,
                args=(
                    browsers[a["username"]],
                    a,
                    ledger,
                    stop,
                    random.Random(f"{args.seed}{i}"),
                    args.hot,
                ),
            )
            for i, a in enumerate(workers)
        ]
        threads.append(
            threading.Thread(
                target=coordinator,
                args=(browsers["load-coordinator"], stop, random.Random(args.seed)),
            )
        )
        threads.append(
            threading.Thread(
                target=web_school,
                args=(
                    browsers["load-schoolweb"],
                    setup,
                    ledger,
                    stop,
                    random.Random(f"web{args.seed}"),
                ),
            )
        )
        for i, key in enumerate(setup["api_keys"]):
            threads.append(
                threading.Thread(
                    target=school,
                    args=(
                        base,
                        key,
                        setup["api_keys"],
                        setup,
                        ledger,
                        stats,
                        stop,
                        random.Random(f"school{i}"),
                    ),
                )
            )
        threads.append(
            threading.Thread(
                target=uploader,
                args=(
                    browsers["load-ondersteuner"],
                    setup,
                    stats,
                    started + args.duration * 0.2,
                    stop,
                    upload,
                ),
            )
        )
        log(f"{vendor}: {len(threads)} clients for {args.duration} s (load {load_before})")
        for thread in threads:
            thread.start()
        time.sleep(args.duration * 0.3)
        # An operator reads a national delivery on the server while everyone works.
        p_import = subprocess.Popen(
            doorstroom("import", str(delivery)),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        time.sleep(args.duration * 0.1)
        nightly_began = time.time()
        nightly = subprocess.run(doorstroom("signal"), env=env, capture_output=True, text=True)
        nightly_seconds = time.time() - nightly_began
        for thread in threads:
            thread.join()
        p_import_out = p_import.communicate(timeout=600)[0]
        p_import = {"returncode": p_import.returncode, "tail": p_import_out[-400:]}
        wall = time.time() - started
        load_after = load_average()
        stop_event.set()
        watcher.join()
        time.sleep(3)  # let the worker finish its delivery
        taken_path = args.out / "taken.json"
        taken_path.write_text(json.dumps(ledger.taken))
        counts = in_django(
            "counts",
            env,
            args,
            "--since",
            since,
            "--taken",
            str(taken_path),
            "--reports-before",
            str(setup["reports_before"]),
        )
    finally:
        for process in (server, worker):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(30)
        server_log.close()
    return summarise(
        LoadRun(
            vendor=vendor,
            args=args,
            setup=made,
            stats=stats,
            ledger=ledger,
            counts=counts,
            samples=samples,
            upload=upload,
            wall=wall,
            load_before=load_before,
            load_after=load_after,
            nightly=nightly,
            nightly_seconds=nightly_seconds,
            p_import=p_import,
        )
    )


@dataclass
class LoadRun:
    """What one load run saw: the clients' answers (stats, ledger), the database's counts
    afterwards (counts), the samples of memory and connections, and the side processes."""

    vendor: str
    args: argparse.Namespace
    setup: dict  # what inside_setup made
    stats: Stats
    ledger: Ledger
    counts: dict
    samples: list[dict]
    upload: dict
    wall: float
    load_before: str
    load_after: str
    nightly: subprocess.CompletedProcess
    nightly_seconds: float
    p_import: dict


def summarise(seen: LoadRun) -> dict:
    stats, ledger, counts = seen.stats, seen.ledger, seen.counts
    log_text = (seen.args.out / "server.log").read_text()
    (seen.args.out / "samples.json").write_text(json.dumps(seen.samples))
    pages = {}
    for label, values in sorted(stats.latency.items()):
        pages[label] = {
            "n": len(values),
            "statuses": dict(stats.status[label]),
            "median_ms": round(statistics.median(values) * 1000, 1),
            "p95_ms": round(percentile(values, 0.95) * 1000, 1),
            "max_ms": round(max(values) * 1000, 1),
        }
    stored = counts["markers"]
    promised = ledger.markers
    lost = sorted(m for m in promised if m not in stored)
    doubled = sorted(m for m, n in stored.items() if n > 1)
    refused_but_stored = sorted(m for m in ledger.refused_markers if m in stored)
    reports = set(counts["report_numbers"]) - ledger.web_numbers - ledger.web_doubled
    audit_missing = {}
    for user, routes in ledger.reads.items():
        for route, n in routes.items():
            logged = counts["audit_by_user_route"].get(user, {}).get(f"{route} view", 0)
            if logged < n:
                audit_missing[f"{user} {route}"] = {"reads": n, "audit_rows": logged}
    rss = collections.defaultdict(list)
    for sample in seen.samples:
        for pid, mb in sample["rss_mb"].items():
            rss[pid].append(mb)
    connections = [sum(int(v) for v in s.get("pg", {}).values()) for s in seen.samples if "pg" in s]
    requests_total = sum(p["n"] for p in pages.values())
    return {
        "vendor": seen.vendor,
        "setup": seen.setup,
        "duration_s": round(seen.wall, 1),
        "requests": requests_total,
        "requests_per_s": round(requests_total / seen.wall, 1),
        "load_average_before": seen.load_before,
        "load_average_after": seen.load_after,
        "pages": pages,
        "server_errors": stats.errors[:50],
        "log_database_locked": log_text.count("database is locked"),
        "log_deadlock": log_text.lower().count("deadlock"),
        "log_tracebacks": log_text.count("Traceback"),
        "notes_answered_stored": len(promised),
        "notes_sent_twice": len(ledger.resent),
        "notes_stored": len(stored),
        "notes_lost": lost[:20],
        "notes_doubled": doubled[:20],
        "notes_refused_but_stored": refused_but_stored[:20],
        "entries_by_kind": counts["entries_by_kind"],
        "api_created": ledger.api_created,
        "api_replayed": ledger.api_replayed,
        "api_numbers_answered": len(ledger.report_numbers),
        "api_numbers_stored": len(reports),
        "api_answered_not_stored": sorted(ledger.report_numbers - reports)[:20],
        "api_stored_not_answered": sorted(reports - ledger.report_numbers)[:20],
        "web_meldingen_answered": len(ledger.web_numbers),
        "web_meldingen_sent_twice_stored_once": ledger.web_resent_once,
        "web_meldingen_sent_twice_stored_twice": len(ledger.web_doubled),
        "web_meldingen_stored": counts["web_reports"],
        "signals_taken_up": len(ledger.taken),
        "signals_taken_twice": len(ledger.taken) - len(set(ledger.taken)),
        "taken_signals_not_in_progress": counts["taken_signals_not_in_progress"],
        "persons_open_twice_at_a_desk": counts["persons_open_twice_at_a_desk"],
        "audit_rows": counts["audit_rows"],
        "audit_missing": audit_missing,
        "audit_by_route": audit_by_route(counts),
        "audit_writes": {
            "notes": (len(stored), audit_by_route(counts).get("cases:note change", 0)),
            "signals taken up": (
                len(ledger.taken),
                audit_by_route(counts).get("signals:take_up change", 0),
            ),
            "api meldingen": (
                ledger.api_created,
                audit_by_route(counts).get("api:meldingen create", 0),
            ),
        },
        "p_import": seen.p_import,
        "upload": seen.upload,
        "runs": counts["runs"],
        "nightly_signal": {
            "returncode": seen.nightly.returncode,
            "seconds": round(seen.nightly_seconds, 1),
            "tail": (seen.nightly.stdout + seen.nightly.stderr)[-600:],
        },
        "worker_rss_mb": {
            str(pid): {"first": v[0], "last": v[-1], "max": max(v)} for pid, v in rss.items()
        },
        "pg_connections": {"max": max(connections), "last": connections[-1]}
        if connections
        else None,
        "pg_connections_after": pg_connections_after(seen.vendor, seen.args),
    }


def audit_by_route(counts: dict) -> dict[str, int]:
    total: collections.Counter = collections.Counter()
    for routes in counts["audit_by_user_route"].values():
        total.update(routes)
    return dict(sorted(total.items()))


def pg_connections_after(vendor: str, args: argparse.Namespace) -> int | None:
    if vendor != "postgresql":
        return None
    db = args.database_url.rsplit("/", 1)[1]
    sql = f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{db}'"  # noqa: S608 (ours)
    found = subprocess.run(
        ["psql", args.database_url.rsplit("/", 1)[0] + "/postgres", "-Atc", sql],
        capture_output=True,
        text=True,
    )
    return int(found.stdout.strip() or 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--database-url")
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--build", action="store_true", help="make the data set first")
    parser.add_argument("--persons", type=int, default=30_000, help="of the other regions")
    parser.add_argument("--demo-persons", type=int, default=8_500)
    parser.add_argument("--duration", type=int, default=45)
    parser.add_argument("--coaches", type=int, default=8)
    parser.add_argument("--leerplicht", type=int, default=2)
    parser.add_argument("--schools", type=int, default=2)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--api-rate", default="6000/min", help="DOORSTROOM_API_THROTTLE_RATE")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hot", action="store_true", help="everyone takes up the same signals")
    parser.add_argument(
        "--import-file",
        type=Path,
        help="a delivery read with `doorstroom import` during the load "
        "(default: the P-levering --build generated)",
    )
    parser.add_argument("--inside", choices=["setup", "counts"])
    parser.add_argument("--since")
    parser.add_argument("--taken")
    parser.add_argument("--reports-before", type=int, default=0)
    args = parser.parse_args()
    if args.inside:
        inside(args)
        return
    result = run(args)
    (args.out / "mixed.json").write_text(json.dumps(result, indent=2, default=str))
    print(json.dumps(result, indent=2, default=str))


if __name__ == "__main__":
    main()
