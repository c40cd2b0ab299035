"""Signalling: run the rules of detection.py over a region or a set of persons, and write
what they find in short, set-based batches.

A region run looks only at its candidates: persons of the target age who are not enrolled
today (every finding needs that, see `detection.findings`), persons with an open signal or
a melding that has none yet, and, once per cohort year, the possible JIKP members. A delta
run after an import looks at those of the persons that import changed. Reading is in
reading.py, deciding for each person in deciding.py, writing in writing.py; this module
runs them over the batches.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from doorstroom import dates
from doorstroom.deliveries.models import ChangedPerson, DeliveryKind, ImportRun, RunStatus
from doorstroom.people.models import Person
from doorstroom.people.rules import DEFAULT_UPPER_AGE
from doorstroom.regions.models import Region
from doorstroom.signals.deciding import decide
from doorstroom.signals.detection import jikp_year
from doorstroom.signals.models import Signal, SignalRun
from doorstroom.signals.reading import (
    Ids,
    candidates,
    changed_candidates,
    due,
    load,
    possible_jikp,
    preselected,
    preselected_by_region,
    reported,
    short_query_plans,
)
from doorstroom.signals.writing import Writes, write

CHUNK = {"sqlite": 5000, "postgresql": 2000}
"""Persons per batch, by database: each batch is read in a handful of queries and written in
one short transaction, so that SQLite's single writer is never held for long (some 0.15 s
for 5,000 persons). On SQLite each commit writes every page the batch touched to the WAL,
so fewer, larger batches write less (a weekly delta 5 % faster than with 2,000); PostgreSQL
read a batch of 5,000 ids with scans of whole tables (its reads 0.5 s instead of 0.3 s)."""

ANALYZE_AFTER = 5_000
"""Signals raised or closed in one run after which PostgreSQL's statistics are refreshed."""

DELTA_SLICE = 50_000
"""Persons of a list of ids preselected per query (an import hands over a query of its
changed persons instead)."""

Progress = Callable[[int, int], None]


def signal_region(
    region: Region,
    on: date | None = None,
    user=None,
    progress: Progress | None = None,
    *,
    full: bool = False,
) -> SignalRun:
    """Signal a whole region (nightly, or on demand by the coordinator).

    A run looks at the persons who can have a finding and have no open signal, and at the
    open signals that are due (`reading.due`); the others stay as the last run left them
    until a date in their facts comes due (`detection.recheck_on`) or an import, a melding
    or a change in the register hands them to `signal_persons`. `full` looks at every open
    signal (the first run of a region always does)."""
    with short_query_plans():
        return _signal_region(
            region, on or dates.today(), user, progress, full, _previous_run(region)
        )


def signal_regions(
    regions: Iterable[Region],
    on: date | None = None,
    progress: Callable[[Region], Progress | None] | None = None,
    *,
    full: bool = False,
) -> Iterator[SignalRun]:
    """The nightly run of several regions (all of them: the country), region by region as
    `signal_region`; each region's run is yielded as it ends. On PostgreSQL the persons who
    can have a finding are chosen for all regions in one query (`preselected_by_region`):
    the nightly run of the country's 3.5 million persons 10.8 s instead of 18.1 s. SQLite
    looks up each person's enrolments either way, and one query was slower there (16.2-16.8 s
    instead of 15.2-15.3 s; BENCHMARKS.md, session 5)."""
    on, regions = on or dates.today(), list(regions)
    previous = {region.pk: _previous_run(region) for region in regions}
    preselection: dict[int, set[int]] = {}
    if connection.vendor == "postgresql":
        ordinary = [r for r in regions if not full and previous[r.pk] is not None]
        # A big query, planned as such (parallel workers), before the many short ones.
        preselection = preselected_by_region(ordinary, on)
    for region in regions:
        with short_query_plans():
            yield _signal_region(
                region, on, None, progress(region) if progress else None, full,
                previous[region.pk], preselection.get(region.pk),
            )  # fmt: skip


def _region_runs(region: Region) -> QuerySet[SignalRun]:
    # A C-levering's run that looked at every person of the region counts as a region run.
    return SignalRun.objects.filter(
        Q(region=region, scope=SignalRun.Scope.REGION) | Q(covered_regions=region)
    )


