"""POST and GET /api/v1/meldingen and GET /api/v1/meldingen/{meldingnummer}: the web form's
melding by a school's system, its own meldingen only, audited like the pages."""

import json
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doorstroom import dates
from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.accounts.roles import Role
from doorstroom.api.models import IdempotencyKey
from doorstroom.api.serializers import API_NAMES, ApiReportForm
from doorstroom.api.tests.conftest import MELDINGEN, UNKNOWN_BSN, client_with, key_for, post
from doorstroom.deliveries.models import Report, ReportSource, ReportStatus
from doorstroom.people.factories import PersonFactory, born_years_ago
from doorstroom.people.models import Person
from doorstroom.regions.factories import SchoolFactory
from doorstroom.signals.factories import ReportFactory
from doorstroom.signals.forms import ReportForm
from doorstroom.signals.models import Signal

pytestmark = pytest.mark.django_db

NOT_ELFPROEF = "999990010"


def problems(response) -> dict[str, list[str]]:
    assert response["Content-Type"] == "application/problem+json"
    found: dict[str, list[str]] = {}
    for item in response.json()["invalid-params"]:
        found.setdefault(item["name"], []).append(item["reason"])
    return found


def test_a_school_reports_a_young_person_and_gets_the_melding_back(api, melding, school):
    response = post(api, melding())
    assert response.status_code == 201
    body = response.json()
    report = Report.objects.get()
    assert body["meldingnummer"] == report.report_number
    assert (body["status"], body["statusOmschrijving"]) == ("geregistreerd", "geregistreerd")
    assert (report.source, report.reported_by, report.status) == (
        ReportSource.API,
        school,
        ReportStatus.REGISTERED,
    )
    assert response["API-Version"] == "1.0.0"


def test_the_melding_is_routed_like_one_from_the_form(api, melding):
    post(api, melding())
    report = Report.objects.get()
    assert Signal.objects.filter(sources__report=report).exists()
    person = Person.objects.with_bsn(UNKNOWN_BSN).get()
    assert (person.given_names, person.surname, person.reported_only) == ("Sam", "de Wit", True)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections at once")
