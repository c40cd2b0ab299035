"""Retention of what is held on young people, region by region: the leerplicht file at 19,
verzuimmeldingen after their period, and a person with everything on them once every period
has passed (retention/rules.py decides; this module selects in SQL and deletes in batches)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from doorstroom import dates
from doorstroom.cases.models import Case, OfficialReport
from doorstroom.cases.models.case import OPEN as OPEN_CASE
from doorstroom.deliveries.models import Report, ReportKind
from doorstroom.monitor.figures import counted_until
from doorstroom.monitor.models import Measure
from doorstroom.people import rules as register_rules
from doorstroom.people.choices import Desk, ExemptionArticle, ResultType
from doorstroom.people.models import Exemption, Person, RectificationPurgePermit, Result
from doorstroom.regions.models import Region
from doorstroom.retention import rules
from doorstroom.retention.batches import BATCH, Progress, Tally, delete_ids, delete_in_batches
from doorstroom.signals.choices import OPEN_STATUSES
from doorstroom.signals.models import OPEN, Signal


def figures_fixed_until(on: date) -> date:
    """Signals, meldingen and Doorstroompunt cases dated before this day are counted in fixed
    yearly figures; later ones wait (monitor.figures.counted_until, the same day for the
    three measures)."""
    return min(
        counted_until(measure, on)
        for measure in (Measure.SIGNALS, Measure.ABSENCE_REPORTS, Measure.EFFECT)
    )


def leerplicht_files(
    region: Region,
    periods: rules.Periods,
    on: date,
    *,
    dry_run: bool,
    progress: Progress | None,
    tally: Tally | None = None,
) -> Counter:
    """'Leerplicht files until 19': the closed signals and cases of the leerplicht desk of
    everyone who has had that birthday, with what hangs off them (hearings, Halt), if they
    were raised or opened while the young person was leerplichtig (`rules.is_leerplicht_file`:
    a kwalificatieplicht file stays with the person). Open work stays, and so does a case with
    a proces-verbaal younger than its own period ('5 years after first processing');
    exemptions stay with the person (signalling still reads them)."""
    too_old = Q(
        person__municipality__region=region,
        person__date_of_birth__lte=dates.years_before(on, periods.leerplicht_file_until_age),
        desk=Desk.LEERPLICHT,
    )
    signals = Signal.objects.filter(too_old, raised_on__lt=figures_fixed_until(on)).exclude(OPEN)
    recent_pv = OfficialReport.objects.filter(
        case=OuterRef("pk"),
        reported_on__gt=dates.years_before(on, periods.absence_report_years),
    )
    cases = Case.objects.filter(too_old).exclude(OPEN_CASE).filter(~Exists(recent_pv))
    label = f"leerplichtdossiers {region.code}"
    counts: Counter = Counter()
    for files, opened in ((signals, "raised_on"), (cases, "opened_on")):
        counts += delete_in_batches(
            files,
            dry_run=dry_run,
            label=label,
            progress=progress,
            tally=tally,
            choose=_leerplicht_files_among(files.model, opened, periods, on),
        )
    return counts


def _leerplicht_files_among(
    model: type[Signal] | type[Case], opened: str, periods: rules.Periods, on: date
) -> Callable[[list[int]], list[int]]:
    """Of a batch of the SQL's signals or cases, the leerplicht files past their period, by
    the rules (the duty on the day each was raised or opened): two queries for the register."""

    def choose(ids: list[int]) -> list[int]:
        files = list(model.objects.filter(pk__in=ids).values_list("pk", "person_id", opened))
        facts = {
            person.pk: person.facts()
            for person in Person.objects.filter(pk__in={p for _, p, _ in files}).with_register()
        }
        return [
            pk
            for pk, person_id, opened_on in files
            if rules.is_leerplicht_file(facts[person_id], opened_on)
            and rules.leerplicht_file_ends(facts[person_id].date_of_birth, periods) <= on
        ]

    return choose


def absence_reports(
    region: Region,
    periods: rules.Periods,
    on: date,
    *,
    dry_run: bool,
    progress: Progress | None,
    tally: Tally | None = None,
) -> Counter:
    """'verzuimmeldingen ... 5 years after first processing', unless an open signal still
    rests on one."""
    last_day = min(
        dates.years_before(on, periods.absence_report_years),
        figures_fixed_until(on) - timedelta(days=1),
    )
    reports = (
        Report.objects.filter(
            subject=ReportKind.ABSENCE,
            person__municipality__region=region,
            reported_at__lt=dates.start_of(dates.day_after(last_day)),
        )
        .exclude(signal_sources__signal__status__in=OPEN_STATUSES)
        .distinct()
    )
    label = f"verzuimmeldingen {region.code}"
    return delete_in_batches(reports, dry_run=dry_run, label=label, progress=progress, tally=tally)


def candidates(region: Region, periods: rules.Periods, on: date) -> list[int]:
    """A superset, in SQL, of the persons whose every period may have passed: out of the
    target group for at least the region's years by death, emigration, the upper age or a
    startkwalificatie; the rules decide exactly."""
    cutoff = dates.years_before(on, periods.target_group_file_years)
    qualified = Result.objects.filter(
        person=OuterRef("pk"),
        result_type=ResultType.DIPLOMA,
        kind__in=register_rules.STARTKWALIFICATIE_KINDS,
        obtained_on__lte=cutoff,
    )
    return sorted(
        Person.objects.in_regions({region.pk})
        .filter(
            Q(date_of_death__lte=cutoff)
            | Q(date_of_emigration__lte=cutoff)
            | Q(date_of_birth__lte=dates.years_before(cutoff, region.upper_age))
            | Exists(qualified)
        )
        .order_by()
        .values_list("pk", flat=True)
    )


def records(ids: list[int], on: date, upper_age: int) -> dict[int, rules.PersonRecord]:
    """What the retention rules need of these persons, in a fixed number of queries."""
    work: dict[int, list] = defaultdict(list)
    counted: dict[int, list] = defaultdict(list)
    busy: set[int] = set()
    # The day each file of the leerplicht desk was raised or opened: the rules decide which
    # are leerplicht files (rules.is_leerplicht_file).
    leerplicht: dict[int, list[date]] = defaultdict(list)
    for row in (
        Signal.objects.filter(person_id__in=ids)
        .values("person_id")
        .annotate(
            raised=Max("raised_on"),
            closed=Max("closed_on"),
            open=Count("id", filter=OPEN),
        )
        .order_by()
    ):
        work[row["person_id"]] += [row["raised"], row["closed"]]
        counted[row["person_id"]].append(row["raised"])
        busy.update([row["person_id"]] if row["open"] else [])
    for row in (
        Case.objects.filter(person_id__in=ids)
        .values("person_id")
        .annotate(
            opened=Max("opened_on"),
            closed=Max("closed_on"),
            listed=Max("listed_on", filter=Q(desk=Desk.DOORSTROOMPUNT)),
            open=Count("id", filter=OPEN_CASE),
        )
        .order_by()
    ):
        work[row["person_id"]] += [row["opened"], row["closed"]]
        # The effect report counts the Doorstroompunt's cases by the year they were listed.
        counted[row["person_id"]].append(row["listed"])
        busy.update([row["person_id"]] if row["open"] else [])
    for model, opened in ((Signal, "raised_on"), (Case, "opened_on")):
        for pid, day in model.objects.filter(person_id__in=ids, desk=Desk.LEERPLICHT).values_list(
            "person_id", opened
        ):
            leerplicht[pid].append(day)
    absence: dict[int, list[date]] = defaultdict(list)
    for pid, subject, reported_at in Report.objects.filter(person_id__in=ids).values_list(
        "person_id", "subject", "reported_at"
    ):
        day = timezone.localdate(reported_at)
        work[pid].append(day)
        counted[pid].append(day)
        if subject == ReportKind.ABSENCE:
            absence[pid].append(day)
    # Processen-verbaal: '5 years after first processing', like the verzuimmeldingen.
    for pid, reported_on in OfficialReport.objects.filter(case__person_id__in=ids).values_list(
        "case__person_id", "reported_on"
    ):
        absence[pid].append(reported_on)
        work[pid].append(reported_on)
    # A vrijstelling is a leerplicht decision, except one from the kwalificatieplicht (art. 15).
    exempt = set(
        Exemption.objects.filter(person_id__in=ids)
        .exclude(article=ExemptionArticle.QUALIFICATION)
        .values_list("person_id", flat=True)
    )
    found = {}
    for person in Person.objects.filter(pk__in=ids).with_register():
        facts = person.facts()
        found[person.pk] = rules.PersonRecord(
            date_of_birth=person.date_of_birth,
            left_target_group_on=register_rules.left_target_group_on(facts, on, upper_age),
            last_work=rules.latest(work[person.pk]),
            last_counted=rules.latest(counted[person.pk]),
            open_work=person.pk in busy,
            has_leerplicht_file=person.pk in exempt
            or any(rules.is_leerplicht_file(facts, day) for day in leerplicht[person.pk]),
            absence_reports=tuple(absence[person.pk]),
        )
    return found


def _delete_persons(ids: list[int], *, dry_run: bool) -> Counter:
    """Delete these persons with everything on them. Their corrections are append-only in the
    database too: the triggers let them go only for persons with a permit, which exists just
    for the length of this transaction."""
    if dry_run:
        return delete_ids(Person, ids, dry_run=True)
    with transaction.atomic():
        RectificationPurgePermit.objects.bulk_create(
            RectificationPurgePermit(person_id=pk) for pk in ids
        )
        counts = delete_ids(Person, ids, dry_run=False)
        RectificationPurgePermit.objects.filter(person_id__in=ids).delete()
    return counts


def persons(
    region: Region,
    periods: rules.Periods,
    on: date,
    *,
    dry_run: bool,
    progress: Progress | None,
    tally: Tally | None = None,
) -> Counter:
    """Delete every person of the region whose every period has passed, with everything held
    on them (Django follows each cascade: register, signals, meldingen, cases and what hangs
    off those). Returns the rows deleted per table."""
    ids = candidates(region, periods, on)
    fixed_until = figures_fixed_until(on)
    label = f"jongeren {region.code}"
    counts: Counter = Counter()
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        gone = [
            pk
            for pk, record in records(batch, on, region.upper_age).items()
            if rules.may_delete_person(record, periods, on, fixed_until)
        ]
        if gone:
            deleted = _delete_persons(gone, dry_run=dry_run)
            counts += deleted
            if tally:
                tally(deleted)
        if progress:
            progress(label, start + len(batch), len(ids))
    return counts
