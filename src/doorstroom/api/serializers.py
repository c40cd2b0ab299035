"""A melding as JSON. The fields, their limits and every check are the web form's
(signals.forms.ReportForm): the serializer reads only the JSON types (text, number, ISO
date), the form then checks what it checks on the page, with the same Dutch messages."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from doorstroom.deliveries.models import AbsenceKind, Report, ReportKind, ReportSource, ReportStatus
from doorstroom.formfields import MultilineText, Printable
from doorstroom.lengths import lf_line_breaks, naming_the_field
from doorstroom.signals.forms import ReportForm

API_NAMES = {
    "subject": "soortMelding",
    "bsn": "bsn",
    "given_names": "voornamen",
    "surname_prefix": "voorvoegsel",
    "surname": "achternaam",
    "date_of_birth": "geboortedatum",
    "municipality": "woongemeente",
    "reported_on": "datum",
    "absence_kind": "verzuimsoort",
    "days_absent": "dagenAfwezig",
    "brin": "brin",
    "suspected_reason": "vermoedelijkeReden",
    "explanation": "toelichting",
    "action": "actie",
    "contact_person": "contactpersoon",
    "school_year": "leerjaar",
    "level": "niveau",
    "pathway": "leerweg",
}
"""The form's fields by their name in the API (lower camelCase Dutch, as the register's
users call them). A field added to the form without a name here stops the import."""

FORM_NAMES = {api: form for form, api in API_NAMES.items()}
WHOLE = "melding"
"""The name in `invalid-params` of a problem with the melding as a whole."""
NOT_AN_OBJECT = "Stuur de melding als één JSON-object met de velden uit /api/v1/openapi.json."
UNKNOWN_FIELD = "Dit veld kent de API niet; de velden staan in /api/v1/openapi.json."
ISO_DATE = "Schrijf de datum als jjjj-mm-dd, bijvoorbeeld 2009-11-03."
MUNICIPALITY_HELP = "De CBS-code van de woongemeente, bijvoorbeeld GM0150 (Deventer)."


class ApiReportForm(ReportForm):
    """The web form, with one difference: the woongemeente by its CBS code, which a school's
    system knows, instead of the record id that the page's list sends."""

    municipality = forms.ModelChoiceField(
        queryset=ReportForm.base_fields["municipality"].queryset,
        to_field_name="code",
        error_messages={
            "required": "Geef de CBS-code van de woongemeente van de jongere.",
            "invalid_choice": "Onbekende gemeente: geef de CBS-code van een bestaande gemeente, "
            "bijvoorbeeld GM0150.",
        },
    )


