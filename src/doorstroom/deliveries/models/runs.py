"""Import runs: one delivery file read or refused, the rows it refused (with line, field and
a Dutch message), and the persons it added or changed (AVG art. 5(2): the record of what
each delivery did to a person's data)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from doorstroom.crypto import EncryptedTextField, LookupHashField
from doorstroom.people.models import IncomeMatch
from doorstroom.regions.models import Region


class DeliveryKind(models.TextChoices):
    C = "C", "C-levering (volledig)"
    P = "P", "P-levering (wijzigingen)"
    VERZUIM = "V", "verzuimmeldingen (ROD)"
    PRIORITIES = "I", "prioriteiten Inlichtingenbureau"


REGISTER_KINDS = (DeliveryKind.C, DeliveryKind.P)


class RunStatus(models.TextChoices):
    QUEUED = "queued", "in de wachtrij"
    RUNNING = "running", "bezig"
    APPLIED = "applied", "ingelezen"
    DUPLICATE = "duplicate", "al eerder ingelezen"
    REFUSED = "refused", "geweigerd"
    FAILED = "failed", "mislukt"


STALE_AFTER = timedelta(seconds=120)
"""A running import that has not reported progress for this long is taken to have died."""


class ImportRunQuerySet(models.QuerySet):
    def visible_to_regions(self, region_ids: frozenset[int]) -> ImportRunQuerySet:
        return self.filter(area_id__in=region_ids)

    def of_the_area(self, region_id: int) -> ImportRunQuerySet:
        """The runs of the region and the national ones: another region's deliveries are
        that region's (who offered them, what they held)."""
        return self.filter(_of_the_area(region_id))

    def that_changed(self, person_id: int) -> ImportRunQuerySet:
        """The applied runs that added or changed the person: the record of every change a
        delivery made to a person's data (AVG art. 5(2)), one probe of each run's unique
        (run, person) index, never a scan of every run's changed persons."""
        changed = ChangedPerson.objects.filter(run=models.OuterRef("pk"), person_id=person_id)
        return self.filter(models.Exists(changed), status=RunStatus.APPLIED)


class ImportRun(models.Model):
    """One delivery file read (or refused): what, when, by whom, and what it changed."""

    file_name = models.CharField("bestandsnaam", max_length=255)
    stored_path = models.CharField(max_length=500, blank=True, editable=False)
    checksum = models.CharField("SHA-256", max_length=64, db_index=True)
    size = models.BigIntegerField("grootte (bytes)", default=0)
    kind = models.CharField("soort", max_length=1, choices=DeliveryKind.choices)
    delivery_date = models.DateField("leveringsdatum")
    area = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="regio",
        help_text="Leeg: een landelijke levering, voor alle regio's in de database.",
    )
    forced = models.BooleanField("volgorde genegeerd", default=False)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    message = models.TextField("melding", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="door",
    )
    created_at = models.DateTimeField("aangemaakt", default=timezone.now)
    started_at = models.DateTimeField("begonnen", null=True, blank=True)
    finished_at = models.DateTimeField("klaar", null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(
        max_length=300, blank=True, help_text="host:pid van het proces dat het bestand leest"
    )
    bytes_done = models.BigIntegerField(default=0)
    rows_read = models.PositiveIntegerField("gelezen", default=0)
    rows_new = models.PositiveIntegerField("nieuw", default=0)
    rows_changed = models.PositiveIntegerField("gewijzigd", default=0)
    rows_unchanged = models.PositiveIntegerField("ongewijzigd", default=0)
    rows_rejected = models.PositiveIntegerField("geweigerd", default=0)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        verbose_name = "inleesrun"
        verbose_name_plural = "inleesruns"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["area", "status", "delivery_date"], name="run_area_status_date")
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def duration(self) -> timedelta | None:
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None

    @property
    def progress_percent(self) -> int:
        return min(100, int(100 * self.bytes_done / self.size)) if self.size else 0

    @property
    def is_stale(self) -> bool:
        last = self.heartbeat_at or self.started_at or self.created_at
        return self.status == RunStatus.RUNNING and timezone.now() - last > STALE_AFTER

    def changed_person_ids(self) -> models.QuerySet:
        """The persons this run added or changed (a lazy query, fine for millions)."""
        return ChangedPerson.objects.filter(run=self).values_list("person_id", flat=True)

    def changed_facts_person_ids(self) -> models.QuerySet:
        """Those of them whose facts for signalling changed (`ChangedPerson.facts_changed`):
        the persons signalling looks at after this run."""
        return self.changed_person_ids().filter(facts_changed=True)

    @property
    def is_finished(self) -> bool:
        return self.status not in (RunStatus.QUEUED, RunStatus.RUNNING)