def _previous_run(region: Region) -> SignalRun | None:
    return _region_runs(region).order_by("-started_at", "-pk").first()


def _signal_region(
    region: Region,
    on: date,
    user,
    progress: Progress | None,
    full: bool,
    previous: SignalRun | None,
    preselection: set[int] | None = None,
) -> SignalRun:
    """`previous`: the region's last run (`_previous_run`); `preselection`: the region's
    `preselected` persons, when chosen already."""
    started, started_at = time.monotonic(), timezone.now()
    year = jikp_year(on)
    full = full or previous is None
    # Once per cohort year every possible JIKP member is looked at (its year turned).
    with_jikp = not _region_runs(region).filter(jikp_year=year).exists()
    persons = Person.objects.filter(municipality__region=region)
    open_here = Signal.objects.open().filter(region=region)
    if full:
        ids = candidates(persons, open_here, on, region.upper_age, with_jikp)
    else:
        if preselection is None:
            # Someone who moved in with a signal of the old region has none here: looked at.
            without_signal = persons.exclude(id__in=open_here.values("person_id"))
            preselection = set(preselected(without_signal, on, region.upper_age))
        found = set(preselection)
        found.update(due(open_here, on, region.upper_age))
        found.update(reported(persons))
        if with_jikp:
            found.update(possible_jikp(persons, on))
        found.update(_unsignalled_changes(persons, previous, on))
        ids = sorted(found)
    run = SignalRun(
        region=region, scope=SignalRun.Scope.REGION, on=on, user=user, full=full,
        jikp_year=year if with_jikp else None, started_at=started_at,
    )  # fmt: skip
    return _run(run, ids, on, progress, started)


def signal_persons(
    person_ids: Iterable[int] | QuerySet, on: date | None = None, user=None, import_run=None
) -> SignalRun:
    """Signal these persons (a delivery's changes, a melding, a new vrijstelling): those of
    them that can have a finding, an open signal, a new melding or a JIKP membership.
    `person_ids` may be a query of ids (an import's changed persons), which the database
    then reads itself."""
    on, started, started_at = on or dates.today(), time.monotonic(), timezone.now()
    with short_query_plans():
        ids = _changed_candidates(person_ids, on)
        run = SignalRun(
            scope=SignalRun.Scope.CHANGED, on=on, user=user, import_run=import_run,
            started_at=started_at,
        )  # fmt: skip
        _run(run, ids, on, None, started)
        if import_run is not None and import_run.kind == DeliveryKind.C:
            _cover_regions(run, import_run)
        return run


def signal_changed_persons(sender: type[ImportRun], run: ImportRun, **kwargs) -> None:
    """After an import committed: signal the persons whose facts it changed, and only those
    (a new phone number or an address in the same municipality changes no finding, no
    closing and no date to look again: `ChangedPerson.facts_changed`)."""
    signal_persons(run.changed_facts_person_ids(), on=dates.today(), user=run.user, import_run=run)


def _cover_regions(run: SignalRun, import_run: ImportRun) -> None:
    """Record the regions of which a C-levering changed the facts of every person (the
    first delivery of a region's register): its run looked at all of them on the same
    day, with the same candidates as a full region run (the preselection up to the highest
    upper age, every open signal of those persons, their meldingen, every possible JIKP
    member), so the region's next nightly run need not be full (`_signal_region`). Its open
    signals in the region whose person no longer lives there are due anyway
    (`reading.due`), and an import whose signalling got lost after it is found by
    `_unsignalled_changes`. Checked after the run: someone who came into the region
    meanwhile leaves the region uncovered.

    Only for a C-levering: a weekly P-levering never changes a whole region, and the check
    would cost it a look at every person."""
    residents = Person.objects.filter(municipality__region=OuterRef("pk"))
    looked_at = ChangedPerson.objects.filter(
        run=import_run, person_id=OuterRef("pk"), facts_changed=True
    )
    unchanged = residents.filter(~Exists(looked_at))
    covered = list(
        Region.objects.filter(Exists(residents), ~Exists(unchanged)).values_list("pk", flat=True)
    )
    if covered:
        run.jikp_year = jikp_year(run.on)
        run.save(update_fields=["jikp_year"])
        run.covered_regions.set(covered)


