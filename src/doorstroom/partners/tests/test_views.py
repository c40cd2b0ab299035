"""What a school or ketenpartner sees: the young people referred to its own organisation,
only while the sharing is valid, and only what the referral shares (issue 5, item 2)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from doorstroom import dates
from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.accounts.roles import Role
from doorstroom.cases import actions
from doorstroom.cases.choices import CaseState, EntryKind
from doorstroom.cases.factories import CaseFactory, OrganisationFactory
from doorstroom.cases.services import CaseRefused
from doorstroom.partners.choices import ConsentGiver, LegalBasis, ReferralStatus, SharedData
from doorstroom.partners.models import Consent, Referral
from doorstroom.people.choices import Desk
from doorstroom.people.factories import PersonFactory

pytestmark = pytest.mark.django_db
TODAY = dates.today()
LIST = reverse("partners:shared")


def detail(referral) -> str:
    return reverse("partners:shared_detail", args=[referral.public_id])


@pytest.fixture
def loket(region):
    return OrganisationFactory(region=region, name="Jongerenloket Deventer")


@pytest.fixture
def partner(make_user, loket):
    return make_user(Role.PARTNER, organisation=loket, username="loket")


@pytest.fixture
def partner_client(client, partner):
    log_in_verified(client, partner)
    return client


def refer(organisation, municipality, *, coach=None, **changes):
    """A referral of a young person of `municipality` on a legal basis, shared until next month."""
    person = PersonFactory(
        municipality=municipality, given_names="Noor", surname="Visser", phone="0570-123456",
        email="noor@voorbeeld.nl",
    )  # fmt: skip
    case = CaseFactory(person=person, coach=coach, state=CaseState.GUIDANCE)
    fields = {
        "case": case, "organisation": organisation, "referred_on": TODAY - timedelta(days=3),
        "reason": "hulp bij werk zoeken", "legal_basis": LegalBasis.DOORSTROOMPUNT,
        "shared": "naam en telefoon", "shared_until": TODAY + timedelta(days=30),
        "shares_name": True, "shares_contact": True,
    }  # fmt: skip
    return Referral.objects.create(**{**fields, **changes})


def on_consent(organisation, municipality, coach=None, **consent):
    referral = refer(organisation, municipality, coach=coach)
    given = Consent.objects.create(
        person=referral.case.person, case=referral.case, organisation=organisation,
        scope="naam en telefoon", given_on=TODAY - timedelta(days=10), allows_name=True,
        allows_contact=True, **consent,
    )  # fmt: skip
    Referral.objects.filter(pk=referral.pk).update(legal_basis=LegalBasis.CONSENT, consent=given)
    return referral


def test_the_partner_sees_its_referral_with_what_it_shares_and_whom_to_call(
    partner_client, loket, deventer, coach
):
    coach.first_name, coach.last_name, coach.email = "Sam", "Coach", "sam@doorstroompunt.nl"
    coach.save()
    referral = refer(loket, deventer, coach=coach)
    listing = partner_client.get(LIST).content.decode()
    assert "Noor Visser" in listing and "hulp bij werk zoeken" in listing
    page = partner_client.get(detail(referral)).content.decode()
    for shown in ("Noor Visser", "0570-123456", "noor@voorbeeld.nl", "naam en telefoon",
                  "Sam Coach", "sam@doorstroompunt.nl", "hulp bij werk zoeken"):  # fmt: skip
        assert shown in page
    # Not shared, so not shown: the date of birth; never the BSN.
    assert referral.case.person.date_of_birth.strftime("%Y") not in page
    assert referral.case.person.bsn not in page


ANSWER = "Laat het Doorstroompunt weten of uw organisatie de verwijzing aanneemt of afwijst"


def test_a_referral_waiting_for_an_answer_says_how_to_give_it(partner_client, loket, deventer):
    waiting = refer(loket, deventer)
    accepted = refer(loket, deventer, status=ReferralStatus.ACCEPTED)
    assert ANSWER in partner_client.get(detail(waiting)).content.decode()
    assert ANSWER not in partner_client.get(detail(accepted)).content.decode()


def test_nothing_of_the_register_but_what_the_referral_shares(partner_client, loket, deventer):
    referral = refer(loket, deventer, shares_name=False, shares_contact=False)
    listing = partner_client.get(LIST).content.decode()
    assert "Visser" not in listing and "naam niet gedeeld" in listing
    page = partner_client.get(detail(referral)).content.decode()
    assert "Visser" not in page and "0570-123456" not in page
    assert "geen gegevens uit het register gedeeld" in page


def test_no_case_notes_or_other_dossier_content_reach_the_partner(
    partner_client, loket, deventer, coach
):
    referral = refer(loket, deventer, coach=coach, shares_date_of_birth=True)
    actions.add_note(
        coach, referral.case, text="Woont sinds kort bij oma", confidential=False,
        on=TODAY, contact=False, route="test",
    )  # fmt: skip
    page = partner_client.get(detail(referral)).content.decode()
    assert "Woont sinds kort bij oma" not in page
    assert dates.format_date(referral.case.person.date_of_birth) in page


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda org, town: refer(org, town, shared_until=TODAY - timedelta(days=1)),
                     id="sharing ended yesterday"),
        pytest.param(lambda org, town: refer(org, town, referred_on=TODAY + timedelta(days=1),
                                             shared_until=TODAY + timedelta(days=9)),
                     id="sharing starts tomorrow"),
        pytest.param(lambda org, town: refer(org, town, status=ReferralStatus.DECLINED),
                     id="partner declined"),
        pytest.param(lambda org, town: refer(org, town, status=ReferralStatus.ENDED),
                     id="referral ended"),
        pytest.param(lambda org, town: on_consent(org, town, withdrawn_on=TODAY),
                     id="consent withdrawn today"),
        pytest.param(lambda org, town: on_consent(org, town, valid_until=TODAY - timedelta(days=1)),
                     id="consent expired"),
    ],
)  # fmt: skip
def test_when_the_sharing_is_no_longer_valid_the_referral_is_gone(
    partner_client, loket, deventer, make
):
    referral = make(loket, deventer)
    assert "Noor Visser" not in partner_client.get(LIST).content.decode()
    assert partner_client.get(detail(referral)).status_code == 404
    assert not AuditEvent.objects.filter(person_id=referral.case.person_id).exists()


def test_a_valid_consent_shares_until_it_is_withdrawn(partner_client, loket, deventer, coach):
    referral = on_consent(loket, deventer, coach, valid_until=TODAY + timedelta(days=5))
    assert partner_client.get(detail(referral)).status_code == 200
    consent = referral.case.consents.get()
    actions.withdraw_consent(coach, referral.case, consent, on=TODAY, route="test")
    assert partner_client.get(detail(referral)).status_code == 404


def test_another_partner_of_the_region_and_another_region_see_nothing(
    client, make_user, loket, region, deventer, other_region, doetinchem
):
    referral = refer(loket, deventer)
    ggd = OrganisationFactory(region=region, name="GGD")
    elders = OrganisationFactory(region=other_region, name="Jongerenloket Achterhoek")
    theirs = refer(elders, doetinchem)
    achterhoek = make_user(Role.PARTNER, user_region=other_region, organisation=elders)
    log_in_verified(client, achterhoek)
    assert str(theirs.public_id) in client.get(LIST).content.decode()
    for user in (
        make_user(Role.PARTNER, organisation=ggd),
        achterhoek,
        make_user(Role.PARTNER),  # not tied to any organisation yet
    ):
        log_in_verified(client, user)
        assert str(referral.public_id) not in client.get(LIST).content.decode()
        assert client.get(detail(referral)).status_code == 404

    # A partner tied to no organisation is told so.
    assert "nog niet aan een ketenpartner gekoppeld" in client.get(LIST).content.decode()


def test_a_deactivated_partner_sees_nothing(partner_client, loket, deventer):
    referral = refer(loket, deventer)
    loket.active = False
    loket.save()
    assert partner_client.get(detail(referral)).status_code == 404


def test_every_read_is_logged_with_the_partner_and_the_ground(
    partner_client, partner, loket, deventer
):
    referrals = [refer(loket, deventer) for _ in range(2)]
    partner_client.get(LIST)
    listed = AuditEvent.objects.filter(user=partner, action=AuditAction.VIEW)
    assert set(listed.values_list("person_id", flat=True)) == {r.case.person_id for r in referrals}
    assert set(listed.values_list("reason", flat=True)) == {
        "gedeeld met Jongerenloket Deventer: overzicht van de verwijzingen"
    }
    partner_client.get(detail(referrals[0]))
    event = AuditEvent.objects.filter(user=partner).order_by("id").last()
    assert (event.person_id, event.route) == (referrals[0].case.person_id, "partners:shared_detail")
    assert event.reason == (
        "gedeeld met Jongerenloket Deventer (wettelijke taak: Doorstroompunt (RMC-functie)): "
        "verwijzing bekeken"
    )


def test_the_list_makes_the_same_number_of_queries_for_one_or_many(partner_client, loket, deventer):
    refer(loket, deventer)
    partner_client.get(LIST)  # the first page after logging in does the session's own work
    with CaptureQueriesContext(connection) as one:
        assert partner_client.get(LIST).status_code == 200
    for _ in range(9):
        refer(loket, deventer)
    with CaptureQueriesContext(connection) as ten:
        assert partner_client.get(LIST).status_code == 200
    assert len(ten) == len(one) <= 12


def test_the_detail_page_makes_a_fixed_number_of_queries(
    partner_client, loket, deventer, coach, django_assert_max_num_queries
):
    referral = refer(loket, deventer, coach=coach)
    with django_assert_max_num_queries(12):
        assert partner_client.get(detail(referral)).status_code == 200


def test_the_coach_chooses_what_the_partner_sees(coach, loket, deventer):
    case = CaseFactory(person=PersonFactory(municipality=deventer), coach=coach)
    actions.refer(
        coach, case, organisation=loket, referred_on=TODAY, reason="werk", consent=None,
        legal_basis=LegalBasis.DOORSTROOMPUNT, shared="naam", shared_until=TODAY, route="test",
        shares=frozenset({SharedData.NAME, SharedData.DATE_OF_BIRTH}),
    )  # fmt: skip
    referral = case.referrals.get()
    assert referral.shared_data == {SharedData.NAME, SharedData.DATE_OF_BIRTH}


def test_the_referral_form_takes_what_goes_along(client, coach, loket, deventer):
    case = CaseFactory(person=PersonFactory(municipality=deventer), coach=coach)
    log_in_verified(client, coach)
    today = TODAY.strftime("%d-%m-%Y")
    response = client.post(
        reverse("cases:referral", args=[case.public_id]),
        {
            "organisation": str(loket.pk), "reason": "werk", "legal_basis": "doorstroompunt",
            "shared": "naam en telefoon", "shares": ["naam", "contact"], "referred_on": today,
            "shared_until": today,
        },
    )  # fmt: skip
    assert response.status_code == 302
    assert case.referrals.get().shared_data == {SharedData.NAME, SharedData.CONTACT}
    refused = client.post(
        reverse("cases:referral", args=[case.public_id]),
        {
            "organisation": str(loket.pk), "reason": "werk", "legal_basis": "doorstroompunt",
            "shared": "alles", "shares": ["bsn"], "referred_on": today, "shared_until": today,
        },
    )  # fmt: skip
    assert "Kies uit naam, geboortedatum en telefoon en e-mail." in refused.content.decode()
    assert case.referrals.count() == 1


def test_a_desk_shares_only_on_a_ground_of_its_own_and_the_form_says_which(
    client, make_user, loket, deventer
):
    """partners/rules.py: the Leerplichtwet at the leerplicht desk under 18, the
    Doorstroompunt's task from 18 at the Doorstroompunt; consent or the meldcode at both."""
    officer = make_user(Role.LEERPLICHT)
    case = CaseFactory(
        person=PersonFactory(municipality=deventer, age=15), desk=Desk.LEERPLICHT,
        state=CaseState.APPROACH,
    )  # fmt: skip
    log_in_verified(client, officer)
    url = reverse("cases:referral", args=[case.public_id])
    page = client.get(url).content.decode()
    assert 'value="leerplichtwet"' in page and 'value="doorstroompunt"' not in page
    today = TODAY.strftime("%d-%m-%Y")
    form = {
        "organisation": str(loket.pk), "reason": "werk", "legal_basis": "doorstroompunt",
        "shared": "naam", "referred_on": today, "shared_until": today,
    }  # fmt: skip
    refused = client.post(url, form)
    assert refused.status_code == 400
    assert refused.context["form"].errors["legal_basis"] == [
        "De grondslag 'wettelijke taak: Doorstroompunt (RMC-functie)' hoort niet bij het loket "
        "leerplicht. Kies: toestemming (AVG art. 6 lid 1 onder a; onder 16 jaar van een ouder "
        "of voogd); wettelijke taak: Leerplichtwet 1969; Meldcode huiselijk geweld en "
        "kindermishandeling of vitaal belang."
    ]
    assert not case.referrals.exists()
    assert client.post(url, {**form, "legal_basis": "leerplichtwet"}).status_code == 302
    assert case.referrals.get().legal_basis == LegalBasis.LEERPLICHTWET