def test_two_schools_reporting_the_same_new_young_person_at_once_make_one_person(
    make_user, melding
):
    """Found by the mixed load test (bench/bench_mixed.py): both looked the BSN up, found
    nobody and added the person; the second insert broke the unique BSN hash, a 500."""
    keys = [key_for(make_user(Role.PARTNER)) for _ in range(2)]
    both_looked = threading.Barrier(2, timeout=10)

    def wait_before_adding_the_person(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "people_person"'):
            both_looked.wait()  # neither has committed: both go on to add the person
        return execute(sql, params, many, context)

    answers = []

    def report(key):
        try:
            with connection.execute_wrapper(wait_before_adding_the_person):
                answers.append(post(client_with(key), melding()))
        finally:
            connection.close()

    threads = [threading.Thread(target=report, args=(key,)) for key in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [201, 201]
    assert Person.objects.with_bsn(UNKNOWN_BSN).count() == 1
    assert Report.objects.filter(person__in=Person.objects.with_bsn(UNKNOWN_BSN)).count() == 2


def test_a_verzuimmelding_keeps_its_verzuim_fields(api, melding, region):
    school = SchoolFactory(brin="99AB", vestiging="01", municipality__region=region)
    response = post(
        api,
        melding(
            soortMelding="verzuim",
            verzuimsoort="16_uur",  # relatief verzuim: under 18
            geboortedatum=born_years_ago(15).isoformat(),
            dagenAfwezig=17,
            brin=f"{school.brin}{school.vestiging}",
            leerjaar="3",
        ),
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["verzuimsoort"], body["dagenAfwezig"], body["brin"], body["leerjaar"]) == (
        "16_uur",
        17,
        "99AB01",
        "3",
    )
    assert Report.objects.get().school == school


def test_texts_as_long_as_a_melding_holds_are_kept_whole(api, melding):
    texts = {
        "vermoedelijkeReden": "w" * 200, "toelichting": ("Komt niet.\n" * 400)[:4000],
        "actie": "a" * 200, "contactpersoon": "c" * 200,
    }  # fmt: skip
    response = post(api, melding(**texts))
    assert response.status_code == 201, response.json()
    report = Report.objects.get()
    assert (report.suspected_reason, report.explanation, report.action, report.contact_person) == (
        tuple(texts.values())
    )


def test_a_toelichting_with_crlf_line_breaks_counts_them_as_the_web_form_does(api, melding):
    typed = ("Komt niet.\n" * 400)[:3999] + "."
    response = post(api, melding(toelichting=typed.replace("\n", "\r\n")))
    assert response.status_code == 201, response.json()
    assert Report.objects.get().explanation == typed
    assert response.json()["toelichting"] == typed


def test_the_answer_never_shows_the_bsn_or_what_the_register_knows(api, melding, deventer):
    known = PersonFactory(municipality=deventer, given_names="Noor", surname="Haverkamp")
    response = post(api, melding(bsn=known.bsn))
    text = response.content.decode()
    assert response.status_code == 201
    assert known.bsn not in text and "Haverkamp" not in text and "Noor" not in text
    assert response.json()["jongereZoalsGemeld"].startswith("Sam de Wit (")
    listing = api.get(MELDINGEN).content.decode()
    assert known.bsn not in listing and "Haverkamp" not in listing


def test_a_melding_is_audited_as_made_by_the_api(api, melding, school):
    post(api, melding())
    event = AuditEvent.objects.get(action=AuditAction.CREATE)
    assert (event.user, event.route) == (school, "api:meldingen")
    assert event.person_id == Person.objects.with_bsn(UNKNOWN_BSN).get().pk
    assert event.reason == f"melding {Report.objects.get().report_number} gedaan"


# The same checks as the form, in the same words (signals/tests/test_views.py has the table
# for the page); the field is named as the API names it.
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"soortMelding": ""}, "soortMelding", "Kies wat voor melding u doet."),
        ({"bsn": ""}, "bsn", "Vul het BSN van de jongere in."),
        ({"voornamen": None}, "voornamen", "Vul de voornamen in."),
        ({"achternaam": ""}, "achternaam", "Vul de achternaam in."),
        ({"geboortedatum": None}, "geboortedatum", "Vul de geboortedatum in."),
        ({"datum": ""}, "datum", "Vul de datum in."),
        ({"contactpersoon": ""}, "contactpersoon", "Vul een contactpersoon in."),
        (
            {"bsn": NOT_ELFPROEF},
            "bsn",
            "Dit is geen geldig BSN: het voldoet niet aan de elfproef.",
        ),
        ({"bsn": "12345"}, "bsn", "Dit is geen BSN: een BSN bestaat uit 9 cijfers, dit zijn er 5."),
        (
            {"geboortedatum": (dates.today() + timedelta(days=1)).isoformat()},
            "geboortedatum",
            "Vul een geboortedatum in tussen 1900 en vandaag.",
        ),
        (
            {"datum": (dates.today() + timedelta(days=1)).isoformat()},
            "datum",
            "De datum ligt in de toekomst.",
        ),
        (
            {"soortMelding": "verzuim"},
            "verzuimsoort",
            "Kies de verzuimsoort bij een verzuimmelding.",
        ),
        (
            {"verzuimsoort": "luxe"},
            "verzuimsoort",
            "Een verzuimsoort hoort alleen bij een verzuimmelding.",
        ),
        ({"brin": "00XX"}, "brin", "School 00XX is onbekend; controleer de BRIN-code."),
        (
            {"woongemeente": "GM9999"},
            "woongemeente",
            "Onbekende gemeente: geef de CBS-code van een bestaande gemeente, bijvoorbeeld GM0150.",
        ),
        (
            {"woongemeente": ""},
            "woongemeente",
            "Geef de CBS-code van de woongemeente van de jongere.",
        ),
        # What JSON adds: the types, ISO dates, the choices, unknown fields.
        (
            {"geboortedatum": "03-11-2009"},
            "geboortedatum",
            "Schrijf de datum als jjjj-mm-dd, bijvoorbeeld 2009-11-03.",
        ),
        ({"bsn": 999990603}, "bsn", "Vul hier tekst in (een JSON-string)."),
        ({"dagenAfwezig": "17"}, "dagenAfwezig", "Vul hier een geheel getal in."),
        ({"dagenAfwezig": 400}, "dagenAfwezig", "Vul een getal van ten hoogste 366 in."),
        ({"soortMelding": "ruzie"}, "soortMelding", "Kies een van: verzuim, uitschrijving, zorg."),
        # too long: refused with the field, its length and the limit, as the form and a file
        (
            {"voornamen": "S" * 201},
            "voornamen",
            "voornamen is 201 tekens lang; hooguit 200 tekens toegestaan.",
        ),
        (
            {"toelichting": "Komt niet.\n" * 391 + "Nog steeds."},
            "toelichting",
            "toelichting is 4.312 tekens lang; hooguit 4.000 tekens toegestaan.",
        ),
        (
            {"vermoedelijkeReden": "w" * 201},
            "vermoedelijkeReden",
            "vermoedelijkeReden is 201 tekens lang; hooguit 200 tekens toegestaan.",
        ),
        (
            {"actie": "a" * 250},
            "actie",
            "actie is 250 tekens lang; hooguit 200 tekens toegestaan.",
        ),
        (
            {"contactpersoon": "c" * 201},
            "contactpersoon",
            "contactpersoon is 201 tekens lang; hooguit 200 tekens toegestaan.",
        ),
        (
            {"woongemeente": "GM01500"},
            "woongemeente",
            "woongemeente is 7 tekens lang; hooguit 6 tekens toegestaan.",
        ),
        ({"achternaam": "de\x00Wit"}, "achternaam", "Een NUL-teken (\\u0000) kan hier niet in."),
        # What a delivery refuses in a name (csvfiles.ODD_CHARACTER) a melding does not bring
        # into the register either: a right-to-left override, a zero-width space, an escape.
        (
            {"achternaam": "de Wit\u202e"},
            "achternaam",
            "achternaam bevat een onzichtbaar teken of stuurteken (U+202E); typ de tekst "
            "opnieuw zonder dat teken.",
        ),
        (
            {"voornamen": "S\u200bam"},
            "voornamen",
            "voornamen bevat een onzichtbaar teken of stuurteken (U+200B); typ de tekst "
            "opnieuw zonder dat teken.",
        ),
        (
            {"contactpersoon": "mevrouw\x1b[31m Jansen"},
            "contactpersoon",
            "contactpersoon bevat een onzichtbaar teken of stuurteken (U+001B); typ de tekst "
            "opnieuw zonder dat teken.",
        ),
        (
            {"achternaam": "de\nWit"},
            "achternaam",
            "achternaam past op één regel: haal de regeleinden weg.",
        ),
        (
            {"toelichting": "\ud800"},
            "toelichting",
            "Dit is geen geldige tekst (een losse surrogaat U+D800).",
        ),
        (
            {"bijnaam": "Sammie"},
            "bijnaam",
            "Dit veld kent de API niet; de velden staan in /api/v1/openapi.json.",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_bad_input_names_the_field_in_dutch_and_stores_nothing(
    api, melding, changes, field, message
):
    response = post(api, melding(**changes))
    assert response.status_code == 400
    assert response.json()["title"] == "Ongeldige invoer"
    assert problems(response)[field] == [message]
    assert not Report.objects.exists()
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE).exists()


