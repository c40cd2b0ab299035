"""The burgerservicenummer: the elfproef, and the test numbers that demo and tests use."""

from __future__ import annotations

from collections.abc import Iterator

from django.core.exceptions import ValidationError

TEST_PREFIX = "9999"
"""BSNs starting with 9999 are reserved for testing; demo and test data use only those."""

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def passes_elfproef(number: str) -> bool:
    """'9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11' for a 9-digit number."""
    if len(number) != 9 or not number.isascii() or not number.isdigit():
        return False
    total = sum(w * int(d) for w, d in zip(WEIGHTS, number, strict=True))
    return total % 11 == 0 and number != "000000000"


def normalise(value: str) -> str:
    """Remove the spaces and dots people type; an 8-digit BSN gets its leading zero back."""
    digits = value.strip().replace(" ", "").replace(".", "")
    return digits.zfill(9) if len(digits) == 8 and digits.isdigit() else digits


def validate_bsn(value: str) -> None:
    if len(value) != 9 or not value.isascii() or not value.isdigit():
        raise ValidationError(
            "Een BSN bestaat uit 9 cijfers; %(value)s is dat niet.",
            code="bsn_format",
            params={"value": value},
        )
    if not passes_elfproef(value):
        raise ValidationError(
            "%(value)s is geen geldig BSN: het voldoet niet aan de elfproef.",
            code="bsn_elfproef",
            params={"value": value},
        )


def reserved_test_bsns(start: int = 0) -> Iterator[str]:
    """Every elfproef-valid number in the 9999 test range, in order, from suffix `start`."""
    for suffix in range(start, 100_000):
        number = f"{TEST_PREFIX}{suffix:05d}"
        if passes_elfproef(number):
            yield number
