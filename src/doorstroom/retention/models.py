"""A region's retention periods, and the record of every retention run (for the FG)."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from doorstroom.people.rules import ADULT_AGE, DEFAULT_UPPER_AGE
from doorstroom.retention import rules

YEARS = [MinValueValidator(rules.MINIMUM_YEARS), MaxValueValidator(10)]
PERIOD_SOURCES = (
    ("leerplicht_file_until_age", "leerplicht_file_source", rules.LEERPLICHT_FILE_SOURCE),
    ("target_group_file_years", "target_group_file_source", rules.TARGET_GROUP_FILE_SOURCE),
    ("absence_report_years", "absence_report_source", rules.ABSENCE_REPORT_SOURCE),
)
"""Each period of a policy, its source, and the source of the default period."""


class RetentionPolicy(models.Model):
    """The periods a region keeps its files, each with its source. Without a policy a
    region keeps DOMAIN.md's defaults (`retention.rules.Periods`)."""

    region = models.OneToOneField(
        "regions.Region",
        on_delete=models.CASCADE,
        related_name="retention_policy",
        verbose_name="regio",
    )
    leerplicht_file_until_age = models.PositiveSmallIntegerField(
        "leerplichtdossiers bewaren tot de leeftijd van",
        default=rules.LEERPLICHT_FILE_UNTIL_AGE,
        validators=[MinValueValidator(ADULT_AGE), MaxValueValidator(DEFAULT_UPPER_AGE)],
        help_text="Signalen en dossiers van het leerplichtloket gaan weg op deze verjaardag.",
    )
    leerplicht_file_source = models.CharField(
        "bron (leerplichtdossiers)", max_length=300, default=rules.LEERPLICHT_FILE_SOURCE
    )
    target_group_file_years = models.PositiveSmallIntegerField(
        "dossiers kwalificatieplicht en Doorstroompunt: jaren na het verlaten van de doelgroep",
        default=rules.TARGET_GROUP_FILE_YEARS,
        validators=YEARS,
        help_text="Daarna gaat de jongere weg, met alles wat over hem of haar is vastgelegd.",
    )
    target_group_file_source = models.CharField(
        "bron (kwalificatieplicht en Doorstroompunt)",
        max_length=300,
        default=rules.TARGET_GROUP_FILE_SOURCE,
    )
    absence_report_years = models.PositiveSmallIntegerField(
        "verzuimmeldingen en processen-verbaal: jaren na de eerste verwerking",
        default=rules.ABSENCE_REPORT_YEARS,
        validators=YEARS,
    )
    absence_report_source = models.CharField(
        "bron (verzuimmeldingen en processen-verbaal)",
        max_length=300,
        default=rules.ABSENCE_REPORT_SOURCE,
    )
    changed_at = models.DateTimeField("gewijzigd op", auto_now=True)

    class Meta:
        verbose_name = "bewaartermijnen van een regio"
        verbose_name_plural = "bewaartermijnen per regio"

    def __str__(self) -> str:
        return f"bewaartermijnen {self.region}"

    def clean(self) -> None:
        """A period of the region's own needs its own source: the default source names the
        default period, and would stand beside another one as if the law said so."""
        defaults = rules.Periods()
        errors = {
            source: f"Deze bron hoort bij de standaardtermijn ({getattr(defaults, period)}): "
            "geef de bron van de eigen termijn van de regio."
            for period, source, default_source in PERIOD_SOURCES
            if getattr(self, period) != getattr(defaults, period)
            and getattr(self, source).strip() == default_source
        }
        if errors:
            raise ValidationError(errors)

    def periods(self) -> rules.Periods:
        return rules.Periods(
            leerplicht_file_until_age=self.leerplicht_file_until_age,
            target_group_file_years=self.target_group_file_years,
            absence_report_years=self.absence_report_years,
        )


def periods_by_region() -> dict[int, rules.Periods]:
    """Every region's periods: its own policy, or the defaults."""
    from doorstroom.regions.models import Region

    own = {p.region_id: p.periods() for p in RetentionPolicy.objects.all()}
    return {pk: own.get(pk, rules.Periods()) for pk in Region.objects.values_list("pk", flat=True)}


def table_name(label: str) -> str:
    """'people.Enrolment' as a reader says it: 'inschrijvingen'."""
    try:
        return str(apps.get_model(label)._meta.verbose_name_plural)
    except (LookupError, ValueError):
        return label


class RemovedKind(models.TextChoices):
    """What a retention run removed (or fixed first), as the FG reads it."""

    FIGURES = "jaarcijfers", "jaarcijfers vastgelegd (blijven bewaard)"
    LEERPLICHT_FILES = "leerplichtdossier", "leerplichtdossiers na de 19e verjaardag"
    ABSENCE_REPORTS = "verzuimmeldingen", "verzuimmeldingen na hun termijn"
    PERSONS = "jongeren", "jongeren van wie alle termijnen voorbij zijn, met alles over hen"
    AUDIT = "auditlog", "regels van het auditlog na hun termijn"
    SESSIONS = "sessies", "verlopen sessies"
    UPLOADS = "uploads", "verwerkte uploadbestanden van leveringen"
    REJECTED_ROWS = "geweigerde_regels", "geweigerde regels van leveringen"
    IDEMPOTENCY_KEYS = "idempotentie", "eerste antwoorden van de API op herhaalde verzoeken"
    FORM_TOKENS = "formuliertokens", "kenmerken van verstuurde formulieren (tegen dubbel opslaan)"


class RetentionRun(models.Model):
    """One run of the retention job: when, how it started, and what it removed."""

    class Trigger(models.TextChoices):
        SCHEDULE = "dagelijks", "dagelijks, automatisch"
        COMMAND = "opdracht", "met de hand (doorstroom retention)"

    class Status(models.TextChoices):
        RUNNING = "bezig", "bezig"
        DONE = "klaar", "klaar"
        FAILED = "mislukt", "mislukt"

    on = models.DateField("peildatum")
    trigger = models.CharField("gestart", max_length=9, choices=Trigger.choices)
    status = models.CharField(
        "status", max_length=7, choices=Status.choices, default=Status.RUNNING
    )
    started_at = models.DateTimeField("begonnen", auto_now_add=True)
    finished_at = models.DateTimeField("klaar", null=True, blank=True)
    message = models.TextField("melding", blank=True)

    class Meta:
        verbose_name = "bewaartermijnrun"
        verbose_name_plural = "bewaartermijnruns"
        ordering = ["-started_at", "-id"]
        constraints = [
            # The daily claim: however many web processes and workers, one scheduled run a day.
            models.UniqueConstraint(
                fields=["on"], condition=Q(trigger="dagelijks"), name="one_scheduled_run_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"bewaartermijnen {self.on:%d-%m-%Y} ({self.get_status_display()})"


class RetentionCount(models.Model):
    """How much of one kind a run removed in one region (or in the installation as a whole),
    and what went with it (`model`: the table, for the rows a deleted person took along)."""

    run = models.ForeignKey(RetentionRun, on_delete=models.CASCADE, related_name="counts")
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="regio",
        help_text="Leeg: voor de hele installatie (auditlog, sessies, leveringen).",
    )
    kind = models.CharField("wat", max_length=17, choices=RemovedKind.choices)
    model = models.CharField("tabel", max_length=100, blank=True)
    count = models.PositiveIntegerField("aantal")

    class Meta:
        verbose_name = "telling van een bewaartermijnrun"
        verbose_name_plural = "tellingen van bewaartermijnruns"
        ordering = ["run", "region", "kind", "model"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.count}"
