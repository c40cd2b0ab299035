"""Reference data: regions (Doorstroompunt-regio's), municipalities (CBS codes), schools (BRIN)."""

from __future__ import annotations

from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from doorstroom.people.rules import ADULT_AGE, DEFAULT_UPPER_AGE
from doorstroom.regions.choices import Sector

MUNICIPALITY_CODE = RegexValidator(
    r"^GM\d{4}$", "Een gemeentecode is GM gevolgd door 4 cijfers, zoals GM0150."
)
BRIN_CODE = RegexValidator(
    r"^\d{2}[A-Z]{2}$", "Een BRIN-nummer is 2 cijfers en 2 hoofdletters, zoals 25AB."
)
VESTIGING_CODE = RegexValidator(r"^\d{2}$", "Een vestigingsnummer is 2 cijfers, zoals 00.")
AFTERCARE_MONTHS = RegexValidator(
    r"^([1-9]|1[0-9]|2[0-4])(,([1-9]|1[0-9]|2[0-4]))*$",
    "Vul maanden van 1 tot 24 in, gescheiden door komma's, zoals 3,6.",
)


class Region(models.Model):
    """A Doorstroompunt-regio (formerly RMC-regio): a set of municipalities working together."""

    code = models.CharField("code", max_length=10, unique=True)
    name = models.CharField("naam", max_length=100)
    upper_age = models.PositiveSmallIntegerField(
        "bovengrens leeftijd",
        default=DEFAULT_UPPER_AGE,
        validators=[MinValueValidator(ADULT_AGE + 1), MaxValueValidator(DEFAULT_UPPER_AGE)],
        help_text="Tot deze leeftijd volgt het Doorstroompunt jongeren (wettelijk 27 sinds 2026).",
    )
    contact_deadline_days = models.PositiveSmallIntegerField(
        "termijn eerste contact (dagen)",
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="Binnen zoveel dagen na een signaal neemt het loket contact op (regionale afspraak).",
    )
    contact_attempts = models.PositiveSmallIntegerField(
        "contactpogingen vóór een huisbezoek",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="Zoveel pogingen (brief, telefoon, e-mail, sms) voordat een huisbezoek volgt.",
    )
    contact_weeks = models.PositiveSmallIntegerField(
        "weken voor die pogingen",
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
        help_text="Over zoveel weken na het openen van het dossier worden de pogingen verdeeld.",
    )
    aftercare_months = models.CharField(
        "nazorgcontroles (maanden na afsluiten)",
        max_length=20,
        default="3,6",
        validators=[AFTERCARE_MONTHS],
        help_text="Na zoveel maanden kijkt de begeleider of de jongere nog op school of aan het "
        "werk is, gescheiden door komma's, zoals 3,6.",
    )
    session_idle_minutes = models.PositiveSmallIntegerField(
        "uitloggen na inactiviteit (minuten)",
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(480)],
        help_text="Na zoveel minuten zonder activiteit moet een gebruiker van deze regio opnieuw "
        "inloggen (5 tot 480; de installatie kan een kortere bovengrens zetten).",
    )

    class Meta:
        verbose_name = "regio"
        verbose_name_plural = "regio's"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def aftercare_after(self) -> list[int]:
        """The months after closing at which aftercare checks fall, e.g. [3, 6]."""
        return sorted({int(m) for m in self.aftercare_months.split(",") if m.strip()})


class MunicipalityQuerySet(models.QuerySet):
    def valid_on(self, on: date) -> MunicipalityQuerySet:
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
        )


class Municipality(models.Model):
    """A gemeente by its CBS code; a merger ends it (valid_to) and names its successor."""

    code = models.CharField("CBS-code", max_length=6, unique=True, validators=[MUNICIPALITY_CODE])
    name = models.CharField("naam", max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name="regio"
    )
    valid_from = models.DateField("geldig vanaf", null=True, blank=True)
    valid_to = models.DateField("geldig tot en met", null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name="opgegaan in",
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="municipality_valid_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class School(models.Model):
    """A school location: BRIN number plus vestiging, as DUO identifies it."""

    brin = models.CharField("BRIN", max_length=4, validators=[BRIN_CODE])
    vestiging = models.CharField(
        "vestiging", max_length=2, default="00", validators=[VESTIGING_CODE]
    )
    name = models.CharField("naam", max_length=200)
    sector = models.CharField("sector", max_length=4, choices=Sector.choices)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="schools", verbose_name="gemeente"
    )

    class Meta:
        verbose_name = "school"
        verbose_name_plural = "scholen"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["brin", "vestiging"], name="school_brin_vestiging")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def code(self) -> str:
        return f"{self.brin}{self.vestiging}"


def school_code(brin: str, vestiging: str) -> str:
    """A school location's code (`School.code`) as a delivery writes it: the BRIN in capitals,
    then the vestiging, "00" when it is left out."""
    return brin.upper() + (vestiging or "00")


def school_ids_by_code() -> dict[str, int]:
    """Every school location's id by its code: what a delivery's rows are matched against."""
    return {
        f"{brin}{vestiging}": pk
        for brin, vestiging, pk in School.objects.values_list("brin", "vestiging", "id")
    }