class Text(serializers.CharField):
    """Text, and only text: DRF would read a number as its digits. No NUL (PostgreSQL cannot
    store it) and no lone surrogate (no text at all), each refused in Dutch. Of a `multiline`
    field, line breaks are read as LF before the length check, as the web form reads them."""

    def __init__(self, *, multiline: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.multiline = multiline
        for validator in self.validators:
            if isinstance(validator, ProhibitNullCharactersValidator):
                validator.message = "Een NUL-teken (\\u0000) kan hier niet in."
            elif isinstance(validator, ProhibitSurrogateCharactersValidator):
                validator.message = (
                    "Dit is geen geldige tekst (een losse surrogaat U+{code_point:X})."
                )

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        text = super().to_internal_value(data)
        return lf_line_breaks(text) if self.multiline else text


class WholeNumber(serializers.IntegerField):
    """A JSON whole number, not a text of digits nor 12.0 nor true."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


MESSAGES = {
    "required": "Dit veld is verplicht.",
    "null": "Dit veld is verplicht; laat het niet leeg.",
    "blank": "Dit veld is verplicht; laat het niet leeg.",
    "min_value": "Vul een getal van minstens {min_value} in.",
    "max_value": "Vul een getal van ten hoogste {max_value} in.",
    "max_string_length": "Dit getal is te groot.",
}
"""What the JSON types say in Dutch; what the form checks, it says itself."""
KIND_MESSAGES = {
    Text: "Vul hier tekst in (een JSON-string).",
    WholeNumber: "Vul hier een geheel getal in.",
    serializers.DateField: ISO_DATE,
}


def _json_field(name: str, field: forms.Field) -> serializers.Field:
    """The JSON type of one form field (`name` in the API), with its limits; the form does
    the rest."""
    messages = dict(MESSAGES)
    if field.required and "required" in field.error_messages:
        # Left out, null or empty: the form's own words ('Vul de voornamen in.').
        messages |= dict.fromkeys(("required", "null", "blank"), field.error_messages["required"])
    common: dict[str, Any] = {
        "required": field.required,
        "label": str(field.label) if field.label else None,
        "help_text": str(field.help_text) or None,
        "allow_null": not field.required,
    }
    if isinstance(field, forms.ModelChoiceField):
        kind, options = Text, {"max_length": 6, "help_text": MUNICIPALITY_HELP}
    elif isinstance(field, forms.ChoiceField):
        choices = [(str(value), label) for value, label in field.choices if value]
        values = [value for value, _ in choices]
        kind, options = serializers.ChoiceField, {"choices": choices}
        options["allow_blank"] = not field.required
        messages["invalid_choice"] = f"Kies een van: {', '.join(values)}."
    elif isinstance(field, forms.DateField):
        kind, options = (
            serializers.DateField,
            {"input_formats": ["iso-8601"], "help_text": ISO_DATE},
        )
    elif isinstance(field, forms.IntegerField):
        kind, options = WholeNumber, {"min_value": field.min_value, "max_value": field.max_value}
    elif isinstance(field, forms.CharField):
        kind, options = Text, {"max_length": field.max_length, "allow_blank": not field.required}
        options["multiline"] = isinstance(field, MultilineText)
    else:
        raise TypeError(f"Geen JSON-type voor het formulierveld {type(field).__name__}")
    if kind in KIND_MESSAGES:
        messages["invalid"] = KIND_MESSAGES[kind]
    json_field = kind(error_messages=messages, **{**common, **options})
    if kind is Text:
        # too long or an invisible character: the field's name, as the form and a file say
        json_field.validators = [
            *naming_the_field(json_field.validators, name, options["max_length"]),
            Printable(name, multiline=options.get("multiline", False)),
        ]
    return json_field


@extend_schema_serializer(component_name="NieuweMelding")
class NewMeldingSerializer(serializers.Serializer):
    """What a school or partner sends: the fields of the web form. Every problem is named at
    once: a field of the wrong JSON type, an unknown field, and whatever the form refuses
    in the fields that were read."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            API_NAMES[name]: _json_field(API_NAMES[name], f)
            for name, f in ApiReportForm.base_fields.items()
        }

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, Mapping):
            raise serializers.ValidationError({WHOLE: [NOT_AN_OBJECT]})
        errors: dict[str, Any] = {}
        read: dict[str, Any] = {}
        for name, field in self.fields.items():
            value = field.get_value(data)
            if value == "" and not isinstance(field, Text) and not getattr(field, "allow_blank", 0):
                value = None  # an empty choice or date is a missing one, as on the page
            try:
                read[name] = field.run_validation(value)
            except serializers.ValidationError as error:
                errors[name] = error.detail
            except SkipField:
                continue
        for name in sorted(set(data) - set(self.fields)):
            errors[str(name)[:100]] = [serializers.ErrorDetail(UNKNOWN_FIELD, code="unknown")]
        form = ApiReportForm({FORM_NAMES[k]: "" if v is None else v for k, v in read.items()})
        form.is_valid()
        for name, messages in form.errors.get_json_data().items():
            errors.setdefault(
                API_NAMES.get(name, WHOLE),
                [serializers.ErrorDetail(m["message"], code=m["code"]) for m in messages],
            )
        if errors:
            raise serializers.ValidationError(errors)
        return form.cleaned_data


class MeldingSerializer(serializers.Serializer):
    """A melding as its reporter sent it, and its status as DUO knows it; never what the
    register holds on the young person (not even whether they were known)."""

    meldingnummer = serializers.CharField(source="report_number")
    soortMelding = serializers.ChoiceField(source="subject", choices=ReportKind.choices)
    verzuimsoort = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=ReportStatus.choices)
    statusOmschrijving = serializers.CharField(source="get_status_display")
    datum = serializers.SerializerMethodField()
    jongereZoalsGemeld = serializers.CharField(source="reported_name")
    brin = serializers.SerializerMethodField()
    dagenAfwezig = serializers.IntegerField(source="days_absent", allow_null=True)
    vermoedelijkeReden = serializers.CharField(source="suspected_reason")
    toelichting = serializers.CharField(source="explanation")
    actie = serializers.CharField(source="action")
    contactpersoon = serializers.CharField(source="contact_person")
    leerjaar = serializers.CharField(source="school_year")
    niveau = serializers.CharField(source="level")
    leerweg = serializers.CharField(source="pathway")
    bron = serializers.ChoiceField(source="source", choices=ReportSource.choices)

    @extend_schema_field(serializers.ChoiceField(choices=AbsenceKind.choices, allow_null=True))
    def get_verzuimsoort(self, report: Report) -> str | None:
        return report.kind or None

    @extend_schema_field(
        serializers.DateField(help_text="De dag van het verzuim, de uitschrijving of de zorg.")
    )
    def get_datum(self, report: Report) -> date:
        return timezone.localtime(report.reported_at).date()

    @extend_schema_field(
        serializers.CharField(
            allow_null=True, help_text="BRIN-code met vestiging, bijvoorbeeld 99AA00."
        )
    )
    def get_brin(self, report: Report) -> str | None:
        return f"{report.school.brin}{report.school.vestiging}" if report.school_id else None


class MeldingenPagina(serializers.Serializer):
    """One page of the own meldingen."""

    aantal = serializers.IntegerField(help_text="Het aantal eigen meldingen.")
    volgende = serializers.URLField(allow_null=True, help_text="De volgende pagina, of null.")
    vorige = serializers.URLField(allow_null=True, help_text="De vorige pagina, of null.")
    resultaten = MeldingSerializer(many=True)
