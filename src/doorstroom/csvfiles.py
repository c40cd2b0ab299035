"""Reading the CSV files that Dutch organisations send: UTF-8 or cp1252, ';' or ','."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class RowError:
    """A problem in one row of a file, told the way the sender can find and fix it."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"regel {self.line}" + (f", veld {self.field}" if self.field else "")
        return f"{where}: {self.message}"


class FileFormatError(ValueError):
    """The file as a whole cannot be read (not CSV, wrong columns)."""


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) when it is valid, else Windows-1252 as older systems write."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def rows(text: str, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for every data row, with header names lower-cased and stripped."""
    if "\x00" in text:
        raise FileFormatError(
            "Dit is geen tekstbestand (CSV); controleer of u het goede bestand koos."
        )
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [name for name in required if name not in header]
    if missing:
        raise FileFormatError(
            f"De kopregel mist de kolom(men) {', '.join(missing)}; gevonden: {', '.join(header) or 'niets'}."
        )
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise FileFormatError(
                f"Regel {reader.line_num} is geen geldige CSV ({error}); controleer de aanhalingstekens."
            ) from None
        if not any(v.strip() for v in values):
            continue
        yield (
            reader.line_num,
            {name: (values[i].strip() if i < len(values) else "") for i, name in enumerate(header)},
        )


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell for a CSV that people open in a spreadsheet: text that would start a formula
    there (= + - @) gets a leading apostrophe, so it stays text (CSV injection)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
