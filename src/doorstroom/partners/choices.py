"""The codes of working with ketenpartners: their domain, the ground for sharing, a referral's
state."""

from django.db import models


class PartnerDomain(models.TextChoices):
    """The network by domain (DOMAIN.md 'Network (ketenpartners), by domain')."""

    EDUCATION = "onderwijs", "onderwijs"
    SAFETY = "veiligheid", "veiligheid"
    CARE = "zorg", "zorg"
    WORK = "arbeid", "arbeid"
    GOVERNMENT = "overheid", "overheid"
    SUPPORT = "ondersteuning", "maatschappelijke ondersteuning"
    DATA = "kennis", "kennis en data"


class LegalBasis(models.TextChoices):
    """Why sharing a person with a partner is allowed: 'a recorded legal basis or consent'."""

    CONSENT = (
        "toestemming",
        "toestemming (AVG art. 6 lid 1 onder a; onder 16 jaar van een ouder of voogd)",
    )
    LEERPLICHTWET = "leerplichtwet", "wettelijke taak: Leerplichtwet 1969"
    DOORSTROOMPUNT = "doorstroompunt", "wettelijke taak: Doorstroompunt (RMC-functie)"
    SAFETY = "veiligheid", "Meldcode huiselijk geweld en kindermishandeling of vitaal belang"


class ReferralStatus(models.TextChoices):
    SENT = "verstuurd", "verstuurd"
    ACCEPTED = "aangenomen", "aangenomen"
    DECLINED = "afgewezen", "afgewezen"
    ENDED = "beeindigd", "beëindigd"


class SharedData(models.TextChoices):
    """What of the register goes with a referral besides its own text: the partner sees these
    of the young person, and nothing else of the register or the dossier."""

    NAME = "naam", "naam"
    DATE_OF_BIRTH = "geboortedatum", "geboortedatum"
    CONTACT = "contact", "telefoon en e-mail"


class ConsentGiver(models.TextChoices):
    """Who gave a consent: the young person from 16, a parent or guardian under 16
    (partners/rules.py, `consent_giver_refusal`)."""

    YOUNG_PERSON = "jongere", "de jongere"
    PARENT = "ouder", "ouder of voogd"
