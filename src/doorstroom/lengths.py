"""A text longer than its field holds is refused, never cut off: one Dutch message that names
the field, its length and the limit, for a delivery row, a reference-data row, the melding
form and the API alike."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from doorstroom.numbers import thousands

LINE_BREAK = re.compile(r"\r\n?")


def lf_line_breaks(text: str) -> str:
    """A text with each line break as one LF. A browser counts a textarea's line break as one
    character towards its maxlength but sends it as CRLF (HTML, 'API value' and form
    submission); read as LF, the text the browser let through fits the server's limit too."""
    return LINE_BREAK.sub("\n", text)


def too_long(field: str, length: int, limit: int) -> str:
    """'toelichting is 4.312 tekens lang; hooguit 4.000 tekens toegestaan'."""
    return (
        f"{field} is {thousands(length)} tekens lang; hooguit {thousands(limit)} tekens toegestaan"
    )


class MaxLength(MaxLengthValidator):
    """Django's validator (which the OpenAPI document reads as maxLength) for a form field or
    an API field, saying `too_long` of the field it names as a sentence: Django's own says
    only 'deze waarde', which an API client cannot place."""

    def __init__(self, field: str, limit: int) -> None:
        super().__init__(limit)
        self.field = field

    def __call__(self, value: Any) -> None:
        if len(value) > self.limit_value:
            message = too_long(self.field, len(value), self.limit_value)
            raise ValidationError(f"{message}.", code="max_length")


def naming_the_field(validators: list, field: str, limit: int) -> list:
    """A form or API field's validators with Django's length check replaced by `MaxLength`
    for `field`: the same limit, said with the field's name."""
    kept = [v for v in validators if not isinstance(v, MaxLengthValidator)]
    return [*kept, MaxLength(field, limit)]
