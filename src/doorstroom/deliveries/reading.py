"""Streaming a delivery file: checksum and encoding in one pass, then rows one at a time."""

from __future__ import annotations

import codecs
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

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


def open_rows(
    path: Path, encoding: str
) -> tuple[Adapter, Iterator[tuple[int, list[str]]], Callable[[], int], Callable[[], None]]:
    """The adapter for this file, its rows, a byte counter and a close function."""
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
    return adapter, adapter.rows(table.header, table.rows), lambda: counter.done, text.close


def kind_in_header(path: Path) -> DeliveryKind | None:
    """The kind of delivery a file's header alone tells (verzuimmeldingen, priorities), for
    the import's question for a kind; None for a register delivery, which says C or P only
    in its name, and for a file the import itself will refuse, saying why. Read as UTF-8 with
    replacement: the column names are ASCII, and a byte order mark is taken off."""
    try:
        adapter, _, _, close = open_rows(path, UTF8)
    except (FileFormatError, OSError):
        return None
    close()
    return adapter.delivery_kind


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