def test_refer_itself_refuses_a_ground_that_is_not_the_desks(coach, loket, deventer):
    case = CaseFactory(person=PersonFactory(municipality=deventer, age=19), coach=coach)
    with pytest.raises(CaseRefused, match="hoort niet bij het loket Doorstroompunt"):
        actions.refer(
            coach, case, organisation=loket, referred_on=TODAY, reason="werk", consent=None,
            legal_basis=LegalBasis.LEERPLICHTWET, shared="naam", shared_until=TODAY,
            route="test",
        )  # fmt: skip
    assert not case.referrals.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT, person_id=case.person_id)


def test_a_referral_on_consent_shares_no_more_than_the_consent_allows(
    coach_client, coach, loket, deventer
):
    case = CaseFactory(person=PersonFactory(municipality=deventer), coach=coach)
    actions.record_consent(
        coach, case, organisation=loket, scope="naam", given_on=TODAY,
        given_by=ConsentGiver.YOUNG_PERSON, valid_until=None,
        route="test", allows=frozenset({SharedData.NAME}),
    )  # fmt: skip
    consent = case.consents.get()
    assert consent.allowed_data == {SharedData.NAME}
    referral = {
        "organisation": loket, "referred_on": TODAY, "reason": "werk", "consent": consent,
        "legal_basis": LegalBasis.CONSENT, "shared": "naam", "shared_until": TODAY,
        "route": "test",
    }  # fmt: skip
    with pytest.raises(
        CaseRefused, match="staat niet toe dat geboortedatum, telefoon en e-mail met Jongerenloket"
    ):
        actions.refer(coach, case, shares=frozenset(SharedData), **referral)
    assert not case.referrals.exists()
    actions.refer(coach, case, shares=frozenset({SharedData.NAME}), **referral)
    assert case.referrals.get().shared_data == {SharedData.NAME}
    # The coach's case page says what the partner may see, and sees.
    page = coach_client.get(reverse("cases:detail", args=[case.public_id])).content.decode()
    assert "de partner mag zien: naam <form" in page
    assert "de partner ziet: naam)" in page


