"""The API keys of machine clients: each belongs to one school or partner account."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
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
        help_text="Waarvoor de sleutel is, bijvoorbeeld 'Magister koppeling'.",
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
