"""Hostile input for every form (issue 5): random and mutated submissions (hypothesis) never
give a 500, a refusal names the problem in Dutch, a refused request stores nothing, and what
is shown again is HTML-escaped. The forms of a case are cases/tests/
test_hostile_case_forms.py; the importer's own fuzzing is deliveries/tests/
test_import_property.py; here the file is only what the upload form receives."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import given
from hypothesis import strategies as st

from doorstroom import dates
from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.roles import Role
from doorstroom.deliveries.models import ImportRun, Report
from doorstroom.people.bsn import reserved_test_bsns
from doorstroom.people.factories import PersonFactory
from doorstroom.signals.choices import SignalStatus
from doorstroom.signals.factories import ReportFactory, SignalFactory
from doorstroom.signals.models import SavedFilter, Signal
from doorstroom.signals.views import FILTER_FIELDS
from doorstroom.tests.hostile import (
    FIELD_NAME,
    FUZZ,
    HOSTILE,
    assert_escaped,
    assert_refused_in_dutch,
    dutch,
    error_messages,
    logged_in,
    mutated,
    stored,
)

pytestmark = pytest.mark.django_db


@FUZZ
@given(data=st.data())
def test_the_person_search_refuses_hostile_criteria_and_shows_the_rest_escaped(
    coach_client, deventer, data
):
    PersonFactory(municipality=deventer, surname="Berg")
    valid = {"bsn": "", "surname": "Berg", "date_of_birth": "03-11-2007"}
    before = stored()
    response = coach_client.post(reverse("people:search"), mutated(data.draw, valid))
    if response.status_code == 302:
        response = coach_client.get(reverse("people:search"))  # the criteria shown again
        assert response.status_code == 200
        assert_escaped(response)
    else:
        assert_refused_in_dutch(response)
    assert stored() == before


@FUZZ
@given(data=st.data())
def test_an_exemption_from_hostile_input_is_refused_in_dutch_and_not_stored(
    make_user, deventer, doetinchem, data
):
    client = logged_in(make_user(Role.SUPPORT))
    own = PersonFactory(municipality=deventer, age=15)
    elsewhere = PersonFactory(municipality=doetinchem, age=15)
    target = data.draw(st.sampled_from([own.public_id, elsewhere.public_id, "random"]))
    url = f"/jongeren/{data.draw(st.uuids()) if target == 'random' else target}/vrijstelling/"
    valid = {
        "article": "5a",
        "start_date": "01-08-2026",
        "end_date": "",
        "decision_reference": "LPA-2026-0142",
    }
    before = stored()
    response = client.post(url, mutated(data.draw, valid, ["5b", "11a", "15"]))
    if target != own.public_id:
        assert response.status_code == 404
        assert stored() == before
    elif response.status_code == 302:
        assert own.exemptions.count() == 1
    else:
        assert_refused_in_dutch(response)
        assert stored() == before


@FUZZ
@given(data=st.data())
def test_the_work_queue_takes_any_query_string(make_user, deventer, doetinchem, data):
    client = logged_in(make_user(Role.COORDINATOR))
    SignalFactory(person=PersonFactory(municipality=deventer))
    extras = [str(deventer.pk), str(doetinchem.pk), "new_vsv", "1", "5", "on", "urgentie"]
    if data.draw(st.booleans()):
        pairs = data.draw(
            st.lists(
                st.tuples(
                    st.sampled_from([*FILTER_FIELDS, "pagina"]) | FIELD_NAME,
                    HOSTILE | st.sampled_from(extras),
                ),
                max_size=10,
            )
        )
        query = urlencode(pairs)
    else:
        query = "".join(f"%{byte:02x}" for byte in data.draw(st.binary(max_size=40)))
    before = stored()
    response = client.get(reverse("signals:queue"), QUERY_STRING=query)
    assert response.status_code == 200
    assert_escaped(response)
    assert stored() == before


@FUZZ
@given(data=st.data())
def test_a_hostile_bulk_assignment_is_refused_and_changes_nothing(
    make_user, region, deventer, doetinchem, other_region, data
):
    client = logged_in(make_user(Role.COORDINATOR))
    coach = make_user(Role.COACH)
    stranger = make_user(Role.COACH, user_region=other_region)
    mine = [SignalFactory(person=PersonFactory(municipality=deventer)) for _ in range(2)]
    theirs = SignalFactory(person=PersonFactory(municipality=doetinchem))
    extras = [str(s.public_id) for s in [*mine, theirs]] + [str(coach.pk), str(stranger.pk)]
    valid = {"signals": [str(s.public_id) for s in mine], "coach": str(coach.pk), "back": ""}
    before = stored()
    response = client.post(reverse("signals:assign"), mutated(data.draw, valid, extras))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("signals:queue"))
    assert list(get_messages(response.wsgi_request))  # refused or done, the user is told
    if error_messages(response):
        assert stored() == before
    assert Signal.objects.get(pk=theirs.pk).assigned_to_id is None


@FUZZ
@given(data=st.data())
def test_closing_a_signal_with_a_hostile_reason_is_refused_in_dutch(
    make_user, deventer, doetinchem, data
):
    client = logged_in(make_user(Role.COORDINATOR))
    signal = SignalFactory(person=PersonFactory(municipality=deventer), from_register=False)
    theirs = SignalFactory(person=PersonFactory(municipality=doetinchem), from_register=False)
    target = data.draw(st.sampled_from([signal, theirs]))
    before = stored()
    response = client.post(
        reverse("signals:close", args=[target.public_id]),
        mutated(data.draw, {"reason": "Verhuisd naar het buitenland."}),
    )
    if target == theirs:
        assert response.status_code == 404
        assert stored() == before
    elif error_messages(response):
        assert response.status_code == 302
        assert stored() == before
    else:
        assert Signal.objects.get(pk=signal.pk).status == SignalStatus.CLOSED


@FUZZ
@given(data=st.data())
def test_a_hostile_saved_filter_is_refused_or_kept_only_as_filter_codes(coach_client, data):
    valid = {"name": "Mijn nieuwe", "query": "kind=new_vsv&status=new"}
    before = stored()
    response = coach_client.post(reverse("signals:save_filter"), mutated(data.draw, valid))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("signals:queue"))
    if error_messages(response):
        assert stored() == before
    for saved in SavedFilter.objects.all():
        assert len(saved.query) <= 500
        assert {key for key, _ in parse_qsl(saved.query)} <= set(FILTER_FIELDS)
    assert_escaped(coach_client.get(response["Location"]))


@FUZZ
@given(data=st.data())
def test_deleting_a_saved_filter_by_any_number_touches_only_the_users_own(
    coach_client, coach, make_user, data
):
    own = SavedFilter.objects.get_or_create(user=coach, name="eigen", query="")[0]
    other = SavedFilter.objects.get_or_create(
        user=make_user(Role.COACH), name="van een ander", query=""
    )[0]
    pk = data.draw(st.sampled_from([own.pk, other.pk]) | st.integers(min_value=0))
    response = coach_client.post(f"/signalen/filters/{pk}/verwijderen/")
    assert response.status_code in (302, 404)
    assert SavedFilter.objects.filter(pk=other.pk).exists()


@FUZZ
@given(data=st.data())
def test_a_hostile_melding_is_refused_in_dutch_and_nothing_is_stored(
    make_user, deventer, doetinchem, data
):
    client = logged_in(make_user(Role.PARTNER))
    valid = {
        "subject": "zorg",
        "bsn": next(reserved_test_bsns(90_000)),
        "given_names": "Sam",
        "surname_prefix": "",
        "surname": "Jansen",
        "date_of_birth": "03-11-2009",
        "municipality": str(deventer.pk),
        "reported_on": dutch(dates.today() - timedelta(days=1)),
        "absence_kind": "",
        "days_absent": "",
        "brin": "",
        "suspected_reason": "",
        "explanation": "",
        "action": "",
        "contact_person": "mevrouw Jansen, 0570-123456",
        "school_year": "",
        "level": "",
        "pathway": "",
    }
    extras = [str(doetinchem.pk), "verzuim", "uitschrijving", "luxe", "366", "367", "99AA"]
    before = stored()
    response = client.post(reverse("reports:new"), mutated(data.draw, valid, extras))
    if response.status_code == 302:
        assert len(stored()["reports"]) == len(before["reports"]) + 1
        assert_escaped(client.get(response["Location"]))
    else:
        assert_refused_in_dutch(response)
        assert stored() == before


@FUZZ
@given(data=st.data())
def test_only_the_reporter_withdraws_a_melding_whatever_the_number(make_user, deventer, data):
    partner, other_partner = make_user(Role.PARTNER), make_user(Role.PARTNER)
    client = logged_in(partner)
    own = ReportFactory(person=PersonFactory(municipality=deventer), reported_by=partner)
    theirs = ReportFactory(person=PersonFactory(municipality=deventer), reported_by=other_partner)
    number = data.draw(st.sampled_from([own.report_number, theirs.report_number]) | HOSTILE)
    before = stored()
    response = client.post(
        f"/meldingen/{quote(number, safe='')}/", mutated(data.draw, {"intrekken": "1"})
    )
    assert response.status_code in (200, 302, 403, 404, 405)
    assert_escaped(response)
    if number != own.report_number:
        assert stored() == before
    assert Report.objects.get(pk=theirs.pk).status == theirs.status


@FUZZ
@given(data=st.data())
def test_a_hostile_upload_is_refused_in_dutch_and_starts_no_run(
    client, make_user, settings, tmp_path, django_capture_on_commit_callbacks, data
):
    settings.DATA_DIR = tmp_path
    log_in_verified(client, make_user(Role.SUPPORT))
    names = st.sampled_from(
        ["doorstroom-P-RMC11-20261120.csv", "levering.csv", "x.exe"]
    ) | st.tuples(HOSTILE, st.sampled_from([".csv", ".txt", ""])).map(lambda t: t[0][:80] + t[1])
    # The test client itself refuses a file without a name.
    name = data.draw(names.filter(lambda n: Path(n).name not in ("", ".", "..")))
    valid = {"kind": "", "delivery_date": "", "force": ""}
    fields = mutated(data.draw, valid, ["C", "P", "V", "I", "20-11-2026", "on"])
    fields["file"] = SimpleUploadedFile(name, data.draw(st.binary(max_size=2000)), "text/csv")
    before = stored()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("deliveries:upload"), fields)
    if response.status_code == 302:
        assert ImportRun.objects.count() == before["import_runs"] + 1
        assert_escaped(client.get(response["Location"]))
    else:
        assert_refused_in_dutch(response)
        assert stored() == before


@FUZZ
@given(data=st.data())
def test_a_hostile_log_in_is_refused_in_dutch(coach, data):
    valid = {"username": coach.username, "password": "niet-het-wachtwoord", "next": "/"}
    client = Client()
    before = stored()
    response = client.post(reverse("login"), mutated(data.draw, valid))
    assert response.status_code in (200, 429)
    if response.status_code == 200:
        assert_refused_in_dutch(response)
    assert "_auth_user_id" not in client.session
    assert stored() == before


@FUZZ
@given(data=st.data())
@pytest.mark.parametrize("step", ["accounts:verify", "accounts:enrol"])
def test_a_hostile_second_step_code_is_refused_in_dutch(make_user, step, data):
    user = make_user(Role.COACH)
    if step == "accounts:verify":
        TOTPDevice.objects.get_or_create(user=user, name="Authenticator-app", confirmed=True)
    client = Client()
    client.force_login(user)
    if step == "accounts:enrol":
        client.get(reverse(step))  # the page makes the secret to enrol
    before = stored()
    response = client.post(reverse(step), mutated(data.draw, {"code": "000000", "next": "/"}))
    assert_refused_in_dutch(response)
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert stored() == before


@FUZZ
@given(data=st.data())
def test_a_hostile_logboek_search_is_refused_in_dutch_and_any_filter_shows_or_exports(
    make_user, deventer, doetinchem, data
):
    client = logged_in(make_user(Role.PRIVACY))
    own = PersonFactory(municipality=deventer)
    elsewhere = PersonFactory(municipality=doetinchem)
    extras = [own.bsn, elsewhere.bsn, str(own.public_id), str(elsewhere.public_id), "view"]
    valid = {"date_from": "01-11-2026", "date_to": "30-11-2026", "user": "", "action": "",
             "route": "people:", "bsn": "", "person": ""}  # fmt: skip
    before = stored()
    response = client.post(reverse("privacy:log"), mutated(data.draw, valid, extras))
    if response.status_code == 302:
        query = response["Location"].partition("?")[2]
        assert_escaped(client.get(response["Location"]))
        response = client.get(reverse("privacy:export"), QUERY_STRING=query)
        assert response.status_code == 200
    else:
        assert_refused_in_dutch(response)
    assert stored()["persons"] == before["persons"]


def test_a_form_without_a_valid_token_stores_nothing_and_says_what_to_do(make_user, deventer):
    client = Client(enforce_csrf_checks=True)
    log_in_verified(client, make_user(Role.PARTNER))
    response = client.post(reverse("reports:new"), {"bsn": "", "surname": "Jansen"})
    assert response.status_code == 403
    content = response.content.decode()
    assert "Formulier verlopen" in content
    assert "laad de pagina opnieuw" in content
    assert not Report.objects.exists()
