"""Ketenpartners, the young person's consent to share with them, and referrals (warm
overdracht). The sharing is recorded here with its ground, what goes along and its end, and
logged in the audit trail; a partner's own accounts see a referral while it is shared
(`ReferralQuerySet.shared_on`, partners/views.py)."""

from __future__ import annotations

import uuid
from datetime import date

from django.db import models
from django.db.models import Q

from doorstroom import dates
from doorstroom.partners.choices import (
    ConsentGiver,
    LegalBasis,
    PartnerDomain,
    ReferralStatus,
    SharedData,
)
from doorstroom.partners.workflow import LIVE


class Organisation(models.Model):
    """A ketenpartner of a region: a school, the jongerenloket, a care provider, Halt."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="partners", verbose_name="regio"
    )
    name = models.CharField("naam", max_length=200)
    domain = models.CharField("domein", max_length=13, choices=PartnerDomain.choices)
    contact = models.CharField("contactgegevens", max_length=200, blank=True)
    active = models.BooleanField("actief", default=True)

    class Meta:
        verbose_name = "ketenpartner"
        verbose_name_plural = "ketenpartners"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="partner_name_per_region")
        ]

    def __str__(self) -> str:
        return self.name


def consent_valid_on(on: date, through: str = "") -> Q:
    """A consent valid on `on`: given, not past its end, not withdrawn (AVG art. 7(3)).
    `through` reaches the consent from another model (`"consent__"` from a referral)."""

    def q(lookup: str, value: object) -> Q:
        return Q(**{f"{through}{lookup}": value})

    return (
        (q("withdrawn_on__isnull", True) | q("withdrawn_on__gt", on))
        & (q("valid_until__isnull", True) | q("valid_until__gte", on))
        & q("given_on__lte", on)
    )


class ConsentQuerySet(models.QuerySet):
    def valid_on(self, on: date) -> ConsentQuerySet:
        return self.filter(consent_valid_on(on))


class Consent(models.Model):
    """The young person agrees that named data may go to a named partner (AVG art. 6(1)(a),
    art. 7: given freely, for a purpose, and withdrawable); under 16 a parent or guardian
    gives it (`given_by`, partners/rules.py)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="consents", verbose_name="jongere"
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name="dossier",
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="ketenpartner"
    )
    scope = models.CharField(
        "wat gedeeld mag worden",
        max_length=300,
        help_text="Bijvoorbeeld: naam, contactgegevens en het plan.",
    )
    allows_name = models.BooleanField("naam mag mee", default=False)
    allows_date_of_birth = models.BooleanField("geboortedatum mag mee", default=False)
    allows_contact = models.BooleanField("telefoon en e-mail mogen mee", default=False)
    given_on = models.DateField("gegeven op")
    given_by = models.CharField(
        "gegeven door",
        max_length=7,
        choices=ConsentGiver.choices,
        blank=True,
        help_text="Leeg bij een toestemming die vastgelegd is voordat Doorstroom dit vroeg.",
    )
    valid_until = models.DateField("geldig tot en met", null=True, blank=True)
    withdrawn_on = models.DateField("ingetrokken op", null=True, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = "toestemming"
        verbose_name_plural = "toestemmingen"
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"toestemming voor {self.organisation} ({dates.format_date(self.given_on)})"

    @property
    def allowed_data(self) -> frozenset[SharedData]:
        """What of the register this consent lets go with a referral (`Referral.shared_data`)."""
        flags = {
            SharedData.NAME: self.allows_name,
            SharedData.DATE_OF_BIRTH: self.allows_date_of_birth,
            SharedData.CONTACT: self.allows_contact,
        }
        return frozenset(item for item, allowed in flags.items() if allowed)


class ReferralQuerySet(models.QuerySet):
    def shared_on(self, on: date) -> ReferralQuerySet:
        """The referrals a partner may see on `on`: from the day of the referral through its
        'delen tot en met', while the partner has not declined it and it has not ended, with
        an active partner, and, when it rests on consent, while that consent is valid
        (given, not past its end, not withdrawn: AVG art. 7(3)). A legal basis needs no
        consent. A consent alone shares nothing: the referral is the sharing."""
        return self.filter(
            ~Q(legal_basis=LegalBasis.CONSENT) | consent_valid_on(on, through="consent__"),
            referred_on__lte=on,
            shared_until__gte=on,
            status__in=LIVE,
            organisation__active=True,
        )


class Referral(models.Model):
    """A warm overdracht to a partner: the ground for sharing, what was shared and until when,
    and what became of it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="referrals", verbose_name="dossier"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name="ketenpartner",
    )
    referred_on = models.DateField("verwezen op")
    reason = models.CharField("vraag aan de partner", max_length=300)
    legal_basis = models.CharField("grondslag", max_length=14, choices=LegalBasis.choices)
    consent = models.ForeignKey(
        Consent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name="toestemming",
    )
    shared = models.CharField("gedeelde gegevens", max_length=300)
    shares_name = models.BooleanField("naam gedeeld", default=False)
    shares_date_of_birth = models.BooleanField("geboortedatum gedeeld", default=False)
    shares_contact = models.BooleanField("telefoon en e-mail gedeeld", default=False)
    shared_until = models.DateField("delen tot en met")
    status = models.CharField(
        "status", max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    outcome = models.CharField("uitkomst", max_length=300, blank=True)
    referred_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = "verwijzing"
        verbose_name_plural = "verwijzingen"
        ordering = ["-referred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(legal_basis=LegalBasis.CONSENT) | Q(consent__isnull=False),
                name="referral_consent_when_basis_is_consent",
            ),
            models.CheckConstraint(
                condition=Q(shared_until__gte=models.F("referred_on")),
                name="referral_sharing_period",
            ),
        ]

    def __str__(self) -> str:
        return f"verwijzing naar {self.organisation} ({self.referred_on})"

    @property
    def can_change(self) -> bool:
        """Not yet ended or declined (partners/workflow.py)."""
        return self.status in LIVE

    @property
    def shared_data(self) -> frozenset[SharedData]:
        flags = {
            SharedData.NAME: self.shares_name,
            SharedData.DATE_OF_BIRTH: self.shares_date_of_birth,
            SharedData.CONTACT: self.shares_contact,
        }
        return frozenset(item for item, shared in flags.items() if shared)
