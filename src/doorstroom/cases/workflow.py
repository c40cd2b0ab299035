"""The state machine of a case, in one place: which state may follow which, who may make the
step, and what must be on file first. services.change, the one write path, is the only code
that moves a case (an explicit step, a close, an aftercare check, a contact attempt, an
intake, a plan all go through it); it asks `refusal` here."""

from __future__ import annotations

from enum import StrEnum

from doorstroom.cases.choices import CaseState as S


class Actor(StrEnum):
    """In what capacity someone acts on a case (access.case_actors decides per user)."""

    CASEWORKER = "caseworker"
    """The case's own coach; at the leerplicht desk every leerplichtambtenaar of the region."""
    COORDINATOR = "coordinator"
    """The doorstroomcoördinator, who 'divides new signals over coaches, watches deadlines';
    at the leerplicht desk the leerplichtambtenaren divide their own work."""
    SUPPORT = "support"
    """The doorstroomondersteuner: letters and documents, no case work."""
    SYSTEM = "system"
    """Signalling and the register (died, upper age reached, moved out) and aftercare."""


WORKERS = frozenset({Actor.CASEWORKER, Actor.COORDINATOR})
ANYONE = WORKERS | {Actor.SYSTEM}

TRANSITIONS: dict[S, dict[S, frozenset[Actor]]] = {
    S.NEW: {
        # The first contact attempt starts benaderen (legal task 2: 'contact every vsv'er').
        S.APPROACH: WORKERS,
        # Closing before any contact was tried: only the coordinator or the register (back at
        # school, died), so that nobody is dropped unseen ('nobody missed').
        S.CLOSED: frozenset({Actor.COORDINATOR, Actor.SYSTEM}),
    },
    S.APPROACH: {
        S.INTAKE: WORKERS,
        S.CLOSED: ANYONE,  # e.g. refused help, untraceable, back at school
    },
    S.INTAKE: {
        S.PLAN: WORKERS,
        S.APPROACH: WORKERS,  # contact lost after the intake: approach again
        S.CLOSED: ANYONE,
    },
    S.PLAN: {
        S.GUIDANCE: WORKERS,
        S.CLOSED: ANYONE,
    },
    S.GUIDANCE: {
        S.PLAN: WORKERS,  # the plan is revised
        S.CLOSED: ANYONE,
    },
    S.CLOSED: {
        # Aftercare follows an outcome in education or work (services.close_case).
        S.AFTERCARE: ANYONE,
    },
    S.AFTERCARE: {
        # 'follow-up checks at 3 and 6 months that reopen the case if the person dropped out'
        S.GUIDANCE: ANYONE,
        # The last check found the young person still at school or at work.
        S.CLOSED: ANYONE,
    },
}

OPEN_STATES = frozenset(S) - {S.CLOSED}
"""A case in aftercare is still open: a new signal joins it rather than opening a second."""


def allowed_targets(state: S, actors: frozenset[Actor]) -> list[S]:
    """The states these actors may move a case to from `state`."""
    return [target for target, who in TRANSITIONS.get(state, {}).items() if who & actors]


def refusal(
    state: S,
    target: S,
    actors: frozenset[Actor],
    *,
    has_intake: bool = False,
    has_plan: bool = False,
    has_outcome: bool = False,
) -> str | None:
    """Why this step may not be made, in Dutch, or None when it may."""
    who = TRANSITIONS.get(state, {}).get(target)
    if who is None:
        return f"Een dossier gaat niet van '{state.label}' naar '{target.label}'."
    if not who & actors:
        if state == S.NEW and target == S.CLOSED:
            return (
                "Een dossier zonder contactpoging sluit alleen de coördinator: zo wordt "
                "niemand gemist."
            )
        return f"U mag dit dossier niet van '{state.label}' naar '{target.label}' zetten."
    if target == S.INTAKE and not has_intake:
        return "Leg eerst de intake vast."
    if target == S.PLAN and not has_plan:
        return "Leg eerst het plan vast."
    if target == S.CLOSED and state != S.AFTERCARE and not has_outcome:
        return "Kies eerst de uitkomst van het traject."
    return None
