"""Verzuimmeldingen and Inlichtingenbureau priorities: read, checked, kept with their reasons."""

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from django.utils import timezone

from doorstroom.crypto import lookup_hash
from doorstroom.deliveries.adapters.ib_v1 import PRIORITY_COLUMNS
from doorstroom.deliveries.adapters.verzuim_v1 import ABSENCE_COLUMNS
from doorstroom.deliveries.models import DeliveryKind, RejectedRow, Report, ReportSource, RunStatus
from doorstroom.deliveries.services import queue_delivery, run_import
from doorstroom.deliveries.tests.builders import BSNS, deliver, person
from doorstroom.people.models import IncomeMatch, Person
from doorstroom.regions.loading import DEMO_FILES, load_reference_data
from doorstroom.regions.models import Region

pytestmark = pytest.mark.django_db
A, B, C, D = BSNS[:4]


@pytest.fixture(autouse=True)
def register(tmp_path):
    load_reference_data(**DEMO_FILES)
    deliver(tmp_path, [person(A), person(B, gemeentecode="GM0222")])


def read(tmp_path, columns, rows, kind=DeliveryKind.C, on=date(2026, 11, 21), separator=";"):
    text = io.StringIO()
    writer = csv.writer(text, delimiter=separator, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([row.get(c, "") for c in columns] for row in rows)
    path = tmp_path / f"bestand-{len(rows)}-{on:%Y%m%d}.csv"
    path.write_text(text.getvalue())
    # The kind offered does not matter: the header says what the file is.
    return run_import(
        queue_delivery(path, file_name=path.name, kind=kind, delivery_date=on, area=None, user=None)
    )


def melding(number, bsn, **fields):
    return {
        "meldingnummer": number, "bsn": bsn, "brin": "94AA", "vestiging": "01", "verzuimsoort": "18_plus",
        "datum": "2026-11-18", "tijd": "09:30", "vermoedelijke_reden": "werk", "dagen_afwezig": "6",
        "status": "geregistreerd", **fields,
    }  # fmt: skip


def test_verzuimmeldingen_are_kept_per_melding_with_their_fields(tmp_path):
    run = read(tmp_path, ABSENCE_COLUMNS, [melding("M1", A), melding("M2", C)])
    assert (run.kind, run.status, run.rows_new, run.rows_rejected) == (
        DeliveryKind.VERZUIM,
        RunStatus.APPLIED,
        1,
        1,
    )
    report = Report.objects.get()
    assert (
        report.report_number,
        report.person.bsn,
        report.kind,
        report.days_absent,
        report.school.code,
    ) == (
        "M1",
        A,
        "18_plus",
        6,
        "94AA01",
    )
    assert report.reported_at == timezone.make_aware(datetime(2026, 11, 18, 9, 30))
    assert list(RejectedRow.objects.filter(run=run).values_list("line", "field", "message")) == [
        (3, "bsn", "het BSN is onbekend in het register")
    ]


def test_a_meldingnummer_twice_in_a_file_keeps_the_first_and_refuses_the_second(tmp_path):
    run = read(tmp_path, ABSENCE_COLUMNS, [melding("M1", A), melding("M1", B, dagen_afwezig="9")])
    assert list(RejectedRow.objects.filter(run=run).values_list("line", "field", "message")) == [
        (3, "meldingnummer", "meldingnummer M1 staat al op regel 2")
    ]
    assert (Report.objects.get().person.bsn, Report.objects.get().days_absent) == (A, 6)


def test_a_later_file_updates_the_status_of_the_same_melding(tmp_path):
    read(tmp_path, ABSENCE_COLUMNS, [melding("M1", A)])
    run = read(
        tmp_path,
        ABSENCE_COLUMNS,
        [melding("M1", A, status="in_behandeling")],
        on=date(2026, 11, 28),
    )
    assert (run.rows_new, run.rows_changed) == (0, 1)
    assert Report.objects.get().status == "in_behandeling"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"verzuimsoort": "absoluut"}, "verzuimsoort", "'absoluut' is geen bekende verzuimsoort"),
        ({"datum": "2026-11-31"}, "datum", "'2026-11-31' is geen bestaande datum"),
        ({"tijd": "25:00"}, "tijd", "'25:00' is geen tijd (verwacht uu:mm)"),
        ({"dagen_afwezig": "veel"}, "dagen_afwezig", "'veel' is geen aantal dagen"),
        ({"bsn": ""}, "bsn", "zonder BSN kan de melding niet aan een jongere worden gekoppeld"),
        ({"status": "open"}, "status", "'open' is geen bekende status"),
        ({"brin": "25ZZ"}, "brin", "school 25ZZ01 is onbekend"),
        # a melding of a day after the file was made (2026-11-21) cannot have been reported
        ({"datum": "2026-11-22"}, "datum", "de melding ligt na de leveringsdatum"),
        (
            {"contactpersoon": "mevrouw\x1b[8m Jansen"},
            "contactpersoon",
            "de waarde bevat een onzichtbaar",
        ),
        # a text longer than a melding holds is refused, never cut off
        (
            {"toelichting": "Komt niet.\n" * 391 + "Nog steeds."},
            "toelichting",
            "toelichting is 4.312 tekens lang; hooguit 4.000 tekens toegestaan",
        ),
        (
            {"vermoedelijke_reden": "w" * 201},
            "vermoedelijke_reden",
            "vermoedelijke_reden is 201 tekens lang; hooguit 200 tekens toegestaan",
        ),
        ({"actie": "a" * 250}, "actie", "actie is 250 tekens lang; hooguit 200 tekens toegestaan"),
        (
            {"contactpersoon": "c" * 201},
            "contactpersoon",
            "contactpersoon is 201 tekens lang; hooguit 200 tekens toegestaan",
        ),
        (
            {"schooljaar": "2026-20277"},
            "schooljaar",
            "schooljaar is 10 tekens lang; hooguit 9 tekens toegestaan",
        ),
        ({"niveau": "n" * 21}, "niveau", "niveau is 21 tekens lang; hooguit 20 tekens toegestaan"),
        # 'ontbreekt of is te lang' said neither
        ({"meldingnummer": ""}, "meldingnummer", "het meldingnummer ontbreekt"),
        (
            {"meldingnummer": "M" * 41},
            "meldingnummer",
            "meldingnummer is 41 tekens lang; hooguit 40 tekens toegestaan",
        ),
        (
            {"leerweg": "l" * 21},
            "leerweg",
            "leerweg is 21 tekens lang; hooguit 20 tekens toegestaan",
        ),
    ],
)
def test_a_bad_melding_is_refused_with_its_reason(tmp_path, fields, field, message):
    run = read(tmp_path, ABSENCE_COLUMNS, [{**melding("M1", A), **fields}])
    line, got_field, got = (
        RejectedRow.objects.filter(run=run).values_list("line", "field", "message").get()
    )
    assert (line, got_field) == (2, field)
    assert got.startswith(message)
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("columns", "bad", "good"),
    [
        (ABSENCE_COLUMNS, melding("M1", A, verzuimsoort="absoluut"), melding("M1", A)),
        (PRIORITY_COLUMNS, {"bsn": A, "prioriteit": "9"}, {"bsn": A, "prioriteit": "2"}),
    ],
)
def test_a_side_file_of_no_valid_row_is_refused_and_never_stands_as_newest(
    tmp_path, columns, bad, good
):
    refused = read(tmp_path, columns, [bad, bad], on=date(2026, 11, 27))
    assert refused.status == RunStatus.REFUSED
    assert refused.message.startswith("Geen enkele regel is goed: alle 2 regels zijn geweigerd")
    assert RejectedRow.objects.filter(run=refused).count() == 2
    assert read(tmp_path, columns, [good], on=date(2026, 11, 21)).status == RunStatus.APPLIED


