"""Yearly figures per region, fixed once and kept after the persons behind them are gone."""

from __future__ import annotations

from django.db import models


class Measure(models.TextChoices):
    """What a yearly figure counts; the year and the day it is fixed: monitor/figures.py."""

    NEW_VSV = "nieuwe_vsv", "nieuwe voortijdig schoolverlaters (officiële telling)"
    JIKP = "jikp", "jongeren in een kwetsbare positie (cohort)"
    SIGNALS = "signalen", "gesignaleerde jongeren (signalen)"
    ABSENCE_REPORTS = "verzuimmeldingen", "verzuimmeldingen"
    EFFECT = "effectrapportage", "effectrapportage aan OCW (dossiers van het Doorstroompunt)"


class Breakdown(models.TextChoices):
    """How a figure is split; the total has an empty key and is always there, even when 0."""

    TOTAL = "totaal", "totaal"
    MUNICIPALITY = "gemeente", "woongemeente (CBS-code)"
    SCHOOL = "school", "school (BRIN en vestiging)"
    EDUCATION = "onderwijssoort", "onderwijssoort"
    AGE = "leeftijd", "leeftijd"
    KIND = "soort", "soort"
    DESK = "loket", "loket"
    FOLLOW_UP = "situatie", "situatie op 1 oktober van T+1"
    STEP = "stap", "bereikte stap (benaderd, intake, traject)"
    OUTCOME = "uitkomst", "uitkomst in de categorieën van OCW"
    WEEKS_TO_INTAKE = "tot_intake", "weken van gesignaleerd tot intake"
    AFTERCARE = "nazorg", "duur van de nazorg"


class YearlyFigureQuerySet(models.QuerySet):
    def total(self, region_id: int, measure: Measure, year: int) -> int | None:
        """The fixed total, or None while the year is not fixed."""
        return (
            self.filter(region_id=region_id, measure=measure, year=year, breakdown=Breakdown.TOTAL)
            .values_list("value", flat=True)
            .first()
        )


class YearlyFigure(models.Model):
    """One count of one region for one year, e.g. the new vsv'ers of 2024 living in GM0150.

    Written once when the year is fixed (monitor.services.fix_figures, run by the retention
    job before it deletes anything) and never recomputed: after retention the persons
    behind it are gone, so a recount would be wrong.
    """

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name="regio"
    )
    year = models.PositiveSmallIntegerField("jaar T")
    measure = models.CharField("wat", max_length=16, choices=Measure.choices)
    breakdown = models.CharField("uitsplitsing", max_length=14, choices=Breakdown.choices)
    key = models.CharField("waarde van de uitsplitsing", max_length=40, blank=True)
    value = models.PositiveIntegerField("aantal")
    fixed_on = models.DateField("vastgelegd op")

    objects = YearlyFigureQuerySet.as_manager()

    class Meta:
        verbose_name = "jaarcijfer"
        verbose_name_plural = "jaarcijfers"
        ordering = ["region", "measure", "year", "breakdown", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "measure", "year", "breakdown", "key"], name="one_figure"
            )
        ]

    def __str__(self) -> str:
        split = f" {self.get_breakdown_display()} {self.key}" if self.key else ""
        return f"{self.get_measure_display()} {self.year}{split}: {self.value}"
