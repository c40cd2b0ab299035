"""Codes of the register (education kinds, profiles, desks), in one place.

The rules in rules.py use these enums as plain values; models use them as field choices.
"""

from django.db import models

from doorstroom.regions.choices import Sector


class EducationKind(models.TextChoices):
    """Type and level of an enrolment or a result."""

    PO = "po", "basisonderwijs"
    VMBO_BB = "vmbo_bb", "vmbo basisberoepsgerichte leerweg"
    VMBO_KB = "vmbo_kb", "vmbo kaderberoepsgerichte leerweg"
    VMBO_GL = "vmbo_gl", "vmbo gemengde leerweg"
    VMBO_TL = "vmbo_tl", "vmbo theoretische leerweg"
    HAVO = "havo", "havo"
    VWO = "vwo", "vwo"
    PRO = "pro", "praktijkonderwijs"
    VSO = "vso", "voortgezet speciaal onderwijs"
    MBO_1 = "mbo_1", "mbo niveau 1 (entree)"
    MBO_2 = "mbo_2", "mbo niveau 2"
    MBO_3 = "mbo_3", "mbo niveau 3"
    MBO_4 = "mbo_4", "mbo niveau 4"
    VAVO = "vavo", "vavo"
    HBO = "hbo", "hbo"
    WO = "wo", "wo"

    @property
    def short(self) -> str:
        """The short name a caseworker writes: vmbo-kb, mbo-2, havo."""
        return SHORT_NAMES[self]

    @property
    def sector(self) -> Sector:
        return SECTORS[self]


SHORT_NAMES = {
    EducationKind.PO: "po",
    EducationKind.VMBO_BB: "vmbo-bb",
    EducationKind.VMBO_KB: "vmbo-kb",
    EducationKind.VMBO_GL: "vmbo-gl",
    EducationKind.VMBO_TL: "vmbo-tl",
    EducationKind.HAVO: "havo",
    EducationKind.VWO: "vwo",
    EducationKind.PRO: "pro",
    EducationKind.VSO: "vso",
    EducationKind.MBO_1: "mbo-1",
    EducationKind.MBO_2: "mbo-2",
    EducationKind.MBO_3: "mbo-3",
    EducationKind.MBO_4: "mbo-4",
    EducationKind.VAVO: "vavo",
    EducationKind.HBO: "hbo",
    EducationKind.WO: "wo",
}

SECTORS = {
    EducationKind.PO: Sector.PO,
    EducationKind.VMBO_BB: Sector.VO,
    EducationKind.VMBO_KB: Sector.VO,
    EducationKind.VMBO_GL: Sector.VO,
    EducationKind.VMBO_TL: Sector.VO,
    EducationKind.HAVO: Sector.VO,
    EducationKind.VWO: Sector.VO,
    EducationKind.PRO: Sector.PRO,
    EducationKind.VSO: Sector.VSO,
    EducationKind.MBO_1: Sector.MBO,
    EducationKind.MBO_2: Sector.MBO,
    EducationKind.MBO_3: Sector.MBO,
    EducationKind.MBO_4: Sector.MBO,
    EducationKind.VAVO: Sector.VAVO,
    EducationKind.HBO: Sector.HBO,
    EducationKind.WO: Sector.WO,
}


class VsoProfile(models.TextChoices):
    """Uitstroomprofiel of a vso enrolment (Wet op de expertisecentra art. 14a)."""

    VERVOLGONDERWIJS = "vervolgonderwijs", "vervolgonderwijs"
    ARBEIDSMARKT = "arbeidsmarkt", "arbeidsmarkt"
    DAGBESTEDING = "dagbesteding", "dagbesteding"


class MboPathway(models.TextChoices):
    """Leerweg of an mbo enrolment."""

    BOL = "bol", "BOL (beroepsopleidende leerweg)"
    BBL = "bbl", "BBL (beroepsbegeleidende leerweg)"


class ResultType(models.TextChoices):
    DIPLOMA = "diploma", "diploma"
    CERTIFICATE = "certificaat", "certificaat of getuigschrift"


class Desk(models.TextChoices):
    """Who is responsible for a young person on a given day."""

    LEERPLICHT = "leerplicht", "leerplicht"
    DOORSTROOMPUNT = "doorstroompunt", "Doorstroompunt"


class ExemptionArticle(models.TextChoices):
    """The Leerplichtwet 1969 article a vrijstelling rests on (DOMAIN.md, The law), and the
    decision on vervangende leerplicht, which DUO's register keeps beside them ('Leg
    vrijstellingen en vervangende leerplicht vast in het Register Onderwijsdeelnemers')."""

    SUBSTITUTE = "3a", "art. 3a/3b: vervangende leerplicht (een programma in plaats van school)"
    PHYSICAL = "5a", "art. 5 onder a: lichamelijke of psychische gronden"
    DENOMINATION = "5b", "art. 5 onder b: bedenkingen tegen de richting van de scholen"
    ABROAD = "5c", "art. 5 onder c: ingeschreven bij een school buiten Nederland"
    ATTENDANCE = "11", "art. 11: vrijstelling van geregeld schoolbezoek"
    QUALIFICATION = "15", "art. 15: vrijstelling van de kwalificatieplicht"
