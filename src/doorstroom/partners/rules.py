"""Which ground for sharing a young person with a partner applies, by desk and age: plain
functions of plain data (the form offers, and actions.refer checks, only these).

DOMAIN.md says only that sharing 'needs a recorded legal basis or consent'. Our reading, as a
privacyfunctionaris would expect it (AVG art. 6(1)(c,e): a legal task covers only the task
of whoever has it): the Leerplichtwet is the leerplicht desk's ground, and only under 18
(kwalificatieplicht ends at 18, art. 4a; from 18 'help is offered, not imposed'); the
Doorstroompunt's (RMC) task is the Doorstroompunt's ground, from 18 (DOMAIN.md, Who is
responsible). The young person's consent (art. 6(1)(a)) and the meldcode or a vital
interest (art. 6(1)(d)) stand at either desk.

Who gives that consent: DOMAIN.md is silent. AVG art. 8 lets a child give consent itself
from 16 for information-society services (the age the Netherlands chose, UAVG art. 5); for
sharing a young person with a ketenpartner Dutch practice asks the same: under 16 the
parents (or the guardian) consent, from 16 the young person.
"""

from __future__ import annotations

from doorstroom.partners.choices import ConsentGiver, LegalBasis
from doorstroom.people.choices import Desk
from doorstroom.people.rules import ADULT_AGE

ANY_DESK = (LegalBasis.CONSENT, LegalBasis.SAFETY)
"""Grounds that do not rest on a desk's legal task."""

LEGAL_TASK = {
    Desk.LEERPLICHT: LegalBasis.LEERPLICHTWET,
    Desk.DOORSTROOMPUNT: LegalBasis.DOORSTROOMPUNT,
}
"""The legal task each desk shares on."""


def legal_bases_for(desk: Desk, age: int) -> list[LegalBasis]:
    """The grounds a referral from a case at `desk` may rest on for a young person of `age`
    on the day of the referral, in the order of LegalBasis."""
    own_age = age < ADULT_AGE if desk == Desk.LEERPLICHT else age >= ADULT_AGE
    allowed = {*ANY_DESK, LEGAL_TASK[desk]} if own_age else set(ANY_DESK)
    return [basis for basis in LegalBasis if basis in allowed]


def basis_refusal(basis: LegalBasis, desk: Desk, age: int) -> str | None:
    """Why `basis` does not apply to this referral, in Dutch, or None when it does."""
    allowed = legal_bases_for(desk, age)
    if basis in allowed:
        return None
    if basis == LEGAL_TASK[desk]:
        limit = "tot" if desk == Desk.LEERPLICHT else "vanaf"
        return (
            f"De grondslag '{basis.label}' geldt {limit} {ADULT_AGE} jaar; deze jongere is "
            f"{age}. Deel met toestemming of op grond van de meldcode."
        )
    return (
        f"De grondslag '{basis.label}' hoort niet bij het loket {desk.label}. Kies: "
        + "; ".join(b.label for b in allowed)
        + "."
    )


CONSENT_AGE = 16
"""From 16 the young person consents; under 16 a parent or guardian (AVG art. 8, UAVG art. 5)."""


def consent_giver_refusal(given_by: ConsentGiver, age: int) -> str | None:
    """Why a consent given by `given_by` when the young person was `age` does not hold, in
    Dutch, or None when it does."""
    if age < CONSENT_AGE and given_by != ConsentGiver.PARENT:
        return (
            f"Onder de {CONSENT_AGE} jaar geeft een ouder of voogd toestemming, niet de jongere "
            f"zelf; deze jongere was {age} op de dag van de toestemming."
        )
    if age >= CONSENT_AGE and given_by != ConsentGiver.YOUNG_PERSON:
        return (
            f"Vanaf {CONSENT_AGE} jaar geeft de jongere zelf toestemming; deze jongere was {age} "
            "op de dag van de toestemming."
        )
    return None