@pytest.fixture
def withdrawn_meanwhile(monkeypatch):
    """The young person withdraws their consent after the referral form was checked, just
    before the referral takes the case's lock: the withdrawal had it first."""
    lock = actions.change

    def withdraw_then_lock(user, case, **kwargs):
        if kwargs["kind"] == EntryKind.REFERRAL:
            Consent.objects.filter(case=case).update(withdrawn_on=TODAY)
        return lock(user, case, **kwargs)

    monkeypatch.setattr(actions, "change", withdraw_then_lock)


def test_a_consent_withdrawn_while_referring_shares_nothing(
    coach_client, coach, loket, deventer, withdrawn_meanwhile
):
    case = CaseFactory(person=PersonFactory(municipality=deventer), coach=coach)
    actions.record_consent(
        coach, case, organisation=loket, scope="naam", given_on=TODAY,
        given_by=ConsentGiver.YOUNG_PERSON, valid_until=None,
        route="test", allows=frozenset({SharedData.NAME}),
    )  # fmt: skip
    today = TODAY.strftime("%d-%m-%Y")
    response = coach_client.post(
        reverse("cases:referral", args=[case.public_id]),
        {
            "organisation": str(loket.pk), "reason": "werk", "legal_basis": "toestemming",
            "consent": str(case.consents.get().pk), "shared": "naam", "shares": ["naam"],
            "referred_on": today, "shared_until": today,
        },
    )  # fmt: skip
    assert response.status_code == 400
    assert "geen geldige toestemming om met Jongerenloket Deventer te delen" in (
        response.content.decode()
    )
    assert not case.referrals.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT, person_id=case.person_id)
