"""The upload page, the run page and the download of rejected rows."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.accounts.roles import Role
from doorstroom.csvfiles import safe_cell
from doorstroom.deliveries import rejected_rows
from doorstroom.deliveries.adapters.ib_v1 import PRIORITY_COLUMNS
from doorstroom.deliveries.adapters.verzuim_v1 import ABSENCE_COLUMNS
from doorstroom.deliveries.factories import ImportRunFactory
from doorstroom.deliveries.models import DeliveryKind, ImportRun, RejectedRow, RunStatus
from doorstroom.deliveries.tests.builders import BSNS, enrolment, person, write
from doorstroom.people.models import Person
from doorstroom.regions.loading import DEMO_FILES, load_reference_data
from doorstroom.regions.models import Region
from doorstroom.tests.test_csvfiles import HOSTILE_CELLS

pytestmark = pytest.mark.django_db
A, B = BSNS[:2]


@pytest.fixture
def ondersteuner(client, make_user, django_capture_on_commit_callbacks):
    load_reference_data(**DEMO_FILES)
    user = make_user(Role.SUPPORT, user_region=Region.objects.get(code="RMC11"))
    log_in_verified(client, user)
    client.after_commit = django_capture_on_commit_callbacks
    return client


class AsSent(io.BytesIO):
    """A file sent under its whole name, as a browser sends it (SimpleUploadedFile would cut
    it to 255 characters before it is sent)."""

    def __init__(self, content: bytes, name: str) -> None:
        super().__init__(content)
        self.name = name


def upload(client, tmp_path, rows, name="doorstroom-C-RMC11-20261120.csv", **fields):
    """Upload as the form does; reading starts once the upload's transaction commits."""
    return offer(client, write(tmp_path / "levering.csv", rows).read_bytes(), name, **fields)


def offer(client, content: bytes, name: str, **fields):
    """Upload a file's bytes as they are (`upload` writes a register delivery's rows)."""
    data = {"file": AsSent(content, name), "kind": "", "delivery_date": "", **fields}
    with client.after_commit(execute=True):
        response = client.post(reverse("deliveries:upload"), data)
    return client.get(response["Location"]) if response.status_code == 302 else response


def test_an_uploaded_delivery_is_read_for_the_users_region(ondersteuner, tmp_path):
    response = upload(
        ondersteuner, tmp_path, [person(A), enrolment(A, "I1"), person(B, gemeentecode="GM0222")]
    )
    run = ImportRun.objects.get()
    assert response.request["PATH_INFO"] == reverse("deliveries:run", args=[run.pk])
    assert (run.status, run.area.code, run.kind, run.rows_new, run.rows_rejected) == (
        RunStatus.APPLIED,
        "RMC11",
        "C",
        2,
        1,
    )
    assert list(Person.objects.values_list("bsn", flat=True)) == [A]
    content = response.content.decode()
    assert "de persoon woont in Doetinchem (GM0222), buiten de regio Stedendriehoek" in content
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, reason__startswith="levering aangeboden"
    ).exists()


