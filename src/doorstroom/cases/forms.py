"""The forms of case work, in Dutch, each with the messages a caseworker reads when something
is missing or wrong. Views pass the cleaned data to the functions of actions.py and
services.py; the forms only check what a user typed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from doorstroom import dates
from doorstroom.cases import rules
from doorstroom.cases.choices import (
    CaseState,
    Channel,
    ContactResult,
    FollowUpResult,
    Outcome,
    PlanKind,
    Situation,
)
from doorstroom.cases.models import Case, LeavingReason
from doorstroom.formfields import (
    EuroField,
    RecordChoiceField,
    RecordsChoiceField,
    date_field,
    limited_text,
)
from doorstroom.partners import rules as partner_rules
from doorstroom.partners.choices import ConsentGiver, LegalBasis, ReferralStatus, SharedData
from doorstroom.partners.models import Consent, Organisation
from doorstroom.people.choices import Desk
from doorstroom.programme.models import Measure

PAST_LIMIT = timedelta(days=366)
"""How far back a caseworker may date what happened: a year (a late note, not an archive)."""


def text_field(
    label: str,
    *,
    required: str | None = None,
    max_length: int = 300,
    multiline: bool = False,
    **kwargs: Any,
) -> forms.CharField:
    """A `formfields.limited_text` (a longer text is refused with `lengths.too_long`), required
    when it says what to write when it is left empty."""
    if required:
        kwargs["error_messages"] = {"required": required}
    return limited_text(
        label, max_length, multiline=multiline, required=required is not None, **kwargs
    )


def long_text_field(label: str, *, required: str | None = None, **kwargs: Any) -> forms.CharField:
    return text_field(label, required=required, max_length=5000, multiline=True, **kwargs)


def choice_field(label: str, choices: Any, required: str, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("", "maak een keuze"), *choices],
        error_messages={"required": required, "invalid_choice": "Kies een van de mogelijkheden."},
        **kwargs,
    )


def not_future(value: date | None, what: str) -> date | None:
    if value and value > dates.today():
        raise ValidationError(f"{what} ligt in de toekomst; vul de dag in waarop het gebeurde.")
    if value and value < dates.today() - PAST_LIMIT:
        raise ValidationError(f"{what} ligt meer dan een jaar terug; controleer het jaar.")
    return value


def not_past(value: date | None, what: str) -> date | None:
    if value and value < dates.today():
        raise ValidationError(f"{what} ligt in het verleden; kies vandaag of later.")
    if value and value > dates.today() + timedelta(days=3 * 366):
        raise ValidationError(f"{what} ligt meer dan drie jaar vooruit; controleer het jaar.")
    return value


class ContactAttemptForm(forms.Form):
    on = date_field(
        "Datum", example="24-11-2026", required_message="Vul de datum van de poging in."
    )
    channel = choice_field("Manier", Channel.choices, "Kies hoe u contact zocht.")
    result = choice_field("Resultaat", ContactResult.choices, "Kies wat de poging opleverde.")
    next_step = text_field(
        "Vervolgstap", help_text="Bijvoorbeeld: morgen opnieuw bellen na 16 uur."
    )
    next_on = date_field("Vervolgstap op", example="01-12-2026")

    def clean_on(self) -> date:
        return not_future(self.cleaned_data["on"], "De datum")

    def clean_next_on(self) -> date | None:
        return not_past(self.cleaned_data["next_on"], "De vervolgstap")


class NoteForm(forms.Form):
    on = date_field("Datum", example="24-11-2026", required_message="Vul de datum in.")
    contact = forms.BooleanField(
        label="Dit was een gesprek met de jongere (contactmoment)", required=False
    )
    text = long_text_field("Tekst", required="Schrijf op wat er besproken of gedaan is.")
    confidential = forms.BooleanField(
        label="Vertrouwelijk: alleen voor mij en de begeleider van dit dossier",
        required=False,
        help_text="Bijvoorbeeld gezondheid of de thuissituatie. Anderen zien alleen dat er een "
        "vertrouwelijke notitie is.",
    )

    def clean_on(self) -> date:
        return not_future(self.cleaned_data["on"], "De datum")


class IntakeForm(forms.Form):
    held_on = date_field(
        "Intake gehouden op",
        example="24-11-2026",
        required_message="Vul de datum van de intake in.",
    )
    reasons = RecordsChoiceField(
        label="Redenen van schoolverlaten",
        queryset=LeavingReason.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Kies minstens één reden waarom de jongere van school ging."},
    )
    reason_note = text_field("Toelichting op de redenen", max_length=500)
    goal = long_text_field(
        "Eigen doel van de jongere",
        required="Schrijf op wat de jongere zelf wil bereiken, in de eigen woorden.",
    )

    def __init__(self, *args: Any, region_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reasons"].queryset = LeavingReason.objects.filter(
            Q(region__isnull=True) | Q(region_id=region_id), active=True
        )
        for domain in Situation:
            self.fields[f"situation_{domain.value}"] = text_field(f"Situatie: {domain.label}")

    def clean_held_on(self) -> date:
        return not_future(self.cleaned_data["held_on"], "De intake")

    def situation(self) -> dict[Situation, str]:
        return {d: self.cleaned_data.get(f"situation_{d.value}", "") for d in Situation}

    def situation_fields(self) -> list[forms.BoundField]:
        return [self[f"situation_{d.value}"] for d in Situation]


class ConsentForm(forms.Form):
    organisation = RecordChoiceField(
        label="Ketenpartner",
        queryset=Organisation.objects.none(),
        empty_label="maak een keuze",
        error_messages={"required": "Kies met welke partner gedeeld mag worden."},
    )
    scope = text_field(
        "Wat gedeeld mag worden",
        required="Schrijf op welke gegevens gedeeld mogen worden.",
        help_text="Bijvoorbeeld: naam, telefoonnummer en het plan.",
    )
    allows = forms.MultipleChoiceField(
        label="Wat de partner van de jongere mag zien",
        choices=SharedData.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Een verwijzing op deze toestemming kan alleen deze gegevens uit het register "
        "meegeven.",
        error_messages={"invalid_choice": "Kies uit naam, geboortedatum en telefoon en e-mail."},
    )
    given_on = date_field(
        "Gegeven op",
        example="24-11-2026",
        required_message="Vul in wanneer de toestemming gegeven is.",
    )
    given_by = choice_field(
        "Gegeven door",
        ConsentGiver.choices,
        "Kies wie de toestemming gaf: de jongere, of onder de 16 een ouder of voogd.",
        help_text="Onder de 16 jaar geeft een ouder of voogd toestemming, vanaf 16 de jongere.",
    )
    valid_until = date_field(
        "Geldig tot en met",
        example="24-05-2027",
        help_text="Leeg: tot de toestemming wordt ingetrokken.",
    )

    def __init__(self, *args: Any, region_id: int, born: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.born = born
        self.fields["organisation"].queryset = partners_of(region_id)

    def clean_given_on(self) -> date:
        return not_future(self.cleaned_data["given_on"], "De datum van de toestemming")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("given_on") and data.get("given_by"):
            refusal = partner_rules.consent_giver_refusal(
                ConsentGiver(data["given_by"]), dates.age_on(self.born, data["given_on"])
            )
            if refusal:
                self.add_error("given_by", refusal)
        if (
            data.get("given_on")
            and data.get("valid_until")
            and data["valid_until"] < data["given_on"]
        ):
            self.add_error("valid_until", "De toestemming eindigt vóór ze gegeven is.")
        return data


def partners_of(region_id: int) -> QuerySet[Organisation]:
    return Organisation.objects.filter(region_id=region_id, active=True)


GOAL_ROWS = 3


class PlanForm(forms.Form):
    made_on = date_field(
        "Opgesteld op", example="24-11-2026", required_message="Vul de datum van het plan in."
    )
    kind = choice_field("Soort traject", PlanKind.choices, "Kies de soort traject.")
    agreements = long_text_field("Afspraken", required="Schrijf de afspraken met de jongere op.")
    partners = RecordsChoiceField(
        label="Betrokken partners",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    measure = RecordChoiceField(
        label="Maatregel van het regionaal programma",
        queryset=Measure.objects.none(),
        required=False,
        empty_label="geen",
    )
    cost = EuroField(
        label="Kosten (euro)",
        required=False,
        min_value=Decimal(0),
        max_value=Decimal("999999.99"),
        decimal_places=2,
        help_text="Bijvoorbeeld 1500 of 1.500,00.",
        error_messages={
            "invalid": "Vul een bedrag in euro's in, zoals 1500 of 1.500,00.",
            "min_value": "Een bedrag is niet negatief.",
            "max_value": "Vul een bedrag onder een miljoen euro in.",
            "max_decimal_places": "Vul hoogstens twee cijfers achter de komma in.",
        },
    )

    def __init__(self, *args: Any, region_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partners_of(region_id)
        self.fields["measure"].queryset = Measure.objects.filter(region_id=region_id)
        for n in range(1, GOAL_ROWS + 1):
            first = n == 1  # a plan has at least one goal with a date
            self.fields[f"goal_{n}"] = text_field(
                f"Doel {n}",
                required="Een plan heeft minstens één doel; schrijf het op." if first else None,
            )
            self.fields[f"goal_{n}_due"] = date_field(
                f"Streefdatum doel {n}",
                example="01-03-2027",
                required_message="Vul een streefdatum in voor doel 1." if first else None,
            )

    def clean_made_on(self) -> date:
        return not_future(self.cleaned_data["made_on"], "De datum van het plan")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        goals = []
        for n in range(1, GOAL_ROWS + 1):
            text, due = data.get(f"goal_{n}", ""), data.get(f"goal_{n}_due")
            if text and not due and f"goal_{n}_due" not in self.errors:
                self.add_error(f"goal_{n}_due", f"Vul een streefdatum in voor doel {n}.")
            elif due and not text:
                self.add_error(f"goal_{n}", f"Schrijf doel {n} op, of laat de streefdatum leeg.")
            elif text and due:
                goals.append((text, due))
        data["goals"] = goals
        return data

    def goal_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"goal_{n}"], self[f"goal_{n}_due"]) for n in range(1, GOAL_ROWS + 1)]


class TaskForm(forms.Form):
    title = text_field("Taak", required="Schrijf op wat er moet gebeuren.", max_length=200)
    due_on = date_field(
        "Uiterlijk op",
        example="01-12-2026",
        required_message="Vul in wanneer de taak af moet zijn.",
    )

    def clean_due_on(self) -> date:
        return not_past(self.cleaned_data["due_on"], "De datum")


class GroundField(forms.ChoiceField):
    """The grounds for sharing: it shows those of the case's desk at the young person's age
    (partners/rules.py) and takes any ground, so that ReferralForm.clean says in Dutch why
    one that was not offered does not apply (a page loaded before a birthday, a forged post)."""

    def valid_value(self, value: Any) -> bool:
        return value in LegalBasis.values


class ReferralForm(forms.Form):
    organisation = RecordChoiceField(
        label="Ketenpartner",
        queryset=Organisation.objects.none(),
        empty_label="maak een keuze",
        error_messages={"required": "Kies naar welke partner u verwijst."},
    )
    reason = text_field("Vraag aan de partner", required="Schrijf op wat u van de partner vraagt.")
    legal_basis = GroundField(
        label="Grondslag voor het delen",
        error_messages={
            "required": "Kies op welke grond u gegevens deelt.",
            "invalid_choice": "Kies een van de mogelijkheden.",
        },
    )
    consent = RecordChoiceField(
        label="Toestemming",
        queryset=Consent.objects.none(),
        required=False,
        empty_label="geen (wettelijke grondslag)",
        help_text="Nodig als de grondslag toestemming is.",
    )
    shared = text_field("Gedeelde gegevens", required="Schrijf op welke gegevens u deelt.")
    shares = forms.MultipleChoiceField(
        label="Wat de partner van de jongere ziet",
        choices=SharedData.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="De partner ziet de verwijzing met deze gegevens uit het register, tot de "
        "einddatum; bij toestemming alleen wat die toestemming toestaat. Niets anders van het "
        "dossier.",
        error_messages={"invalid_choice": "Kies uit naam, geboortedatum en telefoon en e-mail."},
    )
    referred_on = date_field(
        "Verwezen op", example="24-11-2026", required_message="Vul de datum van de verwijzing in."
    )
    shared_until = date_field(
        "Delen tot en met",
        example="24-02-2027",
        required_message="Vul in tot wanneer de partner de gegevens mag gebruiken.",
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["organisation"].queryset = partners_of(case.region_id)
        self.fields["consent"].queryset = Consent.objects.filter(
            case=case, withdrawn_on__isnull=True
        ).select_related("organisation")
        offered = partner_rules.legal_bases_for(Desk(case.desk), self._age_on(dates.today()))
        self.fields["legal_basis"].choices = [
            ("", "maak een keuze"),
            *((basis.value, basis.label) for basis in offered),
        ]

    def _age_on(self, on: date) -> int:
        return dates.age_on(self.case.person.date_of_birth, on)

    def clean_referred_on(self) -> date:
        return not_future(self.cleaned_data["referred_on"], "De verwijzing")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("legal_basis"):
            refusal = partner_rules.basis_refusal(
                LegalBasis(data["legal_basis"]),
                Desk(self.case.desk),
                self._age_on(data.get("referred_on") or dates.today()),
            )
            if refusal:
                self.add_error("legal_basis", refusal)
        if (
            data.get("legal_basis") == LegalBasis.CONSENT
            and not data.get("consent")
            and "consent" not in self.errors
        ):
            self.add_error(
                "consent", "Kies de toestemming waarop u deelt, of een wettelijke grondslag."
            )
        if (
            data.get("referred_on")
            and data.get("shared_until")
            and data["shared_until"] < data["referred_on"]
        ):
            self.add_error("shared_until", "Het delen eindigt vóór de verwijzing begint.")
        return data


class ReferralStatusForm(forms.Form):
    status = choice_field("Status", ReferralStatus.choices, "Kies de nieuwe status.")
    outcome = text_field("Uitkomst of toelichting")

    def __init__(self, *args: Any, statuses: list[ReferralStatus], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            ("", "maak een keuze"),
            *((s.value, s.label) for s in statuses),
        ]


class StateForm(forms.Form):
    to = choice_field("Naar", [], "Kies de nieuwe status.")
    note = text_field("Toelichting")

    def __init__(self, *args: Any, targets: list[CaseState], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [("", "maak een keuze"), *((t.value, t.label) for t in targets)]


class CloseForm(forms.Form):
    outcome = choice_field("Uitkomst", [], "Kies de uitkomst van het traject.")
    closed_on = date_field(
        "Afgesloten op", example="24-11-2026", required_message="Vul de datum van afsluiten in."
    )
    reason = text_field("Toelichting", help_text="Bijvoorbeeld de opleiding of het werk.")

    def __init__(self, *args: Any, desk: Desk, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [
            ("", "maak een keuze"),
            *((o.value, o.label) for o in rules.outcomes_for(desk) if o != Outcome.DIED),
        ]

    def clean_closed_on(self) -> date:
        return not_future(self.cleaned_data["closed_on"], "De datum van afsluiten")


class FollowUpForm(forms.Form):
    done_on = date_field(
        "Gedaan op", example="24-11-2026", required_message="Vul de datum van de controle in."
    )
    result = choice_field("Resultaat", FollowUpResult.choices, "Kies wat de controle opleverde.")
    note = text_field("Toelichting")

    def clean_done_on(self) -> date:
        return not_future(self.cleaned_data["done_on"], "De datum")


class AssignCaseForm(forms.Form):
    coach = forms.ChoiceField(
        label="Begeleider",
        error_messages={
            "required": "Kies een begeleider.",
            "invalid_choice": "Kies een begeleider uit de lijst.",
        },
    )

    def __init__(self, *args: Any, coaches: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.coaches = {str(c.pk): c for c in coaches}
        self.fields["coach"].choices = [
            ("", "maak een keuze"),
            ("niemand", "niemand (niet toegewezen)"),
            *((pk, c.display_name) for pk, c in self.coaches.items()),
        ]

    def chosen(self) -> Any:
        value = self.cleaned_data["coach"]
        return None if value == "niemand" else self.coaches[value]
