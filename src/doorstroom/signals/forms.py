"""The forms of signalling: work-queue filters, bulk assignment, a melding, closing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F

from doorstroom import dates
from doorstroom.deliveries.models import EXPLANATION_LIMIT, AbsenceKind, ReportKind
from doorstroom.formfields import (
    RecordChoiceField,
    date_field,
    limited_text,
)
from doorstroom.people.bsn import normalise, validate_bsn
from doorstroom.people.choices import Desk
from doorstroom.people.models import EARLIEST_BIRTH
from doorstroom.regions.models import Municipality, School
from doorstroom.signals.choices import SignalKind, SignalStatus
from doorstroom.signals.models import SavedFilter, SignalQuerySet
from doorstroom.signals.report_rules import report_refusals

UNASSIGNED = "niemand"
MINE = "mij"
QUERY_LIMIT = SavedFilter._meta.get_field("query").max_length
"""The most a page's filters may take (a saved filter, the queue's way back): the model's."""
NAME_LIMIT = SavedFilter._meta.get_field("name").max_length
DATE_ERROR = "Vul een bestaande datum in als dd-mm-jjjj, bijvoorbeeld 03-11-2007."

SORTS = {
    "urgentie": ("Meest urgent eerst", [F("priority").asc(nulls_last=True), "raised_on", "id"]),
    "oudste": ("Langst open eerst", ["raised_on", "id"]),
    "termijn": ("Termijn eerst verlopen", ["due_on", "id"]),
    "leeftijd": ("Jongste eerst", ["-date_of_birth", "id"]),
    "gemeente": ("Gemeente", ["person__municipality__name", "raised_on", "id"]),
}  # fmt: skip


