"""The dossier of a young person at a desk. Signalling opens or joins it; the work in it
(contact, intake, plan, guidance, outcome, aftercare) comes with case management."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from doorstroom.people.choices import Desk


class Case(models.Model):
    """One open case per person per desk: a new signal joins it, never a second one."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="cases", verbose_name="jongere"
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name="regio"
    )
    desk = models.CharField("loket", max_length=14, choices=Desk.choices)
    coach = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name="begeleider",
    )
    opened_at = models.DateTimeField("geopend op", auto_now_add=True)
    opened_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_on = models.DateField("gesloten op", null=True, blank=True)
    closing_reason = models.CharField("reden sluiting", max_length=300, blank=True)

    class Meta:
        verbose_name = "dossier"
        verbose_name_plural = "dossiers"
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "desk"],
                condition=Q(closed_on__isnull=True),
                name="one_open_case_per_desk",
            )
        ]

    def __str__(self) -> str:
        return f"dossier {self.pk} ({self.get_desk_display()})"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None
