"""When a consent is valid: one rule (`consent_valid_on`), read from the consent itself and
through a referral that rests on it."""

from datetime import date, timedelta

import pytest

from doorstroom.cases.factories import CaseFactory, OrganisationFactory
from doorstroom.partners.choices import LegalBasis
from doorstroom.partners.models import Consent, Referral
from doorstroom.people.factories import PersonFactory

pytestmark = pytest.mark.django_db
ON = date(2026, 11, 16)
DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("consent", "valid"),
    [
        ({}, True),
        ({"given_on": ON}, True),  # from the day it was given
        ({"given_on": ON + DAY}, False),  # not given yet
        ({"valid_until": ON}, True),  # through its last day ('tot en met')
        ({"valid_until": ON - DAY}, False),
        ({"withdrawn_on": ON}, False),  # withdrawn that day: no longer (AVG art. 7(3))
        ({"withdrawn_on": ON + DAY}, True),  # withdrawn later: valid until then
    ],
)
def test_a_consent_is_valid_alike_on_its_own_and_for_the_referral_on_it(deventer, consent, valid):
    case = CaseFactory(person=PersonFactory(municipality=deventer))
    partner = OrganisationFactory(region=deventer.region)
    given = Consent.objects.create(
        person=case.person, case=case, organisation=partner, scope="naam",
        **{"given_on": ON - DAY, **consent},
    )  # fmt: skip
    Referral.objects.create(
        case=case, organisation=partner, referred_on=ON - DAY, reason="werk",
        legal_basis=LegalBasis.CONSENT, consent=given, shared="naam", shared_until=ON + DAY,
    )  # fmt: skip
    assert Consent.objects.valid_on(ON).exists() == valid
    assert Referral.objects.shared_on(ON).exists() == valid
