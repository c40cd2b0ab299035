"""A case form sent twice (a double click, 'back' and again, two requests at once) stores its
work once: the page's one-time token (doorstroom.formtokens), and for a referral also the one
write path, which refuses a second referral to a partner while one runs."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from doorstroom import dates, formtokens
from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.cases import actions
from doorstroom.cases.choices import EntryKind
from doorstroom.cases.factories import CaseFactory, OrganisationFactory
from doorstroom.cases.models import CaseEntry, ContactAttempt, Task
from doorstroom.cases.services import CaseRefused
from doorstroom.partners.choices import LegalBasis, ReferralStatus
from doorstroom.partners.models import Consent, Referral
from doorstroom.people.factories import PersonFactory

TODAY = dates.today()
SENT_BEFORE = "Dit formulier was al verstuurd; wat erin stond, staat één keer in het dossier."
RUNNING = (
    "Er loopt al een verwijzing naar Jongerenloket Deventer in dit dossier (van {on}, gedeeld "
    "tot en met {until}): werk die bij, of beëindig die voordat u opnieuw verwijst."
)


@pytest.fixture
def case(deventer, coach):
    return CaseFactory(person=PersonFactory(municipality=deventer), coach=coach)


@pytest.fixture
def partner(region):
    return OrganisationFactory(region=region, name="Jongerenloket Deventer")


def dutch(day) -> str:
    return f"{day:%d-%m-%Y}"


def filled(form: str, partner) -> dict[str, object]:
    """A valid submission of each case form that creates something."""
    today = dutch(TODAY)
    return {
        "contact_attempt": {"on": today, "channel": "telefoon", "result": "bereikt", "next_step": "", "next_on": ""},
        "note": {"on": today, "text": "gesprek gehad", "confidential": "", "contact": ""},
        "task": {"title": "school bellen", "due_on": dutch(TODAY + timedelta(days=7))},
        "consent": {"organisation": partner.pk, "scope": "naam", "given_on": today, "given_by": "jongere", "valid_until": ""},
        "referral": {"organisation": partner.pk, "reason": "werk zoeken", "legal_basis": "doorstroompunt", "consent": "", "shared": "naam", "referred_on": today, "shared_until": dutch(TODAY + timedelta(days=90))},
    }[form]  # fmt: skip


def made(form: str, case) -> int:
    """How many of what `form` makes the case holds."""
    return {
        "contact_attempt": ContactAttempt.objects.filter(case=case),
        "note": CaseEntry.objects.filter(case=case, kind=EntryKind.NOTE),
        "task": Task.objects.filter(case=case),
        "consent": Consent.objects.filter(case=case),
        "referral": Referral.objects.filter(case=case),
    }[form].count()


def page_token(client: Client, url: str) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="form_token" value="([0-9a-f]{32})"', page).group(1)


def messages_of(client: Client, response) -> list[str]:
    return [str(m) for m in client.get(response["Location"]).context["messages"]]


FORMS = ["contact_attempt", "note", "task", "consent", "referral"]


@pytest.mark.django_db
@pytest.mark.parametrize("form", FORMS)
def test_a_case_form_sent_twice_stores_its_work_once_and_says_so(coach_client, case, partner, form):
    url = reverse(f"cases:{form}", args=[case.public_id])
    data = {**filled(form, partner), "form_token": page_token(coach_client, url)}
    first = coach_client.post(url, data)
    assert first.status_code == 302 and messages_of(coach_client, first) != [SENT_BEFORE]
    again = coach_client.post(url, data)
    assert again.status_code == 302 and messages_of(coach_client, again) == [SENT_BEFORE]
    assert made(form, case) == 1


@pytest.mark.django_db
def test_each_showing_of_a_form_page_has_its_own_token(coach_client, case):
    url = reverse("cases:note", args=[case.public_id])
    assert page_token(coach_client, url) != page_token(coach_client, url)


@pytest.mark.django_db
def test_a_refused_page_keeps_its_token_and_stores_when_sent_again_after_the_fix(
    coach, coach_client, case, partner
):
    url = reverse("cases:referral", args=[case.public_id])
    actions.refer(
        coach, case, organisation=partner, referred_on=TODAY, reason="stage", shares=frozenset(),
        legal_basis=LegalBasis.DOORSTROOMPUNT, consent=None, shared="naam",
        shared_until=TODAY + timedelta(days=30), route="test",
    )  # fmt: skip
    token = page_token(coach_client, url)
    data = {**filled("referral", partner), "form_token": token}
    refused = coach_client.post(url, data)
    assert refused.status_code == 400
    running = RUNNING.format(
        on=dates.format_date(TODAY), until=dates.format_date(TODAY + timedelta(days=30))
    )
    assert running in refused.content.decode()
    assert f'name="form_token" value="{token}"' in refused.content.decode()
    actions.update_referral(
        coach, case, case.referrals.get(), status=ReferralStatus.ENDED, outcome="", route="test"
    )
    assert coach_client.post(url, data).status_code == 302
    assert made("referral", case) == 2


@pytest.mark.django_db
def test_a_second_referral_to_a_partner_while_one_runs_is_refused_by_the_write_path(
    coach, coach_client, case, partner
):
    def refer():
        return actions.refer(
            coach, case, organisation=partner, referred_on=TODAY, reason="werk zoeken",
            legal_basis=LegalBasis.DOORSTROOMPUNT, consent=None, shared="naam",
            shared_until=TODAY + timedelta(days=90), route="test",
        )  # fmt: skip

    refer()
    with pytest.raises(CaseRefused) as refused:
        refer()
    assert str(refused.value) == RUNNING.format(
        on=dates.format_date(TODAY), until=dates.format_date(TODAY + timedelta(days=90))
    )
    # a page without a token (sent before this version) meets the same refusal
    url = reverse("cases:referral", args=[case.public_id])
    assert coach_client.post(url, filled("referral", partner)).status_code == 400
    assert made("referral", case) == 1
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 1


@pytest.mark.django_db
def test_a_referral_whose_sharing_ended_does_not_stop_a_new_one(coach, case, partner):
    Referral.objects.create(
        case=case, organisation=partner, referred_on=TODAY - timedelta(days=60),
        reason="stage", legal_basis=LegalBasis.DOORSTROOMPUNT, shared="naam",
        shared_until=TODAY - timedelta(days=1),
    )  # fmt: skip
    actions.refer(
        coach, case, organisation=partner, referred_on=TODAY, reason="werk zoeken",
        legal_basis=LegalBasis.DOORSTROOMPUNT, consent=None, shared="naam",
        shared_until=TODAY + timedelta(days=90), route="test",
    )  # fmt: skip
    assert made("referral", case) == 2


@pytest.mark.django_db
def test_an_old_token_is_forgotten_after_a_day(coach_client, case, partner):
    from doorstroom.cases.models import FormSubmission

    url = reverse("cases:note", args=[case.public_id])
    old = FormSubmission.objects.create(token="a" * 32)
    FormSubmission.objects.filter(pk=old.pk).update(
        at=old.at - formtokens.TOKEN_KEPT - timedelta(1)
    )
    coach_client.post(url, {**filled("note", partner), "form_token": "b" * 32})
    assert list(FormSubmission.objects.values_list("token", flat=True)) == ["b" * 32]


# Two requests at the same moment ------------------------------------------------------------

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two writers at once (SQLite has one)"
)


def at_once(monkeypatch, module, name: str, *requests) -> list[int]:
    """Send the requests from threads of their own, each held at `module.name` until all have
    reached it (so that neither has committed), and return their status codes."""
    together = threading.Barrier(len(requests), timeout=10)
    original = getattr(module, name)

    def held(*args, **kwargs):
        together.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, held)
    codes: list[int] = []

    def send(request):
        try:
            codes.append(request().status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(request,)) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(codes)


def two_clients(coach) -> list[Client]:
    clients = [Client(), Client()]
    for client in clients:
        log_in_verified(client, coach)
    return clients


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_referral_forms_sent_at_once_make_one_referral_and_one_export(
    monkeypatch, coach, case, partner
):
    url = reverse("cases:referral", args=[case.public_id])
    data = filled("referral", partner)  # two pages, so no shared token: the lock decides
    first, second = two_clients(coach)
    codes = at_once(
        monkeypatch, actions, "refer", lambda: first.post(url, data), lambda: second.post(url, data)
    )
    assert codes == [302, 400]
    assert made("referral", case) == 1
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("form", ["note", "task", "contact_attempt"])
def test_one_page_sent_twice_at_once_stores_once(monkeypatch, coach, case, partner, form):
    url = reverse(f"cases:{form}", args=[case.public_id])
    first, second = two_clients(coach)
    data = {**filled(form, partner), "form_token": page_token(first, url)}
    codes = at_once(
        monkeypatch,
        formtokens,
        "once",
        lambda: first.post(url, data),
        lambda: second.post(url, data),
    )
    assert codes == [302, 302]
    assert made(form, case) == 1
