"""'Identity: the BSN (9 digits, passes the elfproef: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a
multiple of 11). Test and demo data use only BSNs that start with 9999.'"""

import pytest
from django.core.exceptions import ValidationError

from doorstroom.people.bsn import normalise, passes_elfproef, reserved_test_bsns, validate_bsn


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


def test_normalise_removes_spaces_and_dots_and_restores_a_leading_zero():
    assert normalise(" 9999.900.19 ") == "999990019"
    assert normalise("12345672") == "012345672"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("12345", "Een BSN bestaat uit 9 cijfers; 12345 is dat niet."),
        ("123456789", "123456789 is geen geldig BSN: het voldoet niet aan de elfproef."),
    ],
)
def test_invalid_bsn_is_refused_in_dutch(number, message):
    with pytest.raises(ValidationError) as error:
        validate_bsn(number)
    assert error.value.messages == [message]


def test_reserved_test_bsns_all_start_with_9999_and_pass_the_elfproef():
    numbers = list(reserved_test_bsns())
    assert len(numbers) > 9000
    assert all(n.startswith("9999") and passes_elfproef(n) for n in numbers)
    assert len(set(numbers)) == len(numbers)
