"""Users (with their region) and the append-only audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property

from doorstroom.accounts.roles import Role
from doorstroom.regions.models import Region


class User(AbstractUser):
    """An employee of a Doorstroompunt, municipality, school or partner, in one region."""

    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="regio",
    )
    extra_regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="+",
        verbose_name="extra regio's",
        help_text="Alleen voor een functioneel beheerder die meer regio's beheert.",
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="ketenpartner",
        help_text="Voor een account van een school of ketenpartner: de organisatie (van de "
        "eigen regio) waarvoor de gebruiker werkt. Die ziet wat met die organisatie is gedeeld.",
    )

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"

    def clean(self) -> None:
        super().clean()
        if self.organisation_id and self.organisation.region_id != self.region_id:
            raise ValidationError(
                {"organisation": "Kies een ketenpartner van de regio van de gebruiker."}
            )

    @property
    def display_name(self) -> str:
        """How a page, message or letter names a colleague: the full name, else the username."""
        return self.get_full_name() or self.get_username()

    @cached_property
    def roles(self) -> frozenset[Role]:
        names = self.groups.values_list("name", flat=True)
        return frozenset(Role(name) for name in names if name in Role.values)


class AuditAction(models.TextChoices):
    VIEW = "view", "ingezien"
    SEARCH = "search", "gezocht"
    CREATE = "create", "aangemaakt"
    CHANGE = "change", "gewijzigd"
    DELETE = "delete", "verwijderd"
    EXPORT = "export", "geëxporteerd"
    LOGIN = "login", "ingelogd"
    LOGIN_FAILED = "login_failed", "inloggen mislukt"
    LOGOUT = "logout", "uitgelogd"
    LOCKED_OUT = "locked_out", "geblokkeerd na te veel mislukte pogingen"
    TWO_FACTOR_ENROLLED = "2fa_enrolled", "tweestapsverificatie ingesteld"
    TWO_FACTOR_PASSED = "2fa_passed", "tweede stap geslaagd"
    TWO_FACTOR_FAILED = "2fa_failed", "tweede stap mislukt"
    TWO_FACTOR_RESET = "2fa_reset", "authenticator-app losgekoppeld door de beheerder"
    SESSION_EXPIRED = "session_expired", "uitgelogd na inactiviteit"


class AppendOnlyError(Exception):
    """The audit log is never changed or deleted (AVG art. 5(2): accountability)."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Het auditlog kan niet worden gewijzigd.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Het auditlog kan niet worden verwijderd.")


class AuditEvent(models.Model):
    """Who did what with whose data, when and why. Written once, never changed.

    `person_id` is a plain number, not a foreign key: when retention removes a person, the
    trail of who looked at them stays, pointing at nobody that can still be found.
    """

    at = models.DateTimeField("tijdstip", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, verbose_name="gebruiker"
    )
    username = models.CharField("gebruikersnaam", max_length=150, blank=True)
    action = models.CharField("handeling", max_length=16, choices=AuditAction.choices)
    person_id = models.BigIntegerField("jongere (id)", null=True, blank=True, db_index=True)
    route = models.CharField("pagina of functie", max_length=200, blank=True)
    reason = models.CharField("reden", max_length=300, blank=True)
    ip_address = models.GenericIPAddressField("IP-adres", null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "auditregel"
        verbose_name_plural = "auditlog"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Het auditlog kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Het auditlog kan niet worden verwijderd.")


class AuditPurgePermit(models.Model):
    """Lets the retention job, and only it, delete audit rows older than `cutoff`.

    The append-only triggers refuse every UPDATE and every DELETE, except a DELETE of a row
    older than the cutoff of a permit that exists in the same transaction: the job writes
    the permit, deletes, removes the permit and commits (accounts.audit.purge_before).
    """

    cutoff = models.DateTimeField()

    class Meta:
        verbose_name = "toestemming om oude auditregels te verwijderen"
        verbose_name_plural = "toestemmingen om oude auditregels te verwijderen"

    def __str__(self) -> str:
        return f"auditregels van voor {self.cutoff:%Y-%m-%d}"
