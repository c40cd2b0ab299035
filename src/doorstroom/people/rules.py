"""The legal rules about young people, as plain functions of plain data.

No database access here: views, importers and signalling build a `PersonFacts` and ask.
Each rule cites its source; `docs/DOMAIN.md` is our reading of it, and the tests in
people/tests/test_rules_*.py quote that reading line by line.

Conventions used throughout:
- an enrolment's `end` is the last day the person is enrolled (inclusive); `None` is open;
- a result counts from its `obtained_on` day itself;
- a death or emigration takes effect on its own date.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from doorstroom import dates
from doorstroom.people.choices import Desk, EducationKind, VsoProfile

ADULT_AGE = 18
"""From 18 the Doorstroompunt is responsible, not leerplicht (DOMAIN.md, Who is responsible)."""

LEGAL_VSV_UPPER_AGE = 23
"""A vsv'er in the legal count is younger than 23 (WEB art. 8.3.1; Leerplichtwet art. 1)."""

DEFAULT_UPPER_AGE = 27
"""The Doorstroompunt works up to 27 since 1 January 2026 (Wet van school naar duurzaam werk)."""

VSV_LOWER_AGE = 12
"""The vsv approach covers young people from 12 (Rijksoverheid: 'tussen de 12 en 23 jaar')."""

STARTKWALIFICATIE_KINDS = frozenset(
    {
        EducationKind.HAVO,
        EducationKind.VWO,
        EducationKind.MBO_2,
        EducationKind.MBO_3,
        EducationKind.MBO_4,
        # 'mbo niveau 2 of hoger' (Rijksoverheid): a diploma in higher education is above
        # the startkwalificatie level, so its holder is not a school leaver without one.
        EducationKind.HBO,
        EducationKind.WO,
    }
)
"""Leerplichtwet art. 1f / WEB: havo, vwo, or mbo level 2, 3 or 4 diploma."""

NO_STARTKWALIFICATIE_ROUTE = {
    EducationKind.PRO: None,
    EducationKind.VSO: frozenset({VsoProfile.ARBEIDSMARKT, VsoProfile.DAGBESTEDING}),
}
"""Pro, and vso with uitstroomprofiel arbeidsmarkt or dagbesteding, need no startkwalificatie
(Leerplichtwet art. 4a-4c; DOMAIN.md, vsv'er). `None` means: whatever the profile."""

JIKP_FIRST_KINDS = frozenset(
    {EducationKind.VMBO_BB, EducationKind.PRO, EducationKind.VSO, EducationKind.MBO_1}
)
JIKP_SECOND_KINDS = frozenset({EducationKind.MBO_1, EducationKind.MBO_2})
JIKP_LOWER_AGE = 16

HIGHER_EDUCATION = frozenset({EducationKind.HBO, EducationKind.WO})
NEW_VSV_COUNTED_KINDS = frozenset(EducationKind) - HIGHER_EDUCATION - {EducationKind.PO}
"""The yearly vsv count follows pupils of vo (incl. vso and pro), mbo and vavo."""

DIPLOMA_RANK = {
    EducationKind.PO: 0,
    EducationKind.PRO: 1,
    EducationKind.VSO: 1,
    EducationKind.MBO_1: 2,
    EducationKind.VMBO_BB: 3,
    EducationKind.VMBO_KB: 4,
    EducationKind.VMBO_GL: 5,
    EducationKind.VMBO_TL: 5,
    EducationKind.VAVO: 5,
    EducationKind.MBO_2: 6,
    EducationKind.HAVO: 7,
    EducationKind.MBO_3: 7,
    EducationKind.VWO: 8,
    EducationKind.MBO_4: 8,
    EducationKind.HBO: 9,
    EducationKind.WO: 10,
}
"""Order of results for 'hoogste diploma' in explanations; ties go to the latest."""


