"""Signals: a young person who needs attention from a desk, why, and what became of it."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils import timezone

from doorstroom import dates
from doorstroom.ids import time_ordered_uuid
from doorstroom.people.choices import Desk
from doorstroom.signals.choices import (
    OPEN_STATUSES,
    Resolution,
    SignalKind,
    SignalStatus,
    SourceKind,
)

OPEN = Q(status__in=OPEN_STATUSES)


def overdue_on(on: date) -> Q:
    """A signal still new after its term: what `Signal.is_overdue` says of one signal."""
    return Q(status=SignalStatus.NEW, due_on__lt=on)


class SignalQuerySet(models.QuerySet):
    def open(self) -> SignalQuerySet:
        return self.filter(OPEN)

    def overdue(self, on: date) -> SignalQuerySet:
        """New signals nobody took up within their term (`due_on`, the region's setting)."""
        return self.filter(overdue_on(on))

    def for_queue(self) -> SignalQuerySet:
        """What a row of the work queue shows, in one query per page."""
        return self.select_related("person__municipality", "school", "assigned_to")


class Signal(models.Model):
    """One need of one young person at one desk: raised once, with every source that told us."""

    public_id = models.UUIDField(default=time_ordered_uuid, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="signals", verbose_name="jongere"
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name="regio"
    )
    desk = models.CharField("loket", max_length=14, choices=Desk.choices)
    kind = models.CharField("soort", max_length=21, choices=SignalKind.choices)
    status = models.CharField(
        "status", max_length=14, choices=SignalStatus.choices, default=SignalStatus.NEW
    )
    reason = models.CharField("reden", max_length=500)
    rule = models.CharField("regel", max_length=200)
    raised_on = models.DateField("gesignaleerd op")
    # The work queue sorts on age: a copy of the person's date of birth, so that a page
    # sorts the region's open signals without joining every one of them to its person.
    # Signalling writes it and keeps it equal (deciding.decide), as it does the priority.
    date_of_birth = models.DateField(
        "geboortedatum jongere", help_text="Om de werkvoorraad op leeftijd te sorteren."
    )
    due_on = models.DateField("contact uiterlijk")
    from_register = models.BooleanField("uit het register", default=False)
    school = models.ForeignKey(
        "regions.School",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="school",
    )
    priority = models.PositiveSmallIntegerField(
        "prioriteit Inlichtingenbureau", null=True, blank=True
    )
    exemption = models.ForeignKey(
        "people.Exemption",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="vrijstelling",
        db_index=False,
    )
    handed_over_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="overgedragen uit",
        db_index=False,
    )
    assigned_to = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_signals",
        verbose_name="toegewezen aan",
        db_index=False,
    )
    assigned_at = models.DateTimeField("toegewezen op", null=True, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name="dossier",
        db_index=False,  # the partial index signal_case below
    )
    closed_on = models.DateField("afgesloten op", null=True, blank=True)
    # A nightly run leaves an open signal alone from `checked_on` until `recheck_on`, the
    # first day the rules may decide differently (detection.recheck_on); empty: look again.
    checked_on = models.DateField("laatst bekeken op", null=True, blank=True)
    recheck_on = models.DateField("opnieuw bekijken op", null=True, blank=True)
    resolution = models.CharField(
        "afsluitreden", max_length=21, choices=Resolution.choices, blank=True
    )
    resolution_reason = models.CharField("toelichting afsluiting", max_length=300, blank=True)

    objects = SignalQuerySet.as_manager()

    class Meta:
        verbose_name = "signaal"
        verbose_name_plural = "signalen"
        ordering = ["raised_on", "id"]
        constraints = [
            # 'nobody twice': one open signal per need, however many sources report it. Its
            # index (person first) also finds a person's open signals.
            models.UniqueConstraint(
                fields=["person", "kind", "desk"], condition=OPEN, name="one_open_signal_per_need"
            ),
        ]
        indexes = [
            # The work queue: a region's open signals at a desk, most urgent first.
            models.Index(
                fields=["region", "desk", "priority", "raised_on"],
                condition=OPEN,
                name="signal_queue",
            ),
            # Keys that most new signals leave empty: indexed only where set, so that raising
            # thousands of signals does not maintain four indexes of NULLs. The case's one is
            # also the case page's: over a full index SQLite's statistics counted the signals
            # without a case as one huge group and it scanned the table instead (BENCHMARKS.md,
            # case management at national scale).
            *(
                models.Index(
                    fields=[key], condition=Q(**{f"{key}__isnull": False}), name=f"signal_{key}"
                )
                for key in ("exemption", "handed_over_from", "assigned_to", "case")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.raised_on})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def days_open(self, on: date | None = None) -> int:
        return ((self.closed_on or on or dates.today()) - self.raised_on).days

    def is_overdue(self, on: date | None = None) -> bool:
        return (
            self.is_open and self.status == SignalStatus.NEW and (on or dates.today()) > self.due_on
        )


