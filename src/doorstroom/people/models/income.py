"""The Inlichtingenbureau's monthly match of the vsv list against income data: the latest
priority of a person (DOMAIN.md, 'Where the data comes from')."""

from __future__ import annotations

from django.db import models

from doorstroom.people.models.person import Person


class IncomePriority(models.IntegerChoices):
    """The Inlichtingenbureau's monthly match of the vsv list against income data."""

    NO_WORK_NO_BENEFIT = 1, "1: geen werk en geen uitkering"
    SMALL_JOB = 2, "2: werk onder 300 euro per maand"
    JOB = 3, "3: werk boven 300 euro per maand"
    WORK_AND_BENEFIT = 4, "4: werk en een uitkering"
    BENEFIT = 5, "5: alleen een uitkering"


class IncomeMatch(models.Model):
    """The latest Inlichtingenbureau priority of a person; priority 1 comes first."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="income_match")
    priority = models.PositiveSmallIntegerField("prioriteit", choices=IncomePriority.choices)
    reported_on = models.DateField("peildatum")

    class Meta:
        verbose_name = "prioriteit Inlichtingenbureau"
        verbose_name_plural = "prioriteiten Inlichtingenbureau"

    def __str__(self) -> str:
        return f"{self.get_priority_display()} ({self.reported_on})"
