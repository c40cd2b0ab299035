"""The regional programme (regionaal programma, legal task 3). For now only what a plan
points at: the measures a maatwerktraject counts for. Targets, budgets and progress come
with the programme's own work."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

LAST_BEFORE_FIRST = "Het laatste jaar kan niet voor het eerste jaar liggen."


class Measure(models.Model):
    """A maatregel of a region's programme, such as 'Doorstroom' or 'Civil society'."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="measures", verbose_name="regio"
    )
    name = models.CharField("naam", max_length=200)
    first_year = models.PositiveSmallIntegerField("eerste jaar", default=2026)
    last_year = models.PositiveSmallIntegerField("laatste jaar", default=2029)
    cost_per_traject = models.DecimalField(
        "kosten per traject (euro)", max_digits=9, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = "maatregel"
        verbose_name_plural = "maatregelen"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="measure_name_per_region"),
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")),
                name="measure_years_in_order",
                violation_error_message=LAST_BEFORE_FIRST,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # On the field the beheerder changes; the constraint keeps other writers in order.
        years = (self.first_year, self.last_year)
        if None not in years and self.last_year < self.first_year:
            raise ValidationError({"last_year": LAST_BEFORE_FIRST})