@pytest.mark.parametrize("separator", [";", ","])
@pytest.mark.parametrize("explanation", ["ziek; of niet, zegt moeder", "ziek\nzegt moeder"])
def test_a_refused_melding_comes_back_with_the_files_own_delimiter(
    tmp_path, separator, explanation
):
    """Quoted as the file had to: a value holding the delimiter, or a line break (unquoted,
    its line read back as two)."""
    bad = melding("M1", A, verzuimsoort="absoluut", toelichting=explanation)
    run = read(tmp_path, ABSENCE_COLUMNS, [bad, melding("M2", A)], separator=separator)
    delivered = Path(run.stored_path).read_bytes().decode("utf-8").split("\r\n")
    assert RejectedRow.objects.get(run=run).raw == delivered[1]


def test_a_melding_with_every_text_as_long_as_it_may_be_is_kept_whole(tmp_path):
    texts = {
        "vermoedelijke_reden": "w" * 200, "toelichting": ("Komt niet.\n" * 400)[:4000],
        "actie": "a" * 200, "contactpersoon": "c" * 200, "schooljaar": "2026-2027",
        "niveau": "n" * 20, "leerweg": "l" * 20,
    }  # fmt: skip
    run = read(tmp_path, ABSENCE_COLUMNS, [melding("M1", A, **texts)])
    assert run.rows_rejected == 0
    report = Report.objects.get()
    assert (
        report.suspected_reason, report.explanation, report.action, report.contact_person,
        report.school_year, report.level, report.pathway,
    ) == tuple(texts.values())  # fmt: skip


