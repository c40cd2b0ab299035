"""Which ground for sharing applies at which desk and age, and who gives consent at which
age (partners/rules.py)."""

import pytest

from doorstroom.partners.choices import ConsentGiver as G
from doorstroom.partners.choices import LegalBasis as B
from doorstroom.partners.rules import basis_refusal, consent_giver_refusal, legal_bases_for
from doorstroom.people.choices import Desk

LP, DP = Desk.LEERPLICHT, Desk.DOORSTROOMPUNT


@pytest.mark.parametrize(
    ("desk", "age", "allowed"),
    [
        (LP, 15, [B.CONSENT, B.LEERPLICHTWET, B.SAFETY]),  # leerplicht: its own law
        (LP, 17, [B.CONSENT, B.LEERPLICHTWET, B.SAFETY]),
        (LP, 18, [B.CONSENT, B.SAFETY]),  # kwalificatieplicht ends at 18 (art. 4a)
        (DP, 18, [B.CONSENT, B.DOORSTROOMPUNT, B.SAFETY]),  # the Doorstroompunt from 18
        (DP, 26, [B.CONSENT, B.DOORSTROOMPUNT, B.SAFETY]),
        (DP, 17, [B.CONSENT, B.SAFETY]),  # under 18 the task is leerplicht's
    ],
)
def test_a_desk_shares_on_its_own_legal_task_at_its_own_ages_and_on_consent_or_safety(
    desk, age, allowed
):
    assert legal_bases_for(desk, age) == allowed
    for basis in B:
        assert (basis_refusal(basis, desk, age) is None) == (basis in allowed)


def test_the_refusal_of_another_desks_task_names_the_grounds_that_apply():
    assert basis_refusal(B.LEERPLICHTWET, DP, 19) == (
        "De grondslag 'wettelijke taak: Leerplichtwet 1969' hoort niet bij het loket "
        "Doorstroompunt. Kies: toestemming (AVG art. 6 lid 1 onder a; onder 16 jaar van een "
        "ouder of voogd); wettelijke taak: Doorstroompunt (RMC-functie); Meldcode huiselijk "
        "geweld en kindermishandeling of vitaal belang."
    )


def test_the_refusal_of_the_own_task_past_its_age_says_why():
    assert basis_refusal(B.LEERPLICHTWET, LP, 18) == (
        "De grondslag 'wettelijke taak: Leerplichtwet 1969' geldt tot 18 jaar; deze jongere "
        "is 18. Deel met toestemming of op grond van de meldcode."
    )


@pytest.mark.parametrize(
    ("age", "young_person_may", "parent_may"),
    [
        # AVG art. 8 with UAVG art. 5: from 16 the young person consents, under 16 the parents
        (12, False, True),
        (15, False, True),
        (16, True, False),
        (17, True, False),
        (23, True, False),
    ],
)
def test_under_16_a_parent_or_guardian_consents_from_16_the_young_person(
    age, young_person_may, parent_may
):
    assert (consent_giver_refusal(G.YOUNG_PERSON, age) is None) is young_person_may
    assert (consent_giver_refusal(G.PARENT, age) is None) is parent_may