def test_every_problem_has_a_code_a_system_can_branch_on(api, melding):
    """docs/api.md shows "code": "invalid" for the form's own checks; they came back as ""
    (a form error raised without a code), so a school's system had only the Dutch text."""
    response = post(
        api, melding(soortMelding="verzuim", bsn=NOT_ELFPROEF, brin="00XX", woongemeente="")
    )

    codes = {item["name"]: item["code"] for item in response.json()["invalid-params"]}
    assert codes == {
        "bsn": "bsn_elfproef",
        "verzuimsoort": "invalid",
        "brin": "invalid",
        "woongemeente": "blank",
    }


def test_every_problem_is_named_at_once(api, melding):
    response = post(api, melding(bsn="12", geboortedatum="gisteren", achternaam="", kleur="rood"))
    assert set(problems(response)) == {"bsn", "geboortedatum", "achternaam", "kleur"}


@pytest.mark.parametrize(
    ("body", "content_type", "status", "detail"),
    [
        ("{niet: json", "application/json", 400, "De inhoud is geen geldige JSON."),
        ("bsn=999990603", "application/x-www-form-urlencoded", 415, "Stuur de inhoud als JSON"),
        ("[]", "application/json", 400, "Een of meer velden"),
        ('"melding"', "application/json", 400, "Een of meer velden"),
    ],
)
def test_a_body_that_is_no_json_object_is_refused_in_dutch(api, body, content_type, status, detail):
    response = api.post(MELDINGEN, body, content_type=content_type)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"].startswith(detail)
    assert not Report.objects.exists()


