"""The staging tables a delivery passes through: its validated rows, streamed in short
batches (staging.py), then applied to the register in one transaction with set-based SQL
(apply.py). A run killed while staging has changed nothing in the register; a run killed
while applying is rolled back whole."""

from __future__ import annotations

from django.db import models

from doorstroom.crypto import LookupHashField
from doorstroom.deliveries.models.runs import ImportRun

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
