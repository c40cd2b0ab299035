"""Form fields every app asks for the same way: one way to ask for a Dutch date."""

from __future__ import annotations

from typing import Any

from django import forms

from doorstroom import dates


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
