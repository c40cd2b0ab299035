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
