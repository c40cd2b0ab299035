"""The state machine, transition by transition: who may make each step, and every step that
does not exist. The table is written out by hand, not read from workflow.py."""

import pytest

from doorstroom.cases.choices import CaseState as S
from doorstroom.cases.workflow import Actor, allowed_targets, refusal

W = frozenset({Actor.CASEWORKER})
C = frozenset({Actor.COORDINATOR})
SYS = frozenset({Actor.SYSTEM})
SUP = frozenset({Actor.SUPPORT})

# (from, to) -> who may: W caseworker, C coordinator, SYS the system.
ALLOWED = {
    (S.NEW, S.APPROACH): "WC",
    (S.NEW, S.CLOSED): "C+",
    (S.APPROACH, S.INTAKE): "WC",
    (S.APPROACH, S.CLOSED): "WC+",
    (S.INTAKE, S.PLAN): "WC",
    (S.INTAKE, S.APPROACH): "WC",
    (S.INTAKE, S.CLOSED): "WC+",
    (S.PLAN, S.GUIDANCE): "WC",
    (S.PLAN, S.CLOSED): "WC+",
    (S.GUIDANCE, S.PLAN): "WC",
    (S.GUIDANCE, S.CLOSED): "WC+",
    (S.CLOSED, S.AFTERCARE): "WC+",
    (S.AFTERCARE, S.GUIDANCE): "WC+",
    (S.AFTERCARE, S.CLOSED): "WC+",
}
ACTORS = {"W": W, "C": C, "+": SYS}
READY = {"has_intake": True, "has_plan": True, "has_outcome": True}


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("target", list(S))
def test_every_step_is_allowed_only_as_the_table_says(state, target):
    who = ALLOWED.get((state, target), "")
    for letter, actors in ACTORS.items():
        answer = refusal(state, target, actors, **READY)
        if letter in who:
            assert answer is None, (state, target, letter)
        else:
            assert answer is not None, (state, target, letter)


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("target", list(S))
def test_the_ondersteuner_moves_no_case(state, target):
    assert refusal(state, target, SUP, **READY) is not None


def test_a_coach_cannot_close_a_case_without_any_contact_attempt():
    message = refusal(S.NEW, S.CLOSED, W, has_outcome=True)
    assert "coördinator" in message


def test_a_step_that_does_not_exist_is_named_in_dutch():
    assert (
        refusal(S.NEW, S.GUIDANCE, W | C) == "Een dossier gaat niet van 'nieuw' naar 'begeleiding'."
    )
    assert refusal(S.CLOSED, S.GUIDANCE, W | C | SYS) is not None  # closed stays closed


@pytest.mark.parametrize(
    "state, target, missing, message",
    [
        (S.APPROACH, S.INTAKE, "has_intake", "Leg eerst de intake vast."),
        (S.INTAKE, S.PLAN, "has_plan", "Leg eerst het plan vast."),
        (S.GUIDANCE, S.CLOSED, "has_outcome", "Kies eerst de uitkomst van het traject."),
    ],
)
def test_a_step_needs_its_record_first(state, target, missing, message):
    assert refusal(state, target, W, **{**READY, missing: False}) == message


def test_aftercare_ends_without_a_new_outcome():
    assert refusal(S.AFTERCARE, S.CLOSED, W, has_outcome=False) is None


def test_allowed_targets_for_the_page():
    assert allowed_targets(S.GUIDANCE, W) == [S.PLAN, S.CLOSED]
    assert allowed_targets(S.NEW, W) == [S.APPROACH]
    assert allowed_targets(S.NEW, C) == [S.APPROACH, S.CLOSED]
    assert allowed_targets(S.CLOSED, W) == [S.AFTERCARE]
