"""The API keys of machine clients: each belongs to one school or partner account."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from rest_framework_api_key.models import AbstractAPIKey

from doorstroom.accounts import access
from doorstroom.accounts.models import User
from doorstroom.accounts.roles import Action


class UserAPIKey(AbstractAPIKey):
    """A key for the administration system of a school or partner, acting as its account.

    The library keeps only a SHA-512 hash of the key (a random 32-character secret, so no slow
    password hash is needed) and its 8-character prefix to find it; the key itself is shown
    once, when the beheerder makes it. Revoking cannot be undone; a key may expire.
    """

    user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="api_keys",
        verbose_name="gebruiker",
        help_text="Het account van de school of ketenpartner (rol ketenpartner / school) "
        "namens wie het systeem meldt.",
    )
    # The library's fields, with Dutch words for the beheerder.
    name = models.CharField(
        "naam",
        max_length=50,
        help_text="Waarvoor de sleutel is, bijvoorbeeld 'Magisterkoppeling'.",
    )
    revoked = models.BooleanField(
        "ingetrokken",
        default=False,
        help_text="Een ingetrokken sleutel werkt niet meer; dat is niet terug te draaien.",
    )
    expiry_date = models.DateTimeField(
        "verloopt op",
        null=True,
        blank=True,
        help_text="Na dit moment werkt de sleutel niet meer. Leeg: geen einddatum.",
    )

    class Meta(AbstractAPIKey.Meta):
        verbose_name = "API-sleutel"
        verbose_name_plural = "API-sleutels"

    def clean(self) -> None:
        super().clean()
        if self.user_id and not access.can(self.user, Action.USE_API):
            raise ValidationError(
                {
                    "user": "Alleen een account van een school of ketenpartner krijgt een API-sleutel."
                }
            )


class IdempotencyKey(models.Model):
    """The first answer to a creating POST that carried an `Idempotency-Key` header, so that
    a retry (after a timeout, say) gets that answer instead of a second melding.

    Written in the same transaction as the melding (api.idempotency.once), so a committed row
    always has its melding; a concurrent retry waits on the unique constraint and then reads
    it. The answer is kept as the melding it made, not as a copy of the body: no second copy
    of what was reported. Kept for `idempotency.KEPT`; the retention job removes older rows.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name="gebruiker"
    )
    key = models.CharField("sleutel", max_length=255)
    request_hash = models.CharField(
        "vingerafdruk van het verzoek",
        max_length=64,
        help_text="SHA-256 van de route en de inhoud: dezelfde sleutel met een andere inhoud "
        "wordt geweigerd.",
    )
    status_code = models.PositiveSmallIntegerField("antwoordcode", default=201)
    report = models.ForeignKey(
        "deliveries.Report",
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        verbose_name="melding",
        help_text="Leeg alleen binnen de transactie die de melding maakt.",
    )
    created_at = models.DateTimeField("ontvangen op", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "idempotentiesleutel"
        verbose_name_plural = "idempotentiesleutels"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_answer_per_key_and_account")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.created_at:%d-%m-%Y %H:%M})"
