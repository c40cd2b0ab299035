"""`Idempotency-Key` on POST /api/v1/meldingen: a school's system that retries after a timeout
makes one melding, not two; the same key with another melding is refused; the key is the
account's own and is kept a day."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.api import idempotency
from doorstroom.api.models import IdempotencyKey
from doorstroom.api.tests.conftest import MELDINGEN, client_with, key_for
from doorstroom.deliveries.models import Report

pytestmark = pytest.mark.django_db


def send(client: Client, body: dict, key: str | None):
    headers = {} if key is None else {"Idempotency-Key": key}
    return client.post(MELDINGEN, body, content_type="application/json", headers=headers)


def test_a_retry_with_the_same_key_gets_the_first_answer_and_makes_no_second_melding(api, melding):
    key = str(uuid.uuid4())
    first = send(api, melding(), key)
    again = send(api, melding(), key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again["Location"] == first["Location"]
    assert first["Location"].endswith(f"{MELDINGEN}/{first.json()['meldingnummer']}")
    assert Report.objects.count() == 1


def test_without_a_key_every_post_is_a_new_melding(api, melding):
    send(api, melding(), None)
    send(api, melding(), None)
    assert Report.objects.count() == 2


def test_the_order_of_the_fields_does_not_make_another_request(api, melding):
    body = melding()
    send(api, body, "sleutel-1")
    response = send(api, dict(reversed(body.items())), "sleutel-1")
    assert response.status_code == 201
    assert Report.objects.count() == 1


def test_the_same_key_with_another_melding_is_a_422_in_dutch(api, melding):
    send(api, melding(), "sleutel-1")
    response = send(api, melding(voornamen="Kim"), "sleutel-1")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert (problem["status"], problem["title"]) == (422, "Verzoek niet te verwerken")
    assert "al gebruikt" in problem["detail"] and "nieuwe sleutel" in problem["detail"]
    assert Report.objects.count() == 1


def test_a_key_is_the_accounts_own(api, melding, make_user, school):
    other = client_with(key_for(make_user(school.groups.get().name)))
    send(api, melding(), "sleutel-1")
    response = send(other, melding(voornamen="Kim"), "sleutel-1")
    assert response.status_code == 201
    assert Report.objects.count() == 2


def test_a_second_api_key_of_the_same_account_shares_its_idempotency_keys(api, melding, school):
    send(api, melding(), "sleutel-1")
    response = send(client_with(key_for(school)), melding(), "sleutel-1")
    assert response.status_code == 201
    assert Report.objects.count() == 1


def test_a_refused_melding_keeps_no_key_so_the_corrected_one_may_use_it(api, melding):
    assert send(api, melding(bsn="12345"), "sleutel-1").status_code == 400
    assert not IdempotencyKey.objects.exists()
    assert send(api, melding(), "sleutel-1").status_code == 201
    assert Report.objects.count() == 1


@pytest.mark.parametrize("key", ["", "met spatie", "x" * 256, "sleutel\u00e9"])
def test_a_malformed_key_is_refused_naming_the_header(api, melding, key):
    response = send(api, melding(), key)
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalid-params"]] == ["Idempotency-Key"]
    assert not Report.objects.exists()


def test_after_24_hours_the_same_key_is_a_new_request(api, melding):
    send(api, melding(), "sleutel-1")
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=24, seconds=1))
    response = send(api, melding(voornamen="Kim"), "sleutel-1")
    assert response.status_code == 201
    assert Report.objects.count() == 2
    assert IdempotencyKey.objects.get().report.report_number == response.json()["meldingnummer"]


def test_the_replay_is_audited_as_a_read_of_the_own_melding(api, melding, school):
    send(api, melding(), "sleutel-1")
    send(api, melding(), "sleutel-1")
    person = Report.objects.get().person_id
    created = AuditEvent.objects.filter(action=AuditAction.CREATE, person_id=person)
    read = AuditEvent.objects.get(action=AuditAction.VIEW, person_id=person)
    assert created.count() == 1
    assert (read.user, read.reason) == (school, "eigen melding (API, herhaald verzoek)")


def test_a_failure_after_the_melding_rolls_back_the_key_with_it_and_a_retry_makes_it(
    api, melding, monkeypatch
):
    # Signalling fails after the melding was written: with a key, the melding and the key go
    # back together, so the retry that the 500 invites makes exactly one.
    def fails(*args, **kwargs):
        raise RuntimeError("signalering mislukt")

    monkeypatch.setattr("doorstroom.signals.actions.signal_persons", fails)
    api.raise_request_exception = False
    assert send(api, melding(), "sleutel-1").status_code == 500
    assert not Report.objects.exists() and not IdempotencyKey.objects.exists()
    monkeypatch.undo()
    assert send(api, melding(), "sleutel-1").status_code == 201
    assert Report.objects.count() == 1


def test_a_retry_that_finds_no_key_yet_waits_for_the_first_and_answers_as_it(
    api, melding, monkeypatch
):
    # The race: both requests looked before either committed. The second's insert hits the
    # unique constraint; it answers from what the first committed.
    first = send(api, melding(), "sleutel-1")
    looked = []

    def nothing_yet(user, key):
        looked.append(key)
        return None if len(looked) == 1 else found(user, key)

    found = idempotency._kept
    monkeypatch.setattr(idempotency, "_kept", nothing_yet)
    again = send(api, melding(), "sleutel-1")
    assert again.status_code == 201 and again.json() == first.json()
    assert Report.objects.count() == 1 and len(looked) == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections at once")
def test_two_requests_at_the_same_time_with_one_key_make_one_melding(school, melding):
    key = key_for(school)
    both_looked = threading.Barrier(2, timeout=10)
    kept = idempotency._kept

    def look_then_wait(user, idem):
        found = kept(user, idem)
        if found is None:
            both_looked.wait()  # neither has committed: both go on to insert
        return found

    answers = []

    def call():
        try:
            answers.append(send(client_with(key), melding(), "sleutel-1"))
        finally:
            connection.close()

    idempotency._kept = look_then_wait
    try:
        threads = [threading.Thread(target=call) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        idempotency._kept = kept
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json()["meldingnummer"] == answers[1].json()["meldingnummer"]
    assert Report.objects.count() == 1 and IdempotencyKey.objects.count() == 1


def test_the_key_holds_no_copy_of_the_melding(api, melding):
    send(api, melding(), "sleutel-1")
    row = IdempotencyKey.objects.values().get()
    assert "Sam" not in str(row) and "de Wit" not in str(row)
    assert row["report_id"] == Report.objects.get().pk
