"""Meldingen: a verzuimmelding from the ROD (delivered in a run) or a report a school or
partner made itself, with DUO's statuses and kinds of verzuim (DOMAIN.md)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from doorstroom.deliveries.models.runs import ImportRun


class AbsenceKind(models.TextChoices):
    """Verzuimsoort of a melding (DOMAIN.md, 'Kinds of verzuim'); absoluut verzuim is found by
    the register itself and never delivered."""

    SIXTEEN_HOURS = "16_uur", "16 uur in 4 weken (relatief verzuim)"
    LONG_TERM = "langdurig_relatief", "langdurig relatief verzuim"
    LUXURY = "luxe", "luxe verzuim"
    ADULT = "18_plus", "Doorstroompunt 18-plus verzuim"
    OTHER = "overig", "overig verzuim"


class ReportStatus(models.TextChoices):
    """Status of a melding as DUO knows it."""

    REGISTERED = "geregistreerd", "geregistreerd"
    IN_PROGRESS = "in_behandeling", "in behandeling"
    CLOSED = "afgesloten", "afgesloten"
    WITHDRAWN = "ingetrokken", "ingetrokken"
    ACKNOWLEDGED = "ter_kennisgeving", "ter kennisgeving aangenomen"


class ReportKind(models.TextChoices):
    """What a melding is about (the signalling issue: verzuim, uitschrijving, zorg)."""

    ABSENCE = "verzuim", "verzuim"
    LEFT_SCHOOL = "uitschrijving", "uitschrijving zonder startkwalificatie"
    CONCERN = "zorg", "zorgsignaal"


class ReportSource(models.TextChoices):
    ROD = "rod", "ROD (DUO), via een levering"
    FORM = "formulier", "formulier van een school of ketenpartner"
    API = "api", "koppeling (API)"


EXPLANATION_LIMIT = 4000
"""The most a melding's toelichting holds (a text column without a limit of its own): the
melding form, the API and the verzuim file refuse a longer one."""


class Report(models.Model):
    """A melding about a young person: a verzuimmelding from the ROD, or a report that a
    school or partner made itself. Signalling turns it into a signal for the right desk."""

    report_number = models.CharField("meldingnummer", max_length=40, unique=True)
    source = models.CharField(
        "bron", max_length=10, choices=ReportSource.choices, default=ReportSource.ROD
    )
    subject = models.CharField(
        "soort melding", max_length=13, choices=ReportKind.choices, default=ReportKind.ABSENCE
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name="jongere",
    )
    school = models.ForeignKey(
        "regions.School", on_delete=models.PROTECT, null=True, blank=True, verbose_name="school"
    )
    kind = models.CharField("verzuimsoort", max_length=20, choices=AbsenceKind.choices, blank=True)
    reported_at = models.DateTimeField("gemeld op")
    suspected_reason = models.CharField("vermoedelijke reden", max_length=200, blank=True)
    explanation = models.TextField("toelichting", blank=True)
    action = models.CharField("actie", max_length=200, blank=True)
    days_absent = models.PositiveSmallIntegerField("dagen afwezig", null=True, blank=True)
    contact_person = models.CharField("contactpersoon", max_length=200, blank=True)
    school_year = models.CharField("schooljaar", max_length=9, blank=True)
    level = models.CharField("niveau", max_length=20, blank=True)
    pathway = models.CharField("leerweg", max_length=20, blank=True)
    status = models.CharField("status", max_length=16, choices=ReportStatus.choices)
    run = models.ForeignKey(
        ImportRun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="inleesrun",
    )
    reported_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name="gemeld door",
    )
    reported_name = models.CharField(
        "naam zoals gemeld",
        max_length=200,
        blank=True,
        help_text="Wat de melder invulde; de melder ziet dit, niet het register.",
    )
    differs_from_register = models.BooleanField(
        "wijkt af van het register",
        default=False,
        help_text="De melder gaf bij een bekend BSN een andere achternaam of geboortedatum "
        "dan het register heeft: misschien een verkeerd BSN. Alleen het loket ziet dit.",
    )

    class Meta:
        verbose_name = "melding"
        verbose_name_plural = "meldingen"
        ordering = ["-reported_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(subject="verzuim") | Q(kind=""), name="absence_kind_only_verzuim"
            ),
        ]
        indexes = [models.Index(fields=["reported_by", "-reported_at"], name="report_by_user")]

    def __str__(self) -> str:
        return f"{self.report_number} ({self.description})"

    @property
    def description(self) -> str:
        return self.get_kind_display() if self.kind else self.get_subject_display()
