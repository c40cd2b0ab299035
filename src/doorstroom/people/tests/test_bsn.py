"""'Identity: the BSN (9 digits, passes the elfproef: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a
multiple of 11). Test and demo data use only BSNs that start with 9999.'"""

import pytest
from django.core.exceptions import ValidationError

from doorstroom.deliveries.validation import Invalid, check_bsn
from doorstroom.people.bsn import (
    normalise,
    passes_elfproef,
    problem,
    reserved_test_bsns,
    validate_bsn,
)
from doorstroom.people.forms import PersonSearchForm


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("999990019", True),  # DOMAIN.md's example
        ("111222333", True),  # 9+8+7+12+10+8+9+6-3 = 66 = 6 x 11
        ("123456782", True),  # 154 = 14 x 11
        ("123456789", False),  # 147: remainder 4
        ("999990018", False),  # last digit off by one
        ("000000000", False),  # sums to 0 but is no number
        ("12345678", False),  # 8 digits
        ("1234567820", False),  # 10 digits
        ("12345678a", False),
        ("\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff12", False),  # full-width digits
    ],
)
def test_elfproef(number, expected):
    assert passes_elfproef(number) is expected


def test_normalise_removes_the_spaces_and_dots_people_type_and_adds_no_digit():
    assert normalise(" 9999.900.19 ") == "999990019"
    assert normalise("12345672") == "12345672"


NINE = "dit is geen BSN: een BSN bestaat uit 9 cijfers"
EIGHT = (
    f"{NINE}, dit zijn er 8: is de voorloopnul weggevallen (een spreadsheet doet dat met een "
    "getal)? Zet de 0 ervoor; in een spreadsheet: zet de kolom op tekst"
)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("999990019", None),
        ("012345672", None),  # a leading zero is a digit like any other
        ("", "het BSN ontbreekt"),
        ("12345672", EIGHT),  # 012345672 without its 0: not guessed, in a form nor a file
        ("12345", f"{NINE}, dit zijn er 5"),
        ("1234567820", f"{NINE}, dit zijn er 10"),
        ("9999.900.19", f"{NINE}, zonder spaties of punten ertussen"),
        ("12345678a", f"{NINE}, en hier staan ook andere tekens"),
        ("\uff19" * 9, f"{NINE}, en hier staan ook andere tekens"),  # full-width digits
        ("123456789", "dit is geen geldig BSN: het voldoet niet aan de elfproef"),
        ("000000000", "dit is geen geldig BSN: het voldoet niet aan de elfproef"),
    ],
)
def test_one_rule_for_a_bsn_in_a_delivery_a_form_and_the_register(number, message):
    assert problem(number) == message
    if message is None:
        assert check_bsn(number) == number
        validate_bsn(number)
        return
    with pytest.raises(Invalid) as refused:
        check_bsn(number)
    assert (refused.value.field, refused.value.message) == ("bsn", message)
    with pytest.raises(ValidationError) as error:
        validate_bsn(number)
    assert error.value.messages == [f"{message[0].upper()}{message[1:]}."]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (" 9999 900 19 ", None),
        ("9999.900.19", None),
        ("12345672", f"{EIGHT[0].upper()}{EIGHT[1:]}."),
        ("12345", f"D{NINE[1:]}, dit zijn er 5."),
    ],
)
def test_a_typed_bsn_may_have_spaces_and_dots_and_is_then_held_to_the_same_rule(typed, message):
    form = PersonSearchForm({"bsn": typed})
    assert form.is_valid() is (message is None)
    assert form.errors.get("bsn", [None]) == [message]


def test_reserved_test_bsns_all_start_with_9999_and_pass_the_elfproef():
    numbers = list(reserved_test_bsns())
    assert len(numbers) > 9000
    assert all(n.startswith("9999") and passes_elfproef(n) for n in numbers)
    assert len(set(numbers)) == len(numbers)
