"""The search for a young person: by BSN, surname or date of birth."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from doorstroom import dates
from doorstroom.crypto import decrypt, encrypt
from doorstroom.formfields import date_field, limited_text
from doorstroom.people.bsn import normalise, validate_bsn
from doorstroom.people.choices import ExemptionArticle
from doorstroom.people.models import EARLIEST_BIRTH, Exemption, Person
from doorstroom.people.names import name_key
from doorstroom.people.services import RECTIFIABLE

PHONE = RegexValidator(
    r"^\+?[0-9 ()-]{6,20}$",
    "Vul een telefoonnummer in met cijfers, spaties of streepjes, zoals 06-12345678.",
)


class PersonSearchForm(forms.Form):
    bsn = forms.CharField(label="BSN", required=False, max_length=20, help_text="9 cijfers")
    surname = forms.CharField(
        label="Achternaam",
        required=False,
        max_length=100,
        help_text="Het begin van de achternaam; een voorvoegsel mag erbij ('van den Berg' of 'Berg').",
    )
    date_of_birth = date_field("Geboortedatum", example="03-11-2007")

    def clean_bsn(self) -> str:
        value = normalise(self.cleaned_data["bsn"])
        if value:
            validate_bsn(value)
        return value

    def clean_surname(self) -> str:
        value = self.cleaned_data["surname"].strip()
        if value and not name_key(value):
            raise ValidationError("Vul letters in voor de achternaam.")
        return value

    def clean_date_of_birth(self) -> date | None:
        value = self.cleaned_data["date_of_birth"]
        if value and value.year < 1900:
            raise ValidationError("Vul een geboortedatum na 1900 in.")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and not any(data.get(f) for f in ("bsn", "surname", "date_of_birth")):
            raise ValidationError("Vul een BSN, een achternaam of een geboortedatum in.")
        return data

    @staticmethod
    def initial_from(criteria: dict[str, str] | None) -> dict[str, object] | None:
        """The form as it was filled in, from the criteria kept in the session."""
        if not criteria:
            return None
        born = criteria.get("date_of_birth")
        return {
            **criteria,
            "bsn": searched_bsn(criteria),
            "date_of_birth": date.fromisoformat(born) if born else None,
        }

    def criteria(self) -> dict[str, str]:
        """The search as strings, to keep in the session (never in the URL); the BSN
        encrypted, as everywhere in the database (the session table too)."""
        data = self.cleaned_data
        return {
            "bsn": encrypt(data["bsn"]) if data["bsn"] else "",
            "surname": data["surname"],
            "date_of_birth": data["date_of_birth"].isoformat() if data["date_of_birth"] else "",
        }


def searched_bsn(criteria: dict[str, str]) -> str:
    """The BSN of a search kept in the session ('' for none); DecryptionError when its key
    is gone."""
    return decrypt(criteria["bsn"]) if criteria.get("bsn") else ""


class ExemptionForm(forms.ModelForm):
    """A vrijstelling as the decision letter states it."""

    start_date = date_field(
        "Geldig vanaf",
        example="01-08-2026",
        required_message="Vul in vanaf wanneer de vrijstelling geldt.",
    )
    end_date = date_field(
        "Geldig tot en met",
        example="01-08-2026",
        help_text="Als dd-mm-jjjj; leeg als de vrijstelling geen einddatum heeft.",
    )
    decision_reference = limited_text(
        "Kenmerk besluit",
        Exemption._meta.get_field("decision_reference").max_length,
        help_text=Exemption._meta.get_field("decision_reference").help_text,
    )

    class Meta:
        model = Exemption
        fields = ["article", "start_date", "end_date", "decision_reference"]

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.person = person
        self.fields["article"].choices = [("", "Kies het artikel"), *ExemptionArticle.choices]
        self.fields["article"].error_messages["required"] = "Kies het artikel van de vrijstelling."
        self.fields["decision_reference"].error_messages["required"] = (
            "Vul het kenmerk van het besluit in."
        )

    def clean_start_date(self) -> date:
        value = self.cleaned_data["start_date"]
        if value < self.instance.person.date_of_birth:
            raise ValidationError("De vrijstelling begint vóór de geboortedatum.")
        return value


class RectificationForm(forms.Form):
    """A correction of a person's own data (AVG art. 16), with the reason it is made."""

    given_names = limited_text(
        "Voornamen", 200, error_messages={"required": "Vul de voornamen in."}
    )
    surname_prefix = limited_text(
        "Voorvoegsel", 20, required=False, help_text="Zoals 'van den'; leeg als er geen is."
    )
    surname = limited_text(
        "Geslachtsnaam", 200, error_messages={"required": "Vul de geslachtsnaam in."}
    )
    date_of_birth = date_field(
        "Geboortedatum", example="03-11-2007", required_message="Vul de geboortedatum in."
    )
    phone = limited_text("Telefoon", 20, required=False, validators=[PHONE])
    email = forms.EmailField(
        label="E-mail",
        required=False,
        max_length=254,
        error_messages={"invalid": "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."},
    )
    reason = limited_text(
        "Reden van de correctie",
        300,
        multiline=True,
        help_text="Bijvoorbeeld: verzoek van de jongere, met kopie van het paspoort gezien.",
        error_messages={"required": "Vul de reden van de correctie in."},
    )

    def clean_given_names(self) -> str:
        return self._name(self.cleaned_data["given_names"], "Vul letters in voor de voornamen.")

    def clean_surname(self) -> str:
        return self._name(self.cleaned_data["surname"], "Vul letters in voor de geslachtsnaam.")

    def clean_date_of_birth(self) -> date:
        value = self.cleaned_data["date_of_birth"]
        if not EARLIEST_BIRTH <= value <= dates.today():
            raise ValidationError("Vul een geboortedatum in tussen 1900 en vandaag.")
        return value

    @staticmethod
    def _name(value: str, message: str) -> str:
        value = " ".join(value.split())
        if not name_key(value):
            raise ValidationError(message)
        return value

    @staticmethod
    def initial_for(person: Person) -> dict[str, object]:
        """The current values, the date as the help text asks for it."""
        initial = {field: getattr(person, field) for field in RECTIFIABLE}
        return {**initial, "date_of_birth": person.date_of_birth.strftime("%d-%m-%Y")}

    def changes(self) -> dict[str, object]:
        return {field: self.cleaned_data[field] for field in RECTIFIABLE}


class EndExemptionForm(forms.Form):
    """The day a vrijstelling ends after all, and why (kept with it and in the audit log)."""

    end_date = date_field(
        "Laatste dag van de vrijstelling",
        example="01-12-2026",
        required_message="Vul de laatste dag van de vrijstelling in.",
    )
    reason = limited_text(
        "Reden",
        300,
        multiline=True,
        help_text="Bijvoorbeeld: besluit ingetrokken, weer ingeschreven op school.",
        error_messages={"required": "Schrijf waarom de vrijstelling eerder eindigt."},
    )

    def __init__(self, *args: Any, exemption: Exemption, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.exemption = exemption

    def clean_end_date(self) -> date:
        value = self.cleaned_data["end_date"]
        if value < self.exemption.start_date:
            raise ValidationError("De vrijstelling kan niet eindigen vóór zij begint.")
        if self.exemption.end_date and value >= self.exemption.end_date:
            raise ValidationError(
                "Deze datum ligt niet vóór de einddatum uit het besluit; "
                "alleen eerder beëindigen kan hier."
            )
        return value
