#!/usr/bin/env python3
"""One timed signalling step on a prepared database, for before/after comparisons.

Run it with the bench database's environment (DATABASE_URL, DOORSTROOM_DATA_DIR,
DOORSTROOM_LOOKUP_KEY, DOORSTROOM_ENV=development) on a fresh copy of the database for each
run, alternating the code under test (PYTHONPATH=<a checkout's src> for the old code):

    time_signals.py delta        signal the newest import's changed persons (as after it)
    time_signals.py regions      the nightly run of every region (--full: a full run)
    time_signals.py cold         every signal deleted, then the nightly run of every region
    time_signals.py import-only FILE   import FILE without signalling (to prepare a delta)

Prints one line `RESULT {...}` with the persons looked at, new signals, wall and CPU seconds
of the step and a digest of the signals it left (equal digests: the same signals, sources
and cohort memberships). PROFILE=file.prof writes a cProfile of the step (CPU=1: of its CPU
time). PHASES=1 also prints `PHASES {...}`: the wall and CPU seconds of choosing a delta's
candidates, reading, deciding and writing (a profiler's cost per call would make deciding's
many small functions look big; these timers cost one pair of clock readings per person).
"""

from __future__ import annotations

import cProfile
import functools
import hashlib
import json
import os
import sys
import time

DIGESTED = """SELECT person_id, kind, desk, status, resolution, resolution_reason, raised_on,
    closed_on, checked_on, recheck_on, reason, from_register, priority, region_id
    FROM signals_signal ORDER BY person_id, kind, desk, raised_on, status"""


def digest(connection) -> str:
    """The signals, their number of sources and the cohort memberships, hashed."""
    hashed = hashlib.sha256()
    with connection.cursor() as cursor:
        cursor.execute(DIGESTED)
        for row in cursor.fetchall():
            hashed.update(repr(tuple(str(x) for x in row)).encode())
        cursor.execute(
            "SELECT person_id, cohort, year FROM signals_cohortmembership ORDER BY 1, 2, 3"
        )
        hashed.update(repr(cursor.fetchall()).encode())
        cursor.execute("SELECT count(*) FROM signals_signalsource")
        hashed.update(repr(cursor.fetchall()).encode())
    return hashed.hexdigest()[:12]


def timed(call, totals: list[float]):
    """`call`, adding its wall and CPU seconds and one call to `totals`."""

    @functools.wraps(call)
    def wrapper(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return call(*args, **kwargs)
        finally:
            totals[0] += time.perf_counter() - wall
            totals[1] += time.process_time() - cpu
            totals[2] += 1

    return wrapper


def timed_phases(services) -> dict[str, list[float]]:
    """Wrap the phases of `services` in timers: name -> [wall s, CPU s, calls]."""
    phases: dict[str, list[float]] = {}
    for phase, name in (("candidates", "_changed_candidates"), ("reading", "load"),
                        ("deciding", "decide"), ("writing", "write")):  # fmt: skip
        phases[phase] = [0.0, 0.0, 0]
        setattr(services, name, timed(getattr(services, name), phases[phase]))
    return phases


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doorstroom.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from doorstroom import dates
    from doorstroom.deliveries.events import register_changed
    from doorstroom.deliveries.models import ImportRun
    from doorstroom.regions.models import Region
    from doorstroom.signals import services
    from doorstroom.signals.models import Signal, SignalRun

    step, out = sys.argv[1], {}
    if step == "import-only":
        register_changed.disconnect(dispatch_uid="signals-after-import")
        call_command("import", sys.argv[2])
        print("RESULT " + json.dumps({"run": ImportRun.objects.order_by("-pk").first().pk}))
        return
    if step == "cold":
        Signal.objects.all().delete()
    phases = timed_phases(services) if os.environ.get("PHASES") else None
    profile = os.environ.get("PROFILE")
    profiler = None
    if profile:
        profiler = (
            cProfile.Profile(time.process_time) if os.environ.get("CPU") else cProfile.Profile()
        )
    started, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    if step == "delta":
        services.signal_changed_persons(ImportRun, run=ImportRun.objects.order_by("-pk").first())
        run = SignalRun.objects.order_by("-pk").first()
        out.update(checked=run.checked, raised=run.raised, closed=run.closed)
    else:
        on, full = dates.today(), "--full" in sys.argv
        # as `doorstroom signal` runs every night (OLD=1: region by region, the code before
        # signal_regions)
        regions = Region.objects.order_by("code")
        if os.environ.get("OLD"):
            runs = [services.signal_region(r, on=on, full=full) for r in regions]
        else:
            runs = list(services.signal_regions(regions, on=on, full=full))
        out.update(checked=sum(r.checked for r in runs), raised=sum(r.raised for r in runs))
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    out.update(
        wall=round(time.perf_counter() - started, 3), cpu=round(time.process_time() - cpu, 3)
    )
    out["digest"] = digest(connection)
    print("RESULT " + json.dumps(out))
    if phases:
        print("PHASES " + json.dumps({k: [round(v, 3) for v in t] for k, t in phases.items()}))


if __name__ == "__main__":
    main()