class RejectedRowQuerySet(models.QuerySet):
    def naming(self, bsn_hash: str, region_id: int) -> RejectedRowQuerySet:
        """Every refused row kept that names this BSN, in the deliveries of the region or
        national ones, applied or not (a delivery of no valid row is refused, its rows kept;
        the retention job deletes them in time): personal data of that young person (their
        subject export). Another region's deliveries stay that region's."""
        return self.filter(_of_the_area(region_id, "run__"), bsn_hash=bsn_hash).select_related(
            "run"
        )

    def about(self, bsn_hash: str, region_id: int) -> RejectedRowQuerySet:
        """Of those (`naming`), what the register may lack about the young person now, for
        whoever acts on their page or signal, newest first. A register row refused before
        the newest C-levering is left out: that complete delivery replaced whatever it was
        about (and refused the row again, if it still was wrong); so is a priority file's
        row once a priority of that date or later stands for the person. Only runs within the
        rejected rows' retention period are looked at (older ones keep none once the
        retention job has run): a probe per run, however many years of weekly runs. Those of
        a run that failed or is still being read are left out: it changed nothing, and read
        again, its rows are refused again by the run that reads it."""
        newest_full = (
            ImportRun.objects.of_the_area(region_id)
            .filter(status=RunStatus.APPLIED, kind=DeliveryKind.C)
            .order_by("-delivery_date")
            .values("delivery_date")[:1]
        )
        since_then = Q(run__delivery_date__gte=Coalesce(Subquery(newest_full), Value(date.min)))
        kept_since = timezone.now() - timedelta(days=settings.REJECTED_ROWS_RETENTION_DAYS)
        # A priority file refused the row, but a later one (or the same day's) gave a priority
        # that stands: nothing is missing (IncomeMatch keeps the latest, per person).
        priority_since = IncomeMatch.objects.filter(person__bsn_hash=bsn_hash).values(
            "reported_on"
        )[:1]
        superseded = Q(
            run__kind=DeliveryKind.PRIORITIES,
            run__delivery_date__lte=Coalesce(Subquery(priority_since), Value(date.min)),
        )
        return (
            self.naming(bsn_hash, region_id)
            .filter(run__status__in=(RunStatus.APPLIED, RunStatus.REFUSED))
            .filter(run__finished_at__gte=kept_since)
            .filter(~Q(run__kind__in=REGISTER_KINDS) | since_then)
            .exclude(superseded)
            .defer("raw", "bsn")  # the row itself is not shown: not decrypted either
            .order_by("-run__delivery_date", "-run_id", "line")
        )


def _of_the_area(region_id: int, prefix: str = "") -> Q:
    """Runs (at `prefix`) of the region, or national ones."""
    return Q(**{f"{prefix}area__isnull": True}) | Q(**{f"{prefix}area_id": region_id})


class RejectedRow(models.Model):
    """A row the import refused: where, which field, why (in Dutch), and the row itself.

    The row and its BSN are personal data: stored encrypted, with the BSN's keyed hash for
    the apply's look-ups (apply.py). The message names no BSN."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="rejected_rows")
    line = models.PositiveIntegerField("regel")
    field = models.CharField("veld", max_length=50, blank=True)
    message = models.CharField("melding", max_length=300)
    raw = EncryptedTextField("oorspronkelijke regel", blank=True)
    bsn = EncryptedTextField("BSN in de regel", blank=True)
    bsn_hash = LookupHashField(blank=True, editable=False)

    objects = RejectedRowQuerySet.as_manager()

    class Meta:
        verbose_name = "geweigerde regel"
        verbose_name_plural = "geweigerde regels"
        ordering = ["run", "line"]
        indexes = [
            models.Index(fields=["run", "line"], name="rejected_run_line"),
            # the apply's look-ups, and a young person's refused rows, a probe per run
            # (`RejectedRowQuerySet.about`: no index of its own for every import to keep up)
            models.Index(fields=["run", "bsn_hash"], name="rejected_run_bsn_hash"),
        ]

    def __str__(self) -> str:
        return f"regel {self.line}: {self.message}"


class ChangedPerson(models.Model):
    """The persons an import run added or changed; signalling looks afterwards at those
    whose facts changed (`facts_changed`)."""

    # No database constraint: one row per changed person, written in bulk, read by signalling
    # and removed with its run by Django; no separate index: the unique one starts with it.
    run = models.ForeignKey(
        ImportRun, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    person_id = models.BigIntegerField()
    facts_changed = models.BooleanField(
        default=True,
        db_default=True,
        help_text=(
            "De wijziging raakt wat de regels van de signalering lezen: een nieuwe jongere, een "
            "geboorte-, overlijdens- of emigratiedatum, de gemeente (en zo misschien de regio), "
            "een inschrijving, een resultaat, een prioriteit, of een jongere die alleen uit een "
            "melding bekend was en nu geleverd is. Nee bij alleen een andere naam, telefoon, "
            "e-mail of adres binnen de gemeente, of alleen de adresgeschiedenis (een verhuizing "
            "met datum): de signalering hoeft die jongere dan niet opnieuw te bekijken "
            "(apply.py)."
        ),
    )

    class Meta:
        verbose_name = "gewijzigde jongere van een inleesrun"
        verbose_name_plural = "gewijzigde jongeren van inleesruns"
        constraints = [
            models.UniqueConstraint(fields=["run", "person_id"], name="changed_person_once")
        ]

    def __str__(self) -> str:
        return f"run {self.run_id}: persoon {self.person_id}"