@pytest.mark.parametrize(
    ("name", "fields", "message"),
    [
        (
            "levering.csv",
            {"delivery_date": "20-11-2026"},
            "Kies of dit een C- of P-levering is: de bestandsnaam heeft niet de vorm "
            "doorstroom-P-RMC11-20261120.csv.",
        ),
        (
            "levering.csv",
            {"kind": "C"},
            "Vul de leveringsdatum in: de bestandsnaam heeft niet de vorm "
            "doorstroom-P-RMC11-20261120.csv.",
        ),
        (
            "doorstroom-P-RMC11-20261340.csv",
            {},
            "Vul de leveringsdatum in: de datum 20261340 in de bestandsnaam bestaat niet "
            "(jjjjmmdd).",
        ),
        (
            "levering.pdf",
            {"kind": "C", "delivery_date": "20-11-2026"},
            "Kies een CSV-bestand (.csv of .txt).",
        ),
        (
            "levering.csv",
            {"kind": "C", "delivery_date": "31-11-2026"},
            "Vul een bestaande datum in als dd-mm-jjjj.",
        ),
        (
            "doorstroom-P-RMC11-20991231.csv",
            {},
            "De leveringsdatum 31-12-2099 ligt in de toekomst; een levering is van vandaag of eerder.",
        ),
    ],
)
def test_a_bad_upload_gets_a_dutch_message_and_queues_nothing(
    ondersteuner, tmp_path, name, fields, message
):
    response = upload(ondersteuner, tmp_path, [person(A)], name=name, **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportRun.objects.exists()


def side_file(columns: tuple[str, ...], row: dict[str, str]) -> bytes:
    return (";".join(columns) + "\r\n" + ";".join(row.get(c, "") for c in columns)).encode()


VERZUIM = side_file(
    ABSENCE_COLUMNS,
    {"meldingnummer": "M1", "bsn": A, "brin": "94AA", "vestiging": "01",
     "verzuimsoort": "18_plus", "datum": "2026-11-18", "status": "geregistreerd"},
)  # fmt: skip
PRIORITIES = side_file(PRIORITY_COLUMNS, {"bsn": A, "prioriteit": "2"})


@pytest.mark.parametrize(
    ("content", "kind"), [(VERZUIM, DeliveryKind.VERZUIM), (PRIORITIES, DeliveryKind.PRIORITIES)]
)
def test_a_side_file_is_known_by_its_header_so_only_its_date_is_asked(
    ondersteuner, tmp_path, content, kind
):
    """As `doorstroom import` does: the user was asked to choose a kind the header tells."""
    upload(ondersteuner, tmp_path, [person(A)])  # the young person the file is about
    asked = offer(ondersteuner, content, "bestand.csv")
    assert asked.context["form"].errors == {
        "delivery_date": [
            "Vul de leveringsdatum in: de bestandsnaam heeft niet de vorm "
            "doorstroom-P-RMC11-20261120.csv."
        ]
    }
    offer(ondersteuner, content, "bestand.csv", delivery_date="21-11-2026")
    run = ImportRun.objects.get(file_name="bestand.csv")
    assert (run.kind, run.status, run.rows_rejected) == (kind, RunStatus.APPLIED, 0), run.message


def test_the_upload_asks_only_for_a_register_deliverys_kind(ondersteuner):
    page = ondersteuner.get(reverse("deliveries:upload")).content.decode()
    options = re.findall(r'<option value="([^"]*)"', page)
    assert options == ["", "C", "P"]
    assert "Verzuimmeldingen en prioriteiten herkent Doorstroom aan hun kopregel." in page


@pytest.mark.parametrize(
    ("name", "fields", "field", "said"),
    [
        (
            "bestand.csv",
            {"kind": "P"},
            "kind",
            "Dit bestand heeft de kopregel van prioriteiten Inlichtingenbureau, maar de gekozen "
            "soort noemt het een P-levering (wijzigingen).",
        ),
        (
            "doorstroom-C-RMC11-20261120.csv",
            {},
            "file",
            "Dit bestand heeft de kopregel van prioriteiten Inlichtingenbureau, maar de "
            "bestandsnaam noemt het een C-levering (volledig).",
        ),
    ],
)
def test_a_kind_the_header_contradicts_is_refused_on_its_field_and_nothing_is_queued(
    ondersteuner, name, fields, field, said
):
    response = offer(ondersteuner, PRIORITIES, name, delivery_date="21-11-2026", **fields)
    message = (
        f"{said} Kies het bestand dat u bedoelde: de soort is alleen nodig voor een C- of "
        "P-levering; verzuimmeldingen en prioriteiten herkent Doorstroom aan hun kopregel."
    )
    assert response.context["form"].errors == {field: [message]}
    page = response.content.decode()
    assert f'<a class="utrecht-link" href="#id_{field}">' in page, "the summary links the field"
    if field == "kind":
        assert 'aria-invalid="true" aria-describedby="id_kind-hint id_kind-error"' in page
    assert not ImportRun.objects.exists()


def test_a_contradicted_kind_and_a_missing_date_are_both_named_at_once(ondersteuner):
    """Every problem of the form on its first return, not the second after the first fix."""
    response = offer(ondersteuner, PRIORITIES, "bestand.csv", kind="P")
    errors = response.context["form"].errors
    assert set(errors) == {"kind", "delivery_date"}
    assert errors["delivery_date"] == [
        "Vul de leveringsdatum in: de bestandsnaam heeft niet de vorm "
        "doorstroom-P-RMC11-20261120.csv."
    ]
    assert not ImportRun.objects.exists()


def test_an_upload_of_no_valid_row_is_refused_with_its_rows_shown_and_downloadable(
    ondersteuner, tmp_path
):
    page = upload(ondersteuner, tmp_path, [person("123456789"), enrolment(B, "I1")])
    run = ImportRun.objects.get()
    assert run.status == RunStatus.REFUSED
    content = page.content.decode()
    assert "Geen enkele regel is goed: alle 2 regels zijn geweigerd" in content
    assert reverse("deliveries:rejected", args=[run.pk]) in content
    download = ondersteuner.get(reverse("deliveries:rejected", args=[run.pk]))
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [line[:2] for line in lines[1:]] == [["2", "bsn"], ["3", "bsn"]]


def test_the_run_page_names_one_refused_row_in_the_singular(ondersteuner, tmp_path):
    upload(ondersteuner, tmp_path, [person(A), {**person(B), "record": "onzin"}])
    run = ImportRun.objects.get()
    page = ondersteuner.get(reverse("deliveries:run", args=[run.pk])).content.decode()
    assert "De geweigerde regel downloaden (CSV)" in page
    assert "Alle 1 geweigerde regels" not in page


def test_rejected_rows_download_as_csv_with_formulas_defused(ondersteuner, tmp_path):
    upload(ondersteuner, tmp_path, [person(A), {**person(B), "record": "=HYPERLINK(1)"}])
    run = ImportRun.objects.get()
    response = ondersteuner.get(reverse("deliveries:rejected", args=[run.pk]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert header == ["regel", "veld", "reden", "oorspronkelijke regel"]
    assert row[:3] == [
        "3",
        "record",
        "'=HYPERLINK(1)' is geen recordsoort; kies uit persoon, inschrijving, resultaat",
    ]
    assert row[3].startswith("'=HYPERLINK(1);")
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_every_refused_row_comes_back_whole_from_the_download_and_never_as_a_formula(
    ondersteuner,
):
    run = ImportRunFactory(area=Region.objects.get(code="RMC11"), status=RunStatus.APPLIED)
    for line, (cell, _) in enumerate(HOSTILE_CELLS[:18], start=2):
        RejectedRow.objects.create(run=run, line=line, field="geslachtsnaam", message="m", raw=cell)
    response = ondersteuner.get(reverse("deliveries:rejected", args=[run.pk]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))[1:]
    assert [row[3] for row in rows] == [back for _, back in HOSTILE_CELLS[:18]]


def test_the_download_shows_each_refused_row_as_delivered_though_stored_encrypted(
    ondersteuner, tmp_path
):
    stranger = BSNS[2]
    upload(ondersteuner, tmp_path, [person(A), enrolment(stranger, "X1"), person("123456789")])
    run = ImportRun.objects.get()
    text = b"".join(
        ondersteuner.get(reverse("deliveries:rejected", args=[run.pk])).streaming_content
    ).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))[1:]
    # refused in SQL (line 3) and while validating (line 4): the BSN only in the row itself
    assert [(line, field) for line, field, _, _ in rows] == [("3", "bsn"), ("4", "bsn")]
    assert rows[0][3].startswith(f"inschrijving;;;{stranger};") and stranger not in rows[0][2]
    assert rows[1][3].startswith("persoon;;;123456789;") and "123456789" not in rows[1][2]


def test_downloading_refused_rows_is_logged_for_each_known_person_in_them(
    ondersteuner, tmp_path, monkeypatch
):
    known, also_known, stranger = BSNS[:3]
    upload(
        ondersteuner,
        tmp_path,
        [person(known), person(also_known)],
        name="doorstroom-C-RMC11-20261119.csv",
    )
    rows = [enrolment(known, "I1", onderwijssoort="mbo_9"), enrolment(also_known, "I2", begindatum="gisteren"),
            enrolment(stranger, "I3"), person(known, geboortedatum="nooit")]  # fmt: skip
    upload(ondersteuner, tmp_path, rows)
    run = ImportRun.objects.latest("pk")
    assert run.rows_rejected == 4
    monkeypatch.setattr(
        rejected_rows, "AUDIT_BATCH", 1
    )  # one insert per person: the batches add up
    ondersteuner.get(reverse("deliveries:rejected", args=[run.pk]))
    exports = AuditEvent.objects.filter(action=AuditAction.EXPORT)
    expected = [Person.objects.with_bsn(bsn).get().pk for bsn in (known, also_known)]
    assert sorted(exports.values_list("person_id", flat=True)) == sorted(expected)
    assert set(exports.values_list("reason", flat=True)) == {
        f"geweigerde regels van inleesrun {run.pk} gedownload"
    }


def test_downloading_refused_rows_of_nobody_known_is_logged_once_without_a_person(
    ondersteuner, tmp_path
):
    upload(ondersteuner, tmp_path, [enrolment(BSNS[2], "I3"), person("123456789")])
    run = ImportRun.objects.get()
    ondersteuner.get(reverse("deliveries:rejected", args=[run.pk]))
    assert list(
        AuditEvent.objects.filter(action=AuditAction.EXPORT).values_list("person_id", flat=True)
    ) == [None]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+31", "'+31"),  # a phone number's start: text
        ("-2", "-2"),
        ("-2+3", "'-2+3"),
        ("+", "'+"),
        ("2026-11-03", "2026-11-03"),
        ("@a", "'@a"),
        ("Jan", "Jan"),
        (7, "7"),
        (None, ""),
    ],
)
def test_safe_cell_keeps_spreadsheet_formulas_out(value, expected):
    assert safe_cell(value) == expected


