"""Form fields every app asks for the same way: a Dutch date, an amount in euros, a record
chosen by its id, a text whose limit names the field, a text of several lines."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from doorstroom import dates
from doorstroom.csvfiles import first_odd_character
from doorstroom.lengths import lf_line_breaks, naming_the_field


def date_field(
    label: str,
    *,
    example: str,
    required_message: str | None = None,
    help_text: str | None = None,
    invalid_message: str | None = None,
    **kwargs: Any,
) -> forms.DateField:
    """A date typed as dd-mm-jjjj (ISO and dd/mm/jjjj are accepted too), with Dutch help and
    messages; required when it says what to write when it is left empty."""
    messages = {
        "invalid": invalid_message
        or f"Vul een bestaande datum in als dd-mm-jjjj, bijvoorbeeld {example}."
    }
    if required_message:
        messages["required"] = required_message
    return forms.DateField(
        label=label,
        required=required_message is not None,
        input_formats=dates.DATE_INPUT_FORMATS,
        help_text=f"Als dd-mm-jjjj, bijvoorbeeld {example}." if help_text is None else help_text,
        error_messages=messages,
        **kwargs,
    )


class MultilineText(forms.CharField):
    """A text of several lines in a textarea, its line breaks read as LF before the length
    check: a text the browser let through its maxlength is not refused for the CR it adds."""

    widget = forms.Textarea

    def to_python(self, value: Any) -> str:
        return lf_line_breaks(super().to_python(value))


class Printable:
    """Refuses a typed text with a character that a delivery's value may not hold either
    (csvfiles.ODD_CHARACTER: a control character, a zero-width one, a right-to-left
    override), naming the field: kept, it would sit unseen in the register's names and in
    letters. A text of several lines may hold line breaks and tabs. A NUL is left to Django's
    own check, which every CharField makes."""

    def __init__(self, field: str, *, multiline: bool = False) -> None:
        self.field, self.multiline = field, multiline

    def __call__(self, value: Any) -> None:
        character = first_odd_character(str(value), free_text=self.multiline)
        if character is None or character == "\x00":
            return
        if character in "\n\r":
            message = f"{self.field} past op één regel: haal de regeleinden weg."
        else:
            message = (
                f"{self.field} bevat een onzichtbaar teken of stuurteken "
                f"(U+{ord(character):04X}); typ de tekst opnieuw zonder dat teken."
            )
        raise ValidationError(message, code="odd_character")


def limited_text(
    label: str, max_length: int, *, multiline: bool = False, **kwargs: Any
) -> forms.CharField:
    """A text field (a `MultilineText` if `multiline`) that refuses a longer text with
    `lengths.too_long` ('Toelichting is 4.312 tekens lang; hooguit 4.000 tekens
    toegestaan.'): what an API client and a delivery are told of the same field too; and a
    text with an invisible or control character (`Printable`), as a delivery refuses it."""
    kind = MultilineText if multiline else forms.CharField
    field = kind(label=label, max_length=max_length, **kwargs)
    field.validators = [
        *naming_the_field(field.validators, label, max_length),
        Printable(label, multiline=multiline),
    ]
    return field


class EuroField(forms.DecimalField):
    """An amount as Dutch people write it: 1500, 1.500, 1.500,00 or 1500,50 (a point groups
    thousands, a comma starts the cents); € and spaces are ignored."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            text = value.replace("€", "").replace(" ", "").strip()
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
            elif text.count(".") > 1 or (text.count(".") == 1 and len(text.rsplit(".", 1)[1]) == 3):
                text = text.replace(".", "")
            value = text
        return super().to_python(value)


RECORD_ID = re.compile(r"^[0-9]{1,18}$")
CHOICE_MESSAGES = {
    "invalid_choice": "Kies een van de mogelijkheden.",
    "invalid_pk_value": "Kies een van de mogelijkheden.",
    "invalid_list": "Kies een of meer van de mogelijkheden.",
}


class RecordChoiceField(forms.ModelChoiceField):
    """A choice of one record by its id. An id no database holds (letters, or above 2**63,
    where SQLite overflows) is a wrong choice in Dutch, not a server error."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["error_messages"] = {**CHOICE_MESSAGES, **kwargs.get("error_messages", {})}
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not RECORD_ID.match(str(value)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class RecordsChoiceField(forms.ModelMultipleChoiceField):
    """The same for a choice of several records."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["error_messages"] = {**CHOICE_MESSAGES, **kwargs.get("error_messages", {})}
        super().__init__(*args, **kwargs)

    def _check_values(self, value: Any) -> Any:
        if not isinstance(value, list | tuple) or not all(RECORD_ID.match(str(v)) for v in value):
            raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value")
        return super()._check_values(value)