def look_again(sender: type, instance, **kwargs) -> None:
    """A register row of a person was saved or deleted through the ORM (a form, the shell,
    a test's factory) without passing through signalling: the next region run looks at
    that person's open signals again (imports and meldingen call `signal_persons`)."""
    person_id = instance.pk if isinstance(instance, Person) else instance.person_id
    Signal.objects.open().filter(person_id=person_id).update(recheck_on=None)


def _changed_candidates(person_ids: Iterable[int] | QuerySet, on: date) -> list[int]:
    """Those of these persons that can have a finding, an open signal, a new melding or a
    JIKP membership."""
    if isinstance(person_ids, QuerySet):
        # As a subquery: PostgreSQL joins it with the persons (for a weekly P-levering 0.26 s
        # instead of 0.44 s with its 50,000 ids as a list), and Python never holds the ids.
        persons = Person.objects.filter(id__in=person_ids)
        return sorted(changed_candidates(persons, on, DEFAULT_UPPER_AGE))
    given = sorted(set(person_ids))
    found: set[int] = set()
    # In slices, so that every query has a bounded list.
    for start in range(0, len(given), DELTA_SLICE):
        among = Ids(given[start : start + DELTA_SLICE])
        persons = Person.objects.filter(id__any_of=among)
        found.update(changed_candidates(persons, on, DEFAULT_UPPER_AGE))
    return sorted(found)


def _unsignalled_changes(persons, previous: SignalRun, on: date) -> list[int]:
    """The persons of imports since the previous region run whose signalling after the
    commit never finished (a process killed in between): the import's changes are in the
    register, and a nightly run must not leave their open signals alone."""
    lost = ImportRun.objects.filter(
        status=RunStatus.APPLIED, finished_at__gte=previous.started_at
    ).filter(~Exists(SignalRun.objects.filter(import_run=OuterRef("pk"))))
    lost_ids = list(lost.values_list("pk", flat=True))
    if not lost_ids:
        return []
    changed = ChangedPerson.objects.filter(run__in=lost_ids, facts_changed=True).values("person_id")
    return _changed_candidates(persons.filter(id__in=changed).values_list("id", flat=True), on)


def _run(
    run: SignalRun, ids: list[int], on: date, progress: Progress | None, started: float
) -> SignalRun:
    """Signal `ids` in batches; the run's seconds count from `started`, so that they include
    choosing the candidates."""
    size = CHUNK.get(connection.vendor, 2000)
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        writes = _signal_batch(chunk, on)
        run.checked += len(chunk)
        run.raised += len(writes.new)
        run.closed += len(writes.closed) + sum(1 for n in writes.new if n.closing)
        if progress:
            progress(run.checked, len(ids))
    if connection.vendor == "postgresql" and run.raised + run.closed > ANALYZE_AFTER:
        _analyze_when_stale(run.raised + run.closed)
    run.seconds = round(time.monotonic() - started, 3)
    run.save()
    return run


def _analyze_when_stale(changed: int) -> None:
    """PostgreSQL plans the next run's queries by its statistics; after a first C-levering
    they would still say 'empty' until autovacuum comes round. Refreshed when a run changed
    more signals than the statistics know of: a plan goes wrong when its estimates are off
    by a factor (none where there are thousands), and autovacuum's own rule (a tenth) soon
    catches a smaller change. A weekly P-levering (a third of the signals) no longer waits
    0.13 s for it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'signals_signal'")
        (known,) = cursor.fetchone()
        if changed > known:
            cursor.execute("ANALYZE signals_signal, signals_signalsource, signals_cohortmembership")


def _signal_batch(ids: list[int], on: date, attempts: int = 3) -> Writes:
    """Read, decide and write one batch. Two runs at once (a nightly run and a delivery)
    may race for the same new signal: the unique constraint refuses the second, which then
    reads the batch again and finds the signal there."""
    attempt = 1
    while True:
        writes = Writes()
        for person in load(ids, on).values():
            decide(person, on, writes)
        try:
            with transaction.atomic():
                write(writes, on)
            return writes
        except IntegrityError:
            if attempt == attempts:
                raise
            attempt += 1
