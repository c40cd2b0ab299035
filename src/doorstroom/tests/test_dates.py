"""The one date helper: Dutch dates as a reader writes them."""

from datetime import date

import pytest

from doorstroom import dates


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (date(2026, 3, 1), "1 maart 2026"),
        (date(2026, 12, 31), "31 december 2026"),
        (date(2024, 2, 29), "29 februari 2024"),
        (date(2026, 1, 9), "9 januari 2026"),
    ],
)
def test_format_date_writes_the_dutch_month_in_full(day, written):
    assert dates.format_date(day) == written


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2026-03-01", date(2026, 3, 1)),
        ("01-03-2026", date(2026, 3, 1)),
        ("01/03/2026", date(2026, 3, 1)),
        ("1-3-2026", date(2026, 3, 1)),
        (" 2024-02-29 ", date(2024, 2, 29)),
        ("0001-01-01", date(1, 1, 1)),
    ],
)
def test_parse_date_reads_every_notation_of_the_forms(written, day):
    assert dates.parse_date(written) == day


@pytest.mark.parametrize(
    "written",
    ["2026-02-29", "31-04-2026", "2026-3-1x", "01-03/2026", "2026/03/01", "", "0000-01-01",
     "\u0662\u0660\u0662\u0666-03-01", "20260301", "2026-W09-1"],
)  # fmt: skip
def test_parse_date_refuses_what_is_no_date_in_dutch(written):
    with pytest.raises(ValueError) as refused:
        dates.parse_date(written)
    assert str(refused.value) == (
        f"'{written.strip()}' is geen bestaande datum (verwacht jjjj-mm-dd of dd-mm-jjjj)"
    )
