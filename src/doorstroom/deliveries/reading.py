"""Streaming a delivery file: checksum and encoding in one pass, then rows one at a time."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from doorstroom.csvfiles import FileFormatError
from doorstroom.deliveries.adapters import adapter_for
from doorstroom.deliveries.adapters.base import Adapter

CHUNK = 1 << 20
csv.field_size_limit(1 << 16)  # a 64 KiB field is already no delivery row; refuse bigger ones


@dataclass(frozen=True)
class FileFacts:
    checksum: str
    size: int
    encoding: str


def inspect(path: Path) -> FileFacts:
    """SHA-256, size and encoding (UTF-8 if every byte decodes as such, else cp1252)."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    size = 0
    with path.open("rb") as stream:
        head = stream.read(4096)
        if b"\x00" in head:
            raise FileFormatError(
                "Dit is geen tekstbestand (CSV); controleer of u het goede bestand koos."
            )
        chunk = head
        while chunk:
            digest.update(chunk)
            size += len(chunk)
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
            chunk = stream.read(CHUNK)
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
    return FileFacts(digest.hexdigest(), size, "utf-8-sig" if utf8 else "cp1252")


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


class _refusing_bad_csv:
    """The csv reader, turning its errors (a field over 64 KiB, a stray NUL) into a refusal
    of the file that says where."""

    def __init__(self, reader) -> None:
        self.reader = reader

    @property
    def line_num(self) -> int:
        return self.reader.line_num

    def __iter__(self):
        return self

    def __next__(self) -> list[str]:
        try:
            return next(self.reader)
        except csv.Error as error:
            raise FileFormatError(
                f"Regel {self.reader.line_num + 1} is geen geldige CSV ({error}); controleer de aanhalingstekens."
            ) from None


def open_rows(
    path: Path, encoding: str
) -> tuple[Adapter, Iterator[tuple[int, list[str] | None]], Callable[[], int], Callable[[], None]]:
    """The adapter for this file, its rows, a byte counter and a close function."""
    raw = path.open("rb")
    counter = CountingReader(raw)
    text = io.TextIOWrapper(
        io.BufferedReader(counter, CHUNK), encoding=encoding, errors="replace", newline=""
    )
    first = text.readline()
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    header = [h.strip().lower() for h in next(csv.reader([first], delimiter=delimiter), [])]
    adapter = adapter_for(header)
    if adapter is None:
        text.close()
        raise FileFormatError(
            "Dit bestand heeft geen kopregel van een bekende levering (nodig: de kolommen "
            f"record en bsn, zie docs/formats/delivery.md); gevonden: {', '.join(header[:8]) or 'niets'}."
        )
    reader = _refusing_bad_csv(csv.reader(text, delimiter=delimiter))
    # line numbers as the sender counts them: the header is line 1
    rows = adapter.rows(header, reader, lambda: reader.line_num + 1)
    return adapter, rows, lambda: counter.done, text.close
