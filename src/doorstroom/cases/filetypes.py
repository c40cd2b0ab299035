"""What kind of file an upload is, judged by its content and never by its name: the first
bytes for PDF, PNG and JPEG; the inside of the zip for Office Open XML and OpenDocument. A
document in a case is opened later by a colleague's PDF reader or Word, so only the kinds a
caseworker needs come in, and no macros.

`kind_of(stream)` answers a `FileKind` or raises `Refused` with the Dutch reason. It reads at
most a few kilobytes from a zip: the sizes come from the zip's directory, and only the one
small entry that names the document's type is unpacked, with a cap.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import BinaryIO


@dataclass(frozen=True)
class FileKind:
    label: str
    """How a message names it, in Dutch."""
    content_type: str
    suffix: str


PDF = FileKind("pdf-document", "application/pdf", ".pdf")
PNG = FileKind("png-afbeelding", "image/png", ".png")
JPEG = FileKind("jpeg-foto", "image/jpeg", ".jpg")
DOCX = FileKind(
    "Word-document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
)
XLSX = FileKind(
    "Excel-werkmap", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"
)
PPTX = FileKind(
    "PowerPoint-presentatie",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".pptx",
)
ODT = FileKind("OpenDocument-tekst", "application/vnd.oasis.opendocument.text", ".odt")
ODS = FileKind("OpenDocument-rekenblad", "application/vnd.oasis.opendocument.spreadsheet", ".ods")
ODP = FileKind(
    "OpenDocument-presentatie", "application/vnd.oasis.opendocument.presentation", ".odp"
)

ALLOWED = "pdf, png, jpeg, Word (.docx), Excel (.xlsx), PowerPoint (.pptx) of OpenDocument"

# The signatures at the start of the file (ISO 32000 for PDF, RFC 2083 for PNG, JFIF/Exif
# for JPEG: the start-of-image marker and the next marker's first byte).
SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The old binary Office formats (.doc, .xls, .ppt), and every password-protected Office file."""

# Office Open XML (ECMA-376 part 2): [Content_Types].xml names the type of the main part. The
# macro-enabled documents (.docm, .xlsm, .pptm) have main types of their own: not listed.
OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
# OpenDocument (ISO/IEC 26300): an entry named 'mimetype' holds the document's type.
ODF = {kind.content_type: kind for kind in (ODT, ODS, ODP)}
MACRO_ENTRIES = re.compile(r"(^|/)vbaProject\.bin$|^(Basic|Scripts)/", re.IGNORECASE)

UNPACKED_LIMIT = 200 * 1024 * 1024
"""What the entries of an Office document may add up to unpacked: far above a real document
of the size limit, far below what fills a disk (a 'zip bomb' packs gigabytes in kilobytes)."""
ENTRY_LIMIT = 5_000
TYPE_ENTRY_LIMIT = 256 * 1024
"""The largest [Content_Types].xml or mimetype entry we unpack to read it."""


class Refused(ValueError):
    """Not a file a case accepts, with the Dutch reason."""


def kind_of(stream: BinaryIO) -> FileKind:
    """The kind of file in `stream` (read from its start; left at its start)."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if not head:
        raise Refused("Het bestand is leeg.")
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    if head.startswith(ZIP):
        try:
            return _office(stream)
        finally:
            stream.seek(0)
    if head.startswith(OLE):
        raise Refused(
            "Dit is een oud Office-bestand (.doc, .xls of .ppt) of een document met een "
            "wachtwoord. Sla het op als .docx, .xlsx, .pptx of pdf, zonder wachtwoord."
        )
    raise Refused(
        f"Dit soort bestand kan niet in een dossier. Toegestaan zijn {ALLOWED}; "
        "de inhoud van het bestand telt, niet de naam."
    )


def _office(stream: BinaryIO) -> FileKind:
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
            if len(entries) > ENTRY_LIMIT:
                raise Refused(
                    f"Dit zipbestand bevat meer dan {ENTRY_LIMIT} onderdelen; zo ziet een "
                    "Office-document er niet uit."
                )
            if sum(entry.file_size for entry in entries) > UNPACKED_LIMIT:
                raise Refused(
                    f"Uitgepakt is dit bestand groter dan {UNPACKED_LIMIT // (1024 * 1024)} MB "
                    "(een 'zipbom'); het wordt niet opgeslagen."
                )
            named = {entry.filename: entry for entry in entries}
            kind = _odf(archive, named) or _ooxml(archive, named)
            if kind is not None and any(MACRO_ENTRIES.search(name) for name in named):
                raise Refused(
                    f"Dit {kind.label} bevat macro's; sla het op zonder macro's of als pdf."
                )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error) as error:
        raise Refused(
            "Het bestand is beschadigd: het lijkt een Office-document, maar is niet te lezen."
        ) from error
    except (RuntimeError, NotImplementedError) as error:  # encrypted, or an odd compression
        raise Refused(
            "Het bestand is versleuteld of op een onbekende manier ingepakt; sla het op als "
            "gewoon Office-document of als pdf."
        ) from error
    if kind is None:
        raise Refused(
            f"Dit zipbestand is geen Word-, Excel-, PowerPoint- of OpenDocument-bestand. "
            f"Toegestaan zijn {ALLOWED}."
        )
    return kind


def _odf(archive: zipfile.ZipFile, named: dict[str, zipfile.ZipInfo]) -> FileKind | None:
    if "mimetype" not in named:
        return None
    return ODF.get(_read(archive, named["mimetype"]).decode("ascii", "replace").strip())


def _ooxml(archive: zipfile.ZipFile, named: dict[str, zipfile.ZipInfo]) -> FileKind | None:
    if "[Content_Types].xml" not in named:
        return None
    types = _read(archive, named["[Content_Types].xml"])
    # A plain search for the attribute, so that no XML parser meets hostile XML.
    for main, kind in OOXML_MAIN.items():
        if re.search(rb"ContentType\s*=\s*[\"']" + re.escape(main.encode()) + rb"[\"']", types):
            return kind
    return None


def _read(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes:
    if entry.file_size > TYPE_ENTRY_LIMIT:
        raise Refused(f"Het onderdeel {entry.filename} is te groot voor een Office-document.")
    with archive.open(entry) as member:
        return member.read(TYPE_ENTRY_LIMIT)
