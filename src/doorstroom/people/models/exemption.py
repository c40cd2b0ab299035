"""A vrijstelling (Leerplichtwet art. 5, 11, 15): while valid it stops the signals it
covers; its end raises one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from doorstroom.people.choices import ExemptionArticle
from doorstroom.people.models.person import Person


class Exemption(models.Model):
    """A vrijstelling: while valid it stops the signals it covers; its end raises one."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="exemptions")
    article = models.CharField("artikel", max_length=3, choices=ExemptionArticle.choices)
    start_date = models.DateField("geldig vanaf")
    end_date = models.DateField(
        "geldig tot en met", null=True, blank=True, help_text="Leeg: zonder einddatum."
    )
    decision_reference = models.CharField(
        "kenmerk besluit",
        max_length=60,
        help_text="Het kenmerk van het besluit of de verklaring, zoals LPA-2026-0142.",
    )
    end_reason = models.CharField(
        "reden beëindiging",
        max_length=300,
        blank=True,
        help_text="Waarom de vrijstelling eerder eindigt dan besloten, als dat zo is.",
    )
    registered_at = models.DateTimeField("geregistreerd op", auto_now_add=True)
    registered_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "vrijstelling"
        verbose_name_plural = "vrijstellingen"
        ordering = ["person", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="exemption_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_article_display()} ({self.start_date} - {self.end_date or ''})"

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "De vrijstelling eindigt vóór zij begint."})