@dataclass(frozen=True)
class EnrolmentFact:
    kind: EducationKind
    start: date
    end: date | None = None
    vso_profile: VsoProfile | None = None

    def covers(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class ResultFact:
    kind: EducationKind
    obtained_on: date
    is_diploma: bool = True


@dataclass(frozen=True)
class PersonFacts:
    date_of_birth: date
    enrolments: tuple[EnrolmentFact, ...] = ()
    results: tuple[ResultFact, ...] = ()
    date_of_death: date | None = None
    date_of_emigration: date | None = None


# Presence -------------------------------------------------------------------------------


def has_died(facts: PersonFacts, on: date) -> bool:
    """Died on or before `on`."""
    return facts.date_of_death is not None and facts.date_of_death <= on


def is_in_register(facts: PersonFacts, on: date) -> bool:
    """Alive and living in the Netherlands on `on`: a death or emigration ends every duty."""
    emigrated = facts.date_of_emigration
    return not has_died(facts, on) and (emigrated is None or on < emigrated)


def age_on(facts: PersonFacts, on: date) -> int:
    return dates.age_on(facts.date_of_birth, on)


# Startkwalificatie ----------------------------------------------------------------------


def has_startkwalificatie(results: tuple[ResultFact, ...], on: date) -> bool:
    """'Startkwalificatie (SK): a havo or vwo diploma, or an mbo diploma of level 2, 3 or 4.
    Not an SK: vmbo diploma, mbo level 1 (entree), praktijkonderwijs (pro), vso certificate.'"""
    return any(
        r.is_diploma and r.kind in STARTKWALIFICATIE_KINDS and r.obtained_on <= on for r in results
    )


def highest_diploma(results: tuple[ResultFact, ...], on: date) -> ResultFact | None:
    """The highest diploma or certificate obtained by `on`, for explanations."""
    obtained = [r for r in results if r.obtained_on <= on]
    if not obtained:
        return None
    return max(obtained, key=lambda r: (r.is_diploma, DIPLOMA_RANK[r.kind], r.obtained_on))


# Enrolment ------------------------------------------------------------------------------


def enrolments_on(facts: PersonFacts, on: date) -> list[EnrolmentFact]:
    return [e for e in facts.enrolments if e.covers(on)]


def is_enrolled(facts: PersonFacts, on: date) -> bool:
    return any(e.covers(on) for e in facts.enrolments)


def last_enrolment_ended(facts: PersonFacts, on: date) -> EnrolmentFact | None:
    """The enrolment that ended last before `on` (the school the person came from); an
    enrolment whose last day is `on` has not ended yet on `on`."""
    ended = [e for e in facts.enrolments if e.end is not None and e.end < on]
    return max(ended, key=lambda e: (e.end, e.start)) if ended else None


def not_enrolled_since(facts: PersonFacts, on: date) -> date | None:
    """The first day without enrolment, if the person is not enrolled on `on`."""
    if is_enrolled(facts, on):
        return None
    last = last_enrolment_ended(facts, on)
    return dates.day_after(last.end) if last else None


def is_exempt_from_startkwalificatie(facts: PersonFacts, on: date) -> bool:
    """'Not coming from pro or vso with uitstroomprofiel arbeidsmarkt or dagbesteding (those
    need no SK).' The person is not enrolled and the school they came from is one of those."""
    if is_enrolled(facts, on):
        return False
    came_from = last_enrolment_ended(facts, on)
    if came_from is None or came_from.kind not in NO_STARTKWALIFICATIE_ROUTE:
        return False
    profiles = NO_STARTKWALIFICATIE_ROUTE[came_from.kind]
    return profiles is None or came_from.vso_profile in profiles


# Leerplicht and kwalificatieplicht ------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def leerplicht_start(date_of_birth: date) -> date:
    """'Volledige leerplicht: from the first school day of the month after the 5th birthday'
    (Leerplichtwet art. 3). School calendars are not in the register: the month's first day."""
    return dates.first_of_next_month(dates.date_of_age(date_of_birth, 5))


LATEST_FIRST_SCHOOL_DAY = (9, 7)
"""Every region's summer holiday ends between mid-August and the first week of September
(regio Noord started on 4 September 2023): enrolled by 7 September is enrolled from the
first school day of that school year."""

EARLIEST_LAST_SCHOOL_DAY = (7, 1)
"""The summer holiday starts in July in every region: enrolled until 1 July is enrolled to
the last school day."""

PRIMARY_SCHOOL_YEARS = 8
"""'A primary school finished in fewer than 8 years counts as 8' (Leerplichtwet art. 3(2))."""

FULL_SCHOOL_YEARS = 12

SATURDAY = 5
"""`date.weekday()` of Saturday; Saturday and Sunday are no school days."""


def _no_school_day_between(last_day: date, first_day: date) -> bool:
    """Nothing but a weekend between one enrolment's last day and the next one's first: a
    pupil who changes school from a Friday to a Monday misses no school day."""
    return all(
        (last_day + timedelta(days=n)).weekday() >= SATURDAY
        for n in range(1, (first_day - last_day).days)
    )


def followed_school_years(facts: PersonFacts) -> Iterator[int]:
    """The school years (by the year they start) the person followed in full: enrolled from
    the first school day to the last, at 'one or more schools' (art. 4), without a school
    day between them. An open enrolment runs on."""
    spans = sorted((e.start, e.end or date.max) for e in facts.enrolments)
    merged: list[list[date]] = []
    for start, end in spans:
        if merged and _no_school_day_between(merged[-1][1], start):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in merged:
        # Every school year from the first of a span to its last is followed in full; those
        # two only when the span covers their first and their last school day.
        first = dates.school_year_start(start).year
        if start > date(first, *LATEST_FIRST_SCHOOL_DAY):
            first += 1
        last = dates.school_year_start(end).year
        if last > date.max.year - 2:
            last = date.max.year - 2  # an open enrolment: as far as the calendar goes
        elif end < date(last + 1, *EARLIEST_LAST_SCHOOL_DAY):
            last -= 1
        yield from range(first, last + 1)


def _primary_finished_in(facts: PersonFacts) -> int | None:
    """The school year in which primary school ended, if the person went on to other school."""
    primary = [e.end for e in facts.enrolments if e.kind == EducationKind.PO]
    if not primary or None in primary:
        return None  # still at primary school, or never there
    finished = max(primary)
    went_on = any(e.kind != EducationKind.PO and e.start > finished for e in facts.enrolments)
    return dates.school_year_start(finished).year if went_on else None


def leerplicht_end(facts: PersonFacts) -> date:
    """'Until the end of the school year (31 July) in which the young person turns 16 or has
    followed 12 full school years, whichever comes first (a primary school finished in fewer
    than 8 years counts as 8, art. 3(2)).' Without known enrolments only the age counts."""
    by_age = _by_age(facts)
    primary_finished = _primary_finished_in(facts)
    counted = 0
    for year in followed_school_years(facts):
        if primary_finished is not None and year > primary_finished:
            # Credited once primary school is behind, whether or not its last year was
            # followed in full (left in June, say).
            counted = max(counted, PRIMARY_SCHOOL_YEARS)
        counted += 1
        if counted >= FULL_SCHOOL_YEARS:
            return min(by_age, date(year + 1, 7, 31))
    return by_age


def _by_age(facts: PersonFacts) -> date:
    """The latest end of leerplicht: the school year of the 16th birthday (art. 4)."""
    return dates.school_year_end(dates.date_of_age(facts.date_of_birth, 16))


def is_leerplichtig(facts: PersonFacts, on: date) -> bool:
    """Volledig leerplichtig on `on` (art. 3)."""
    # After the school year of the 16th birthday nobody is: skip counting school years.
    return (
        is_in_register(facts, on)
        and leerplicht_start(facts.date_of_birth) <= on <= _by_age(facts)
        and on <= leerplicht_end(facts)
    )


def kwalificatieplicht_end(facts: PersonFacts) -> date:
    """The day the kwalificatieplicht ends by age: the 18th birthday (art. 4a)."""
    return dates.date_of_age(facts.date_of_birth, ADULT_AGE)


def is_exempt_from_kwalificatieplicht(facts: PersonFacts, on: date) -> bool:
    """'Kwalificatieplicht ... not for a pro certificate or vso uitstroomprofiel arbeidsmarkt/
    dagbesteding' (art. 4a-4c): leaving pro without its certificate does not end the duty."""
    if not is_exempt_from_startkwalificatie(facts, on):
        return False
    if last_enrolment_ended(facts, on).kind == EducationKind.VSO:
        return True
    return any(r.kind == EducationKind.PRO and r.obtained_on <= on for r in facts.results)


def is_kwalificatieplichtig(facts: PersonFacts, on: date) -> bool:
    """'Kwalificatieplicht: after volledige leerplicht, until the 18th birthday or until an SK'
    (art. 4a)."""
    return (
        is_in_register(facts, on)
        and on < kwalificatieplicht_end(facts)
        and (on > _by_age(facts) or leerplicht_end(facts) < on)
        and not has_startkwalificatie(facts.results, on)
        and not is_exempt_from_kwalificatieplicht(facts, on)
    )


# Vsv and responsibility -----------------------------------------------------------------


def is_vsv(facts: PersonFacts, on: date, upper_age: int = LEGAL_VSV_UPPER_AGE) -> bool:
    """'Voortijdig schoolverlater: younger than 23 [the upper age], not enrolled at any school,
    no SK, and not coming from pro or vso with uitstroomprofiel arbeidsmarkt or dagbesteding.'

    `upper_age` is 23 for the legal count and the region's setting (default 27) for the
    Doorstroompunt caseload. A vsv'er has left a school: someone never enrolled is not one.
    """
    return (
        is_in_register(facts, on)
        and VSV_LOWER_AGE <= age_on(facts, on) < upper_age
        and not is_enrolled(facts, on)
        and last_enrolment_ended(facts, on) is not None
        and not has_startkwalificatie(facts.results, on)
        and not is_exempt_from_startkwalificatie(facts, on)
    )


def is_past_upper_age(facts: PersonFacts, on: date, upper_age: int = DEFAULT_UPPER_AGE) -> bool:
    """Reached the region's upper age: out of the Doorstroompunt's target group."""
    return age_on(facts, on) >= upper_age


def is_beyond_every_desk(facts: PersonFacts, on: date, upper_age: int = DEFAULT_UPPER_AGE) -> bool:
    """Died, or reached the upper age: no desk will take this young person up again ('a death
    ends every duty'; 'reaches the upper age: leaves the caseload'). Someone who emigrated
    may come back; someone not yet leerplichtig will be."""
    return has_died(facts, on) or is_past_upper_age(facts, on, upper_age)


def responsible_desk(
    facts: PersonFacts, on: date, upper_age: int = DEFAULT_UPPER_AGE
) -> Desk | None:
    """'Under 18, leerplicht/kwalificatieplicht (the leerplichtambtenaar); from 18, the
    Doorstroompunt', by age on the day; nobody before leerplicht starts or from the upper age."""
    if not is_in_register(facts, on) or on < leerplicht_start(facts.date_of_birth):
        return None
    if is_past_upper_age(facts, on, upper_age):
        return None
    return Desk.LEERPLICHT if age_on(facts, on) < ADULT_AGE else Desk.DOORSTROOMPUNT


# Yearly cohorts (peildatum 1 October) ---------------------------------------------------


def is_jikp(facts: PersonFacts, year: int) -> bool:
    """'Jongeren in een kwetsbare positie: enrolled on 1 October of year T in vmbo bb, pro, vso
    or mbo-1 (entree), and on 1 October of T+1 in mbo-1, mbo-2 or out of education; aged 16 to
    22' (age on 1 October T+1). '(the Doorstroompunt follows them to 27)' is what follows from
    membership (`was_jikp`, the monitor's follow-up), not a wider cohort: a region's upper age
    counts nobody of 23 in it, as the monitor does not."""
    first, second = dates.one_october(year), dates.one_october(year + 1)
    if not is_in_register(facts, second):
        return False
    if not JIKP_LOWER_AGE <= age_on(facts, second) < LEGAL_VSV_UPPER_AGE:
        return False
    if not any(e.kind in JIKP_FIRST_KINDS for e in enrolments_on(facts, first)):
        return False
    later = enrolments_on(facts, second)
    return not later or any(e.kind in JIKP_SECOND_KINDS for e in later)


def is_new_vsv(facts: PersonFacts, year: int) -> bool:
    """'New vsv'ers of a year (the official count): enrolled at a school on 1 October of year T
    and then older than 11 and younger than 22; on 1 October of T+1 not enrolled anywhere, no
    SK (havo, vwo, mbo 2-4 diploma), and not admitted to higher education' (Uitvoerings-
    regeling bestrijding voortijdig schoolverlaten 2008, art. 2). The count is of pupils in
    vo, vso, pro, mbo and vavo; pro and vso arbeidsmarkt/dagbesteding leavers are not counted
    (DOMAIN.md, vsv'er); anyone ever enrolled in hbo or wo was admitted to higher education."""
    first, second = dates.one_october(year), dates.one_october(year + 1)
    return (
        any(e.kind in NEW_VSV_COUNTED_KINDS for e in enrolments_on(facts, first))
        and not any(e.kind in HIGHER_EDUCATION and e.start <= second for e in facts.enrolments)
        and 11 < age_on(facts, first) < 22
        and is_in_register(facts, second)
        and not is_enrolled(facts, second)
        and not has_startkwalificatie(facts.results, second)
        and not is_exempt_from_startkwalificatie(facts, second)
    )


# Leaving the target group (retention) ---------------------------------------------------


def was_jikp(facts: PersonFacts, on: date) -> bool:
    """Counted in a JIKP cohort whose second peildatum (1 October T+1) is on or before `on`:
    'Following them is a legal duty ... (the Doorstroompunt follows them to 27).'"""
    born = facts.date_of_birth.year
    return any(
        is_jikp(facts, year)
        for year in range(born + JIKP_LOWER_AGE - 1, born + LEGAL_VSV_UPPER_AGE)
        if dates.one_october(year + 1) <= on
    )


def left_target_group_on(
    facts: PersonFacts, on: date, upper_age: int = DEFAULT_UPPER_AGE
) -> date | None:
    """The day the person left the target group of leerplicht and the Doorstroompunt, or
    None while they are still in it on `on` (DOMAIN.md, Retention: 'kwalificatieplicht and
    Doorstroompunt files 2 years after the person leaves the target group').

    The target group ends, whichever comes first:
    - with death or emigration ('a death or emigration ends every duty');
    - at the region's upper age ('the Doorstroompunt now works up to 27');
    - with a startkwalificatie, once volledige leerplicht is over ('kwalificatieplicht: ...
      until the 18th birthday or until an SK'; a vsv'er has 'no SK'), unless the person was
      counted as a jongere in een kwetsbare positie, whom 'the Doorstroompunt follows ... to
      27' whatever they obtain.
    Nothing else ends it: pro and vso arbeidsmarkt/dagbesteding leavers need no SK but may
    come back to school (and are JIKP), so they stay until the upper age; a move only changes
    the region that keeps them.
    """
    ends = [d for d in (facts.date_of_death, facts.date_of_emigration) if d is not None]
    ends.append(dates.date_of_age(facts.date_of_birth, upper_age))
    qualified = [
        r.obtained_on
        for r in facts.results
        if r.is_diploma and r.kind in STARTKWALIFICATIE_KINDS and r.obtained_on <= on
    ]
    if qualified and not was_jikp(facts, on):
        ends.append(max(min(qualified), dates.day_after(leerplicht_end(facts))))
    left = min(ends)
    return left if left <= on else None
