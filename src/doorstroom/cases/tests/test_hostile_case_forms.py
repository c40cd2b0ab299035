"""Hostile input for every form of a case (issue 5): random and mutated submissions
(hypothesis) of each step's form give a Dutch refusal with nothing added to the case, or go
through the one write path; never a 500, and what is shown again is HTML-escaped. The
other forms are src/doorstroom/tests/test_hostile_forms.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from doorstroom import dates
from doorstroom.accounts.roles import Role
from doorstroom.accounts.tests.case_world import case_world, leerplicht_world
from doorstroom.cases.factories import OrganisationFactory
from doorstroom.cases.models import CaseEntry
from doorstroom.people.factories import PersonFactory
from doorstroom.signals.factories import SignalFactory
from doorstroom.tests.hostile import ERROR_MARKUP, FUZZ, assert_escaped, dutch, logged_in, mutated

pytestmark = pytest.mark.django_db


def case_forms(case, lp_case) -> dict[str, tuple[object, dict[str, object]]]:
    """Every form page of a case, with a valid submission to mutate."""
    today = dutch(dates.today())
    check = case.follow_ups.first()
    report = lp_case.report
    return {
        "contact_attempt": (case, {"on": today, "channel": "telefoon", "result": "bereikt", "next_step": "", "next_on": ""}),
        "note": (case, {"on": today, "text": "gesprek gehad", "confidential": "on", "contact": ""}),
        "intake": (case, {"held_on": today, "reasons": ["1"], "goal": "werk", "situation_wonen": "thuis"}),
        "consent": (case, {"organisation": str(case.partner.pk), "scope": "naam", "given_on": today, "given_by": "jongere", "valid_until": ""}),
        "plan": (case, {"made_on": today, "kind": "onderwijs", "agreements": "x", "goal_1": "doel", "goal_1_due": dutch(dates.today() + timedelta(days=30)), "cost": "1.500,00"}),
        "task": (case, {"title": "bellen", "due_on": today}),
        "referral": (case, {"organisation": str(case.partner.pk), "reason": "werk", "legal_basis": "doorstroompunt", "shared": "naam", "referred_on": today, "shared_until": today}),
        "state": (case, {"to": "plan", "note": ""}),
        "close": (case, {"outcome": "onderwijs", "closed_on": today, "reason": ""}),
        "follow_up": (case, {"done_on": today, "result": "op_koers", "note": ""}, check.pk),
        "hearing": (lp_case, {"held_on": today, "who": "ouders", "summary": "gesprek"}),
        "halt": (lp_case, {"referred_on": today, "hours_absent": "12", "times_late": "0", "consent": "on"}),
        "official_report": (lp_case, {"first_hearing_on": today, "reported_on": today}),
        "care_report": (lp_case, {"kind": "zorgmelding", "made_on": today, "to": "wijkteam", "note": ""}),
        "close_report": (lp_case, {"reason": "terug_op_school", "on": today}, report.pk),
        "letter": (case, {"letter": "uitnodiging", "on": dutch(dates.today() + timedelta(days=7)), "at": "14:30", "place": "Brink 10", "count_as_attempt": "on"}),
    }  # fmt: skip


@pytest.mark.parametrize(
    "form",
    ["contact_attempt", "note", "intake", "consent", "plan", "task", "referral", "state", "close",
     "follow_up", "hearing", "halt", "official_report", "care_report", "close_report", "letter"],
)  # fmt: skip
@settings(FUZZ, max_examples=8)
@given(data=st.data())
def test_every_case_form_refuses_hostile_input_in_dutch_and_stores_nothing(
    make_user, deventer, leaving_reasons, form, data
):
    """A valid write goes through the one write path (a history line); anything else is a
    Dutch refusal (400) with nothing added to the case."""
    coach, officer = make_user(Role.COACH), make_user(Role.LEERPLICHT)
    person = PersonFactory(municipality=deventer)
    case = case_world(person, coach, SignalFactory(person=person))
    case.partner = OrganisationFactory(region=deventer.region)
    lp_case = leerplicht_world(deventer)
    target, valid, *pk = case_forms(case, lp_case)[form]
    client = logged_in(coach if target == case else officer)
    extras = [str(leaving_reasons.first().pk), str(case.partner.pk), "afgesloten", "nazorg"]
    before = CaseEntry.objects.count()
    response = client.post(
        reverse(f"cases:{form}", args=[target.public_id, *pk]), mutated(data.draw, valid, extras)
    )
    assert response.status_code in (302, 400), response.status_code
    assert_escaped(response)
    if response.status_code == 302:
        assert (
            CaseEntry.objects.count() > before
        )  # closing in education adds the aftercare line too
    else:
        assert any(marker in response.content.decode() for marker in ERROR_MARKUP)
        assert CaseEntry.objects.count() == before
