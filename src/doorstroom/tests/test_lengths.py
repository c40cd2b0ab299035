"""A text over its limit: one Dutch message with the field, its length and the limit."""

import pytest
from django.core.exceptions import ValidationError

from doorstroom.lengths import MaxLength, lf_line_breaks, too_long


@pytest.mark.parametrize(
    ("length", "limit", "message"),
    [
        (4312, 4000, "toelichting is 4.312 tekens lang; hooguit 4.000 tekens toegestaan"),
        (201, 200, "toelichting is 201 tekens lang; hooguit 200 tekens toegestaan"),
        (1_234_567, 999, "toelichting is 1.234.567 tekens lang; hooguit 999 tekens toegestaan"),
    ],
)
def test_the_message_names_the_field_its_length_and_the_limit_as_dutch_writes_numbers(
    length, limit, message
):
    assert too_long("toelichting", length, limit) == message


def test_a_text_as_long_as_the_limit_passes_and_one_more_character_does_not():
    check = MaxLength("Toelichting", 4000)
    check("x" * 4000)
    with pytest.raises(ValidationError) as refused:
        check("x" * 4001)
    assert refused.value.messages == [
        "Toelichting is 4.001 tekens lang; hooguit 4.000 tekens toegestaan."
    ]
    assert refused.value.code == "max_length"


@pytest.mark.parametrize(
    ("sent", "read"),
    [
        ("eerste regel\r\ntweede regel", "eerste regel\ntweede regel"),  # a browser's textarea
        ("eerste regel\rtweede regel", "eerste regel\ntweede regel"),  # an old Mac's
        ("eerste regel\ntweede regel", "eerste regel\ntweede regel"),
        ("\r\n\r\n\n\r", "\n\n\n\n"),
    ],
)
def test_a_line_break_is_read_as_one_lf_whatever_sent_it(sent, read):
    assert lf_line_breaks(sent) == read
