"""Intake (why the young person left, their situation, their own goal) and the plan
(maatwerktraject), kept as versions: a revised plan is a new version, the old one stays."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from doorstroom.cases.choices import PlanKind, Situation
from doorstroom.cases.models.case import Case


class LeavingReason(models.Model):
    """A reason for leaving school: DOMAIN.md's list for every region (region empty), plus
    what a region adds itself."""

    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="regio",
        help_text="Leeg: voor elke regio.",
    )
    label = models.CharField("reden", max_length=100)
    active = models.BooleanField("in gebruik", default=True)

    class Meta:
        verbose_name = "reden van schoolverlaten"
        verbose_name_plural = "redenen van schoolverlaten"
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(fields=["region", "label"], name="leaving_reason_per_region"),
            models.UniqueConstraint(
                fields=["label"], condition=Q(region__isnull=True), name="leaving_reason_national"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Intake(models.Model):
    """The intake conversation: one per case."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="intake")
    held_on = models.DateField("intake gehouden op")
    reasons = models.ManyToManyField(
        LeavingReason, related_name="+", verbose_name="redenen van schoolverlaten"
    )
    reason_note = models.CharField("toelichting op de redenen", max_length=500, blank=True)
    goal = models.TextField("eigen doel van de jongere")
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "intake"
        verbose_name_plural = "intakes"

    def __str__(self) -> str:
        return f"intake {self.held_on}"


class IntakeSituation(models.Model):
    """How things stand in one domain of life (living, income, work, health, ...)."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="situation")
    domain = models.CharField("domein", max_length=13, choices=Situation.choices)
    note = models.CharField("situatie", max_length=300)

    class Meta:
        verbose_name = "situatie"
        verbose_name_plural = "situaties"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["intake", "domain"], name="one_situation_per_domain")
        ]

    def __str__(self) -> str:
        return f"{self.get_domain_display()}: {self.note}"


class Plan(models.Model):
    """A version of the maatwerktraject: kind, agreements, partners, the measure of the
    regional programme it counts for, and its cost."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveSmallIntegerField("versie")
    made_on = models.DateField("opgesteld op")
    kind = models.CharField("soort traject", max_length=12, choices=PlanKind.choices)
    agreements = models.TextField("afspraken")
    partners = models.ManyToManyField(
        "partners.Organisation", blank=True, related_name="+", verbose_name="betrokken partners"
    )
    measure = models.ForeignKey(
        "programme.Measure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name="maatregel regionaal programma",
    )
    cost = models.DecimalField(
        "kosten (euro)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    made_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "plan"
        verbose_name_plural = "plannen"
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="plan_version_per_case")
        ]

    def __str__(self) -> str:
        return f"plan versie {self.version}"


class PlanGoal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    description = models.CharField("doel", max_length=300)
    due_on = models.DateField("streefdatum")
    achieved_on = models.DateField("behaald op", null=True, blank=True)

    class Meta:
        verbose_name = "doel"
        verbose_name_plural = "doelen"
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description
