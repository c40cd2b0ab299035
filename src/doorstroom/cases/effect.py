"""OCW's effect report, computed from the cases (DOMAIN.md 'Reporting duties': approached,
intakes, trajects started, outcomes in OCW's categories, time to intake, follow-up bands).
The rules are in rules.py; this module gathers the facts of many cases in one query and
counts. The monitor (a later issue) shows and exports it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db.models import OuterRef, QuerySet, Subquery

from doorstroom.cases import rules
from doorstroom.cases.choices import Outcome
from doorstroom.cases.models import Case, ContactAttempt, FollowUp, Plan


@dataclass(frozen=True)
class CaseFacts:
    """What the effect report needs of one case, as plain data."""

    listed_on: date
    first_attempt_on: date | None
    intake_on: date | None
    plan_on: date | None
    outcome: Outcome | None
    closed_on: date | None
    last_follow_up_on: date | None


@dataclass
class EffectReport:
    cases: int = 0
    approached: int = 0
    intakes: int = 0
    trajects: int = 0
    outcomes: Counter = field(default_factory=Counter)
    intake_bands: Counter = field(default_factory=Counter)
    follow_up_bands: Counter = field(default_factory=Counter)


def effect_report(facts: Iterable[CaseFacts]) -> EffectReport:
    report = EffectReport()
    for f in facts:
        report.cases += 1
        report.approached += f.first_attempt_on is not None
        report.intakes += f.intake_on is not None
        report.trajects += f.plan_on is not None
        category = rules.ocw_category(f.outcome)
        report.outcomes[category.label if category else "loopt nog"] += 1
        report.intake_bands[rules.intake_band(f.listed_on, f.intake_on)] += 1
        report.follow_up_bands[rules.follow_up_band(f.closed_on, f.last_follow_up_on)] += 1
    return report


def facts_of(cases: QuerySet[Case]) -> Iterator[CaseFacts]:
    """The facts of these cases in one query, read in batches."""

    def first(model: type, field: str, *, last: bool = False) -> Subquery:
        order = f"-{field}" if last else field
        return Subquery(
            model.objects.filter(case=OuterRef("pk"), **{f"{field}__isnull": False})
            .order_by(order)
            .values(field)[:1]
        )

    rows = cases.annotate(
        first_attempt_on=first(ContactAttempt, "on"),
        plan_on=first(Plan, "made_on"),
        last_follow_up_on=first(FollowUp, "done_on", last=True),
    ).values_list(
        "listed_on", "first_attempt_on", "intake__held_on", "plan_on", "outcome", "closed_on",
        "last_follow_up_on",
    )  # fmt: skip
    for listed, attempt, intake, plan, outcome, closed, follow_up in rows.iterator(chunk_size=2000):
        yield CaseFacts(
            listed, attempt, intake, plan, Outcome(outcome) if outcome else None, closed, follow_up
        )