@pytest.mark.parametrize("idempotency_key", [None, "een-sleutel"])
def test_a_body_over_the_limit_is_a_413_in_dutch_naming_the_limit(api, melding, idempotency_key):
    """12 MB, as a hostile test sent: Django will not read it, which was a 500."""
    body = json.dumps(melding(toelichting="x" * 12_000_000))
    headers = {"HTTP_IDEMPOTENCY_KEY": idempotency_key} if idempotency_key else {}
    response = api.generic("POST", MELDINGEN, body, content_type="application/json", **headers)
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Inhoud te groot"
    assert response.json()["detail"].startswith(
        "De inhoud is te groot: de API leest ten hoogste 2,5 MB per verzoek."
    )
    assert not Report.objects.exists() and not Person.objects.exists()
    assert not IdempotencyKey.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,  # deeper than Python's parser goes: was a 500
        '{"voornamen": ' + "[" * 32 + "]" * 32 + "}",  # parses, but 33 deep
    ],
    ids=["100000-diep", "33-diep"],
)
@pytest.mark.parametrize("idempotency_key", [None, "een-sleutel"])
def test_json_nested_too_deep_is_a_400_in_dutch(api, body, idempotency_key):
    headers = {"HTTP_IDEMPOTENCY_KEY": idempotency_key} if idempotency_key else {}
    response = api.generic("POST", MELDINGEN, body, content_type="application/json", **headers)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"].startswith("De inhoud is geen geldige JSON voor deze API")
    assert "32 niveaus" in response.json()["detail"]
    assert not Report.objects.exists() and not IdempotencyKey.objects.exists()


def test_json_nested_32_deep_is_read_and_refused_as_a_field(api, melding):
    body = json.dumps(melding()).replace('"Sam"', "[" * 31 + "]" * 31)
    response = api.generic("POST", MELDINGEN, body, content_type="application/json")
    assert response.status_code == 400
    assert problems(response) == {"voornamen": ["Vul hier tekst in (een JSON-string)."]}


def test_the_api_checks_with_the_web_forms_own_fields_and_checks():
    assert issubclass(ApiReportForm, ReportForm)
    assert set(API_NAMES) == set(ReportForm.base_fields)
    assert [n for n in ApiReportForm.base_fields if n != "municipality"] == [
        n for n in ReportForm.base_fields if n != "municipality"
    ]


def test_the_list_shows_the_own_meldingen_newest_first_with_their_status(api, school):
    older = ReportFactory(reported_by=school)
    newer = ReportFactory(
        reported_by=school,
        reported_at=older.reported_at + timedelta(days=1),
        status=ReportStatus.IN_PROGRESS,
    )
    body = api.get(MELDINGEN).json()
    assert body["aantal"] == 2
    assert [(m["meldingnummer"], m["status"]) for m in body["resultaten"]] == [
        (newer.report_number, "in_behandeling"),
        (older.report_number, "geregistreerd"),
    ]


def test_the_list_pages_by_25(api, school):
    for _ in range(27):
        ReportFactory(reported_by=school)
    first = api.get(MELDINGEN).json()
    assert (first["aantal"], len(first["resultaten"]), first["vorige"]) == (27, 25, None)
    second = api.get(first["volgende"]).json()
    assert len(second["resultaten"]) == 2 and second["volgende"] is None


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [("pagina=0", 400, "pagina"), ("pagina=twee", 400, "pagina"), ("pagina=3", 404, None),
     ("page=2", 400, "page"), ("bsn=999990603", 400, "bsn")],
)  # fmt: skip
def test_a_wrong_page_or_an_unknown_parameter_is_refused_in_dutch(
    api, school, query, status, field
):
    ReportFactory(reported_by=school)
    response = api.get(f"{MELDINGEN}?{query}")
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    if field:
        assert list(problems(response)) == [field]
    else:
        assert response.json()["detail"] == "Pagina 3 bestaat niet: er zijn minder meldingen."


def test_the_list_takes_the_same_number_of_queries_for_3_or_30_meldingen(school):
    client = client_with(key_for(school))

    def queries(count: int) -> int:
        Report.objects.filter(reported_by=school).delete()
        for _ in range(count):
            ReportFactory(reported_by=school, person=PersonFactory())
        with CaptureQueriesContext(connection) as captured:
            assert client.get(MELDINGEN).status_code == 200
        return len(captured)

    few, many = queries(3), queries(30)
    assert few == many
    assert many <= 6  # the key with its user, the roles, the count, the page, the audit insert


def test_each_list_page_is_audited_for_the_persons_on_it(api, school):
    reports = [ReportFactory(reported_by=school) for _ in range(2)]
    api.get(MELDINGEN)
    events = AuditEvent.objects.filter(action=AuditAction.VIEW, route="api:meldingen")
    assert sorted(e.person_id for e in events) == sorted(r.person_id for r in reports)
    assert {e.user for e in events} == {school}


