"""The retention rules (DOMAIN.md, Retention), as plain functions of plain data.

'Leerplicht files until 19 (VNG Selectielijst 2020); kwalificatieplicht and Doorstroompunt
files 2 years after the person leaves the target group; verzuimmeldingen and processen-
verbaal 5 years after first processing (Wet politiegegevens, Ingrado's reading). Aggregated
figures are kept.' A region sets its own periods, with the source (RetentionPolicy); the
periods of the installation itself (audit trail, sessions, uploads, rejected rows) are
settings (docs/settings.md). Each function returns the first day data may be deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from doorstroom import dates
from doorstroom.people import rules as register_rules

LEERPLICHT_FILE_UNTIL_AGE = 19
LEERPLICHT_FILE_SOURCE = (
    "VNG Selectielijst gemeentelijke en intergemeentelijke organen 2020: leerplichtdossiers "
    "tot de jongere 19 jaar is"
)
TARGET_GROUP_FILE_YEARS = 2
TARGET_GROUP_FILE_SOURCE = (
    "Standaard van Doorstroom, geen wettelijke termijn: dossiers kwalificatieplicht en "
    "Doorstroompunt 2 jaar nadat de jongere de doelgroep verlaat (leg de eigen termijn van de "
    "regio met haar bron vast)"
)
ABSENCE_REPORT_YEARS = 5
ABSENCE_REPORT_SOURCE = (
    "Wet politiegegevens (lezing van Ingrado): verzuimmeldingen en processen-verbaal 5 jaar "
    "na de eerste verwerking"
)
MINIMUM_YEARS = 1
"""No region keeps its files shorter: a yearly figure is fixed within a year after the day it
counts (monitor.figures.fixed_from), and its persons must still be there."""


@dataclass(frozen=True)
class Periods:
    """A region's periods; the defaults are DOMAIN.md's."""

    leerplicht_file_until_age: int = LEERPLICHT_FILE_UNTIL_AGE
    target_group_file_years: int = TARGET_GROUP_FILE_YEARS
    absence_report_years: int = ABSENCE_REPORT_YEARS


def is_leerplicht_file(facts: register_rules.PersonFacts, opened_on: date) -> bool:
    """'Leerplicht files until 19 (VNG Selectielijst 2020); kwalificatieplicht and
    Doorstroompunt files 2 years after the person leaves the target group': a signal or case
    of the leerplicht desk is a leerplicht file when the young person was volledig
    leerplichtig on the day it was raised or opened. One raised later, while
    kwalificatieplichtig (or under neither duty), is a kwalificatieplicht file: it stays with
    the person."""
    return register_rules.is_leerplichtig(facts, opened_on)


def leerplicht_file_ends(date_of_birth: date, periods: Periods) -> date:
    """'Leerplicht files until 19': from the 19th birthday they go."""
    return dates.date_of_age(date_of_birth, periods.leerplicht_file_until_age)


def absence_report_ends(first_processed: date, periods: Periods) -> date:
    """'verzuimmeldingen ... 5 years after first processing'."""
    return dates.add_years(first_processed, periods.absence_report_years)


def target_group_file_ends(left_on: date, last_work: date | None, periods: Periods) -> date:
    """'kwalificatieplicht and Doorstroompunt files 2 years after the person leaves the target
    group'; work done after leaving (a melding, a signal, a case closed later) is kept as
    long from its own date: the file is not complete before that work ends."""
    start = max(left_on, last_work) if last_work else left_on
    return dates.add_years(start, periods.target_group_file_years)


@dataclass(frozen=True)
class PersonRecord:
    """What decides when a person, with everything held on them, may be deleted."""

    date_of_birth: date
    left_target_group_on: date | None
    last_work: date | None = None
    """The latest of: a signal raised or closed, a case opened or closed, a melding made."""
    last_counted: date | None = None
    """The latest day the person was counted in a yearly figure by: a signal raised, a
    melding made, a Doorstroompunt case listed (the effect report)."""
    open_work: bool = False
    """An open signal or case: never deleted while someone works on it."""
    has_leerplicht_file: bool = False
    absence_reports: tuple[date, ...] = ()
    """The day each verzuimmelding was first processed."""


def person_deletable_from(record: PersonRecord, periods: Periods) -> date | None:
    """The first day a person may be deleted: when every period of every file about them has
    passed. None while they are in the target group or someone works on them."""
    if record.left_target_group_on is None or record.open_work:
        return None
    ends = [target_group_file_ends(record.left_target_group_on, record.last_work, periods)]
    if record.has_leerplicht_file:
        ends.append(leerplicht_file_ends(record.date_of_birth, periods))
    ends.extend(absence_report_ends(day, periods) for day in record.absence_reports)
    return max(ends)


def may_delete_person(
    record: PersonRecord, periods: Periods, on: date, figures_fixed_until: date
) -> bool:
    """Every period has passed on `on`, and every yearly figure the person counts in is
    fixed ('Aggregated figures are kept'): nothing counted on or after `figures_fixed_until`."""
    deletable = person_deletable_from(record, periods)
    if deletable is None or deletable > on:
        return False
    return record.last_counted is None or record.last_counted < figures_fixed_until


def latest(days: Iterable[date | None]) -> date | None:
    known = [day for day in days if day is not None]
    return max(known) if known else None
