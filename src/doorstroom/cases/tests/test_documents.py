"""Documents in a case: the upload page (kind by content, size limit, nothing stored on a
refusal, not even a file) and the download (region and desk scoped, audited, an attachment)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from doorstroom import dates
from doorstroom.accounts import access
from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.accounts.roles import Role
from doorstroom.cases import actions, filetypes, services
from doorstroom.cases.choices import CaseState, EntryKind
from doorstroom.cases.factories import CaseFactory
from doorstroom.cases.models import Document
from doorstroom.cases.tests.test_filetypes import (
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    WORD_MAIN,
    ooxml,
)
from doorstroom.people.choices import Desk
from doorstroom.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(deventer, coach):
    return CaseFactory(person=PersonFactory(municipality=deventer), coach=coach)


def upload(client, case, content=PDF_BYTES, name="verslag.pdf", title="Verslag school"):
    return client.post(
        reverse("cases:upload", args=[case.public_id]),
        {"title": title, "file": SimpleUploadedFile(name, content)},
    )


def files_on_disk(settings) -> list:
    return [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] if (
        settings.MEDIA_ROOT.exists()
    ) else []  # fmt: skip


@pytest.mark.parametrize(
    ("content", "name", "content_type", "suffix"),
    [
        (PDF_BYTES, "verslag.pdf", "application/pdf", ".pdf"),
        (PNG_BYTES, "scan.png", "image/png", ".png"),
        (JPEG_BYTES, "foto.JPG", "image/jpeg", ".jpg"),
        (ooxml(WORD_MAIN), "cv.docx", filetypes.DOCX.content_type, ".docx"),
        (PNG_BYTES, "scan.pdf", "image/png", ".png"),  # the content decides, not the name
    ],
)
def test_an_allowed_file_is_stored_with_its_kind_a_history_line_and_an_audit_row(
    coach_client, case, coach, settings, content, name, content_type, suffix
):
    response = upload(coach_client, case, content, name)
    assert response.status_code == 302
    assert response["Location"].endswith("#documenten")
    doc = Document.objects.get(case=case)
    assert (doc.title, doc.content_type, doc.size, doc.letter) == (
        "Verslag school", content_type, len(content), "",
    )  # fmt: skip
    assert doc.file.name.endswith(suffix)
    assert name.rsplit(".", 1)[0] not in doc.file.name  # stored under a name of our own
    assert doc.file.read() == content
    entry = case.entries.get(kind=EntryKind.DOCUMENT)
    assert (entry.summary, entry.by) == ("document toegevoegd: Verslag school", coach)
    assert AuditEvent.objects.filter(
        user=coach, action=AuditAction.CHANGE, person_id=case.person_id, route="cases:upload"
    ).exists()
    assert len(files_on_disk(settings)) == 1


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00" + b"\x00" * 60, "brief.pdf", "Dit soort bestand kan niet in een dossier"),
        (b"<html><script>alert(1)</script>", "brief.pdf", "de inhoud van het bestand telt"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "oud.doc", "oud Office-bestand"),
        (ooxml(WORD_MAIN, **{"word/vbaProject.bin": b"\x00"}), "cv.docx", "bevat macro"),
        (b"", "leeg.pdf", "Het bestand is leeg."),
    ],
)
def test_a_refused_file_is_named_in_dutch_and_nothing_is_stored_not_even_on_disk(
    coach_client, case, settings, content, name, message
):
    response = upload(coach_client, case, content, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Document.objects.exists()
    assert not case.entries.filter(kind=EntryKind.DOCUMENT).exists()
    assert files_on_disk(settings) == []


def test_a_file_over_the_size_limit_is_refused_with_the_limit(coach_client, case, settings):
    """Just over it: a request much larger is refused by its length before it is read
    (src/doorstroom/tests/test_middleware.py)."""
    settings.DOCUMENT_MAX_MEGABYTES = 1
    response = upload(coach_client, case, PDF_BYTES + b"0" * (1024 * 1024 + 60_000))
    assert response.status_code == 400
    assert "Het bestand is 1,1 MB; een document mag hoogstens 1 MB zijn." in (
        response.content.decode()
    )
    assert not Document.objects.exists() and files_on_disk(settings) == []


def test_the_page_tells_the_allowed_kinds_and_the_limit(coach_client, case, settings):
    settings.DOCUMENT_MAX_MEGABYTES = 7
    page = coach_client.get(reverse("cases:upload", args=[case.public_id])).content.decode()
    assert "hoogstens 7 MB" in page
    assert "Word (.docx)" in page
    assert 'accept=".pdf,' in page


@pytest.mark.parametrize(
    ("title", "file", "message"),
    [
        ("", True, "Geef het document een titel"),
        ("x" * 201, True, "Titel is 201 tekens lang; hooguit 200 tekens toegestaan"),
        ("Verslag", False, "Kies het bestand dat u wilt toevoegen."),
    ],
)
def test_a_missing_title_or_file_is_named(coach_client, case, settings, title, file, message):
    data = {"title": title}
    if file:
        data["file"] = SimpleUploadedFile("a.pdf", PDF_BYTES)
    response = coach_client.post(reverse("cases:upload", args=[case.public_id]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Document.objects.exists() and files_on_disk(settings) == []


def test_the_ondersteuner_adds_documents(client, case, make_user):
    support = make_user(Role.SUPPORT)
    log_in_verified(client, support)
    assert upload(client, case).status_code == 302
    assert Document.objects.get().added_by == support


def test_a_closed_case_takes_no_document(coach_client, case, settings):
    case.state, case.outcome, case.closed_on = CaseState.CLOSED, "werk", dates.today()
    case.save()
    response = upload(coach_client, case)
    assert response.status_code == 400
    assert "Dit dossier is afgesloten" in response.content.decode()
    assert not Document.objects.exists() and files_on_disk(settings) == []


def test_a_change_that_fails_after_the_file_was_written_takes_the_file_with_it(
    case, coach, settings, monkeypatch
):
    def audit_fails(*args, **kwargs):
        raise RuntimeError("audit log unreachable")

    monkeypatch.setattr(services, "record_for", audit_fails)
    with pytest.raises(RuntimeError):
        actions.add_document(
            coach, case, title="Verslag", upload=SimpleUploadedFile("x.pdf", PDF_BYTES),
            content_type="application/pdf", route="test",
        )  # fmt: skip
    assert not Document.objects.exists()
    assert files_on_disk(settings) == []


@pytest.mark.parametrize("role", [Role.POLICY, Role.PARTNER, Role.PRIVACY, Role.ADMIN])
def test_roles_without_case_work_may_not_upload(client, case, make_user, settings, role):
    log_in_verified(client, make_user(role))
    assert upload(client, case).status_code == 403
    assert files_on_disk(settings) == []


def test_a_colleague_coach_may_not_upload_and_another_region_or_desk_does_not_see_the_case(
    client, case, make_user, other_region, settings
):
    log_in_verified(client, make_user(Role.COACH))
    assert upload(client, case).status_code == 403
    for user in (make_user(Role.COACH, user_region=other_region), make_user(Role.LEERPLICHT)):
        log_in_verified(client, user)
        assert upload(client, case).status_code == 404
    assert not Document.objects.exists() and files_on_disk(settings) == []


FUZZ = examples(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PREFIXES = [b"", b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"PK\x03\x04", b"MZ"]


@FUZZ
@given(
    prefix=st.sampled_from(PREFIXES),
    body=st.binary(max_size=2000),
    # Any name a browser can send: Django's own upload classes refuse a name without a file
    # part ('/', '..') before our code runs.
    name=st.text(max_size=80).filter(lambda n: n.rsplit("/", 1)[-1] not in ("", ".", "..")),
    title=st.text(max_size=250),
)
def test_any_bytes_under_any_name_are_stored_as_an_allowed_kind_or_refused_in_dutch(
    coach_client, case, settings, prefix, body, name, title
):
    """No 500; what is stored is of an allowed kind; a refusal leaves no row and no file."""
    before = Document.objects.count()
    response = coach_client.post(
        reverse("cases:upload", args=[case.public_id]),
        {"title": title, "file": SimpleUploadedFile(name, prefix + body)},
    )
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        doc = Document.objects.latest("id")
        assert doc.content_type in {k.content_type for k in vars(filetypes).values()
                                    if isinstance(k, filetypes.FileKind)}  # fmt: skip
    else:
        assert Document.objects.count() == before
        assert 'role="alert"' in response.content.decode()
    assert len(files_on_disk(settings)) == Document.objects.count()


# The download (cases.views.dossier.document).


@pytest.fixture
def stored(coach_client, case):
    upload(coach_client, case, PNG_BYTES, "scan.png", title="Kopie diploma")
    return Document.objects.get()


def test_the_coach_downloads_as_an_attachment_never_sniffed_nor_cached(
    coach_client, case, coach, stored
):
    response = coach_client.get(reverse("cases:document", args=[case.public_id, stored.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG_BYTES
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{case.number}-{stored.pk}.png"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"


def test_the_download_is_audited_with_what_was_downloaded(coach_client, case, coach, stored):
    coach_client.get(reverse("cases:document", args=[case.public_id, stored.pk]))
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.user, event.person_id, event.route) == (coach, case.person_id, "cases:document")
    # by its number: the title is free text, and the audit trail outlives the case
    assert event.reason == f"document {stored.pk} van dossier {case.number} gedownload"


@pytest.fixture
def opened(monkeypatch):
    """The file handles the downloads open, kept to look at afterwards."""
    handles = []
    open_file = Document.open_file

    def open_and_keep(document):
        handles.append(open_file(document))
        return handles[-1]

    monkeypatch.setattr(Document, "open_file", open_and_keep)
    return handles


def test_the_download_row_is_written_before_a_byte_of_the_file_is_read(
    coach_client, case, stored, opened, monkeypatch
):
    read_when_logged = []
    record = access.record

    def record_and_look(request, action, **kwargs):
        if action == AuditAction.EXPORT:
            read_when_logged.append(opened[0].tell())
        record(request, action, **kwargs)

    monkeypatch.setattr(access, "record", record_and_look)
    response = coach_client.get(reverse("cases:document", args=[case.public_id, stored.pk]))
    assert read_when_logged == [0]
    assert b"".join(response.streaming_content) == PNG_BYTES


def test_a_download_whose_row_cannot_be_written_sends_nothing_and_closes_the_file(
    coach_client, case, stored, opened, monkeypatch
):
    record = access.record

    def record_but_not_the_download(request, action, **kwargs):
        if action == AuditAction.EXPORT:
            raise DatabaseError("database is locked")
        record(request, action, **kwargs)

    monkeypatch.setattr(access, "record", record_but_not_the_download)
    with pytest.raises(DatabaseError):
        coach_client.get(reverse("cases:document", args=[case.public_id, stored.pk]))
    assert len(opened) == 1 and opened[0].closed
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_any_coach_of_the_desk_may_download_from_a_case_of_the_desk(
    client, case, make_user, stored
):
    log_in_verified(client, make_user(Role.COACH))  # not the case's coach: may read it
    response = client.get(reverse("cases:document", args=[case.public_id, stored.pk]))
    assert response.status_code == 200


def test_another_region_or_desk_gets_404_and_nothing_is_logged_as_downloaded(
    client, case, make_user, other_region, stored
):
    for user in (make_user(Role.COACH, user_region=other_region), make_user(Role.LEERPLICHT)):
        log_in_verified(client, user)
        assert (
            client.get(reverse("cases:document", args=[case.public_id, stored.pk])).status_code
            == 404
        )
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_document_of_another_case_is_not_found_through_this_case(
    coach_client, case, coach, deventer, stored
):
    other = CaseFactory(person=PersonFactory(municipality=deventer), coach=coach)
    response = coach_client.get(reverse("cases:document", args=[other.public_id, stored.pk]))
    assert response.status_code == 404


def test_the_leerplicht_desk_downloads_its_own_letters(client, deventer, make_user):
    officer = make_user(Role.LEERPLICHT)
    case = CaseFactory(
        person=PersonFactory(municipality=deventer, age=15), desk=Desk.LEERPLICHT, coach=officer
    )
    log_in_verified(client, officer)
    upload(client, case)
    doc = Document.objects.get()
    assert client.get(reverse("cases:document", args=[case.public_id, doc.pk])).status_code == 200
    log_in_verified(client, make_user(Role.COACH))
    assert client.get(reverse("cases:document", args=[case.public_id, doc.pk])).status_code == 404


@pytest.mark.parametrize("role", [Role.POLICY, Role.PARTNER, Role.PRIVACY])
def test_roles_without_cases_may_not_download(client, case, make_user, stored, role):
    log_in_verified(client, make_user(role))
    response = client.get(reverse("cases:document", args=[case.public_id, stored.pk]))
    assert response.status_code == 403


def test_a_document_whose_file_is_gone_is_a_dutch_page_and_logged_as_an_attempt(
    coach_client, case, coach, stored, caplog
):
    # The row outlived its file (deleted from disk, a restore without the media folder).
    stored.file.storage.delete(stored.file.name)
    response = coach_client.get(reverse("cases:document", args=[case.public_id, stored.pk]))
    assert response.status_code == 410
    assert "Het bestand is niet meer aanwezig" in response.content.decode()
    assert case.number in response.content.decode()
    assert "Traceback" not in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.user, event.person_id, event.route) == (coach, case.person_id, "cases:document")
    assert event.reason == (
        f"document {stored.pk} van dossier {case.number} gevraagd; het bestand is niet meer "
        "aanwezig"
    )
    assert f"document {stored.pk}: het bestand ontbreekt" in caplog.text


class AsSent(io.BytesIO):
    """A file sent under its whole name, as a browser sends it (SimpleUploadedFile would cut
    it to 255 characters before it is sent)."""

    def __init__(self, content: bytes, name: str) -> None:
        super().__init__(content)
        self.name = name


@pytest.mark.parametrize(
    "name",
    [
        "verslag " * 40 + ".pdf",
        "..\\..\\" + "map/" * 80 + "ë" * 300 + ".pdf",
        "👩‍💻" * 40 + "❤️" * 40 + ".pdf",
        "a" * 300,  # no suffix at all: the content decides
    ],
)
def test_an_overlong_or_odd_file_name_is_stored_under_a_name_of_our_own(
    coach_client, case, settings, name
):
    response = coach_client.post(
        reverse("cases:upload", args=[case.public_id]),
        {"title": "Verslag", "file": AsSent(PDF_BYTES, name)},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.file.name.startswith("documents/") and document.file.name.endswith(".pdf")
    assert len(document.file.name) < 60
    assert document.file.read() == PDF_BYTES


def test_the_audit_row_says_what_the_download_gave_even_when_storage_lists_a_lost_file(
    coach_client, case, stored, monkeypatch
):
    # A storage whose listing is behind its files (a cache, a file deleted a moment ago):
    # whether the file is there is decided by opening it, once.
    stored.file.storage.delete(stored.file.name)
    monkeypatch.setattr(stored.file.storage, "exists", lambda name: True)
    response = coach_client.get(reverse("cases:document", args=[case.public_id, stored.pk]))
    assert response.status_code == 410
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.reason.endswith("gevraagd; het bestand is niet meer aanwezig")


def test_a_name_too_long_for_django_to_read_says_so_with_the_way_back_to_the_form(
    coach_client, case, settings
):
    url = reverse("cases:upload", args=[case.public_id])
    response = coach_client.post(url, {"title": "Verslag", "file": AsSent(PDF_BYTES, "😀" * 300)})
    assert response.status_code == 400
    assert "De bestandsnaam is te lang" in response.content.decode()
    assert f'href="{url}"' in response.content.decode()
    assert not Document.objects.exists() and not files_on_disk(settings)
