"""The forms of the leerplicht desk's own steps (under 18)."""

from __future__ import annotations

from datetime import date

from django import forms

from doorstroom.cases.choices import (
    CareReportKind,
    HaltOutcome,
    HearingWho,
    MasPhase,
    MasRoute,
    OfficialReportOutcome,
    ReportClosingReason,
)
from doorstroom.cases.forms import choice_field, long_text_field, not_future, text_field
from doorstroom.formfields import date_field


class HearingForm(forms.Form):
    held_on = date_field(
        "Gehoord op", example="24-11-2026", required_message="Vul de datum van het gesprek in."
    )
    who = choice_field("Wie is gehoord", HearingWho.choices, "Kies wie u hoorde.")
    summary = long_text_field("Verslag", required="Schrijf een kort verslag van het gesprek.")

    def clean_held_on(self) -> date:
        return not_future(self.cleaned_data["held_on"], "Het gesprek")


class MasForm(forms.Form):
    phase = choice_field("Fase", MasPhase.choices, "Kies de fase van de MAS.")
    route_kind = forms.ChoiceField(
        label="Route",
        required=False,
        choices=[("", "nog geen route"), *MasRoute.choices],
        error_messages={"invalid_choice": "Kies een van de routes."},
    )


class HaltForm(forms.Form):
    referred_on = date_field(
        "Verwezen op", example="24-11-2026", required_message="Vul de datum van de verwijzing in."
    )
    hours_absent = forms.IntegerField(
        label="Uren ongeoorloofd verzuim",
        min_value=0,
        max_value=2000,
        error_messages={
            "required": "Vul het aantal uren verzuim in (0 als de jongere alleen te laat kwam).",
            "invalid": "Vul een heel aantal uren in.",
            "min_value": "Een aantal uren is niet negatief.",
            "max_value": "Vul een aantal uren onder 2000 in.",
        },
    )
    times_late = forms.IntegerField(
        label="Keren te laat",
        min_value=0,
        max_value=1000,
        initial=0,
        error_messages={
            "required": "Vul in hoe vaak de jongere te laat kwam (0 als dat niet speelt).",
            "invalid": "Vul een heel aantal in.",
            "min_value": "Een aantal is niet negatief.",
            "max_value": "Vul een aantal onder 1000 in.",
        },
    )
    consent = forms.BooleanField(
        label="De jongere en de ouders stemmen in met Halt", required=False
    )

    def clean_referred_on(self) -> date:
        return not_future(self.cleaned_data["referred_on"], "De verwijzing")


class HaltOutcomeForm(forms.Form):
    outcome = choice_field("Uitkomst", HaltOutcome.choices, "Kies de uitkomst van Halt.")
    on = date_field("Op", example="24-11-2026", required_message="Vul de datum in.")

    def clean_on(self) -> date:
        return not_future(self.cleaned_data["on"], "De datum")


class OfficialReportForm(forms.Form):
    first_hearing_on = date_field(
        "Eerste keer gehoord op",
        example="10-11-2026",
        required_message="Vul de datum van het eerste horen in.",
    )
    reported_on = date_field(
        "Melding ontvangen op",
        example="01-11-2026",
        required_message="Vul de datum van de melding in.",
    )

    def clean_first_hearing_on(self) -> date:
        return not_future(self.cleaned_data["first_hearing_on"], "Het eerste horen")

    def clean_reported_on(self) -> date:
        return not_future(self.cleaned_data["reported_on"], "De melding")


class SentForm(forms.Form):
    sent_on = date_field(
        "Verstuurd op", example="24-11-2026", required_message="Vul de datum van versturen in."
    )

    def clean_sent_on(self) -> date:
        return not_future(self.cleaned_data["sent_on"], "Het versturen")


class OfficialReportOutcomeForm(forms.Form):
    outcome = choice_field("Afdoening", OfficialReportOutcome.choices, "Kies de afdoening.")
    on = date_field("Op", example="24-11-2026", required_message="Vul de datum in.")

    def clean_on(self) -> date:
        return not_future(self.cleaned_data["on"], "De datum")


class CareReportForm(forms.Form):
    kind = choice_field("Soort", CareReportKind.choices, "Kies wat voor melding of advies het was.")
    made_on = date_field("Gedaan op", example="24-11-2026", required_message="Vul de datum in.")
    to = text_field("Bij", required="Vul in bij wie (organisatie of team).", max_length=200)
    note = text_field("Toelichting")

    def clean_made_on(self) -> date:
        return not_future(self.cleaned_data["made_on"], "De datum")


class ReportCloseForm(forms.Form):
    reason = choice_field(
        "Reden (zoals DUO die kent)", ReportClosingReason.choices, "Kies de reden van afsluiten."
    )
    on = date_field("Afgesloten op", example="24-11-2026", required_message="Vul de datum in.")

    def clean_on(self) -> date:
        return not_future(self.cleaned_data["on"], "De datum")
