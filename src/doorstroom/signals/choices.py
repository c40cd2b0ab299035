"""The codes of signalling: what kind of signal, its state, how it was closed, where from."""

from django.db import models


class SignalKind(models.TextChoices):
    """Why a young person needs attention from a desk."""

    NEW_VSV = "nieuwe_vsv", "nieuwe vsv'er"
    ABSOLUTE_ABSENCE = "absoluut_verzuim", "absoluut verzuim"
    ABSENCE_REPORT = "verzuimmelding", "verzuimmelding"
    CONCERN = "zorgsignaal", "zorgsignaal"
    ADULT_HANDOVER = "overdracht_18", "18 jaar: overdracht van leerplicht"
    EXEMPTION_ENDED = "vrijstelling_verlopen", "vrijstelling verlopen"


class SignalStatus(models.TextChoices):
    NEW = "nieuw", "nieuw"
    IN_PROGRESS = "in_behandeling", "in behandeling"
    CLOSED = "afgesloten", "afgesloten"


OPEN_STATUSES = (SignalStatus.NEW, SignalStatus.IN_PROGRESS)


class Resolution(models.TextChoices):
    """How a signal was closed; the register closes most of them by itself."""

    BACK_IN_EDUCATION = "weer_ingeschreven", "weer ingeschreven"
    STARTKWALIFICATIE = "startkwalificatie", "startkwalificatie behaald"
    EXEMPTED = "vrijstelling", "vrijstelling verleend"
    HANDED_OVER = "overgedragen", "overgedragen aan het Doorstroompunt (18 jaar)"
    UPPER_AGE = "bovengrens", "bovengrens leeftijd bereikt"
    MOVED_OUT = "verhuisd", "verhuisd buiten de regio"
    EMIGRATED = "geemigreerd", "vertrokken naar het buitenland"
    DIED = "overleden", "overleden"
    NO_LONGER_APPLIES = "vervallen", "voldoet niet meer aan de regel"
    CLOSED_BY_DESK = "afgesloten_door_loket", "afgesloten door het loket"
    WITHDRAWN = "ingetrokken", "melding ingetrokken"


BY_SIGNALLING = frozenset(
    {
        Resolution.BACK_IN_EDUCATION,
        Resolution.STARTKWALIFICATIE,
        Resolution.EXEMPTED,
        Resolution.HANDED_OVER,
        Resolution.UPPER_AGE,
        Resolution.MOVED_OUT,
        Resolution.EMIGRATED,
        Resolution.DIED,
        Resolution.NO_LONGER_APPLIES,
    }
)
"""The closings signalling itself decides (detection.closing); any other was done by hand."""


class SourceKind(models.TextChoices):
    """Where a signal came from: the register (DUO's deliveries) or a melding."""

    REGISTER = "register", "register (DUO)"
    REPORT = "melding", "melding"
