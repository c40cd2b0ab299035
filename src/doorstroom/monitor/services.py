"""Fixing the yearly figures: counted from the register with the rules, written once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear

from doorstroom import dates
from doorstroom.cases.choices import Outcome
from doorstroom.cases.effect import effect_report, facts_of
from doorstroom.cases.models import Case
from doorstroom.deliveries.models import Report, ReportKind
from doorstroom.monitor import figures
from doorstroom.monitor.models import Breakdown, Measure, YearlyFigure
from doorstroom.people import rules
from doorstroom.people.choices import Desk
from doorstroom.people.models import Enrolment, Person, Residence
from doorstroom.regions.models import Municipality, Region
from doorstroom.signals.models import Signal

BATCH = 2000
Tally = Counter  # (region id, breakdown, key) -> count
Progress = Callable[[str, int, int | None], None]


@dataclass(frozen=True)
class Fixed:
    measure: Measure
    year: int
    regions: int
    rows: int


def fix_figures(
    on: date, *, dry_run: bool = False, progress: Progress | None = None
) -> list[Fixed]:
    """Count and keep the figures of every year that may be fixed on `on` and is not fixed
    yet for some region. A year once fixed is never counted again."""
    regions = set(Region.objects.values_list("pk", flat=True))
    done = []
    for measure in Measure:
        for year in figures.fixable_years(measure, on):
            fixed = set(
                YearlyFigure.objects.filter(
                    measure=measure, year=year, breakdown=Breakdown.TOTAL
                ).values_list("region_id", flat=True)
            )
            missing = regions - fixed
            if not missing:
                continue
            if progress:
                progress(f"jaarcijfers {Measure(measure).label} {year}", 0, None)
            counts = COUNTERS[measure](year)
            rows = [
                YearlyFigure(
                    region_id=region, year=year, measure=measure, breakdown=breakdown,
                    key=key, value=value, fixed_on=on,
                )
                for (region, breakdown, key), value in sorted(counts.items())
                if region in missing
            ]  # fmt: skip
            rows += [
                YearlyFigure(
                    region_id=region, year=year, measure=measure, breakdown=Breakdown.TOTAL,
                    key="", value=0, fixed_on=on,
                )
                for region in sorted(missing)
                if (region, Breakdown.TOTAL, "") not in counts
            ]  # fmt: skip
            if not dry_run:
                with transaction.atomic():
                    YearlyFigure.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
            done.append(Fixed(measure, year, len(missing), len(rows)))
    return done


def _batches(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def _enrolled_on(day: date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def _cohort_persons(year: int, kinds: frozenset, *, out_a_year_later: bool) -> Iterator[Person]:
    """The persons enrolled on 1 October T in one of `kinds` (and, if asked, not enrolled
    on 1 October T+1), with their register and addresses, a batch at a time; the rules
    decide who counts."""
    first, second = dates.one_october(year), dates.one_october(year + 1)
    candidates = Enrolment.objects.filter(_enrolled_on(first), kind__in=kinds)
    if out_a_year_later:
        later = Enrolment.objects.filter(_enrolled_on(second), person=OuterRef("person_id"))
        candidates = candidates.filter(~Exists(later))
    ids = sorted(set(candidates.order_by().values_list("person_id", flat=True)))
    for batch in _batches(ids):
        yield from (
            Person.objects.filter(pk__in=batch)
            .select_related("municipality")
            .with_register()
            .prefetch_related(
                Prefetch("residences", queryset=Residence.objects.select_related("municipality"))
            )
        )


def _lived_in(person: Person, day: date) -> Municipality:
    """The municipality of the address on `day`; the current one if none is recorded."""
    for residence in person.residences.all():
        if residence.valid_from <= day and (
            residence.valid_to is None or day <= residence.valid_to
        ):
            return residence.municipality
    return person.municipality


def _school_of(person: Person, fact: rules.EnrolmentFact) -> str:
    row = next(e for e in person.enrolments.all() if e.fact() == fact)
    return row.school.code


def count_new_vsv(year: int) -> Tally:
    """'New vsv'ers of a year (the official count) ... Counted per school, per municipality,
    per region, per education type and per age' (DOMAIN.md); by where they lived on
    1 October T+1, the day they are found out of school."""
    counts: Tally = Counter()
    second = dates.one_october(year + 1)
    for person in _cohort_persons(year, rules.NEW_VSV_COUNTED_KINDS, out_a_year_later=True):
        facts = person.facts()
        enrolment = figures.new_vsv_enrolment(facts, year)
        if enrolment is None:
            continue
        town = _lived_in(person, second)
        for breakdown, key in (
            (Breakdown.TOTAL, ""),
            (Breakdown.MUNICIPALITY, town.code),
            (Breakdown.SCHOOL, _school_of(person, enrolment)),
            (Breakdown.EDUCATION, enrolment.kind.value),
            (Breakdown.AGE, str(rules.age_on(facts, dates.one_october(year)))),
        ):
            counts[(town.region_id, breakdown, key)] += 1
    return counts


def count_jikp(year: int) -> Tally:
    """The JIKP cohort of year T (DUO's definition, 16 to 22), by where they lived on
    1 October T+1, their school type on 1 October T and where they were a year later."""
    counts: Tally = Counter()
    second = dates.one_october(year + 1)
    for person in _cohort_persons(year, rules.JIKP_FIRST_KINDS, out_a_year_later=False):
        facts = person.facts()
        enrolment = figures.jikp_enrolment(facts, year)
        if enrolment is None:
            continue
        town = _lived_in(person, second)
        for breakdown, key in (
            (Breakdown.TOTAL, ""),
            (Breakdown.MUNICIPALITY, town.code),
            (Breakdown.EDUCATION, enrolment.kind.value),
            (Breakdown.FOLLOW_UP, figures.jikp_follow_up(facts, year)),
        ):
            counts[(town.region_id, breakdown, key)] += 1
    return counts


def _grouped(rows: QuerySet, region: str, split: dict[Breakdown, str]) -> Tally:
    counts: Tally = Counter()
    for row in rows:
        counts[(row[region], Breakdown.TOTAL, "")] += row["n"]
        for breakdown, field in split.items():
            counts[(row[region], breakdown, row[field] or "")] += row["n"]
    return counts


def count_signals(year: int) -> Tally:
    """Signals raised in calendar year T, per region, kind and desk."""
    rows = (
        Signal.objects.filter(raised_on__year=year)
        .values("region_id", "kind", "desk")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _grouped(rows, "region_id", {Breakdown.KIND: "kind", Breakdown.DESK: "desk"})


def count_absence_reports(year: int) -> Tally:
    """Verzuimmeldingen made in calendar year T, per verzuimsoort, by the region the person
    lives in when the year is fixed (the leerplicht jaarverslag counts them per year)."""
    rows = (
        Report.objects.filter(subject=ReportKind.ABSENCE)
        .annotate(year=ExtractYear("reported_at"))
        .filter(year=year)
        .values("person__municipality__region_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _grouped(rows, "person__municipality__region_id", {Breakdown.KIND: "kind"})


STEPS = {"benaderd": "approached", "intake": "intakes", "traject": "trajects"}
"""The effect report's steps: the key of the figure and the field of EffectReport."""
RUNNING = "loopt_nog"
OUTCOME_CODES = {**{o.label: o.value for o in Outcome}, "loopt nog": RUNNING}
"""An OCW category is kept by its code (a label may be longer than a figure's key)."""


def effect_cases(year: int) -> QuerySet[Case]:
    """The cases of OCW's effect report of year T: the Doorstroompunt's, listed in T."""
    return Case.objects.filter(desk=Desk.DOORSTROOMPUNT, listed_on__year=year)


def count_effect(year: int) -> Tally:
    """OCW's effect report of year T per region (cases.effect), as figures: the cases, the
    steps reached, the outcomes in OCW's categories, the weeks to intake, the aftercare."""
    counts: Tally = Counter()
    regions = effect_cases(year).order_by().values_list("region_id", flat=True).distinct()
    for region in sorted(regions):
        report = effect_report(facts_of(effect_cases(year).filter(region_id=region)))
        counts[(region, Breakdown.TOTAL, "")] = report.cases
        for key, name in STEPS.items():
            counts[(region, Breakdown.STEP, key)] = getattr(report, name)
        for label, n in report.outcomes.items():
            counts[(region, Breakdown.OUTCOME, OUTCOME_CODES[label])] = n
        for band, n in report.intake_bands.items():
            counts[(region, Breakdown.WEEKS_TO_INTAKE, band)] = n
        for band, n in report.follow_up_bands.items():
            counts[(region, Breakdown.AFTERCARE, band)] = n
    return +counts


COUNTERS: dict[Measure, Callable[[int], Tally]] = {
    Measure.NEW_VSV: count_new_vsv,
    Measure.JIKP: count_jikp,
    Measure.SIGNALS: count_signals,
    Measure.ABSENCE_REPORTS: count_absence_reports,
    Measure.EFFECT: count_effect,
}
"""One counter per measure; a new figure the retention would otherwise destroy is one more
Measure and one more function here (and its data dated in retention.person_data.records)."""
