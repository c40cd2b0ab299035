"""Reading the CSV files that Dutch organisations send: UTF-8 or cp1252, ';' or ','."""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, TextIO

from doorstroom import dates
from doorstroom.numbers import thousands


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


FIELD_LIMIT = 1 << 16
csv.field_size_limit(FIELD_LIMIT)  # a 64 KiB field is no row of ours: refuse bigger ones
UTF8, CP1252 = "utf-8-sig", "cp1252"
NOT_CSV = {
    b"PK\x03\x04": "een Excel- of zipbestand",
    b"\xd0\xcf\x11\xe0": "een (oud) Excelbestand",
    b"%PDF": "een pdf",
    b"\x1f\x8b": "een gzip-bestand",
}


WIDE_TEXT = {
    # UTF-32's marks first: little-endian's FF FE 00 00 starts with UTF-16's FF FE
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}
WIDE_CODECS = (("utf-32-le", "UTF-32"), ("utf-32-be", "UTF-32"), ("utf-16-le", "UTF-16"),
               ("utf-16-be", "UTF-16"))  # fmt: skip


def binary_problem(head: bytes) -> str | None:
    """Why the first bytes of a file show it is no CSV text, or None: a spreadsheet, a pdf or
    an archive by its signature; text in UTF-16 or UTF-32 (as spreadsheets write 'Unicode
    text'), by its byte order mark or, without one, by its NUL bytes reading as such text; or
    a NUL byte (anywhere in a small file)."""
    for magic, what in NOT_CSV.items():
        if head.startswith(magic):
            return f"Dit is {what}, geen CSV-bestand. Sla het op als CSV (puntkomma-gescheiden)."
    wide = next((name for mark, name in WIDE_TEXT.items() if head.startswith(mark)), None)
    if wide is None and b"\x00" in head:
        wide = wide_text(head)
    if wide == "UTF-16":
        return (
            "Dit bestand is UTF-16 (in Excel: 'Unicode-tekst'); sla het op als CSV in UTF-8 "
            "of Windows-1252."
        )
    if wide:
        return f"Dit bestand is {wide}; sla het op als CSV in UTF-8 of Windows-1252."
    if b"\x00" in head:
        return "Dit bestand bevat binaire gegevens (NUL-tekens): kies het CSV-bestand zelf."
    return None


def wide_text(head: bytes) -> str | None:
    """'UTF-32' or 'UTF-16' when bytes with NULs and no byte order mark read as lines of
    mostly Latin text in one of them (cut anywhere: the last character may be half)."""
    for codec, name in WIDE_CODECS:
        try:
            text = codecs.getincrementaldecoder(codec)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        lines = text.replace("\r", "\n").replace("\t", " ").split("\n")
        latin = sum(c < "\u0250" for c in text)  # a Dutch table is Latin text, not CJK
        if text.strip() and latin >= 0.9 * len(text) and all(x.isprintable() for x in lines):
            return name
    return None


def refuse_binary(head: bytes) -> None:
    """`binary_problem` as the refusal of the whole file."""
    problem = binary_problem(head)
    if problem:
        raise FileFormatError(problem)


def encoding_of(data: bytes) -> str:
    """UTF-8 (with or without BOM) when every byte decodes as such, else Windows-1252 as
    older systems write. (Deliveries: deliveries.reading.inspect decides in chunks, and keeps
    a file that is UTF-8 up to a stray byte UTF-8, so that only that byte's row is refused.)"""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return CP1252
    return UTF8


@dataclass
class Table:
    """A CSV file being read: its header (names lower-cased and stripped), its rows as
    (line number, values), blank rows left out, and its delimiter."""

    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    delimiter: str


def read_table(text: TextIO) -> Table:
    """The one CSV reader: ';' or ',' (whichever the header has more of), quoted values that
    may span lines (a row is named by the line it starts on, the header being line 1), and a
    quoting error (an over-long field; an unclosed quote: a row over several lines without the
    header's number of fields, or with a value that holds a next line's fields, or on the last
    line one that takes in its line end) refused as a whole file that says where."""
    # A second byte order mark (a file saved twice by an editor that adds one) is no part of
    # the first column's name: the decoder takes off one only.
    first = text.readline().lstrip("\ufeff")
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    try:
        header = [h.strip().lower() for h in next(csv.reader([first], delimiter=delimiter), [])]
    except csv.Error as error:
        raise FileFormatError(
            f"De kopregel (regel 1) is geen geldige CSV ({_in_dutch(error)}); is dit wel het goede bestand?"
        ) from None
    twice = sorted({name for name in header if name and header.count(name) > 1})
    if twice:
        raise FileFormatError(
            f"De kopregel noemt de kolom(men) {', '.join(twice)} meer dan eens: welke geldt, "
            "is niet te zeggen."
        )
    rows = _rows(csv.reader(text, delimiter=delimiter), len(header), delimiter)
    return Table(header, rows, delimiter)


