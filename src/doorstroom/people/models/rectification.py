"""Corrections of a person's data (AVG art. 16), append-only, and the permit that lets the
retention job alone delete them with the person."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from doorstroom.accounts.models import AppendOnlyError
from doorstroom.people.models.person import Person


class RectificationQuerySet(models.QuerySet):
    def update(self, **kwargs) -> int:
        raise AppendOnlyError("De correctiegeschiedenis kan niet worden gewijzigd.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("De correctiegeschiedenis kan niet worden verwijderd.")


class Rectification(models.Model):
    """One corrected field of a person (AVG art. 16): who, when, old and new value, and why.

    Written once by `services.rectify_person`, never changed: the model, its queryset and
    database triggers refuse an UPDATE or DELETE (accounts/triggers.py). It goes with the
    person when retention removes them, the old values are personal data too: the triggers
    let the DELETE through for a person named by a `RectificationPurgePermit`.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="rectifications")
    at = models.DateTimeField("tijdstip", default=timezone.now)
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="gecorrigeerd door",
    )
    field = models.CharField("gegeven", max_length=40)
    old_value = models.CharField("oude waarde", max_length=254, blank=True)
    new_value = models.CharField("nieuwe waarde", max_length=254, blank=True)
    reason = models.CharField("reden", max_length=300)

    objects = RectificationQuerySet.as_manager()

    class Meta:
        verbose_name = "correctie"
        verbose_name_plural = "correcties"
        ordering = ["person", "-at", "-id"]

    def __str__(self) -> str:
        return f"{self.field_label} ({self.at:%Y-%m-%d})"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError("De correctiegeschiedenis kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("De correctiegeschiedenis kan niet worden verwijderd.")

    @property
    def field_label(self) -> str:
        return str(Person._meta.get_field(self.field).verbose_name)

    @property
    def by(self) -> str:
        """Who corrected, as colleagues know them."""
        if self.user is None:
            return "onbekend"
        return self.user.display_name


class RectificationPurgePermit(models.Model):
    """Lets the retention job, and only it, delete the corrections of one person: it writes a
    permit for each person it deletes, deletes them, and removes the permits in the same
    transaction (retention.person_data.persons). A plain number, not a foreign key, so that
    the deletion of the person does not take the permit first."""

    person_id = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = "toestemming om de correcties van een jongere te verwijderen"
        verbose_name_plural = "toestemmingen om de correcties van een jongere te verwijderen"

    def __str__(self) -> str:
        return f"correcties van jongere {self.person_id}"
