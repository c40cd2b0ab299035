"""The demo's work: meldingen from the demo school, a few vrijstellingen and IB priorities,
then signalling of both regions and part of the queue divided over the coaches. Seeded, so
the same demo comes back every time."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from doorstroom import dates
from doorstroom.accounts.models import User
from doorstroom.accounts.roles import Role
from doorstroom.deliveries.models import AbsenceKind, Report, ReportKind, ReportSource, ReportStatus
from doorstroom.people.choices import ExemptionArticle
from doorstroom.people.models import Exemption, IncomeMatch, Person
from doorstroom.regions.models import Region
from doorstroom.signals.actions import reported_name
from doorstroom.signals.choices import SignalStatus
from doorstroom.signals.models import Signal
from doorstroom.signals.services import signal_region

REASONS = ("ziek gemeld zonder bericht", "werk", "problemen thuis", "geen motivatie", "")


@dataclass
class Worklist:
    reports: int = 0
    exemptions: int = 0
    signals: int = 0
    assigned: int = 0


def create_worklist(seed: int, on: date) -> Worklist:
    """Meldingen, vrijstellingen and priorities on the demo register, then signalling."""
    rng = random.Random(seed)
    done = Worklist()
    school_user = User.objects.filter(username="school").first()
    persons = list(
        Person.objects.filter(date_of_death__isnull=True)
        .order_by("id")
        .values_list("id", "date_of_birth", "municipality__region__code")
    )
    young = [p for p in persons if 12 <= dates.age_on(p[1], on) < 27]
    with transaction.atomic():
        reports = []
        reported = rng.sample(young, min(60, len(young)))
        # The name as a school would type it, as on the melding form (never "(demo)").
        names = {p.pk: p.full_name for p in Person.objects.filter(pk__in=[r[0] for r in reported])}
        for n, (pk, born, _) in enumerate(reported):
            subject = rng.choice([ReportKind.ABSENCE] * 3 + [ReportKind.CONCERN])
            adult = dates.age_on(born, on) >= 18
            kind = (
                AbsenceKind.ADULT
                if adult
                else rng.choice([AbsenceKind.SIXTEEN_HOURS, AbsenceKind.LUXURY])
            )
            moment = datetime.combine(on - timedelta(days=rng.randrange(1, 40)), time(10))
            source = (
                rng.choice([ReportSource.ROD, ReportSource.FORM])
                if subject == ReportKind.ABSENCE
                else ReportSource.FORM
            )
            # A melding from the ROD came in a delivery from DUO: the school's own list
            # (Meldingen) shows only what it sent itself, by the form.
            by_school = source == ReportSource.FORM
            reports.append(Report(
                report_number=f"M-{on:%Y}-{n:08X}", source=source,
                subject=subject, person_id=pk, kind=kind if subject == ReportKind.ABSENCE else "",
                reported_at=timezone.make_aware(moment), suspected_reason=rng.choice(REASONS),
                days_absent=rng.randrange(2, 15) if subject == ReportKind.ABSENCE else None,
                contact_person="mevrouw De Vries (mentor), 0570-000000", status=ReportStatus.REGISTERED,
                reported_by=school_user if by_school else None,
                reported_name=reported_name(names[pk], born) if by_school else "",
            ))  # fmt: skip
        Report.objects.bulk_create(reports, ignore_conflicts=True)
        done.reports = len(reports)
        minors = [p for p in young if dates.age_on(p[1], on) < 18]
        exemptions = [
            Exemption(
                person_id=pk,
                article=rng.choice(list(ExemptionArticle)),
                start_date=on - timedelta(days=rng.randrange(100, 700)),
                end_date=rng.choice(
                    [None, on - timedelta(days=rng.randrange(1, 20)), on + timedelta(days=200)]
                ),
                decision_reference=f"LPA-{on.year}-{n:04d}",
            )
            for n, (pk, _, _) in enumerate(rng.sample(minors, min(12, len(minors))))
        ]
        Exemption.objects.bulk_create(exemptions)
        done.exemptions = len(exemptions)
        IncomeMatch.objects.bulk_create(
            [
                IncomeMatch(person_id=pk, priority=rng.randrange(1, 6), reported_on=on)
                for pk, born, _ in young
                if dates.age_on(born, on) >= 18 and rng.random() < 0.3
            ],
            ignore_conflicts=True,
        )
    for region in Region.objects.order_by("code"):
        done.signals += signal_region(region, on=on).raised
    done.assigned = _divide(rng)
    return done


def _divide(rng: random.Random) -> int:
    """A third of each region's new Doorstroompunt signals already has a coach."""
    assigned = 0
    for region in Region.objects.all():
        coaches = list(User.objects.filter(region=region, groups__name=Role.COACH))
        if not coaches:
            continue
        signals = list(
            Signal.objects.filter(region=region, desk="doorstroompunt", status=SignalStatus.NEW)
            .order_by("id")
            .only("id")
        )
        chosen = signals[: len(signals) // 3]
        for signal in chosen:
            signal.assigned_to, signal.assigned_at = rng.choice(coaches), timezone.now()
        Signal.objects.bulk_update(chosen, ["assigned_to", "assigned_at"], batch_size=500)
        assigned += len(chosen)
    return assigned
