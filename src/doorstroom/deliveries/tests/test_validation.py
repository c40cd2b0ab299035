"""The plain checks of deliveries/validation.py that need no database."""

import pytest

from doorstroom.deliveries.validation import IsoDates


@pytest.mark.parametrize(
    ("moved_on", "last_day_before"),
    [
        ("2026-11-14", "2026-11-13"),
        ("2026-03-01", "2026-02-28"),
        ("2028-03-01", "2028-02-29"),  # a leap year
        ("2027-01-01", "2026-12-31"),
    ],
)
def test_a_moves_last_day_at_the_old_address_is_the_day_before_the_move(moved_on, last_day_before):
    days = IsoDates()
    assert days.day_before(moved_on) == last_day_before
    assert days.day_before(moved_on) == last_day_before  # remembered, the same answer
