"""The rules of case work, table by table, each headed by the rule it checks."""

from datetime import date

import pytest

from doorstroom.cases import rules
from doorstroom.cases.choices import Channel, ContactResult, FollowUpResult, Outcome
from doorstroom.cases.rules import Attempt, ContactRule, Due, HaltRequest
from doorstroom.people.choices import Desk

OPENED = date(2026, 11, 2)
RULE = ContactRule(attempts=3, weeks=4)


def tried(day: int, channel=Channel.PHONE, result=ContactResult.NOT_REACHED, next_on=None):
    return Attempt(
        date(2026, 11, day) if day <= 30 else date(2026, 12, day - 30), channel, result, next_on
    )


# 'three attempts in four weeks, then a home visit' (a region setting): the attempts spread
# over the weeks, the first at once, the last at the end; then a home visit within a week.
@pytest.mark.parametrize(
    "attempts, expected",
    [
        ([], Due(date(2026, 11, 2), "contactpoging 1 van 3")),
        ([tried(2)], Due(date(2026, 11, 16), "contactpoging 2 van 3")),
        ([tried(2), tried(16)], Due(date(2026, 11, 30), "contactpoging 3 van 3")),
        ([tried(2), tried(16), tried(30)], Due(date(2026, 12, 7), "huisbezoek afleggen")),
        # the fourth week is over after one late attempt: the home visit is due
        ([tried(30)], Due(date(2026, 12, 7), "huisbezoek afleggen")),
        # a letter counts as an attempt as well
        ([tried(2, Channel.LETTER), tried(9, Channel.EMAIL), tried(12, Channel.TEXT)],
         Due(date(2026, 12, 7), "huisbezoek afleggen")),
        # reached or refused: benaderen is done
        ([tried(2), tried(5, result=ContactResult.REACHED)], None),
        ([tried(2, result=ContactResult.REFUSED)], None),
        # a home visit without contact leaves the address to check
        ([tried(2), tried(16), tried(30), tried(33, Channel.HOME_VISIT)],
         Due(date(2026, 12, 3), "huisbezoek leverde geen contact op: adres nagaan (BRP) of sluiten als onvindbaar")),
        ([tried(3, Channel.LETTER, ContactResult.WRONG_ADDRESS)],
         Due(date(2026, 11, 3), "adres of nummer klopt niet: gegevens nagaan (BRP, school)")),
        # the coach's own next step comes first when it is earlier than the rule's
        ([tried(2, next_on=date(2026, 11, 5))],
         Due(date(2026, 11, 5), "geplande vervolgstap: contactpoging 2 van 3")),
        ([tried(2, next_on=date(2026, 11, 20))], Due(date(2026, 11, 16), "contactpoging 2 van 3")),
    ],
)  # fmt: skip
def test_contact_due_follows_the_regions_rule(attempts, expected):
    assert rules.contact_due(OPENED, attempts, RULE) == expected


def test_contact_due_with_another_regions_rule_two_attempts_in_two_weeks():
    rule = ContactRule(attempts=2, weeks=2)
    assert rules.contact_due(OPENED, [tried(2)], rule) == Due(
        date(2026, 11, 16), "contactpoging 2 van 2"
    )
    assert rules.contact_due(OPENED, [tried(2), tried(16)], rule) == Due(
        date(2026, 11, 23), "huisbezoek afleggen"
    )


# 'follow-up checks at 3 and 6 months (configurable)'; a day the month lacks is its last day.
@pytest.mark.parametrize(
    "closed_on, months, expected",
    [
        (date(2026, 3, 10), [3, 6], [date(2026, 6, 10), date(2026, 9, 10)]),
        (date(2026, 8, 31), [3, 6], [date(2026, 11, 30), date(2027, 2, 28)]),
        (date(2027, 11, 30), [3], [date(2028, 2, 29)]),
        (date(2026, 3, 10), [6, 3, 3], [date(2026, 6, 10), date(2026, 9, 10)]),
        (date(2026, 3, 10), [], []),
    ],
)
def test_follow_up_dates(closed_on, months, expected):
    assert rules.follow_up_dates(closed_on, months) == expected


# 'None of these exist on the Doorstroompunt desk (18+: help, no enforcement)': refusing help
# ends a case only from 18; the handover at 18 ends only a leerplicht case.
def test_outcomes_per_desk():
    assert Outcome.REFUSED in rules.outcomes_for(Desk.DOORSTROOMPUNT)
    assert Outcome.REFUSED not in rules.outcomes_for(Desk.LEERPLICHT)
    assert Outcome.HANDED_OVER in rules.outcomes_for(Desk.LEERPLICHT)
    assert Outcome.HANDED_OVER not in rules.outcomes_for(Desk.DOORSTROOMPUNT)
    # OCW's effect-report categories are there at both desks
    for outcome in (Outcome.EDUCATION, Outcome.WORK_AND_LEARN, Outcome.WORK, Outcome.CARE,
                    Outcome.NOTHING, Outcome.MOVED, Outcome.OTHER):  # fmt: skip
        assert outcome in rules.outcomes_for(Desk.DOORSTROOMPUNT)
        assert outcome in rules.outcomes_for(Desk.LEERPLICHT)


