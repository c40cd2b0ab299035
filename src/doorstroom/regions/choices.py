"""Codes of the reference data, in one place."""

from django.db import models


class Sector(models.TextChoices):
    """The sector of a school (DUO's onderwijssoort at the level of the institution)."""

    PO = "po", "primair onderwijs"
    VO = "vo", "voortgezet onderwijs"
    VSO = "vso", "voortgezet speciaal onderwijs"
    PRO = "pro", "praktijkonderwijs"
    MBO = "mbo", "middelbaar beroepsonderwijs"
    HBO = "hbo", "hoger beroepsonderwijs"
    WO = "wo", "wetenschappelijk onderwijs"
    VAVO = "vavo", "voortgezet algemeen volwassenenonderwijs"
    NIET_BEKOSTIGD = "nb", "niet-bekostigd onderwijs"
