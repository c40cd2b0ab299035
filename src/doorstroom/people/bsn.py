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


NOT_NINE = "dit is geen BSN: een BSN bestaat uit 9 cijfers"
ELFPROEF = "dit is geen geldig BSN: het voldoet niet aan de elfproef"


def normalise(value: str) -> str:
    """A typed BSN without the spaces and dots people type between its digits. An 8-digit
    number keeps 8 digits: it is refused as a delivery refuses it (`not_nine_digits`)."""
    return value.strip().replace(" ", "").replace(".", "")


def problem(value: str) -> str | None:
    """The one rule for a BSN, in the words of a delivery's refused row, or None when it is
    one. The words never repeat the number: a refused row's message is stored in the clear."""
    if len(value) != 9 or not value.isascii() or not value.isdigit():
        return not_nine_digits(value)
    if not passes_elfproef(value):
        return ELFPROEF
    return None


def not_nine_digits(value: str) -> str:
    """What is wrong with a BSN that is no 9 ASCII digits, so that the sender can find and fix
    it without the message repeating it."""
    if not value:
        return "het BSN ontbreekt"
    digits = value.replace(" ", "").replace(".", "")
    if len(digits) == 9 and digits.isascii() and digits.isdigit():
        return f"{NOT_NINE}, zonder spaties of punten ertussen"
    if not (value.isascii() and value.isdigit()):
        return f"{NOT_NINE}, en hier staan ook andere tekens"
    if len(value) == 8:
        # an old sofinummer of 8 digits is a BSN with a leading 0 (a spreadsheet drops it)
        return (
            f"{NOT_NINE}, dit zijn er 8: is de voorloopnul weggevallen (een spreadsheet doet dat "
            "met een getal)? Zet de 0 ervoor; in een spreadsheet: zet de kolom op tekst"
        )
    return f"{NOT_NINE}, dit zijn er {len(value)}"


def validate_bsn(value: str) -> None:
    """`problem` as a form's or a model's validation error: the same words, as a sentence."""
    found = problem(value)
    if found is not None:
        code = "bsn_elfproef" if found == ELFPROEF else "bsn_format"
        raise ValidationError(f"{found[0].upper()}{found[1:]}.", code=code)


def reserved_test_bsns(start: int = 0) -> Iterator[str]:
    """Every elfproef-valid number in the 9999 test range, in order, from suffix `start`."""
    for suffix in range(start, 100_000):
        number = f"{TEST_PREFIX}{suffix:05d}"
        if passes_elfproef(number):
            yield number
