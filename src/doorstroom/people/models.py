"""The register: young people, where they live(d), their enrolments and their results."""

from __future__ import annotations

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from doorstroom import dates
from doorstroom.accounts.models import AppendOnlyError
from doorstroom.crypto import EncryptedTextField, LookupHashField, lookup_hash
from doorstroom.people import rules
from doorstroom.people.bsn import validate_bsn
from doorstroom.people.choices import (
    EducationKind,
    ExemptionArticle,
    MboPathway,
    ResultType,
    VsoProfile,
)
from doorstroom.people.names import name_key
from doorstroom.regions.models import Municipality, Region, School

POSTCODE = RegexValidator(
    r"^\d{4}[A-Z]{2}$", "Een postcode is 4 cijfers en 2 hoofdletters, zoals 7411AB."
)
EARLIEST_BIRTH = date(1900, 1, 1)
MBO_KINDS = frozenset(
    {EducationKind.MBO_1, EducationKind.MBO_2, EducationKind.MBO_3, EducationKind.MBO_4}
)


class PersonQuerySet(models.QuerySet):
    def in_regions(self, region_ids: set[int]) -> PersonQuerySet:
        """Persons who live now in a municipality of one of these regions."""
        return self.filter(municipality__region_id__in=region_ids)

    def with_bsn(self, bsn: str) -> PersonQuerySet:
        """The person with this BSN (nine digits), found by its keyed hash: the BSN itself is
        stored encrypted and cannot be searched."""
        return self.filter(bsn_hash=lookup_hash(bsn))

    def with_register(self) -> PersonQuerySet:
        """Everything the rules need, in three queries whatever the number of persons."""
        return self.prefetch_related(
            models.Prefetch("enrolments", queryset=Enrolment.objects.select_related("school")),
            models.Prefetch("results", queryset=Result.objects.select_related("school")),
        )


