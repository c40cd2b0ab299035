"""The one date helper: Dutch dates as a reader writes them."""

from datetime import UTC, date, datetime, timedelta

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
    ("on", "years", "expected"),
    [
        (date(2027, 6, 1), 19, date(2008, 6, 1)),
        # Born 29 February 2008: 19 on 1 March 2027, not on 28 February.
        (date(2027, 2, 28), 19, date(2008, 2, 28)),
        (date(2027, 3, 1), 19, date(2008, 3, 1)),
        # On 29 February 2028: who was born on 28 February 2009 is 19, on 1 March 2009 not.
        (date(2028, 2, 29), 19, date(2009, 2, 28)),
        (date(2028, 2, 29), 4, date(2024, 2, 29)),
    ],
)
def test_years_before_is_the_last_day_with_its_anniversary_reached(on, years, expected):
    assert dates.years_before(on, years) == expected
    assert dates.age_on(expected, on) == years
    assert dates.age_on(expected + timedelta(days=1), on) == years - 1


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (date(2026, 12, 7), "maandag 7 december 2026"),
        (date(2026, 12, 8), "dinsdag 8 december 2026"),
        (date(2026, 12, 13), "zondag 13 december 2026"),
        (date(2028, 2, 29), "dinsdag 29 februari 2028"),
    ],
)
def test_format_day_names_the_weekday_for_an_appointment(day, written):
    assert dates.format_day(day) == written


# 'within one month': the same day a month later; a day the month lacks becomes its last day.
@pytest.mark.parametrize(
    "on, months, expected",
    [
        (date(2026, 3, 10), 1, date(2026, 4, 10)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 8, 31), 3, date(2026, 11, 30)),
        (date(2026, 11, 15), 2, date(2027, 1, 15)),
        (date(2026, 12, 31), 12, date(2027, 12, 31)),
        (date(2026, 5, 31), 0, date(2026, 5, 31)),
    ],
)
def test_add_months(on, months, expected):
    assert dates.add_months(on, months) == expected


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
     "\u0662\u0660\u0662\u0666-03-01", "20260301", "2026-W09-1", "45000", "1"],
)  # fmt: skip
def test_parse_date_refuses_what_is_no_date_in_dutch(written):
    # a number too: a command-line option or a form has no spreadsheet whose day number it
    # could be (csvfiles.parse_cell_date says so for a file's field)
    with pytest.raises(ValueError) as refused:
        dates.parse_date(written)
    assert str(refused.value) == (
        f"'{written.strip()}' is geen bestaande datum (verwacht jjjj-mm-dd of dd-mm-jjjj)"
    )


# 'Completed years; the birthday itself counts as reached', and a 29 February birthday is
# reached on 1 March in a year without that day.
@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2008, 6, 1), date(2026, 5, 31), 17),
        (date(2008, 6, 1), date(2026, 6, 1), 18),
        (date(2008, 12, 31), date(2026, 1, 1), 17),
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(2008, 2, 29), date(2028, 2, 28), 19),
        (date(2008, 2, 29), date(2028, 2, 29), 20),
        (date(2008, 3, 1), date(2028, 2, 29), 19),
    ],
)
def test_age_on_counts_completed_years_from_the_birthday_itself(born, on, age):
    assert dates.age_on(born, on) == age


@pytest.mark.parametrize(
    ("day", "utc"),
    [
        (date(2026, 1, 15), datetime(2026, 1, 14, 23, 0, tzinfo=UTC)),  # winter time, +1
        (date(2026, 7, 1), datetime(2026, 6, 30, 22, 0, tzinfo=UTC)),  # summer time, +2
        # The clocks go forward at 2:00 on 29 March 2026: the day still starts at +1.
        (date(2026, 3, 29), datetime(2026, 3, 28, 23, 0, tzinfo=UTC)),
    ],
)
def test_start_of_is_midnight_of_the_dutch_day(day, utc):
    assert dates.start_of(day) == utc
    # A moment at 00:30 Dutch time belongs to that day, one at 23:59 the evening before not.
    assert dates.start_of(day) <= utc + timedelta(minutes=30) < dates.start_of(dates.day_after(day))
    assert utc - timedelta(minutes=1) < dates.start_of(day)
