"""The young person in the register (identified by BSN, stored encrypted) and where they
live and lived: the current municipality on the person, the address history in Residence."""

from __future__ import annotations

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from doorstroom import dates
from doorstroom.crypto import EncryptedTextField, LookupHashField, lookup_hash
from doorstroom.people import rules
from doorstroom.people.bsn import validate_bsn
from doorstroom.people.names import name_key
from doorstroom.regions.models import Municipality, Region

POSTCODE = RegexValidator(
    r"^\d{4}[A-Z]{2}$", "Een postcode is 4 cijfers en 2 hoofdletters, zoals 7411AB."
)
EARLIEST_BIRTH = date(1900, 1, 1)


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
        from doorstroom.people.models.education import Enrolment, Result  # they import Person

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
