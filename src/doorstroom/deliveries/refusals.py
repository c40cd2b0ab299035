"""The refused rows about a young person, as their page and signal show them
(templates/deliveries/_refusals_about.html): which rows, `RejectedRowQuerySet.about`, says
models/runs.py; how many and whether there are more, says this page context."""

from __future__ import annotations

from doorstroom.deliveries.models import RejectedRow

REFUSALS_SHOWN = 10
"""How many refused rows about one young person their page and signal show, newest first."""


def refusals_about(bsn_hash: str, region_id: int) -> dict:
    """The page context of the refused rows about a young person: the newest
    REFUSALS_SHOWN (`RejectedRowQuerySet.about`), and whether there are more."""
    rows = list(RejectedRow.objects.about(bsn_hash, region_id)[: REFUSALS_SHOWN + 1])
    return {"refusals": rows[:REFUSALS_SHOWN], "more_refusals": len(rows) > REFUSALS_SHOWN}