def test_one_own_melding_by_its_number_and_audited(api, school):
    report = ReportFactory(reported_by=school)
    response = api.get(f"{MELDINGEN}/{report.report_number}")
    assert response.status_code == 200
    assert response.json()["meldingnummer"] == report.report_number
    event = AuditEvent.objects.get(route="api:melding")
    assert (event.action, event.user, event.person_id) == (
        AuditAction.VIEW,
        school,
        report.person_id,
    )


def test_another_schools_melding_does_not_exist_for_this_school(api, make_user, school):
    theirs = ReportFactory(reported_by=make_user(Role.PARTNER))
    response = api.get(f"{MELDINGEN}/{theirs.report_number}")
    assert response.status_code == 404
    assert response.json()["detail"] == "Deze melding bestaat niet of is niet door u gedaan."
    assert theirs.report_number not in api.get(MELDINGEN).content.decode()
    assert not AuditEvent.objects.filter(person_id=theirs.person_id).exists()


def test_another_regions_melding_does_not_exist_for_this_school(api, make_user, other_region):
    theirs = ReportFactory(reported_by=make_user(Role.PARTNER, user_region=other_region))
    assert api.get(f"{MELDINGEN}/{theirs.report_number}").status_code == 404
    assert api.get(MELDINGEN).json()["aantal"] == 0


def test_a_melding_from_a_delivery_is_nobodys_through_the_api(api):
    rod = ReportFactory(reported_by=None, source=ReportSource.ROD)
    assert api.get(f"{MELDINGEN}/{rod.report_number}").status_code == 404


@pytest.mark.parametrize("number", ["12345", "M-2026-%00", "..%2F..%2Fbeheer", "m-2026-abcdef12"])
def test_a_malformed_number_is_refused_naming_the_parameter(api, number):
    response = api.get(f"{MELDINGEN}/{number}")
    assert response.status_code == 400
    assert list(problems(response)) == ["meldingnummer"]


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options"])
def test_other_methods_are_not_allowed_with_a_dutch_problem(api, school, method):
    report = ReportFactory(reported_by=school)
    for url in (MELDINGEN, f"{MELDINGEN}/{report.report_number}?pagina=1"):
        response = getattr(api, method)(url)
        assert response.status_code == 405
        assert response.json()["title"] == "Methode niet toegestaan"
    assert Report.objects.get().status == ReportStatus.REGISTERED


def test_asking_for_another_format_than_json_is_406_in_dutch(api):
    response = api.get(MELDINGEN, HTTP_ACCEPT="text/html")
    assert response.status_code == 406
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"].startswith("De API antwoordt alleen in JSON")


def test_a_bug_is_a_500_problem_without_details_and_stores_nothing(api, melding, monkeypatch):
    from doorstroom.signals import actions

    def fails(*args, **kwargs):
        raise RuntimeError("geheim: 999990603")

    monkeypatch.setattr(actions, "record_for", fails)  # inside the melding's transaction
    response = post(api, melding())
    assert response.status_code == 500
    assert not Report.objects.exists() and not Person.objects.exists()
    assert response["Content-Type"] == "application/problem+json"
    assert "999990603" not in response.content.decode()
    assert response.json()["title"] == "Interne fout"


def test_the_api_leaves_the_pages_own_dutch_words_alone():
    """DRF's translations, once installed, said 'Dit veld is vereist.' on every page."""
    from django import forms

    assert forms.CharField().error_messages["required"] == "Dit veld is verplicht."


def test_the_longest_names_the_form_allows_make_a_melding_on_every_database(api, melding):
    """Found by the fuzzing on PostgreSQL: 'naam zoals gemeld' and the search key of a name
    could pass their columns' 200 characters."""
    response = post(
        api, melding(voornamen="S" * 200, voorvoegsel="v" * 20, achternaam="\ufdfa" * 200)
    )
    assert response.status_code == 201, response.json()
    shown = response.json()["jongereZoalsGemeld"]
    assert len(shown) == 200 and shown.endswith(f"({born_years_ago(19):%d-%m-%Y})")
    person = Person.objects.with_bsn(UNKNOWN_BSN).get()
    assert person.surname == "\ufdfa" * 200 and len(person.surname_key) == 200


@pytest.mark.parametrize("address", ["/api/v1/xyz", f"{MELDINGEN}/", "/api/v1/openapi.json/x"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unknown_address_is_a_404_as_problem_json(api, address, method):
    response = getattr(api, method)(address)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Dit bestaat niet, of u hebt er geen toegang toe."


def test_the_demos_meldingen_have_numbers_the_api_answers_to(api, school, deventer):
    ReportFactory(reported_by=school, report_number="M-2026-0000002A")
    assert api.get(f"{MELDINGEN}/M-2026-0000002A").status_code == 200
