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
