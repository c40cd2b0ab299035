"""The kind of an upload, by its content: the signatures of PDF, PNG and JPEG, the inside of
Office Open XML and OpenDocument zips; macros, old Office files and zip bombs refused."""

from __future__ import annotations

import io
import zipfile

import pytest

from doorstroom.cases import filetypes
from doorstroom.cases.filetypes import Refused, kind_of

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
POWERPOINT_MAIN = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)
WORD_MACROS_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def zipped(entries: dict[str, bytes], *, stored_first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(stored_first, entries.pop(stored_first), zipfile.ZIP_STORED)
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def ooxml(main: str, part: str = "word/document.xml", quote: str = '"', **extra: bytes) -> bytes:
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
        f"<Override PartName={quote}/{part}{quote} ContentType={quote}{main}{quote}/></Types>"
    )
    return zipped({"[Content_Types].xml": types.encode(), part: b"<document/>", **extra})


def odf(mimetype: str, **extra: bytes) -> bytes:
    return zipped(
        {"mimetype": mimetype.encode(), "content.xml": b"<office:document/>", **extra},
        stored_first="mimetype",
    )


def of(content: bytes) -> filetypes.FileKind:
    return kind_of(io.BytesIO(content))


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF_BYTES, filetypes.PDF),
        (PNG_BYTES, filetypes.PNG),
        (JPEG_BYTES, filetypes.JPEG),
        (ooxml(WORD_MAIN), filetypes.DOCX),
        (ooxml(WORD_MAIN, quote="'"), filetypes.DOCX),
        (ooxml(EXCEL_MAIN, "xl/workbook.xml"), filetypes.XLSX),
        (ooxml(POWERPOINT_MAIN, "ppt/presentation.xml"), filetypes.PPTX),
        (odf("application/vnd.oasis.opendocument.text"), filetypes.ODT),
        (odf("application/vnd.oasis.opendocument.spreadsheet"), filetypes.ODS),
        (odf("application/vnd.oasis.opendocument.presentation"), filetypes.ODP),
    ],
)
def test_the_allowed_kinds_are_recognised_by_their_content(content, kind):
    assert of(content) == kind


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Het bestand is leeg."),
        (b"MZ\x90\x00\x03" + b"\x00" * 60, "Dit soort bestand kan niet in een dossier"),  # .exe
        (b"<!DOCTYPE html><script>alert(1)</script>", "Dit soort bestand kan niet"),
        (b"#!/bin/sh\nrm -rf /\n", "Dit soort bestand kan niet"),
        (b"GIF89a" + b"\x00" * 20, "Dit soort bestand kan niet"),
        (b" %PDF-1.7", "Dit soort bestand kan niet"),  # the signature must open the file
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "oud Office-bestand"),
        (zipped({"foto.jpg": JPEG_BYTES, "virus.exe": b"MZ"}), "Dit zipbestand is geen Word-, Excel-"),
        (ooxml(WORD_MACROS_MAIN), "Dit zipbestand is geen Word-, Excel-"),  # .docm: its own main type
        (ooxml(WORD_MAIN, **{"word/vbaProject.bin": b"\x00"}), "bevat macro's"),
        (odf("application/vnd.oasis.opendocument.text", **{"Basic/Standard/M.xml": b"x"}),
         "bevat macro's"),
        (odf("application/vnd.oasis.opendocument.graphics"), "Dit zipbestand is geen Word-, Excel-"),
        (b"PK\x03\x04" + b"\x00" * 100, "beschadigd"),
        (ooxml(WORD_MAIN)[:200], "beschadigd"),  # cut off in the middle
    ],
)  # fmt: skip
def test_anything_else_is_refused_with_the_reason_in_dutch(content, message):
    with pytest.raises(Refused, match=message):
        of(content)


def test_a_zip_bomb_is_refused_by_its_unpacked_size_without_unpacking_it(monkeypatch):
    """The sizes in the zip's directory count: the bomb itself is never unpacked."""
    monkeypatch.setattr(filetypes, "UNPACKED_LIMIT", 1024 * 1024)
    bomb = ooxml(WORD_MAIN, **{"word/media/zeros.bin": b"\x00" * (2 * 1024 * 1024)})
    assert len(bomb) < 10_000
    with pytest.raises(Refused, match="zipbom"):
        of(bomb)


def test_the_real_cap_is_far_above_a_real_document_and_far_below_a_full_disk():
    assert 100 * 1024 * 1024 <= filetypes.UNPACKED_LIMIT <= 1024 * 1024 * 1024


def test_a_zip_with_too_many_entries_is_refused(monkeypatch):
    monkeypatch.setattr(filetypes, "ENTRY_LIMIT", 10)
    many = ooxml(WORD_MAIN, **{f"word/part{n}.xml": b"<x/>" for n in range(10)})
    with pytest.raises(Refused, match="Dit zipbestand bevat meer dan 10 onderdelen"):
        of(many)


def test_an_oversized_content_types_entry_is_not_unpacked(monkeypatch):
    monkeypatch.setattr(filetypes, "TYPE_ENTRY_LIMIT", 100)
    with pytest.raises(Refused, match=r"\[Content_Types\].xml is te groot"):
        of(ooxml(WORD_MAIN))


def test_the_stream_is_left_at_its_start_for_storing():
    stream = io.BytesIO(ooxml(WORD_MAIN))
    kind_of(stream)
    assert stream.tell() == 0
