"""Streaming a delivery file: checksum and encoding in one pass, then rows one at a time."""

from __future__ import annotations

import codecs
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from doorstroom.csvfiles import (
    CP1252,
    UTF8,
    FileFormatError,
    read_table,
    refuse_binary,
    unknown_columns,
)
from doorstroom.deliveries.adapters import KNOWN_COLUMNS, adapter_for
from doorstroom.deliveries.adapters.base import Adapter
from doorstroom.deliveries.models import DeliveryKind

CHUNK = 1 << 20


@dataclass(frozen=True)
class FileFacts:
    checksum: str
    size: int
    encoding: str


def inspect(path: Path) -> FileFacts:
    """SHA-256, size and encoding (csvfiles.encoding_of, decided chunk by chunk). A file that
    is UTF-8, letters beyond ASCII included, up to a byte that is not (a row typed or pasted
    in Windows-1252) stays UTF-8: read as Windows-1252, each of its letters would become two
    wrong ones without a word, and as UTF-8 that byte's row is refused with its field
    (csvfiles.odd_character)."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, decided = True, False  # decided: a letter beyond ASCII was read as UTF-8
    size = 0
    with path.open("rb") as stream:
        head = stream.read(4096)
        refuse_binary(head)
        chunk = head
        while chunk:
            digest.update(chunk)
            size += len(chunk)
            if utf8 and not decided:
                pending = decoder.getstate()[0]
                try:
                    decided = not decoder.decode(chunk).isascii()
                except UnicodeDecodeError as error:
                    decided = utf8 = not (pending + chunk)[: error.start].isascii()
            chunk = stream.read(CHUNK)
        if utf8 and not decided:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
    return FileFacts(digest.hexdigest(), size, UTF8 if utf8 else CP1252)


class CountingReader(io.RawIOBase):
    """A binary file that tells how many bytes have been read, for progress."""

    def __init__(self, stream: io.BufferedReader) -> None:
        self.stream = stream
        self.done = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:
        count = self.stream.readinto(buffer)
        self.done += count or 0
        return count


class OpenRows(NamedTuple):
    adapter: Adapter
    rows: Iterator[tuple[int, list[str]]]
    bytes_done: Callable[[], int]
    close: Callable[[], None]
    delimiter: str
    """The file's own (';' or ','), for the text of a refused row (staging.row_text)."""


def open_rows(path: Path, encoding: str) -> OpenRows:
    """The adapter for this file, its rows, a byte counter, a close function and the
    file's delimiter."""
    raw = path.open("rb")
    counter = CountingReader(raw)
    text = io.TextIOWrapper(
        io.BufferedReader(counter, CHUNK), encoding=encoding, errors="replace", newline=""
    )
    table = read_table(text)
    adapter = adapter_for(table.header)
    if adapter is None:
        text.close()
        raise FileFormatError(
            "Dit bestand heeft geen kopregel van een bekende levering (nodig: de kolommen "
            f"record en bsn, zie docs/formats/delivery.md); {_header_found(table.header)}."
        )
    unknown = unknown_columns(
        table.header, adapter.columns, f"het formaat '{adapter.name}'", "docs/formats/delivery.md"
    )
    if unknown:
        text.close()
        raise FileFormatError(unknown)
    rows = adapter.rows(table.header, table.rows)
    return OpenRows(adapter, rows, lambda: counter.done, text.close, table.delimiter)


HEAD_BYTES = 64 * 1024
"""The start of a file that `kind_in_header` reads: its header line with room to spare."""


def kind_in_header(head: bytes) -> DeliveryKind | None:
    """The kind of delivery a file's header alone tells (verzuimmeldingen, priorities), from
    the file's first bytes (HEAD_BYTES of them), for the import's and the upload's kind; None
    for a register delivery, which says C or P only in its name, and for a file the import
    itself will refuse, saying why. Read as UTF-8 with replacement: the column names are
    ASCII, and a byte order mark is taken off. A column the kind's format does not know
    leaves the kind told: the import refuses the file naming that column."""
    try:
        table = read_table(io.StringIO(head.decode(UTF8, errors="replace"), newline=""))
    except FileFormatError:
        return None
    adapter = adapter_for(table.header)
    return adapter.delivery_kind if adapter else None


def kind_in_file(path: Path) -> DeliveryKind | None:
    """`kind_in_header` of a file on disk; None for one that cannot be opened, which its run
    refuses saying why."""
    try:
        with path.open("rb") as stream:
            return kind_in_header(stream.read(HEAD_BYTES))
    except OSError:
        return None


def kind_of_delivery(
    in_header: DeliveryKind | None, chosen: DeliveryKind | None, chosen_by: str
) -> DeliveryKind | None:
    """The kind of a delivery: the one its header tells (`kind_in_header`), else the one
    chosen (a C- or P-levering, by the file's name or its reader), else None, to be asked
    for. Raises ValueError in Dutch when the chosen kind is not the header's: the wrong file
    was probably picked (the verzuimmeldingen where the week's P-levering was meant)."""
    if in_header is None or chosen in (None, in_header):
        return in_header or chosen
    raise ValueError(
        f"Dit bestand heeft de kopregel van {in_header.label}, maar {chosen_by} noemt het een "
        f"{chosen.label}. Kies het bestand dat u bedoelde: de soort is alleen nodig voor een "
        "C- of P-levering; verzuimmeldingen en prioriteiten herkent Doorstroom aan hun kopregel."
    )


def _header_found(header: list[str]) -> str:
    """What an unknown first line holds, in words for the refusal: its known column names,
    never its other values. A file without a header has a person's data there, and the
    refusal is stored and shown in the clear."""
    if not header:
        return "de eerste regel is leeg"
    known = [name for name in header if name in KNOWN_COLUMNS]
    fields = f"{len(header)} {'veld' if len(header) == 1 else 'velden'}"
    if not known:
        return f"de eerste regel heeft {fields}, geen ervan een bekende kolomnaam"
    return f"de eerste regel heeft {fields}, met de bekende kolommen {', '.join(known)}"
