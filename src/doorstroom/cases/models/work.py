"""The daily work in a case: contact attempts, tasks, documents and letters, aftercare."""

from __future__ import annotations

from django.core.files import File
from django.db import models
from django.db.models import Q

from doorstroom.cases.choices import Channel, ContactResult, FollowUpResult
from doorstroom.cases.models.case import Case


class ContactAttempt(models.Model):
    """A try to reach the young person (benaderen), with its result and the next step."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attempts")
    on = models.DateField("datum")
    channel = models.CharField("manier", max_length=10, choices=Channel.choices)
    result = models.CharField("resultaat", max_length=13, choices=ContactResult.choices)
    next_step = models.CharField("vervolgstap", max_length=200, blank=True)
    next_on = models.DateField("vervolgstap op", null=True, blank=True)
    by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = "contactpoging"
        verbose_name_plural = "contactpogingen"
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.on}: {self.get_result_display()}"


class Task(models.Model):
    """Something the coach must do by a date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField("taak", max_length=200)
    due_on = models.DateField("uiterlijk op")
    done_on = models.DateField("gedaan op", null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "taak"
        verbose_name_plural = "taken"
        ordering = ["done_on", "due_on", "id"]
        indexes = [
            models.Index(
                fields=["case", "due_on"], condition=Q(done_on__isnull=True), name="task_open"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Document(models.Model):
    """A file in the case: an uploaded document or a letter the system produced. Stored
    outside the web root; served only through the case's access check."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField("titel", max_length=200)
    file = models.FileField("bestand", upload_to="documents/%Y/%m/", max_length=200)
    content_type = models.CharField("soort bestand", max_length=100)
    size = models.PositiveIntegerField("grootte (bytes)")
    letter = models.CharField(
        "brief",
        max_length=20,
        blank=True,
        help_text="Het sjabloon, als het systeem deze brief maakte.",
    )
    added_at = models.DateTimeField("toegevoegd op", auto_now_add=True)
    added_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "document"
        verbose_name_plural = "documenten"
        ordering = ["-added_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def open_file(self) -> File | None:
        """The file opened for reading, or None when the row outlived its file (deleted from
        disk, a restore without media): decided by opening it, so nothing can disagree."""
        try:
            return self.file.open("rb")
        except FileNotFoundError:
            return None


class FollowUpQuerySet(models.QuerySet):
    def current(self) -> FollowUpQuerySet:
        """The checks of the case's present round of aftercare: a case that reopens ends its
        round, and the next close with an outcome plans a new one."""
        return self.filter(reopened_on__isnull=True)

    def to_do(self) -> FollowUpQuerySet:
        return self.current().filter(done_on__isnull=True, lapsed_on__isnull=True)


class FollowUp(models.Model):
    """An aftercare check, e.g. 3 and 6 months after closing."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    due_on = models.DateField("controle op")
    done_on = models.DateField("gedaan op", null=True, blank=True)
    result = models.CharField(
        "resultaat", max_length=12, choices=FollowUpResult.choices, blank=True
    )
    note = models.CharField("toelichting", max_length=300, blank=True)
    reopened_on = models.DateField(
        "dossier heropend op",
        null=True,
        blank=True,
        help_text="Het dossier ging weer open (opnieuw uitgevallen, een nieuw signaal): deze "
        "ronde nazorg hield op, en een controle die nog niet gedaan was, verviel.",
    )
    lapsed_on = models.DateField(
        "vervallen op",
        null=True,
        blank=True,
        help_text="De controle was nog niet gedaan toen de nazorg ophield: het dossier ging "
        "weer open, of werd afgesloten (overleden, de bovengrens, verhuisd).",
    )
    lapse_reason = models.CharField("waarom vervallen", max_length=300, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = "nazorgcontrole"
        verbose_name_plural = "nazorgcontroles"
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"nazorg {self.due_on}"