def _rows(reader, width: int, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    last = 1  # the header's line; the reader counts the lines after it
    try:
        for values in reader:
            first, last = last + 1, reader.line_num + 1
            if last > first and (
                len(values) != width or any("\n" in v and delimiter in v for v in values)
            ):
                # A quoted value may span lines, but then the row keeps the header's number
                # of fields and no value holds a next line's fields: this is an unclosed
                # quote, which took in the rows after it.
                raise FileFormatError(
                    f'Regel {first}: een aanhalingsteken (") wordt niet gesloten, zodat de regels '
                    f"{first} tot en met {last} als één rij worden gelezen; controleer de aanhalingstekens."
                )
            if last == first and values and values[-1].endswith("\n"):
                # On the file's last line an unclosed quote takes in only its line end: a value
                # closed on its own line holds none.
                raise FileFormatError(
                    f'Regel {first}: een aanhalingsteken (") wordt niet gesloten, zodat de rest van '
                    "het bestand als één waarde wordt gelezen; controleer de aanhalingstekens."
                )
            if values and (values[0].strip() or any(v.strip() for v in values)):
                yield first, values
    except csv.Error as error:
        advice = (
            "geen kolom is zo lang: is dit wel het goede bestand, en is elk aanhalingsteken gesloten?"
            if _too_long(error)
            else "controleer de aanhalingstekens."
        )
        raise FileFormatError(
            f"Regel {reader.line_num + 1} is geen geldige CSV ({_in_dutch(error)}); {advice}"
        ) from None


def _too_long(error: csv.Error) -> bool:
    return str(error).startswith("field larger than field limit")


def _in_dutch(error: csv.Error) -> str:
    """The csv module's reason, in Dutch where we know it."""
    if _too_long(error):
        return f"een veld is langer dan {thousands(FIELD_LIMIT)} tekens"
    return str(error)


COLUMN_NAME = re.compile(r"[a-z][a-z0-9_ -]{0,39}")
NAMED_COLUMNS = 10
"""Unknown columns a refusal names; of a header of thousands, the rest are counted."""


def unknown_columns(header: list[str], columns: Iterable[str], layout: str, doc: str) -> str | None:
    """The refusal of a header that names a column its layout (`columns`: every one it reads)
    does not have: most often a misspelt one ('overlijdensdatun', 'opgegaan_n'), whose
    values would otherwise go unread without a word (a death, a merger). A nameless column
    (a trailing separator) is no column. A name that does not look like one is given by its
    position only: it may be a person's data. `layout` names the layout in a sentence ('het
    formaat ...'), `doc` the page that describes it."""
    columns = list(columns)
    unknown = [
        (position, name)
        for position, name in enumerate(header, start=1)
        if name and name not in columns
    ]
    if not unknown:
        return None
    named = []
    for position, name in unknown[:NAMED_COLUMNS]:
        if not COLUMN_NAME.fullmatch(name):
            named.append(f"kolom {position}")
            continue
        close = difflib.get_close_matches(name, columns, n=1)
        guess = f"; bedoeld: {close[0]}?" if close else ""
        named.append(f"'{name}' (kolom {position}{guess})")
    if len(unknown) > NAMED_COLUMNS:
        named.append(f"en nog {thousands(len(unknown) - NAMED_COLUMNS)}")
    one = len(unknown) == 1
    return (
        f"De kopregel noemt {'een kolom' if one else 'kolommen'} die niet in {layout} "
        f"{'staat' if one else 'staan'}: {', '.join(named)}. Wat daarin staat, zou ongelezen "
        f"blijven; hernoem of verwijder {'die kolom' if one else 'die kolommen'} (zie {doc})."
    )


def misfit_message(found: int, expected: int) -> str:
    """Why a row with another number of fields than the header is refused, in Dutch."""
    return (
        f"het aantal velden klopt niet met de kopregel: de regel heeft er {found}, de "
        f"kopregel {expected} (een scheidingsteken in een waarde zonder aanhalingstekens?)"
    )


def records(
    data: bytes,
    required: tuple[str, ...],
    optional: tuple[str, ...] | None = None,
    layout: str = "",
    doc: str = "",
    *,
    errors: list[RowError],
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row by column name, values stripped) for every row of a small file held
    in memory, such as reference data; refused as a whole when a required column is missing
    or, when the `optional` ones are given, a column that is neither (`unknown_columns`). A
    row with fewer fields than the header, or more that are not empty (a spreadsheet's
    trailing separator), goes to `errors` instead: its values would land in other columns."""
    refuse_binary(data)
    table = read_table(io.StringIO(data.decode(encoding_of(data)), newline=""))
    missing = [name for name in required if name not in table.header]
    if missing:
        raise FileFormatError(
            f"De kopregel mist de kolom(men) {', '.join(missing)}; gevonden: {', '.join(table.header) or 'niets'}."
        )
    if optional is not None:
        unknown = unknown_columns(table.header, (*required, *optional), layout, doc)
        if unknown:
            raise FileFormatError(unknown)
    width = len(table.header)
    for line, values in table.rows:
        if len(values) < width or any(value.strip() for value in values[width:]):
            errors.append(RowError(line, "", misfit_message(len(values), width)))
            continue
        # Fields past the header's are empty (checked above): zip leaves them out.
        yield line, dict(zip(table.header, map(str.strip, values), strict=False))


SPREADSHEET_SERIAL = re.compile(r"[0-9]{1,6}(?:[.,][0-9]+)?")
"""A date as a spreadsheet counts it, in days since 1900 (45000 is 15-03-2023), as a cell
set to 'number' saves it."""


def parse_cell_date(value: str) -> date:
    """A date in a file's field (dates.parse_date); a spreadsheet's day number is refused as
    such, with the fix: 'geen bestaande datum' said not why. Raises ValueError in Dutch."""
    try:
        return dates.parse_date(value)
    except ValueError:
        number = value.strip()
        if not SPREADSHEET_SERIAL.fullmatch(number):
            raise
    raise ValueError(
        f"'{number[:40]}' is een getal, geen datum: een spreadsheet schrijft een datum zo in een "
        "kolom die op 'getal' staat; zet de kolom op tekst of datum (jjjj-mm-dd)"
    )


UNREADABLE = "\ufffd"
"""What a byte becomes that is no character in the file's encoding (read with errors='replace')."""
ODD_CHARACTER = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufe0e\ufe0f\ufeff\ufffd]"
)
"""Characters no delivered value holds: control characters (a NUL, a tab, a line break inside
quotes), invisible ones that change how a name reads or sorts (zero-width, right-to-left
overrides, a byte order mark in the middle of a file, an emoji's joiner or variation selector
outside an emoji sequence: `in_emoji_sequence`) and `UNREADABLE`; stored, they would be in
the register's names and addresses, unseen on the pages and in letters."""
LINE_BREAKS = frozenset("\t\n\r")
"""Allowed in free text, such as a melding's toelichting."""