class Person(models.Model):
    """A young person in the register, identified by BSN, named as Dutch registers do."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Stored encrypted (AES-256-GCM, crypto.py); found by `bsn_hash`, its keyed hash (HMAC),
    # which save() keeps in step and bulk writers fill themselves (`hash_bsn`).
    bsn = EncryptedTextField("BSN", validators=[validate_bsn])
    # Unique by a constraint in Meta, not unique=True, which on PostgreSQL adds a second
    # index for LIKE searches: no query needs it, a national import would keep it up to date.
    bsn_hash = LookupHashField(editable=False)
    given_names = models.CharField("voornamen", max_length=200)
    surname_prefix = models.CharField("voorvoegsel", max_length=20, blank=True)
    surname = models.CharField("geslachtsnaam", max_length=200)
    surname_key = models.CharField(max_length=200, editable=False, db_index=True)
    date_of_birth = models.DateField("geboortedatum")
    phone = models.CharField("telefoon", max_length=20, blank=True)
    email = models.EmailField("e-mail", blank=True)
    date_of_death = models.DateField("overlijdensdatum", null=True, blank=True)
    date_of_emigration = models.DateField("emigratiedatum", null=True, blank=True)
    reported_only = models.BooleanField(
        "alleen bekend uit een melding",
        default=False,
        db_default=False,  # the import inserts persons with its own SQL
        help_text="Toegevoegd door een melding van een school of partner; DUO's levering vult aan.",
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="residents",
        verbose_name="woongemeente",
        help_text="De gemeente van het huidige adres; de adresgeschiedenis staat in Residence.",
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "jongere"
        verbose_name_plural = "jongeren"
        ordering = ["surname_key", "given_names", "id"]
        indexes = [
            models.Index(fields=["date_of_birth"], name="person_date_of_birth"),
            # Signalling's preselection: who lives in a region, alive and in the country, with
            # the date of birth, answered from this index alone; by id within a municipality,
            # so that the probes of the enrolments that follow come in the index's order
            # (SQLite: 7.0 -> 3.7 s for the country's 3.5 M persons, the probes included).
            models.Index(
                fields=["municipality", "id", "date_of_birth"],
                condition=Q(date_of_death__isnull=True, date_of_emigration__isnull=True),
                name="person_present",
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["bsn_hash"], name="person_bsn_hash_unique")]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.surname_key = name_key(self.surname)
        self.hash_bsn()
        super().save(*args, **kwargs)

    def hash_bsn(self) -> None:
        """Keep the look-up hash in step with the BSN; bulk_create does not call save()."""
        self.bsn_hash = lookup_hash(self.bsn) if self.bsn else ""

    def validate_constraints(self, exclude=None) -> None:
        """A form with the BSN checks its uniqueness through the hash, which no form has."""
        super().validate_constraints(exclude)
        if (exclude and "bsn" in exclude) or not self.bsn:
            return
        others = Person.objects.with_bsn(self.bsn).exclude(pk=self.pk)
        if others.exists():
            raise ValidationError({"bsn": "Er staat al een jongere met dit BSN in het register."})

    def clean(self) -> None:
        errors = {}
        if self.date_of_birth and not EARLIEST_BIRTH <= self.date_of_birth <= dates.today():
            errors["date_of_birth"] = "Vul een geboortedatum in tussen 1900 en vandaag."
        for field in ("date_of_death", "date_of_emigration"):
            value = getattr(self, field)
            if value and self.date_of_birth and value < self.date_of_birth:
                errors[field] = "Deze datum ligt vóór de geboortedatum."
        if errors:
            raise ValidationError(errors)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.surname_prefix, self.surname) if p)

    @property
    def sort_name(self) -> str:
        """As Dutch registers list a name: Berg, Noor van den."""
        given = " ".join(p for p in (self.given_names, self.surname_prefix) if p)
        return f"{self.surname}, {given}" if given else self.surname

    @property
    def region(self) -> Region:
        return self.municipality.region

    def facts(self) -> rules.PersonFacts:
        """The plain data the rules work on; use with `with_register()` to avoid queries."""
        return rules.PersonFacts(
            date_of_birth=self.date_of_birth,
            enrolments=tuple(e.fact() for e in self.enrolments.all()),
            results=tuple(r.fact() for r in self.results.all()),
            date_of_death=self.date_of_death,
            date_of_emigration=self.date_of_emigration,
        )


class Residence(models.Model):
    """Where a person lived from `valid_from` to `valid_to`: a move adds a row, never overwrites."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="residences")
    # No index on the municipality: no page, rule or job looks addresses up by municipality
    # (Person.municipality is the current one), and every weekly move would insert into it.
    # Deleting a municipality (never done: mergers keep it, with its successor) scans instead.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="gemeente",
        db_index=False,
    )
    street = models.CharField("straat", max_length=200, blank=True)
    house_number = models.PositiveIntegerField("huisnummer")
    house_number_addition = models.CharField("toevoeging", max_length=10, blank=True)
    postcode = models.CharField("postcode", max_length=6, validators=[POSTCODE])
    city = models.CharField("woonplaats", max_length=100, blank=True)
    valid_from = models.DateField("vanaf")
    valid_to = models.DateField("tot en met", null=True, blank=True)

    class Meta:
        verbose_name = "adres"
        verbose_name_plural = "adressen"
        ordering = ["person", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(valid_to__isnull=True), name="one_current_residence"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="residence_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.street} {self.house_number}{self.house_number_addition}, {self.postcode}"

    @property
    def written_postcode(self) -> str:
        """The postcode as it is written in Dutch (PostNL): 7411 AB, stored as 7411AB."""
        return f"{self.postcode[:4]} {self.postcode[4:]}"

    @property
    def address_line(self) -> str:
        number = f"{self.house_number}{self.house_number_addition}"
        return " ".join(p for p in (self.street, number) if p)


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


class RectificationQuerySet(models.QuerySet):
    def update(self, **kwargs) -> int:
        raise AppendOnlyError("De correctiegeschiedenis kan niet worden gewijzigd.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("De correctiegeschiedenis kan niet worden verwijderd.")


class Rectification(models.Model):
    """One corrected field of a person (AVG art. 16): who, when, old and new value, and why.

    Written once by `services.rectify_person`, never changed: the model, its queryset and
    database triggers refuse an UPDATE or DELETE (accounts/triggers.py). It goes with the
    person when retention removes them, the old values are personal data too: the triggers
    let the DELETE through for a person named by a `RectificationPurgePermit`.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="rectifications")
    at = models.DateTimeField("tijdstip", default=timezone.now)
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="gecorrigeerd door",
    )
    field = models.CharField("gegeven", max_length=40)
    old_value = models.CharField("oude waarde", max_length=254, blank=True)
    new_value = models.CharField("nieuwe waarde", max_length=254, blank=True)
    reason = models.CharField("reden", max_length=300)

    objects = RectificationQuerySet.as_manager()

    class Meta:
        verbose_name = "correctie"
        verbose_name_plural = "correcties"
        ordering = ["person", "-at", "-id"]

    def __str__(self) -> str:
        return f"{self.field_label} ({self.at:%Y-%m-%d})"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError("De correctiegeschiedenis kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("De correctiegeschiedenis kan niet worden verwijderd.")

    @property
    def field_label(self) -> str:
        return str(Person._meta.get_field(self.field).verbose_name)

    @property
    def by(self) -> str:
        """Who corrected, as colleagues know them."""
        if self.user is None:
            return "onbekend"
        return self.user.display_name


class RectificationPurgePermit(models.Model):
    """Lets the retention job, and only it, delete the corrections of one person: it writes a
    permit for each person it deletes, deletes them, and removes the permits in the same
    transaction (retention.person_data.persons). A plain number, not a foreign key, so that
    the deletion of the person does not take the permit first."""

    person_id = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = "toestemming om de correcties van een jongere te verwijderen"
        verbose_name_plural = "toestemmingen om de correcties van een jongere te verwijderen"

    def __str__(self) -> str:
        return f"correcties van jongere {self.person_id}"
