"""cases 0009: the aftercare checks that were left 'nog te doen' before checks could lapse."""

import importlib
from datetime import date

import pytest
from django.apps import apps

from doorstroom.cases.choices import CaseState, Outcome
from doorstroom.cases.factories import CaseFactory
from doorstroom.cases.models import FollowUp
from doorstroom.people.factories import PersonFactory

pytestmark = pytest.mark.django_db
migration = importlib.import_module("doorstroom.cases.migrations.0009_follow_up_lapsed")


def test_checks_a_reopening_or_a_close_left_undone_lapse_and_the_others_stay(deventer):
    def case(**fields):
        return CaseFactory(person=PersonFactory(municipality=deventer), **fields)

    died = case(state=CaseState.CLOSED, outcome=Outcome.DIED, closed_on=date(2026, 11, 2))
    running = case(state=CaseState.AFTERCARE, outcome=Outcome.WORK, closed_on=date(2026, 9, 1))
    reopened = case(state=CaseState.GUIDANCE)
    undone = FollowUp.objects.create(case=died, due_on=date(2027, 1, 1))
    done = FollowUp.objects.create(
        case=died, due_on=date(2026, 10, 1), done_on=date(2026, 10, 1), result="op_koers"
    )
    to_do = FollowUp.objects.create(case=running, due_on=date(2026, 12, 1))
    ended = FollowUp.objects.create(
        case=reopened, due_on=date(2026, 12, 1), reopened_on=date(2026, 8, 3)
    )
    migration.lapse_checks_left_undone(apps, None)
    for check in (undone, done, to_do, ended):
        check.refresh_from_db()
    assert (undone.lapsed_on, undone.lapse_reason) == (
        date(2026, 11, 2),
        "dossier afgesloten: overleden",
    )
    assert (ended.lapsed_on, ended.lapse_reason) == (date(2026, 8, 3), "het dossier ging weer open")
    assert (done.lapsed_on, to_do.lapsed_on) == (None, None)