ON, OFF, OUT = FollowUpResult.ON_TRACK, FollowUpResult.DROPPED_OUT, FollowUpResult.UNREACHABLE


@pytest.mark.parametrize(
    "results, planned, finished",
    [
        ([ON, ON], 2, True),
        ([ON, None], 2, False),
        ([ON], 2, False),
        ([ON, OUT], 2, True),  # not reached at the last check: aftercare still ends
        ([ON, OFF], 2, False),  # a drop-out reopens the case instead
    ],
)
def test_aftercare_finishes_after_the_last_planned_check(results, planned, finished):
    assert rules.aftercare_finished(results, planned) is finished


def halt(**changes) -> HaltRequest:
    return HaltRequest(
        **{"age": 14, "hours_absent": 20, "times_late": 0, "earlier_halt_for_absence": False,
           "consent": True, **changes}
    )  # fmt: skip


# 'Halt: age 12-18, at least 9 hours absent or 12 times late, at most 60 hours, once per young
# person for verzuim, with consent.'
@pytest.mark.parametrize(
    "request_, refused_for",
    [
        (halt(), []),
        (halt(age=12), []),
        (halt(age=11), ["12 tot 18 jaar"]),
        (halt(age=17), []),
        (halt(age=18), ["12 tot 18 jaar"]),
        (halt(hours_absent=9), []),
        (halt(hours_absent=8), ["minstens 9 uur"]),
        (halt(hours_absent=0, times_late=12), []),
        (halt(hours_absent=0, times_late=11), ["minstens 9 uur"]),
        (halt(hours_absent=60), []),
        (halt(hours_absent=61), ["meer dan 60 uur"]),
        (halt(earlier_halt_for_absence=True), ["één keer"]),
        (halt(consent=False), ["toestemming"]),
        (halt(age=18, consent=False), ["12 tot 18 jaar", "toestemming"]),
    ],
)
def test_halt_criteria(request_, refused_for):
    refusals = rules.halt_refusals(request_)
    assert len(refusals) == len(refused_for)
    for reason, words in zip(refusals, refused_for, strict=True):
        assert words in reason


# 'A proces-verbaal goes to the officier van justitie within one month of the first hearing
# and within two months of the melding.'
@pytest.mark.parametrize(
    "first_hearing_on, reported_on, deadline",
    [
        (date(2026, 3, 10), date(2026, 3, 1), date(2026, 4, 10)),  # the hearing's month first
        (date(2026, 4, 20), date(2026, 3, 1), date(2026, 5, 1)),  # the melding's two months first
        (date(2026, 1, 31), date(2026, 1, 5), date(2026, 2, 28)),  # no 31 February
        (date(2026, 5, 1), date(2026, 3, 1), date(2026, 5, 1)),  # both the same day
    ],
)
def test_official_report_deadline(first_hearing_on, reported_on, deadline):
    assert rules.official_report_deadline(first_hearing_on, reported_on) == deadline


# OCW's effect report: 'weeks from the DUO listing to intake (under 4, 4 to 6, over 6)'.
@pytest.mark.parametrize(
    "intake_on, band",
    [
        (date(2026, 11, 2), "minder dan 4 weken"),
        (date(2026, 11, 29), "minder dan 4 weken"),  # 27 days
        (date(2026, 11, 30), "4 tot 6 weken"),  # 28 days: 4 weeks
        (date(2026, 12, 14), "4 tot 6 weken"),  # 42 days: 6 weeks
        (date(2026, 12, 15), "meer dan 6 weken"),
        (None, "geen intake"),
    ],
)
def test_intake_band(intake_on, band):
    assert rules.intake_band(OPENED, intake_on) == band


# The effect report's 'follow-up bands (none, under 1 month, 1-3 months, over 3 months)'.
@pytest.mark.parametrize(
    "last_follow_up_on, band",
    [
        (None, "geen"),
        (date(2026, 3, 10), "geen"),
        (date(2026, 4, 9), "minder dan 1 maand"),
        (date(2026, 4, 10), "1 tot 3 maanden"),
        (date(2026, 6, 10), "1 tot 3 maanden"),
        (date(2026, 6, 11), "meer dan 3 maanden"),
    ],
)
def test_follow_up_band(last_follow_up_on, band):
    assert rules.follow_up_band(date(2026, 3, 10), last_follow_up_on) == band


def test_earliest_due_of_several():
    first = Due(date(2026, 11, 3), "taak: bellen")
    assert rules.earliest([None, Due(date(2026, 11, 9), "nazorgcontrole"), first]) == first
    assert rules.earliest([None]) is None


# After contact: 'an intake within two weeks of reaching the young person, a plan within four
# weeks of the intake' (our defaults, rules.INTAKE_WITHIN and PLAN_WITHIN).
def test_the_intake_is_due_two_weeks_after_the_young_person_was_first_reached():
    attempts = [
        tried(2),
        tried(5, result=ContactResult.REACHED),
        tried(9, result=ContactResult.REACHED),
    ]
    assert rules.intake_due(attempts) == Due(date(2026, 11, 19), "intake houden")
    assert rules.intake_due([tried(2)]) is None


def test_the_plan_is_due_four_weeks_after_the_intake():
    assert rules.plan_due(date(2026, 11, 19)) == Due(date(2026, 12, 17), "plan opstellen")
