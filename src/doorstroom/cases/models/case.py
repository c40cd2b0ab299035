"""The case (dossier) and its history: one open case per person per desk, and an entry for
every change, never edited."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.db import models
from django.db.models import Q

from doorstroom.cases.choices import (
    CaseState,
    EntryKind,
    MasPhase,
    MasRoute,
    Outcome,
)
from doorstroom.cases.workflow import OPEN_STATES
from doorstroom.crypto import EncryptedTextField
from doorstroom.people.choices import Desk

OPEN = ~Q(state=CaseState.CLOSED)


class CaseQuerySet(models.QuerySet):
    def open(self) -> CaseQuerySet:
        return self.filter(OPEN)

    def due_by(self, on: date) -> CaseQuerySet:
        """Open cases with something due on or before `on` (today: due today and overdue)."""
        return self.open().filter(next_due_on__lte=on)

    def for_list(self) -> CaseQuerySet:
        """What a row of a case list shows, in one query per page."""
        return self.select_related("person__municipality", "coach")


class Case(models.Model):
    """A young person's dossier at one desk, from first contact to aftercare."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="cases", verbose_name="jongere"
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name="regio"
    )
    desk = models.CharField("loket", max_length=14, choices=Desk.choices)
    state = models.CharField(
        "status", max_length=11, choices=CaseState.choices, default=CaseState.NEW
    )
    coach = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name="begeleider",
    )
    opened_at = models.DateTimeField("geopend op", auto_now_add=True)
    opened_on = models.DateField("geopend op (datum)")
    opened_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    listed_on = models.DateField(
        "gesignaleerd op",
        help_text="De dag van het eerste signaal (de DUO-lijst): het effectrapport telt de "
        "weken tot de intake vanaf hier.",
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="overgedragen uit",
        help_text="Het dossier bij leerplicht dat met 18 jaar overging naar het Doorstroompunt.",
    )
    outcome = models.CharField("uitkomst", max_length=17, choices=Outcome.choices, blank=True)
    closed_on = models.DateField("afgesloten op", null=True, blank=True)
    closing_reason = models.CharField("toelichting afsluiting", max_length=300, blank=True)
    mas_phase = models.CharField("MAS-fase", max_length=11, choices=MasPhase.choices, blank=True)
    mas_route = models.CharField("MAS-route", max_length=10, choices=MasRoute.choices, blank=True)
    next_due_on = models.DateField("eerstvolgende actie op", null=True, blank=True)
    next_due = models.CharField("eerstvolgende actie", max_length=200, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "dossier"
        verbose_name_plural = "dossiers"
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "desk"], condition=OPEN, name="one_open_case_per_desk"
            ),
            models.CheckConstraint(
                condition=Q(state=CaseState.CLOSED, closed_on__isnull=False)
                | ~Q(state=CaseState.CLOSED),
                name="closed_case_has_date",
            ),
        ]
        indexes = [
            # "My cases": a coach's open cases, what is due first; with the region and desk the
            # list filters on, so that the unassigned cases (coach empty) of one region are a
            # range of the index too, not every unassigned case in the country, and the count
            # is read from the index alone (BENCHMARKS.md, case management at national scale).
            models.Index(
                fields=["coach", "region", "desk", "next_due_on"],
                condition=OPEN,
                name="case_caseload",
            ),
            # The same for the closed cases, newest first.
            models.Index(
                fields=["coach", "region", "desk", "closed_on"],
                condition=Q(state=CaseState.CLOSED),
                name="case_closed",
            ),
            # The coordinator's view and the desk's lists.
            models.Index(fields=["region", "desk", "state"], name="case_desk_state"),
            models.Index(fields=["person"], name="case_person"),
        ]

    def __str__(self) -> str:
        return f"dossier {self.number} ({self.get_desk_display()})"

    @property
    def number(self) -> str:
        """The number a caseworker reads out on the phone: D-2026-000123."""
        return f"D-{self.opened_on.year}-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_leerplicht(self) -> bool:
        return self.desk == Desk.LEERPLICHT


class HistoryIsPermanent(Exception):
    """A case's history is never edited (one write path appends; retention removes the case
    as a whole)."""


class CaseEntryQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise HistoryIsPermanent("De geschiedenis van een dossier kan niet worden gewijzigd.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise HistoryIsPermanent(
            "De geschiedenis van een dossier wordt alleen met het hele dossier verwijderd "
            "(bewaartermijn)."
        )


class CaseEntry(models.Model):
    """One line of a case's history and timeline: what happened, by whom, when. Contact
    moments and notes live here whole; other records (an attempt, a plan, a referral) have
    their own table and an entry that says what changed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="entries")
    at = models.DateTimeField("tijdstip")
    on = models.DateField(
        "datum", help_text="De dag waarop het gebeurde (kan vóór het vastleggen liggen)."
    )
    by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="door",
        help_text="Leeg: het systeem (signalering, register, nazorg).",
    )
    kind = models.CharField("soort", max_length=18, choices=EntryKind.choices)
    summary = models.CharField("samenvatting", max_length=300)
    text = models.TextField("tekst", blank=True)
    confidential = models.BooleanField("vertrouwelijk", default=False)
    state = models.CharField("status daarna", max_length=11, choices=CaseState.choices)

    objects = CaseEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "dossierregel"
        verbose_name_plural = "dossiergeschiedenis"
        # The timeline reads as it happened (a note written a day late sorts on its day).
        ordering = ["-on", "-at", "-id"]
        indexes = [models.Index(fields=["case", "-on", "-at", "-id"], name="case_entry_timeline")]

    def __str__(self) -> str:
        return f"{self.on}: {self.summary}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise HistoryIsPermanent("De geschiedenis van een dossier kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise HistoryIsPermanent(
            "De geschiedenis van een dossier wordt alleen met het hele dossier verwijderd."
        )

    @property
    def body(self) -> str:
        """The words of the entry: a confidential note's come from its sealed text (read it
        with `select_related("sealed")`, and show it only to whom access allows)."""
        if not self.confidential:
            return self.text
        sealed = getattr(self, "sealed", None)
        return sealed.text if sealed is not None else ""


class SealedText(models.Model):
    """The words of a confidential note, encrypted at rest (AVG art. 32; crypto.py). Apart
    from its history line, which no UPDATE may touch, so that `doorstroom rotate_keys` can
    re-encrypt them; written once, with the line."""

    entry = models.OneToOneField(
        CaseEntry, on_delete=models.CASCADE, primary_key=True, related_name="sealed"
    )
    text = EncryptedTextField("tekst")

    class Meta:
        verbose_name = "vertrouwelijke tekst"
        verbose_name_plural = "vertrouwelijke teksten"

    def __str__(self) -> str:
        return f"vertrouwelijke tekst bij regel {self.entry_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise HistoryIsPermanent("De geschiedenis van een dossier kan niet worden gewijzigd.")
        super().save(*args, **kwargs)