class SignalSource(models.Model):
    """Who told us: the register, a melding, or both (legal task 1: one signal, two sources)."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField("bron", max_length=10, choices=SourceKind.choices)
    report = models.ForeignKey(
        "deliveries.Report",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signal_sources",
        verbose_name="melding",
    )
    noted_on = models.DateField("vastgelegd op")

    class Meta:
        verbose_name = "bron van een signaal"
        verbose_name_plural = "bronnen van signalen"
        ordering = ["noted_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["signal"], condition=Q(kind="register"), name="one_register_source"
            ),
            models.UniqueConstraint(
                fields=["signal", "report"],
                condition=Q(kind="melding"),
                name="one_source_per_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.noted_on})"


class Cohort(models.TextChoices):
    JIKP = "jikp", "jongere in een kwetsbare positie"


class CohortMembership(models.Model):
    """A young person counted in a yearly cohort for the monitor, e.g. JIKP of year T."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="cohorts", verbose_name="jongere"
    )
    cohort = models.CharField("cohort", max_length=4, choices=Cohort.choices)
    year = models.PositiveSmallIntegerField("jaar T")

    class Meta:
        verbose_name = "cohortlidmaatschap"
        verbose_name_plural = "cohortlidmaatschappen"
        constraints = [
            models.UniqueConstraint(fields=["person", "cohort", "year"], name="one_cohort_year")
        ]

    def __str__(self) -> str:
        return f"{self.get_cohort_display()} {self.year}"


class SignalRun(models.Model):
    """One pass of signalling: a whole region (nightly or on demand) or the changed persons
    of a delivery, with what it found."""

    class Scope(models.TextChoices):
        REGION = "regio", "hele regio"
        CHANGED = "gewijzigd", "gewijzigde jongeren"

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, null=True, related_name="+"
    )
    scope = models.CharField("omvang", max_length=9, choices=Scope.choices)
    on = models.DateField("peildatum")
    started_at = models.DateTimeField("gestart", default=timezone.now)
    seconds = models.FloatField("duur (s)", default=0)
    checked = models.PositiveIntegerField("bekeken", default=0)
    raised = models.PositiveIntegerField("nieuw", default=0)
    closed = models.PositiveIntegerField("afgesloten", default=0)
    user = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    import_run = models.ForeignKey(
        "deliveries.ImportRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="De levering waarvan deze run de gewijzigde jongeren bekeek.",
    )
    full = models.BooleanField("volledig", default=False)
    covered_regions = models.ManyToManyField(
        "regions.Region",
        blank=True,
        related_name="+",
        verbose_name="hele regio's bekeken",
        help_text=(
            "De regio's waarvan deze run na een C-levering iedereen bekeek: voor de nachtelijke "
            "run van zo'n regio telt ze als een volledige regiorun."
        ),
    )
    jikp_year = models.PositiveSmallIntegerField(
        "JIKP-cohort bekeken",
        null=True,
        blank=True,
        help_text=(
            "Het cohortjaar T waarvoor deze run alle mogelijke JIKP-jongeren van haar regio "
            "(of van de hele regio's die ze bekeek) bekeek."
        ),
    )

    class Meta:
        verbose_name = "signaleringsrun"
        verbose_name_plural = "signaleringsruns"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return (
            f"{self.get_scope_display()} {self.on}: {self.raised} nieuw, {self.closed} afgesloten"
        )

    @property
    def counted(self) -> str:
        """'1 jongere bekeken, 3 nieuwe signalen, 2 afgesloten', as the queue's message and
        `doorstroom signal` say what the run did."""
        persons = f"{self.checked} jongere{'' if self.checked == 1 else 'n'}"
        raised = f"{self.raised} {'nieuw signaal' if self.raised == 1 else 'nieuwe signalen'}"
        return f"{persons} bekeken, {raised}, {self.closed} afgesloten"


class SavedFilter(models.Model):
    """A user's named set of work-queue filters (a query string without personal data)."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="saved_filters"
    )
    name = models.CharField("naam", max_length=60)
    query = models.CharField("filters", max_length=500)

    class Meta:
        verbose_name = "bewaard filter"
        verbose_name_plural = "bewaarde filters"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_filter_name_per_user")
        ]

    def __str__(self) -> str:
        return self.name