def _choices(first: str, choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", first), *choices]


class QueueFilterForm(forms.Form):
    """The work queue's filters, from the query string: codes and ids, never personal data."""

    desk = forms.ChoiceField(label="Loket", required=False)
    kind = forms.ChoiceField(
        label="Soort signaal", required=False, choices=_choices("Alle soorten", SignalKind.choices)
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[
            ("", "Nieuw en in behandeling"),
            (SignalStatus.NEW, "Nieuw"),
            (SignalStatus.IN_PROGRESS, "In behandeling"),
        ],
    )
    municipality = forms.ChoiceField(label="Woongemeente", required=False)
    assigned = forms.ChoiceField(label="Toegewezen aan", required=False)
    priority = forms.ChoiceField(
        label="Prioriteit Inlichtingenbureau",
        required=False,
        choices=[
            *_choices("Alle", [(str(p), f"prioriteit {p}") for p in range(1, 6)]),
            ("onbekend", "onbekend"),
        ],
    )
    overdue = forms.BooleanField(label="Alleen met verlopen termijn", required=False)
    sort = forms.ChoiceField(
        label="Sorteren op",
        required=False,
        choices=[(key, label) for key, (label, _) in SORTS.items()],
    )

    def __init__(
        self,
        data: Any,
        *,
        desks: frozenset[Desk],
        region_ids: frozenset[int],
        coaches: Iterable[Any],
    ) -> None:
        super().__init__(data)
        self.fields["desk"].choices = _choices(
            "Alle loketten", [(d.value, d.label) for d in Desk if d in desks]
        )
        self.fields["municipality"].choices = _choices(
            "Alle gemeenten",
            [
                (str(pk), name)
                for pk, name in Municipality.objects.filter(region_id__in=region_ids)
                .order_by("name")
                .values_list("id", "name")
            ],
        )
        self.fields["assigned"].choices = [
            ("", "Iedereen"),
            (UNASSIGNED, "Niet toegewezen"),
            (MINE, "Mij"),
            *[(str(u.pk), u.display_name) for u in coaches],
        ]

    def apply(self, signals: SignalQuerySet, user: Any) -> SignalQuerySet:
        """The signals that pass the filters, sorted; an invalid filter value is ignored (a saved
        filter may name a municipality that merged, or a coach who left)."""
        self.is_valid()  # a value that is not (or no longer) valid drops only that filter
        data = self.cleaned_data
        statuses = (
            [data["status"]] if data.get("status") else [SignalStatus.NEW, SignalStatus.IN_PROGRESS]
        )
        signals = signals.filter(status__in=statuses)
        if data.get("desk"):
            signals = signals.filter(desk=data["desk"])
        if data.get("kind"):
            signals = signals.filter(kind=data["kind"])
        if data.get("municipality"):
            signals = signals.filter(person__municipality_id=int(data["municipality"]))
        assigned = data.get("assigned")
        if assigned == UNASSIGNED:
            signals = signals.filter(assigned_to__isnull=True)
        elif assigned == MINE:
            signals = signals.filter(assigned_to=user)
        elif assigned:
            signals = signals.filter(assigned_to_id=int(assigned))
        if data.get("priority") == "onbekend":
            signals = signals.filter(priority__isnull=True)
        elif data.get("priority"):
            signals = signals.filter(priority=int(data["priority"]))
        if data.get("overdue"):
            signals = signals.overdue(dates.today())
        return signals.order_by(*SORTS[data.get("sort") or "urgentie"][1])


class AssignForm(forms.Form):
    """Bulk assignment: the ticked signals to one coach (or back to nobody)."""

    signals = forms.MultipleChoiceField(
        label="Signalen",
        error_messages={
            "required": "Kies eerst een of meer signalen in de lijst.",
            "invalid_choice": "Een of meer gekozen signalen zijn al afgesloten of vallen buiten "
            "uw werkvoorraad; er is niets toegewezen.",
        },
    )
    coach = forms.ChoiceField(
        label="Toewijzen aan",
        error_messages={
            "required": "Kies aan wie u de signalen toewijst.",
            "invalid_choice": "Aan deze persoon kunt u geen signalen toewijzen.",
        },
    )
    back = forms.CharField(required=False, max_length=QUERY_LIMIT)

    def __init__(self, data: Any, *, coaches: Iterable[Any], signal_ids: list[str]) -> None:
        super().__init__(data)
        self.fields["signals"].choices = [(i, i) for i in signal_ids]
        self.fields["coach"].choices = [
            ("", "Kies een begeleider"),
            (UNASSIGNED, "Niemand (toewijzing intrekken)"),
            *[(str(u.pk), u.display_name) for u in coaches],
        ]


class CloseSignalForm(forms.Form):
    reason = limited_text(
        "Reden van afsluiten",
        300,
        multiline=True,
        error_messages={"required": "Schrijf waarom het signaal wordt afgesloten."},
    )


class SavedFilterForm(forms.Form):
    name = limited_text(
        "Naam van het filter",
        NAME_LIMIT,
        error_messages={"required": "Geef het filter een naam."},
    )
    query = forms.CharField(required=False, max_length=QUERY_LIMIT, widget=forms.HiddenInput)


class ReportForm(forms.Form):
    """'Reports from schools and partners (meldingen)': who, what, and the verzuim fields of
    DOMAIN.md. The reporter never learns whether the young person is already known."""

    subject = forms.ChoiceField(
        label="Soort melding",
        choices=_choices("Kies een soort", ReportKind.choices),
        error_messages={"required": "Kies wat voor melding u doet."},
    )
    bsn = limited_text(
        "BSN",
        20,
        help_text="9 cijfers",
        error_messages={"required": "Vul het BSN van de jongere in."},
    )
    given_names = limited_text(
        "Voornamen", 200, error_messages={"required": "Vul de voornamen in."}
    )
    surname_prefix = limited_text("Voorvoegsel", 20, required=False)
    surname = limited_text("Achternaam", 200, error_messages={"required": "Vul de achternaam in."})
    date_of_birth = date_field(
        "Geboortedatum",
        example="03-11-2009",
        required_message="Vul de geboortedatum in.",
        invalid_message=DATE_ERROR,
    )
    municipality = RecordChoiceField(
        label="Woongemeente",
        queryset=Municipality.objects.filter(valid_to__isnull=True)
        .select_related("region")
        .order_by("name"),
        empty_label="Kies een gemeente",
        error_messages={"required": "Kies de woongemeente van de jongere."},
    )
    reported_on = date_field(
        "Datum",
        example="03-11-2007",
        help_text="De dag van het verzuim, de uitschrijving of de zorg; als dd-mm-jjjj.",
        required_message="Vul de datum in.",
    )
    absence_kind = forms.ChoiceField(
        label="Verzuimsoort",
        required=False,
        choices=_choices("Kies bij een verzuimmelding", AbsenceKind.choices),
    )
    days_absent = forms.IntegerField(
        label="Dagen afwezig", required=False, min_value=0, max_value=366
    )
    brin = limited_text(
        "School (BRIN)",
        6,
        required=False,
        help_text="Bijvoorbeeld 99AA of 99AA00 met vestiging.",
    )
    suspected_reason = limited_text("Vermoedelijke reden", 200, required=False)
    explanation = limited_text("Toelichting", EXPLANATION_LIMIT, required=False, multiline=True)
    action = limited_text("Gewenste of genomen actie", 200, required=False)
    contact_person = limited_text(
        "Contactpersoon bij de melder",
        200,
        help_text="Naam en telefoonnummer.",
        error_messages={"required": "Vul een contactpersoon in."},
    )
    school_year = limited_text("Leerjaar", 9, required=False)
    level = limited_text("Niveau", 20, required=False)
    pathway = limited_text("Leerweg", 20, required=False)

    def clean_bsn(self) -> str:
        value = normalise(self.cleaned_data["bsn"])
        validate_bsn(value)
        return value

    def clean_date_of_birth(self) -> date:
        value = self.cleaned_data["date_of_birth"]
        if not EARLIEST_BIRTH <= value <= dates.today():
            raise ValidationError("Vul een geboortedatum in tussen 1900 en vandaag.")
        return value

    def clean_reported_on(self) -> date:
        value = self.cleaned_data["reported_on"]
        if value > dates.today():
            raise ValidationError("De datum ligt in de toekomst.")
        return value

    def clean_brin(self) -> School | None:
        value = self.cleaned_data["brin"].strip().upper()
        if not value:
            return None
        brin, vestiging = value[:4], value[4:] or "00"
        school = School.objects.filter(brin=brin, vestiging=vestiging).first()
        if school is None:
            raise ValidationError(f"School {value} is onbekend; controleer de BRIN-code.")
        return school

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        subject, kind = data.get("subject"), data.get("absence_kind")
        if subject == ReportKind.ABSENCE and not kind:
            self.add_error("absence_kind", "Kies de verzuimsoort bij een verzuimmelding.")
        if subject and subject != ReportKind.ABSENCE and kind:
            self.add_error("absence_kind", "Een verzuimsoort hoort alleen bij een verzuimmelding.")
        born, day = data.get("date_of_birth"), data.get("reported_on")
        if born and day and day < born:
            self.add_error("reported_on", "De datum ligt vóór de geboortedatum.")
        elif born and day and data.get("municipality") and "absence_kind" not in self.errors:
            refusals = report_refusals(
                subject=subject, absence_kind=kind or "", days_absent=data.get("days_absent"),
                date_of_birth=born, reported_on=day, today=dates.today(),
                upper_age=data["municipality"].region.upper_age,
            )  # fmt: skip
            for name, message in refusals.items():
                self.add_error(name, message)
        return data