def test_coordinator_sees_counts_but_not_the_rejected_rows(client, make_user, region):
    run = ImportRunFactory(area=region, rows_read=10, rows_rejected=2)
    log_in_verified(client, make_user(Role.COORDINATOR))
    content = client.get(reverse("deliveries:run", args=[run.pk])).content.decode()
    assert "Geweigerde regels" not in content
    assert client.get(reverse("deliveries:rejected", args=[run.pk])).status_code == 403


def test_a_running_import_polls_for_progress(client, make_user, region):
    run = ImportRunFactory(
        area=region, status=RunStatus.RUNNING, size=1000, bytes_done=250, rows_read=40
    )
    log_in_verified(client, make_user(Role.SUPPORT))
    fragment = client.get(reverse("deliveries:progress", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in fragment
    assert "Gelezen: 25% (40 regels)" in fragment
    run.status = RunStatus.APPLIED
    run.save()
    assert (
        "hx-get" not in client.get(reverse("deliveries:progress", args=[run.pk])).content.decode()
    )


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0.004, "minder dan 0,1 seconde"), (0.06, "0,1 seconden"), (83.21, "83,2 seconden")],
)
def test_a_runs_duration_never_reads_zero_seconds(client, make_user, region, seconds, shown):
    """A demo's small delivery took 0,0 seconden, which read as if nothing had run."""
    started = timezone.now()
    run = ImportRunFactory(
        area=region,
        status=RunStatus.APPLIED,
        started_at=started,
        finished_at=started + timedelta(seconds=seconds),
    )
    log_in_verified(client, make_user(Role.SUPPORT))

    page = client.get(reverse("deliveries:run", args=[run.pk])).content.decode()

    assert f">{shown}</dd>" in page


