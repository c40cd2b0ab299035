"""A person's education as the ROD knows it: enrolments (inschrijvingen) and results
(diploma's and certificates), each turned into the plain facts the rules read."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from doorstroom.people import rules
from doorstroom.people.choices import EducationKind, MboPathway, ResultType, VsoProfile
from doorstroom.people.models.person import Person
from doorstroom.regions.models import School

MBO_KINDS = frozenset(
    {EducationKind.MBO_1, EducationKind.MBO_2, EducationKind.MBO_3, EducationKind.MBO_4}
)


class Enrolment(models.Model):
    """An inschrijving at a school: type and level, profile or leerweg, first and last day."""

    # Indexed with its dates below: 'enrolled on a day?' is answered from the index alone.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="enrolments", db_index=False
    )
    # No index on the school: nothing looks enrolments up by school, and each delivered
    # enrolment would insert into it (deleting a school, never done, scans instead).
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="enrolments", db_index=False
    )
    kind = models.CharField("onderwijssoort", max_length=8, choices=EducationKind.choices)
    vso_profile = models.CharField(
        "uitstroomprofiel", max_length=16, choices=VsoProfile.choices, blank=True
    )
    mbo_pathway = models.CharField("leerweg", max_length=3, choices=MboPathway.choices, blank=True)
    start_date = models.DateField("ingeschreven vanaf")
    end_date = models.DateField(
        "ingeschreven tot en met",
        null=True,
        blank=True,
        help_text="De laatste dag van inschrijving.",
    )
    leaving_reason = models.CharField("reden uitschrijving", max_length=100, blank=True)
    # NULL, not '', when a source gives none: a plain unique index then serves every lookup.
    source_id = models.CharField(  # noqa: DJ001  NULL when a sender gives none, see above
        "kenmerk bij de bron",
        max_length=40,
        null=True,
        blank=True,
        help_text="Het vaste kenmerk van de inschrijving in de levering (inschrijving_id).",
    )  # unique by Meta.constraints, as the BSN is (no LIKE index on PostgreSQL)

    class Meta:
        verbose_name = "inschrijving"
        verbose_name_plural = "inschrijvingen"
        ordering = ["person", "start_date"]
        indexes = [
            models.Index(
                fields=["person", "start_date", "end_date"], name="enrolment_person_period"
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["source_id"], name="enrolment_source_unique"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="enrolment_period",
            ),
            models.CheckConstraint(
                condition=Q(kind=EducationKind.VSO) | Q(vso_profile=""), name="vso_profile_only_vso"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=MBO_KINDS) | Q(mbo_pathway=""), name="pathway_only_mbo"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.start_date} - {self.end_date or ''})"

    def clean(self) -> None:
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = "De inschrijving eindigt vóór zij begint."
        if self.kind == EducationKind.VSO and not self.vso_profile:
            errors["vso_profile"] = "Een vso-inschrijving heeft een uitstroomprofiel."
        if self.kind != EducationKind.VSO and self.vso_profile:
            errors["vso_profile"] = "Alleen vso heeft een uitstroomprofiel."
        if self.kind in MBO_KINDS and not self.mbo_pathway:
            errors["mbo_pathway"] = "Een mbo-inschrijving heeft een leerweg (BOL of BBL)."
        if self.kind not in MBO_KINDS and self.mbo_pathway:
            errors["mbo_pathway"] = "Alleen mbo heeft een leerweg (BOL of BBL)."
        if self.start_date and self.person_id and self.start_date < self.person.date_of_birth:
            errors["start_date"] = "De inschrijving begint vóór de geboortedatum."
        if errors:
            raise ValidationError(errors)

    @property
    def description(self) -> str:
        """mbo-2 (BOL), vso (arbeidsmarkt), havo."""
        extra = self.get_mbo_pathway_display() if self.mbo_pathway else self.vso_profile
        short = EducationKind(self.kind).short
        return f"{short} ({extra.split(' ')[0]})" if extra else short

    def fact(self) -> rules.EnrolmentFact:
        return rules.EnrolmentFact(
            kind=EducationKind(self.kind),
            start=self.start_date,
            end=self.end_date,
            vso_profile=VsoProfile(self.vso_profile) if self.vso_profile else None,
        )


class Result(models.Model):
    """A diploma or certificate (resultaat) with the day it was obtained."""

    # Indexed with what 'has a startkwalificatie on a day?' asks, below.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="results", db_index=False
    )
    kind = models.CharField("onderwijssoort", max_length=8, choices=EducationKind.choices)
    result_type = models.CharField(
        "soort", max_length=11, choices=ResultType.choices, default=ResultType.DIPLOMA
    )
    obtained_on = models.DateField("behaald op")
    # No index on the school, as for enrolments.
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="results",
        db_index=False,
    )
    source_id = models.CharField(  # noqa: DJ001  NULL when a sender gives none, as for enrolments
        "kenmerk bij de bron",
        max_length=40,
        null=True,
        blank=True,
        help_text="Het vaste kenmerk van het resultaat in de levering (resultaat_id).",
    )  # unique by Meta.constraints, as the BSN is (no LIKE index on PostgreSQL)

    class Meta:
        verbose_name = "resultaat"
        verbose_name_plural = "resultaten"
        ordering = ["person", "obtained_on"]
        indexes = [
            models.Index(
                fields=["person", "result_type", "kind", "obtained_on"], name="result_person_kind"
            )
        ]
        constraints = [models.UniqueConstraint(fields=["source_id"], name="result_source_unique")]

    def __str__(self) -> str:
        return f"{self.get_result_type_display()} {EducationKind(self.kind).short} ({self.obtained_on})"

    def clean(self) -> None:
        if self.obtained_on and self.person_id and self.obtained_on < self.person.date_of_birth:
            raise ValidationError({"obtained_on": "Het resultaat ligt vóór de geboortedatum."})

    def fact(self) -> rules.ResultFact:
        return rules.ResultFact(
            kind=EducationKind(self.kind),
            obtained_on=self.obtained_on,
            is_diploma=self.result_type == ResultType.DIPLOMA,
        )