@pytest.mark.parametrize(
    ("bsn", "fields", "field", "message"),
    [
        # 'A verzuimsoort belongs to an age' (report_rules.ABSENCE_DESK): A is 19 on the day
        (A, {"verzuimsoort": "16_uur"}, "verzuimsoort",
         "16 uur in 4 weken geldt tot 18 jaar; deze jongere was op 18 november 2026 19. "
         "Kies 18-plus verzuim of overig verzuim."),
        # more days absent than the young person was leerplichtig
        (D, {"verzuimsoort": "16_uur", "dagen_afwezig": "300"}, "dagen_afwezig",
         "300 dagen afwezig kan niet: op 18 november 2026 was deze jongere pas 141 dagen "
         "leerplichtig (vanaf 1 juli 2026)."),
    ],
    ids=["18-plus kind under 18", "more days than leerplichtig"],
)  # fmt: skip
def test_a_new_melding_no_desk_could_take_up_is_refused_not_left_waiting(
    tmp_path, bsn, fields, field, message
):
    deliver(
        tmp_path,
        [
            person(A), person(B, gemeentecode="GM0222"), person(C, geboortedatum="1998-05-02"),
            person(D, geboortedatum="2021-06-01"),
        ],
        on=date(2026, 11, 21),
    )  # fmt: skip
    run = read(tmp_path, ABSENCE_COLUMNS, [melding("M1", bsn, **fields)])
    line, got_field, got = (
        RejectedRow.objects.filter(run=run).values_list("line", "field", "message").get()
    )
    assert (line, got_field) == (2, field)
    assert got.startswith(message)
    assert not Report.objects.exists()


def test_a_melding_about_someone_past_the_upper_age_is_kept_and_closed(
    tmp_path, django_capture_on_commit_callbacks
):
    # 'reaches the upper age: leaves the caseload': no wrong row, but no desk takes it up
    deliver(
        tmp_path,
        [person(A), person(B, gemeentecode="GM0222"), person(C, geboortedatum="1998-05-02")],
        on=date(2026, 11, 21),
    )
    with django_capture_on_commit_callbacks(execute=True):  # signalling after the commit
        run = read(tmp_path, ABSENCE_COLUMNS, [melding("M1", C)])
    assert (run.rows_new, run.rows_rejected) == (1, 0)
    assert Report.objects.get().status == "afgesloten"


def test_a_later_status_of_a_melding_is_taken_whatever_the_age_now(tmp_path):
    read(tmp_path, ABSENCE_COLUMNS, [melding("M1", A)])
    later = melding("M1", A, verzuimsoort="16_uur", status="afgesloten")
    run = read(tmp_path, ABSENCE_COLUMNS, [later], on=date(2026, 11, 28))
    assert (run.rows_changed, run.rows_rejected) == (1, 0)
    assert Report.objects.get().status == "afgesloten"


def test_priorities_are_kept_per_person_and_unknown_or_bad_rows_refused(tmp_path):
    run = read(
        tmp_path,
        PRIORITY_COLUMNS,
        [
            {"bsn": A, "prioriteit": "1"},
            {"bsn": B, "prioriteit": "6"},
            {"bsn": C, "prioriteit": "2"},
        ],
        kind=DeliveryKind.P,
    )
    assert (run.kind, run.rows_read, run.rows_new, run.rows_rejected) == (
        DeliveryKind.PRIORITIES,
        3,
        1,
        2,
    )
    assert IncomeMatch.objects.get(person__bsn_hash=lookup_hash(A)).priority == 1
    messages = list(
        RejectedRow.objects.filter(run=run).order_by("line").values_list("line", "message")
    )
    assert messages[0][0] == 3 and messages[0][1].startswith(
        "'6' is geen bekende prioriteit (1 tot en met 5)"
    )
    assert messages[1] == (4, "het BSN is onbekend in het register")