def test_a_run_names_who_offered_it_or_the_command_line(client, make_user, region):
    log_in_verified(client, make_user(Role.SUPPORT))
    by_hand = ImportRunFactory(
        area=region, user=make_user(Role.SUPPORT, username="jdevries", first_name="", last_name="")
    )
    by_command = ImportRunFactory(area=region, user=None)
    runs = client.get(reverse("deliveries:runs")).content.decode()
    assert "jdevries" in runs and "opdrachtregel" in runs
    assert (
        "door jdevries" in client.get(reverse("deliveries:run", args=[by_hand.pk])).content.decode()
    )
    page = client.get(reverse("deliveries:run", args=[by_command.pk])).content.decode()
    assert "door de opdrachtregel" in page


def test_the_runs_page_has_a_constant_number_of_queries(
    client, make_user, region, django_assert_max_num_queries
):
    log_in_verified(client, make_user(Role.SUPPORT))
    ImportRunFactory.create_batch(30, area=region)
    with django_assert_max_num_queries(9):  # 8, and the session's TOTP device
        response = client.get(reverse("deliveries:runs"))
    assert len(response.context["page"]) == 25


def test_an_upload_with_a_byte_that_is_no_character_names_its_line_and_field(
    ondersteuner, tmp_path
):
    # The form refused such a file whole, without saying where, and `doorstroom import` took
    # it with U+FFFD in the name: now both refuse the row and load the rest.
    name = "doorstroom-C-RMC11-20261120.csv"
    content = write(
        tmp_path / name, [person(B, geslachtsnaam="Müller"), person(A, geslachtsnaam="Jan§en")],
        encoding="cp1252",
    ).read_bytes().replace(b"\xa7", b"\x81")  # fmt: skip
    data = {"file": SimpleUploadedFile(name, content, "text/csv"), "kind": "", "delivery_date": ""}
    with ondersteuner.after_commit(execute=True):
        response = ondersteuner.post(reverse("deliveries:upload"), data)
    page = ondersteuner.get(response["Location"]).content.decode()
    assert "de waarde bevat een onleesbaar teken" in page
    run = ImportRun.objects.get()
    assert (run.status, run.rows_new, run.rows_rejected) == (RunStatus.APPLIED, 1, 1)
    assert list(run.rejected_rows.values_list("line", "field")) == [(3, "geslachtsnaam")]


