"""Import runs, their rejected rows, and the staging tables a delivery passes through.

A delivery is streamed into the staging tables in short batches, then applied to the
register in one transaction with set-based SQL (apply.py). A run killed while staging has
changed nothing in the register; a run killed while applying is rolled back whole.
"""

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
        """Every refused row kept that names this BSN, in the applied deliveries of the
        region or national ones (the retention job deletes them in time): personal data of
        that young person (their subject export). Another region's deliveries stay that
        region's."""
        return self.filter(
            _of_the_area(region_id, "run__"), bsn_hash=bsn_hash, run__status=RunStatus.APPLIED
        ).select_related("run")

    def about(self, bsn_hash: str, region_id: int) -> RejectedRowQuerySet:
        """Of those (`naming`), what the register may lack about the young person now, for
        whoever acts on their page or signal, newest first. A register row refused before
        the newest C-levering is left out: that complete delivery replaced whatever it was
        about (and refused the row again, if it still was wrong); so is a priority file's
        row once a priority of that date or later stands for the person. Only runs within the
        rejected rows' retention period are looked at (older ones keep none once the
        retention job has run): a probe per run, however many years of weekly runs."""
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


WITH_PERSON_HELP = (
    "De regel volgt in het bestand op de regel van zijn jongere: de jongere zit in de "
    "levering en de datums zijn bij het valideren getoetst aan de geboortedatum "
    "(validation.py)."
)


KEPT_TEXT_HELP = (
    "Voor een regel die het toepassen weigert als het register de jongere niet kent "
    "(validation.py, keeps_text): de regel zoals geleverd en het BSN zoals geschreven, "
    "versleuteld, voor de geweigerde regel die het dan wordt (apply.py); leeg bij elke "
    "andere regel."
)


PERSON_ID_HELP = (
    "Het id van de jongere van de regel in het register, zodra dat bekend is (apply.py zoekt "
    "het op met de hash van het BSN, voor de controles en nog eens nadat nieuwe jongeren zijn "
    "ingevoegd): de statements van het toepassen vinden de jongere dan op dit id, in plaats "
    "van elk opnieuw de hash op te zoeken."
)