ZWJ = "\u200d"
SEQUENCE_PARTS = frozenset((ZWJ, "\ufe0e", "\ufe0f"))
"""The zero-width joiner and the text and emoji variation selectors: invisible, and kept only
where they make an emoji sequence (Unicode TS #51: 👩‍💻 is 👩 ZWJ 💻, ❤️ is ❤ U+FE0F)."""


def first_odd_character(value: str, *, free_text: bool = False) -> str | None:
    """The first character of `value` that no kept text holds (`ODD_CHARACTER`; line breaks
    and tabs are allowed in free text), or None: for a delivery's value and a typed one."""
    for match in ODD_CHARACTER.finditer(value):
        character = match.group()
        if free_text and character in LINE_BREAKS:
            continue
        if character in SEQUENCE_PARTS and in_emoji_sequence(value, match.start()):
            continue
        return character
    return None


def _pictograph(character: str) -> bool:
    """A character an emoji sequence is built of: a symbol (So: 👩 💻 ❤; Sm: ↔), a skin tone
    (Sk: 🏽), or a keycap's base (1️⃣)."""
    return bool(character) and (
        unicodedata.category(character) in ("So", "Sm", "Sk") or character in "0123456789#*"
    )


def in_emoji_sequence(value: str, at: int) -> bool:
    """Whether the joiner or variation selector at `at` stands inside an emoji sequence: a
    selector right after a pictograph; a joiner after a pictograph (or its selector) and
    before the next one. Alone, after a space or between letters it joins nothing seen."""
    before = value[at - 1] if at else ""
    if value[at] != ZWJ:
        return _pictograph(before)
    after = value[at + 1 : at + 2]
    return (_pictograph(before) or before == "\ufe0f") and _pictograph(after)