def test_another_regions_delivery_offered_on_the_upload_page_is_refused(ondersteuner, tmp_path):
    response = upload(ondersteuner, tmp_path, [person(A)], name="doorstroom-C-RMC12-20261120.csv")
    assert "De bestandsnaam noemt de regio Achterhoek (RMC12)" in response.content.decode()
    assert ImportRun.objects.get().status == RunStatus.REFUSED
    assert not Person.objects.exists()


LONG = "Kopie van " * 30  # 300 characters, as a mail client or a spreadsheet names copies


@pytest.mark.parametrize(
    "name",
    [
        # Django keeps the first 251 characters and the suffix: the area and date are cut off
        f"{LONG}doorstroom-C-RMC12-20261120.csv",
        f"{LONG}doorstroom-C-RMC11-20261120.csv",
        "map/" * 80 + "\\" + "ë" * 300 + ".csv",
        "é" * 300 + "doorstroom-P-RMC12-20261120.csv",
    ],
)
def test_an_overlong_file_name_is_refused_on_the_form_not_read_for_the_wrong_area(
    ondersteuner, tmp_path, name
):
    response = upload(ondersteuner, tmp_path, [person(A)], name=name, kind="C", force="on",
                      delivery_date="20-11-2026")  # fmt: skip
    assert response.status_code == 200
    assert "De bestandsnaam is te lang" in response.content.decode()
    assert not ImportRun.objects.exists()
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("C:\\Users\\ik\\doorstroom-C-RMC12-20261120.csv", "doorstroom-C-RMC12-20261120.csv"),
        ("../../doorstroom-C-RMC12-20261120.csv", "doorstroom-C-RMC12-20261120.csv"),
        # an invisible character is dropped from the name (Django), so this one fits
        (
            "👩‍💻" * 40 + "doorstroom-C-RMC12-20261120.csv",
            "👩💻" * 40 + "doorstroom-C-RMC12-20261120.csv",
        ),
    ],
)
def test_a_name_with_folders_or_emoji_is_read_by_its_own_name(ondersteuner, tmp_path, name, kept):
    response = upload(ondersteuner, tmp_path, [person(A)], name=name)
    assert "De bestandsnaam noemt de regio Achterhoek (RMC12)" in response.content.decode()
    assert ImportRun.objects.get().file_name == kept


def test_an_upload_dated_in_year_one_is_refused_on_the_form(ondersteuner, tmp_path):
    response = upload(
        ondersteuner, tmp_path, [person(A)], delivery_date="01-01-0001", kind="C", force="on"
    )
    assert response.status_code == 200
    assert "De leveringsdatum 01-01-0001 ligt vóór 1900" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_name_too_long_for_django_to_read_says_so_with_the_way_back_to_the_form(
    ondersteuner, tmp_path
):
    # Over 1,000 bytes of name: Django's multipart parser refuses the whole request before
    # the form (or the CSRF check) sees it, so no field of it can be read.
    response = upload(ondersteuner, tmp_path, [person(A)], name="😀" * 300 + ".csv")
    page = response.content.decode()
    assert response.status_code == 400
    assert "De bestandsnaam is te lang" in page
    assert "te veel velden" not in page
    assert f'href="{reverse("deliveries:upload")}"' in page
    assert not ImportRun.objects.exists()
