"""Which melding a desk can take up (signals/report_rules.py), quoting DOMAIN.md's 'Kinds of
verzuim' and 'The young people' line by line."""

from datetime import date

import pytest

from doorstroom.deliveries.models import AbsenceKind as K
from doorstroom.deliveries.models import ReportKind
from doorstroom.people import rules
from doorstroom.people.choices import Desk
from doorstroom.people.factories import born_years_ago
from doorstroom.signals.report_rules import FROM_18, LUXURY, UNDER_18, absence_rule, report_refusals

TODAY = date(2026, 12, 2)


def refusals(age=None, *, kind="", subject=None, born=None, days=None, on=TODAY, upper_age=27):
    """What is refused of a melding (a verzuimmelding when it has a verzuimsoort) about a
    young person of `age` today, or born on `born`."""
    return report_refusals(
        subject=subject or (ReportKind.ABSENCE if kind else ReportKind.CONCERN),
        absence_kind=kind, days_absent=days,
        date_of_birth=born or born_years_ago(age, TODAY), reported_on=on, today=TODAY,
        upper_age=upper_age,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "age", "fits"),
    [
        # '16 uur in 4 weken (relatief verzuim, under 18)'
        (K.SIXTEEN_HOURS, 6, True),
        (K.SIXTEEN_HOURS, 17, True),
        (K.SIXTEEN_HOURS, 18, False),
        # 'langdurig relatief verzuim (more than 4 weeks)': relatief verzuim, under 18 too
        (K.LONG_TERM, 15, True),
        (K.LONG_TERM, 19, False),
        # 'luxe verzuim (holiday outside the school holidays)': leave, Leerplichtwet art. 13a/14
        (K.LUXURY, 10, True),
        (K.LUXURY, 20, False),
        # 'Doorstroompunt 18-plus verzuim (mbo student of 18 up to 27)'
        (K.ADULT, 14, False),
        (K.ADULT, 17, False),
        (K.ADULT, 18, True),
        (K.ADULT, 26, True),
        # 'overig (illness or suspension only where unlawful absence is suspected)': any age
        (K.OTHER, 8, True),
        (K.OTHER, 22, True),
    ],
)
def test_a_verzuimsoort_fits_the_age_on_the_day_of_the_verzuim(kind, age, fits):
    assert ("absence_kind" not in refusals(age, kind=kind)) is fits


def test_18_plus_verzuim_for_a_14_year_old_says_what_is_wrong():
    assert refusals(14, kind=K.ADULT) == {
        "absence_kind": "18-plus verzuim geldt vanaf 18 jaar; deze jongere is 14. Kies een "
        "verzuimsoort van onder de 18 of overig verzuim."
    }


def test_16_hours_for_an_adult_says_what_is_wrong():
    assert refusals(19, kind=K.SIXTEEN_HOURS) == {
        "absence_kind": "16 uur in 4 weken geldt tot 18 jaar; deze jongere is 19. Kies 18-plus "
        "verzuim of overig verzuim."
    }


def test_the_age_on_the_day_of_the_verzuim_counts_not_the_age_today():
    born = date(2008, 12, 20)  # 17 on 20 November 2026, 17 today, 18 on 20 December
    assert refusals(born=born, kind=K.SIXTEEN_HOURS, on=date(2026, 11, 20)) == {}
    adult = date(2008, 11, 25)  # 18 since 25 November
    assert refusals(born=adult, kind=K.SIXTEEN_HOURS, on=date(2026, 11, 20)) == {}
    assert refusals(born=adult, kind=K.ADULT, on=date(2026, 11, 20)) == {
        "absence_kind": "18-plus verzuim geldt vanaf 18 jaar; deze jongere was op "
        "20 november 2026 17. Kies een verzuimsoort van onder de 18 of overig verzuim."
    }


@pytest.mark.parametrize("subject", list(ReportKind))
def test_nobody_before_leerplicht_starts_is_reported(subject):
    # 'Volledige leerplicht: from the first school day of the month after the 5th birthday'
    baby = date(2026, 11, 1)
    kind = K.SIXTEEN_HOURS if subject == ReportKind.ABSENCE else ""
    assert refusals(born=baby, kind=kind, subject=subject, days=366) == {
        "date_of_birth": "Deze jongere is 0 en nog niet leerplichtig (vanaf 1 december 2031); "
        "een melding gaat over jongeren vanaf de leerplicht tot 27 jaar."
    }


def test_a_day_before_leerplicht_started_is_refused_on_the_date():
    born = date(2020, 1, 10)  # leerplichtig from 1 February 2025
    assert rules.leerplicht_start(born) == date(2025, 2, 1)
    assert refusals(born=born, kind=K.OTHER, on=date(2025, 1, 31)) == {
        "reported_on": "Op 31 januari 2025 was deze jongere nog niet leerplichtig (vanaf "
        "1 februari 2025); controleer de datum."
    }
    assert refusals(born=born, kind=K.OTHER, on=date(2025, 2, 1)) == {}


@pytest.mark.parametrize(
    ("age", "upper_age", "refused"),
    [
        # 'the Doorstroompunt now works up to 27: make the upper age a setting per region'
        (26, 27, False),
        (27, 27, True),
        (36, 27, True),
        (22, 23, False),
        (23, 23, True),
    ],
)
def test_nobody_from_the_regions_upper_age_is_reported(age, upper_age, refused):
    for subject in ReportKind:
        kind = K.OTHER if subject == ReportKind.ABSENCE else ""
        found = refusals(age, kind=kind, subject=subject, upper_age=upper_age)
        assert ("date_of_birth" in found) is refused


def test_the_refusal_at_the_upper_age_names_it_and_the_age():
    assert refusals(36, subject=ReportKind.CONCERN) == {
        "date_of_birth": "Leerplicht en het Doorstroompunt werken met jongeren tot 27 jaar; "
        "deze jongere is 36. Een melding over deze jongere kan hier niet."
    }


def test_no_more_days_absent_than_days_of_leerplicht():
    born = date(2021, 5, 20)  # leerplichtig from 1 June 2026: 185 days by 2 December
    assert (TODAY - rules.leerplicht_start(born)).days + 1 == 185
    assert refusals(born=born, kind=K.SIXTEEN_HOURS, days=185) == {}
    assert refusals(born=born, kind=K.SIXTEEN_HOURS, days=186) == {
        "days_absent": "186 dagen afwezig kan niet: op 2 december 2026 was deze jongere pas "
        "185 dagen leerplichtig (vanaf 1 juni 2026)."
    }


@pytest.mark.parametrize(
    ("kind", "desk", "rule"),
    [
        (K.SIXTEEN_HOURS, Desk.LEERPLICHT, UNDER_18),
        (K.LONG_TERM, Desk.LEERPLICHT, UNDER_18),
        (K.LUXURY, Desk.LEERPLICHT, LUXURY),
        (K.ADULT, Desk.DOORSTROOMPUNT, FROM_18),
        (K.OTHER, Desk.LEERPLICHT, UNDER_18),
        (K.OTHER, Desk.DOORSTROOMPUNT, FROM_18),
    ],
)
def test_a_verzuimmelding_cites_the_rule_of_its_verzuimsoort(kind, desk, rule):
    assert absence_rule(kind, desk) == rule


def test_18_plus_verzuim_cites_no_leerplichtwet():
    # 'For those of 18 and over there is no enforcement'; kwalificatieplicht ends at 18.
    assert "Leerplichtwet" not in FROM_18
    assert "Wet van school naar duurzaam werk" in FROM_18
    assert "art. 21" in UNDER_18 and "13a" in LUXURY
