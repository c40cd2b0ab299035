"""The leerplicht desk's own steps (under 18: Leerplichtwet 1969, the MAS): hearings, Halt,
the proces-verbaal, a zorgmelding or Veilig Thuis, and closing a melding with DUO's reason.
None of these exist at the Doorstroompunt desk (18+: help, no enforcement)."""

from __future__ import annotations

from django.db import models

from doorstroom.cases.choices import (
    CareReportKind,
    HaltOutcome,
    HearingWho,
    OfficialReportOutcome,
    ReportClosingReason,
)
from doorstroom.cases.models.case import Case


class Hearing(models.Model):
    """The leerplichtambtenaar hears the parents and, from 12, the young person."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings")
    held_on = models.DateField("gehoord op")
    who = models.CharField("gehoord", max_length=7, choices=HearingWho.choices)
    summary = models.TextField("verslag")
    by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = "hoorgesprek"
        verbose_name_plural = "hoorgesprekken"
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_who_display()} gehoord op {self.held_on}"


class HaltReferral(models.Model):
    """A Halt-afdoening for verzuim: its criteria were checked when it was made."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="halt_referrals")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", verbose_name="jongere"
    )
    referred_on = models.DateField("verwezen op")
    hours_absent = models.PositiveSmallIntegerField("uren ongeoorloofd verzuim")
    times_late = models.PositiveSmallIntegerField("keren te laat", default=0)
    consent = models.BooleanField("toestemming van jongere en ouders")
    outcome = models.CharField("uitkomst", max_length=13, choices=HaltOutcome.choices, blank=True)
    outcome_on = models.DateField("uitkomst op", null=True, blank=True)

    class Meta:
        verbose_name = "Halt-verwijzing"
        verbose_name_plural = "Halt-verwijzingen"
        ordering = ["referred_on", "id"]
        constraints = [
            # 'once per young person for verzuim'
            models.UniqueConstraint(fields=["person"], name="one_halt_per_person")
        ]

    def __str__(self) -> str:
        return f"Halt {self.referred_on}"


class OfficialReport(models.Model):
    """A proces-verbaal to the officier van justitie, with its deadline and outcome."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="official_reports")
    first_hearing_on = models.DateField("eerste keer gehoord op")
    reported_on = models.DateField("melding ontvangen op")
    deadline = models.DateField("uiterlijk naar de officier van justitie")
    sent_on = models.DateField("verstuurd op", null=True, blank=True)
    outcome = models.CharField(
        "afdoening", max_length=20, choices=OfficialReportOutcome.choices, blank=True
    )
    outcome_on = models.DateField("afdoening op", null=True, blank=True)
    by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = "proces-verbaal"
        verbose_name_plural = "processen-verbaal"
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return f"proces-verbaal (uiterlijk {self.deadline})"


class CareReport(models.Model):
    """A zorgmelding or a Veilig Thuis consultation, recorded as such."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="care_reports")
    kind = models.CharField("soort", max_length=11, choices=CareReportKind.choices)
    made_on = models.DateField("gedaan op")
    to = models.CharField("bij", max_length=200)
    note = models.CharField("toelichting", max_length=300, blank=True)
    by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = "zorgmelding"
        verbose_name_plural = "zorgmeldingen"
        ordering = ["made_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.made_on}"


class ReportClosure(models.Model):
    """A melding closed with one of DUO's reasons; `reported_back_on` is set when the status
    went back to DUO through the administration package's export."""

    report = models.OneToOneField(
        "deliveries.Report", on_delete=models.CASCADE, related_name="closure"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="report_closures")
    reason = models.CharField("reden", max_length=16, choices=ReportClosingReason.choices)
    closed_on = models.DateField("afgesloten op")
    reported_back_on = models.DateField("teruggemeld op", null=True, blank=True)
    by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = "afgesloten melding"
        verbose_name_plural = "afgesloten meldingen"
        ordering = ["closed_on", "id"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.get_reason_display()}"
