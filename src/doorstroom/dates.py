"""The one place for calendar arithmetic: birthdays, ages, school years, peildatums.

Plain functions of `datetime.date`; the legal rules in people/rules.py build on them.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from django.utils import timezone


def today() -> date:
    """Today in Europe/Amsterdam: a peildatum is a Dutch calendar day, not a UTC one."""
    return timezone.localdate()


def start_of(day: date) -> datetime:
    """Midnight at the start of a Dutch calendar day, to compare a moment (an audit row, a
    melding's time) with a day: on or after `start_of(d)`, before `start_of(day_after(d))`."""
    return timezone.make_aware(datetime.combine(day, time.min))


def birthday_in_year(date_of_birth: date, year: int) -> date:
    """The day the person turns a year older in `year`.

    Someone born on 29 February turns a year older on 1 March in a year without that day:
    legally the age is not reached before the day after 28 February.
    """
    try:
        return date_of_birth.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


def date_of_age(date_of_birth: date, age: int) -> date:
    """The day on which the person reaches `age` years."""
    return birthday_in_year(date_of_birth, date_of_birth.year + age)


def add_years(on: date, years: int) -> date:
    """The same day `years` later; from 29 February to 1 March in a year without that day."""
    return birthday_in_year(on, on.year + years)


def years_before(on: date, years: int) -> date:
    """The latest day whose `years`-th anniversary is on or before `on`: born on or before it
    is `years` old on `on`; a melding made on or before it is `years` old."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February in a year without it: the 28th has had its anniversary
        return date(on.year - years, 2, 28)


def age_on(date_of_birth: date, on: date) -> int:
    """Completed years on `on`; the birthday itself counts as reached. Compared by month and
    day, which is `birthday_in_year` without building its date: a 29 February birthday is
    reached on 1 March in a year without that day, as (3, 1) comes after (2, 29)."""
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - before_birthday


def school_year_start(on: date) -> date:
    """1 August of the school year that contains `on` (Leerplichtwet art. 1: 1 Aug - 31 Jul)."""
    return date(on.year if on.month >= 8 else on.year - 1, 8, 1)


def school_year_end(on: date) -> date:
    """31 July that ends the school year containing `on`."""
    return date(school_year_start(on).year + 1, 7, 31)


def first_of_next_month(on: date) -> date:
    return date(on.year + 1, 1, 1) if on.month == 12 else date(on.year, on.month + 1, 1)


def add_months(on: date, months: int) -> date:
    """The same day `months` later; a day the month lacks becomes its last day (31 January +
    1 month = 28 or 29 February), as a Dutch term 'within one month' is counted."""
    index = on.month - 1 + months
    year, month = on.year + index // 12, index % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(on.day, last))


def one_october(year: int) -> date:
    """The peildatum of the yearly counts (vsv, JIKP): 1 October of `year`."""
    return date(year, 10, 1)


def day_after(on: date) -> date:
    return on + timedelta(days=1)


MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
)  # fmt: skip


def format_date(on: date) -> str:
    """A date as a Dutch reader writes it: 1 maart 2026 (whatever the active language: the
    reasons signalling stores are Dutch, and writing thousands of them must be cheap)."""
    return f"{on.day} {MONTHS[on.month - 1]} {on.year}"


WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def format_day(on: date) -> str:
    """A day as an appointment in a letter names it: dinsdag 8 december 2026."""
    return f"{WEEKDAYS[on.weekday()]} {format_date(on)}"


DATE_INPUT_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")
"""The notations a date may be written in: forms (Django's parsing) and `parse_date` alike."""
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
DUTCH_DATE = re.compile(r"(\d{1,2})([-/])(\d{1,2})\2(\d{4})", re.ASCII)


def parse_date(text: str) -> date:
    """A date from a file or a command line, in a notation of DATE_INPUT_FORMATS (2026-03-01,
    01-03-2026, 01/03/2026) with ASCII digits. Raises ValueError in Dutch.

    A regular expression and `date()`, not `strptime`: deliveries call this for millions of
    values, and strptime would also take digits of other scripts."""
    value = text.strip()
    try:
        if match := ISO_DATE.fullmatch(value):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := DUTCH_DATE.fullmatch(value):
            return date(int(match[4]), int(match[3]), int(match[1]))
    except ValueError:
        pass
    raise ValueError(f"'{value[:40]}' is geen bestaande datum (verwacht jjjj-mm-dd of dd-mm-jjjj)")
