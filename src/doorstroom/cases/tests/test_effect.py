"""OCW's effect report from closed cases: hand-worked cases, and the same from the database."""

from datetime import date

import pytest

from doorstroom.cases.choices import Channel, ContactResult, Outcome
from doorstroom.cases.effect import CaseFacts, effect_report, facts_of
from doorstroom.cases.factories import CaseFactory
from doorstroom.cases.models import Case, ContactAttempt, FollowUp, Intake, Plan
from doorstroom.people.factories import PersonFactory

LISTED = date(2026, 1, 5)


def facts(**changes) -> CaseFacts:
    base = {
        "listed_on": LISTED, "first_attempt_on": None, "intake_on": None, "plan_on": None,
        "outcome": None, "closed_on": None, "last_follow_up_on": None,
    }  # fmt: skip
    return CaseFacts(**{**base, **changes})


# 'approached, intakes, trajects started, outcomes in OCW's categories, time to intake,
# follow-up bands (none, under 1 month, 1-3 months, over 3 months)'.
def test_the_report_counts_hand_worked_cases():
    report = effect_report(
        [
            # listed, never reached
            facts(first_attempt_on=date(2026, 1, 6)),
            # intake after 3 weeks, plan, back to school, followed up for 6 months
            facts(
                first_attempt_on=date(2026, 1, 6), intake_on=date(2026, 1, 26), plan_on=date(2026, 2, 2),
                outcome=Outcome.EDUCATION, closed_on=date(2026, 3, 1), last_follow_up_on=date(2026, 9, 1),
            ),
            # intake after exactly 5 weeks, to work, one follow-up 2 months later
            facts(
                first_attempt_on=date(2026, 1, 7), intake_on=date(2026, 2, 9), plan_on=date(2026, 2, 9),
                outcome=Outcome.WORK, closed_on=date(2026, 4, 1), last_follow_up_on=date(2026, 6, 1),
            ),
            # intake after 7 weeks, refused help: OCW's 'anders'
            facts(
                first_attempt_on=date(2026, 1, 8), intake_on=date(2026, 2, 23),
                outcome=Outcome.REFUSED, closed_on=date(2026, 3, 1),
            ),
            # not yet contacted
            facts(),
        ]
    )  # fmt: skip
    assert (report.cases, report.approached, report.intakes, report.trajects) == (5, 4, 3, 2)
    assert report.outcomes == {
        "volledig erkend onderwijs": 1,
        "werk zonder perspectief op een startkwalificatie": 1,
        "anders": 1,
        "loopt nog": 2,
    }
    assert report.intake_bands == {
        "minder dan 4 weken": 1, "4 tot 6 weken": 1, "meer dan 6 weken": 1, "geen intake": 2,
    }  # fmt: skip
    assert report.follow_up_bands == {"meer dan 3 maanden": 1, "1 tot 3 maanden": 1, "geen": 3}


@pytest.mark.django_db
def test_the_facts_come_from_the_cases_in_the_database(deventer):
    case = CaseFactory(person=PersonFactory(municipality=deventer), listed_on=LISTED)
    for day in (9, 6, 20):
        ContactAttempt.objects.create(
            case=case,
            on=date(2026, 1, day),
            channel=Channel.PHONE,
            result=ContactResult.NOT_REACHED,
        )
    Intake.objects.create(case=case, held_on=date(2026, 1, 26), goal="werk")
    Plan.objects.create(case=case, version=1, made_on=date(2026, 2, 2), kind="werk", agreements="x")
    Plan.objects.create(case=case, version=2, made_on=date(2026, 3, 2), kind="werk", agreements="y")
    Case.objects.filter(pk=case.pk).update(
        state="nazorg", outcome=Outcome.WORK, closed_on=date(2026, 4, 1)
    )
    FollowUp.objects.create(case=case, due_on=date(2026, 7, 1), done_on=date(2026, 7, 3))
    FollowUp.objects.create(case=case, due_on=date(2026, 10, 1))
    CaseFactory(person=PersonFactory(municipality=deventer), listed_on=LISTED)
    got = sorted(facts_of(Case.objects.all()), key=lambda f: f.outcome is None)
    assert got[0] == CaseFacts(
        LISTED, date(2026, 1, 6), date(2026, 1, 26), date(2026, 2, 2), Outcome.WORK,
        date(2026, 4, 1), date(2026, 7, 3),
    )  # fmt: skip
    assert got[1] == facts()