def test_priorities_for_a_region_skip_persons_living_elsewhere(tmp_path):
    path = tmp_path / "ib.csv"
    path.write_text(f"bsn;prioriteit\n{A};2\n{B};1\n")
    region = Region.objects.get(code="RMC11")
    run = run_import(
        queue_delivery(
            path,
            file_name="ib.csv",
            kind=DeliveryKind.C,
            delivery_date=date(2026, 11, 21),
            area=region,
            user=None,
        )
    )
    assert list(IncomeMatch.objects.values_list("person__bsn", "priority")) == [(A, 2)]
    assert (
        RejectedRow.objects.filter(run=run).get().message
        == "het BSN is onbekend in de regio Stedendriehoek"
    )
    assert Person.objects.count() == 2


def test_a_refused_melding_keeps_its_whole_row(tmp_path):
    rows = [melding("M1", C), melding("M2", A), melding("M2", A, status="afgesloten")]
    run = read(tmp_path, ABSENCE_COLUMNS, rows)
    kept = {r.line: r.raw for r in RejectedRow.objects.filter(run=run)}
    assert kept == {
        2: ";".join(rows[0].get(c, "") for c in ABSENCE_COLUMNS),
        4: ";".join(rows[2].get(c, "") for c in ABSENCE_COLUMNS),
    }


def test_a_file_never_takes_over_a_melding_of_another_jongere_or_a_school(tmp_path):
    read(tmp_path, ABSENCE_COLUMNS, [melding("M1", A)])
    Report.objects.create(
        report_number="F-1", source=ReportSource.FORM, person=Person.objects.with_bsn(A).get(),
        reported_at=timezone.now(), status="geregistreerd",
    )  # fmt: skip
    run = read(
        tmp_path,
        ABSENCE_COLUMNS,
        [melding("M1", B, status="afgesloten"), melding("F-1", A, status="afgesloten")],
        on=date(2026, 11, 22),
    )
    assert list(RejectedRow.objects.filter(run=run).values_list("line", "field", "message")) == [
        (2, "meldingnummer", "meldingnummer M1 hoort bij een andere melding"),
        (3, "meldingnummer", "meldingnummer F-1 hoort bij een andere melding"),
    ]
    assert set(Report.objects.values_list("report_number", "person__bsn", "status")) == {
        ("M1", A, "geregistreerd"),
        ("F-1", A, "geregistreerd"),
    }


def test_a_nul_character_deep_in_a_verzuim_file_refuses_only_its_row(tmp_path):
    # past the first 4 KiB, where a NUL refuses the whole file; PostgreSQL cannot store
    # it, and the run failed there, with every other melding of the file
    rows = [melding(f"M{i}", A, toelichting="x" * 200) for i in range(30)]
    run = read(tmp_path, ABSENCE_COLUMNS, [*rows, melding("M99", A, toelichting="a\x00b")])
    assert run.status == RunStatus.APPLIED, run.message
    assert list(RejectedRow.objects.filter(run=run).values_list("line", "field", "message")) == [
        (32, "toelichting", "de waarde bevat een NUL-teken; is dit wel een tekstbestand?")
    ]
    assert Report.objects.count() == 30


def test_a_melding_keeps_the_line_breaks_of_its_toelichting(tmp_path):
    read(tmp_path, ABSENCE_COLUMNS, [melding("M1", A, toelichting="eerste regel\r\ntweede regel")])
    assert Report.objects.get().explanation == "eerste regel\r\ntweede regel"


def test_a_nul_character_deep_in_a_priority_file_refuses_only_its_row(tmp_path):
    rows = [{"bsn": A, "prioriteit": "1"}] + [{"bsn": "x" * 100, "prioriteit": "1"}] * 60
    run = read(tmp_path, PRIORITY_COLUMNS, [*rows, {"bsn": B, "prioriteit": "\x002"}])
    assert run.status == RunStatus.APPLIED, run.message
    assert RejectedRow.objects.filter(run=run).order_by("line").last().message == (
        "de waarde bevat een NUL-teken; is dit wel een tekstbestand?"
    )
    assert IncomeMatch.objects.get().priority == 1


def test_two_priorities_for_one_person_in_a_file_refuse_the_second(tmp_path):
    # which of the two holds cannot be told; the last one silently won
    run = read(
        tmp_path,
        PRIORITY_COLUMNS,
        [{"bsn": A, "prioriteit": "1"}, {"bsn": A, "prioriteit": "5"}],
    )
    assert list(RejectedRow.objects.filter(run=run).values_list("line", "field", "message")) == [
        (3, "bsn", "dit BSN staat al op regel 2")
    ]
    assert IncomeMatch.objects.get().priority == 1