def odd_character(value: str, *, free_text: bool = False) -> str | None:
    """Why a value read from a delivery cannot be kept as it is, or None (in Dutch)."""
    character = first_odd_character(value, free_text=free_text)
    if character is None:
        return None
    if character == "\x00":
        return "de waarde bevat een NUL-teken; is dit wel een tekstbestand?"
    if character == UNREADABLE:
        return (
            "de waarde bevat een onleesbaar teken: een byte die in de codering van het "
            "bestand (UTF-8 of Windows-1252) geen teken is; sla het bestand op als CSV in UTF-8"
        )
    if character in "\n\r":
        return "de waarde loopt over meer dan één regel (een regeleinde tussen aanhalingstekens)"
    return f"de waarde bevat een onzichtbaar teken of stuurteken (U+{ord(character):04X})"


def odd_field(
    values: Iterable[str], columns: Iterable[str], free_text: frozenset[str] = frozenset()
) -> tuple[str, str] | None:
    """The first field of a row whose value `odd_character` refuses, with the reason; None
    when every value can be kept. Rows are millions: call it only for a row whose joined
    values are not all printable or hold `UNREADABLE` (`may_be_odd`)."""
    for name, value in zip(columns, values, strict=False):
        problem = odd_character(value, free_text=name in free_text)
        if problem:
            return name, problem
    return None


def may_be_odd(joined: str) -> bool:
    """Quick test of a row's values joined: False when `odd_field` would find nothing (a
    non-breaking space is not printable either, so True is only a maybe; a variation selector
    is printable, so it is looked for by itself)."""
    return (
        not joined.isprintable() or UNREADABLE in joined or "\ufe0f" in joined or "\ufe0e" in joined
    )


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEGATIVE_NUMBER = re.compile(r"-[0-9]+(?:[.,][0-9]+)*")
"""A minus and a number (-5, -1.234,56): a spreadsheet reads it as the number it is, and no
function, reference or link can be made of it, so it stays as is. A phone number with its '+'
does get the apostrophe: unquoted, a spreadsheet reads '+31 6 12345678' as a formula (an
error) and '+31612345678' as 3,16E+10."""


def safe_cell(value: object) -> str:
    """A cell for a CSV that people open in a spreadsheet: text that would start a formula
    there (= + - @, a tab or a carriage return: OWASP's 'CSV injection') gets a leading
    apostrophe, so it stays text; a negative number (`NEGATIVE_NUMBER`) is kept as it is."""
    text = "" if value is None else str(value)
    if not text.startswith(FORMULA_STARTS) or NEGATIVE_NUMBER.fullmatch(text):
        return text
    return f"'{text}"


class Echo:
    """A file-like object whose write returns the line, for streaming a CSV response."""

    def write(self, value: str) -> str:
        return value


class SpreadsheetCsv:
    """The one writer of a CSV that people open in a spreadsheet (a download, an export):
    ';' as Dutch Excel reads it, a cell quoted where it must be (the ';', a double quote, a
    line break or a carriage return: the csv module's QUOTE_MINIMAL; a comma needs none), lines
    ending CRLF, every cell through `safe_cell`. `row` returns what it wrote: the line itself
    when writing to `Echo` (the default), for a streaming response."""

    def __init__(self, out: Any = None) -> None:
        self.writer = csv.writer(
            Echo() if out is None else out,
            delimiter=";",
            quoting=csv.QUOTE_MINIMAL,
            lineterminator="\r\n",
        )

    def row(self, cells: Iterable[object]) -> Any:
        return self.writer.writerow([safe_cell(cell) for cell in cells])
