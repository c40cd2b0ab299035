"""A ketenpartner reads what the Doorstroompunt shared with it, and nothing once the sharing
has ended. Every page passes axe-core."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from doorstroom import dates
from doorstroom.accounts.roles import Role
from doorstroom.cases.choices import CaseState
from doorstroom.cases.factories import CaseFactory, OrganisationFactory
from doorstroom.partners.choices import LegalBasis
from doorstroom.partners.models import Referral
from doorstroom.people.factories import PersonFactory
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def referral(organisation, municipality, coach, surname, **changes):
    person = PersonFactory(
        municipality=municipality, given_names="Noor", surname=surname, phone="0570-123456"
    )
    case = CaseFactory(person=person, coach=coach, state=CaseState.GUIDANCE)
    fields = {
        "case": case, "organisation": organisation, "referred_on": dates.today() - timedelta(days=2),
        "reason": "hulp bij werk zoeken", "legal_basis": LegalBasis.DOORSTROOMPUNT,
        "shared": "naam en telefoon", "shared_until": dates.today() + timedelta(days=30),
        "shares_name": True, "shares_contact": True,
    }  # fmt: skip
    return Referral.objects.create(**{**fields, **changes})


def test_a_partner_reads_a_referral_and_calls_the_coach(
    page, assert_accessible, make_user, region, deventer
):
    loket = OrganisationFactory(region=region, name="Jongerenloket Deventer")
    coach = make_user(Role.COACH, first_name="Fatima", last_name="El Amrani",
                      email="fatima@doorstroompunt.nl")  # fmt: skip
    referral(loket, deventer, coach, "Haverkamp")
    referral(loket, deventer, coach, "Bouzid", shared_until=dates.today() - timedelta(days=1))
    partner = make_user(Role.PARTNER, organisation=loket)

    log_in(page, partner)
    page.get_by_role("link", name="Gedeeld met ons").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gedeeld met uw organisatie")
    expect(page.get_by_role("link", name="Noor Haverkamp")).to_be_visible()
    expect(page.get_by_text("Bouzid")).to_have_count(0)  # its sharing ended yesterday
    assert_accessible(page)

    page.get_by_role("link", name="Noor Haverkamp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Verwijzing van "))
    expect(page.get_by_text("0570-123456")).to_be_visible()
    expect(page.get_by_role("link", name="fatima@doorstroompunt.nl")).to_be_visible()
    assert_accessible(page)