class StagedPerson(models.Model):
    """A person row of a delivery, validated, waiting to be applied."""

    # No index of its own (the composite index below starts with it) and no database
    # constraint: a staged row lives minutes, and checking its run costs a lookup per row.
    run = models.ForeignKey(
        ImportRun, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    line = models.PositiveIntegerField()
    # the BSN's keyed hash, which the apply joins on, and the BSN encrypted, as the register
    # stores it (validation.py computes both; no BSN is staged in the clear)
    bsn_hash = LookupHashField()
    person_id = models.BigIntegerField(null=True, help_text=PERSON_ID_HELP)
    bsn = models.TextField()
    public_id = models.UUIDField()
    given_names = models.CharField(max_length=200)
    surname_prefix = models.CharField(max_length=20)
    surname = models.CharField(max_length=200)
    surname_key = models.CharField(max_length=200)
    date_of_birth = models.DateField()
    phone = models.CharField(max_length=20)
    email = models.CharField(max_length=254)
    date_of_death = models.DateField(null=True)
    date_of_emigration = models.DateField(null=True)
    municipality_id = models.BigIntegerField()
    street = models.CharField(max_length=200)
    house_number = models.PositiveIntegerField()
    house_number_addition = models.CharField(max_length=10)
    postcode = models.CharField(max_length=6)
    city = models.CharField(max_length=100)
    moved_on = models.DateField()
    moved_on_eve = models.DateField()
    mutation = models.CharField(max_length=20, default="", db_default="")
    dated_moves = models.BooleanField(
        default=False,
        db_default=False,
        help_text="De adressen van dit BSN worden toegepast als adresgeschiedenis met datums "
        "(deliveries/moves.py).",
    )

    class Meta:
        verbose_name = "klaargezette jongere"
        verbose_name_plural = "klaargezette jongeren"
        indexes = [
            models.Index(fields=["run", "bsn_hash", "line"], name="staged_person_run_bsn_hash")
        ]

    def __str__(self) -> str:
        return f"run {self.run_id}, regel {self.line} (persoon)"


class StagedItem(models.Model):
    """What an enrolment row and a result row of a delivery are staged with alike, waiting to
    be applied."""

    # No index of its own (the composite index of each model starts with it) and no database
    # constraint: a staged row lives minutes, and checking its run costs a lookup per row.
    run = models.ForeignKey(
        ImportRun, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    line = models.PositiveIntegerField()
    mutation = models.CharField(max_length=12)
    bsn_hash = LookupHashField(help_text="De hash met sleutel van het BSN.")
    person_id = models.BigIntegerField(null=True, help_text=PERSON_ID_HELP)
    source_id = models.CharField(max_length=40)
    school_id = models.BigIntegerField(null=True)
    kind = models.CharField(max_length=8)
    with_person = models.BooleanField(default=False, db_default=False, help_text=WITH_PERSON_HELP)
    raw = models.TextField(default="", db_default="", help_text=KEPT_TEXT_HELP)
    bsn = models.TextField(default="", db_default="", help_text=KEPT_TEXT_HELP)
    what = ""  # for __str__: of which record the row is

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"run {self.run_id}, regel {self.line} ({self.what})"


class StagedEnrolment(StagedItem):
    vso_profile = models.CharField(max_length=16)
    mbo_pathway = models.CharField(max_length=3)
    start_date = models.DateField(null=True)
    end_date = models.DateField(null=True)
    leaving_reason = models.CharField(max_length=100)
    what = "inschrijving"

    class Meta:
        verbose_name = "klaargezette inschrijving"
        verbose_name_plural = "klaargezette inschrijvingen"
        indexes = [
            models.Index(fields=["run", "source_id", "line"], name="staged_enrolment_run_src")
        ]


class StagedResult(StagedItem):
    result_type = models.CharField(max_length=11)
    obtained_on = models.DateField(null=True)
    what = "resultaat"

    class Meta:
        verbose_name = "klaargezet resultaat"
        verbose_name_plural = "klaargezette resultaten"
        indexes = [models.Index(fields=["run", "source_id", "line"], name="staged_result_run_src")]


class AbsenceKind(models.TextChoices):
    """Verzuimsoort of a melding (DOMAIN.md, 'Kinds of verzuim'); absoluut verzuim is found by
    the register itself and never delivered."""

    SIXTEEN_HOURS = "16_uur", "16 uur in 4 weken (relatief verzuim)"
    LONG_TERM = "langdurig_relatief", "langdurig relatief verzuim"
    LUXURY = "luxe", "luxe verzuim"
    ADULT = "18_plus", "Doorstroompunt 18-plus verzuim"
    OTHER = "overig", "overig verzuim"


class ReportStatus(models.TextChoices):
    """Status of a melding as DUO knows it."""

    REGISTERED = "geregistreerd", "geregistreerd"
    IN_PROGRESS = "in_behandeling", "in behandeling"
    CLOSED = "afgesloten", "afgesloten"
    WITHDRAWN = "ingetrokken", "ingetrokken"
    ACKNOWLEDGED = "ter_kennisgeving", "ter kennisgeving aangenomen"


class ReportKind(models.TextChoices):
    """What a melding is about (the signalling issue: verzuim, uitschrijving, zorg)."""

    ABSENCE = "verzuim", "verzuim"
    LEFT_SCHOOL = "uitschrijving", "uitschrijving zonder startkwalificatie"
    CONCERN = "zorg", "zorgsignaal"


class ReportSource(models.TextChoices):
    ROD = "rod", "ROD (DUO), via een levering"
    FORM = "formulier", "formulier van een school of ketenpartner"
    API = "api", "koppeling (API)"


EXPLANATION_LIMIT = 4000
"""The most a melding's toelichting holds (a text column without a limit of its own): the
melding form, the API and the verzuim file refuse a longer one."""


class Report(models.Model):
    """A melding about a young person: a verzuimmelding from the ROD, or a report that a
    school or partner made itself. Signalling turns it into a signal for the right desk."""

    report_number = models.CharField("meldingnummer", max_length=40, unique=True)
    source = models.CharField(
        "bron", max_length=10, choices=ReportSource.choices, default=ReportSource.ROD
    )
    subject = models.CharField(
        "soort melding", max_length=13, choices=ReportKind.choices, default=ReportKind.ABSENCE
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name="jongere",
    )
    school = models.ForeignKey(
        "regions.School", on_delete=models.PROTECT, null=True, blank=True, verbose_name="school"
    )
    kind = models.CharField("verzuimsoort", max_length=20, choices=AbsenceKind.choices, blank=True)
    reported_at = models.DateTimeField("gemeld op")
    suspected_reason = models.CharField("vermoedelijke reden", max_length=200, blank=True)
    explanation = models.TextField("toelichting", blank=True)
    action = models.CharField("actie", max_length=200, blank=True)
    days_absent = models.PositiveSmallIntegerField("dagen afwezig", null=True, blank=True)
    contact_person = models.CharField("contactpersoon", max_length=200, blank=True)
    school_year = models.CharField("schooljaar", max_length=9, blank=True)
    level = models.CharField("niveau", max_length=20, blank=True)
    pathway = models.CharField("leerweg", max_length=20, blank=True)
    status = models.CharField("status", max_length=16, choices=ReportStatus.choices)
    run = models.ForeignKey(
        ImportRun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="inleesrun",
    )
    reported_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name="gemeld door",
    )
    reported_name = models.CharField(
        "naam zoals gemeld",
        max_length=200,
        blank=True,
        help_text="Wat de melder invulde; de melder ziet dit, niet het register.",
    )
    differs_from_register = models.BooleanField(
        "wijkt af van het register",
        default=False,
        help_text="De melder gaf bij een bekend BSN een andere achternaam of geboortedatum "
        "dan het register heeft: misschien een verkeerd BSN. Alleen het loket ziet dit.",
    )

    class Meta:
        verbose_name = "melding"
        verbose_name_plural = "meldingen"
        ordering = ["-reported_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(subject="verzuim") | Q(kind=""), name="absence_kind_only_verzuim"
            ),
        ]
        indexes = [models.Index(fields=["reported_by", "-reported_at"], name="report_by_user")]

    def __str__(self) -> str:
        return f"{self.report_number} ({self.description})"

    @property
    def description(self) -> str:
        return self.get_kind_display() if self.kind else self.get_subject_display()
