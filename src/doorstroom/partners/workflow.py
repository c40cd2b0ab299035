"""The state machine of a referral: which status may follow which. Sharing starts only with
`actions.refer` (its legal basis or consent checked, its export logged); an ended or declined
referral is final, so sharing again is a new referral through those checks."""

from __future__ import annotations

from doorstroom.partners.choices import ReferralStatus as R

REFERRAL_TRANSITIONS: dict[R, frozenset[R]] = {
    R.SENT: frozenset(
        {
            R.ACCEPTED,  # the partner takes up the warm overdracht
            R.DECLINED,  # the partner cannot help; the sharing stops (ReferralQuerySet.shared_on)
            R.ENDED,  # the coach stops the sharing before the partner answered
        }
    ),
    R.ACCEPTED: frozenset(
        {
            R.ENDED,  # the partner's help is done or the coach stops the sharing
        }
    ),
    # Final: switching these back on would share again without refer's checks (AVG art. 6).
    R.DECLINED: frozenset(),
    R.ENDED: frozenset(),
}

LIVE = frozenset(status for status, following in REFERRAL_TRANSITIONS.items() if following)
"""The statuses in which a referral still shares and can still change."""


def next_statuses(current: R) -> list[R]:
    """What a referral in `current` may be set to: the same (to write its outcome) while it
    is live, and the statuses that may follow."""
    if current not in LIVE:
        return []
    return [status for status in R if status == current or status in REFERRAL_TRANSITIONS[current]]


def refusal(current: R, target: R) -> str | None:
    """The Dutch reason a referral may not go from `current` to `target`, or None."""
    if current not in LIVE:
        return (
            f"Deze verwijzing is {current.label} en kan niet meer veranderen; "
            "verwijs opnieuw als er weer gedeeld moet worden."
        )
    if target not in next_statuses(current):
        return f"Een verwijzing die {current.label} is, kan niet {target.label} worden."
    return None
