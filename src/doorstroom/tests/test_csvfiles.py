"""The one CSV reader, for reference data and deliveries alike."""

import codecs
import csv
import io
import re

import pytest

from doorstroom import csvfiles


def table(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    read = csvfiles.read_table(io.StringIO(text, newline=""))
    return read.header, list(read.rows)


def test_the_separator_is_the_one_the_header_has_more_of():
    assert table("Code;Naam,kort\nR1;Regio, oost\n") == (
        ["code", "naam,kort"],
        [(2, ["R1", "Regio, oost"])],
    )
    assert table("code,naam\nR1,Regio\n") == (["code", "naam"], [(2, ["R1", "Regio"])])


def test_a_row_is_named_by_the_line_it_starts_on_and_blank_rows_are_no_rows():
    _, rows = table('a;b\n1;"twee\nregels"\n\n ; \n3;4\n')
    assert rows == [(2, ["1", "twee\nregels"]), (6, ["3", "4"])]


@pytest.mark.parametrize("quote", ['"', ""])
def test_a_field_too_long_for_any_column_refuses_the_file_and_says_where(quote):
    """With a quote left open or without one: the advice names both causes."""
    with pytest.raises(csvfiles.FileFormatError) as refused:
        table("a;b\n1;2\n3;" + quote + "x" * (csvfiles.FIELD_LIMIT + 1) + "\n")
    assert str(refused.value) == (
        "Regel 3 is geen geldige CSV (een veld is langer dan 65.536 tekens); geen kolom is zo "
        "lang: is dit wel het goede bestand, en is elk aanhalingsteken gesloten?"
    )


@pytest.mark.parametrize(
    "text",
    [
        'a;b;c\n1;2;3\n4;"vijf;6\n7;8;9\n',  # the row then lacks fields
        'a;b;c\n1;2;3\n4;5;"zes\n7;8;9\n',  # its last value holds the next row
    ],
)
def test_an_unclosed_quote_refuses_the_file_and_names_the_lines_it_took_in(text):
    with pytest.raises(csvfiles.FileFormatError) as refused:
        table(text)
    assert str(refused.value) == (
        'Regel 3: een aanhalingsteken (") wordt niet gesloten, zodat de regels 3 tot en met 4 '
        "als één rij worden gelezen; controleer de aanhalingstekens."
    )


@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_an_unclosed_quote_on_the_last_line_refuses_the_file(end):
    # it took in only the line end, so that '"1' was read as priority 1 without a word
    with pytest.raises(csvfiles.FileFormatError) as refused:
        table(f'bsn;prioriteit\n999990019;2{end}999990020;"1{end}')
    assert str(refused.value) == (
        'Regel 3: een aanhalingsteken (") wordt niet gesloten, zodat de rest van het bestand als '
        "één waarde wordt gelezen; controleer de aanhalingstekens."
    )


def test_a_value_closed_on_the_last_line_may_end_in_a_line_break():
    assert table('a;b\n1;"twee\n"\n')[1] == [(2, ["1", "twee\n"])]


def test_a_second_byte_order_mark_before_the_header_is_no_part_of_its_first_name():
    # a file saved twice by an editor that adds one; the decoder takes off the first only
    assert table("\ufeff\ufeffrecord;bsn\npersoon;999990019\n") == (
        ["record", "bsn"],
        [(2, ["persoon", "999990019"])],
    )


def test_records_of_a_small_file_by_column_name_in_either_encoding():
    data = "naam;code\nÇelik ; R1\nKaya;\n".encode("cp1252")
    assert list(csvfiles.records(data, ("code",), errors=[])) == [
        (2, {"naam": "Çelik", "code": "R1"}),
        (3, {"naam": "Kaya", "code": ""}),
    ]
    assert list(csvfiles.records("\ufeffcode\nR1\n".encode(), ("code",), errors=[])) == [
        (2, {"code": "R1"})
    ]


def test_a_record_with_fields_too_few_or_too_many_is_refused_with_its_line():
    # 'GM0150;RMC11' put the region in naam, and fields after the header's went unread
    errors = []
    data = b"code;naam;regio\nGM0150;RMC11\nGM0213;Brummen;RMC11;x\nGM0232;Epe;RMC11;;\n"
    assert list(csvfiles.records(data, ("code",), errors=errors)) == [
        (4, {"code": "GM0232", "naam": "Epe", "regio": "RMC11"})  # a trailing separator is none
    ]
    assert [str(error) for error in errors] == [
        "regel 2: het aantal velden klopt niet met de kopregel: de regel heeft er 2, de kopregel "
        "3 (een scheidingsteken in een waarde zonder aanhalingstekens?)",
        "regel 3: het aantal velden klopt niet met de kopregel: de regel heeft er 4, de kopregel "
        "3 (een scheidingsteken in een waarde zonder aanhalingstekens?)",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"code;naam\nR1;Re\x00gio\n", "binaire gegevens (NUL-tekens)"),
        (b"naam\nRegio\n", "De kopregel mist de kolom(men) code; gevonden: naam."),
        (b"", "De kopregel mist de kolom(men) code; gevonden: niets."),
        ("code;naam\nR1;Regio\n".encode("utf-16"), "is UTF-16"),
        (b"code;naam;Code\nR1;Regio;R2\n", "noemt de kolom(men) code meer dan eens"),
        (
            b"code;" + b"x" * (csvfiles.FIELD_LIMIT + 1) + b"\n",
            "De kopregel (regel 1) is geen geldige CSV",
        ),
    ],
)
def test_records_refuse_a_file_that_is_no_table_of_ours(data, message):
    with pytest.raises(csvfiles.FileFormatError, match=re.escape(message)):
        list(csvfiles.records(data, ("code",), errors=[]))


TEXT = "record;bsn\npersoon;999990019;Ünal\n"
UTF16 = (
    "Dit bestand is UTF-16 (in Excel: 'Unicode-tekst'); sla het op als CSV in UTF-8 of "
    "Windows-1252."
)
UTF32 = "Dit bestand is UTF-32; sla het op als CSV in UTF-8 of Windows-1252."


@pytest.mark.parametrize(
    ("head", "message"),
    [
        (TEXT.encode("utf-16"), UTF16),  # with the machine's byte order mark
        (TEXT.encode("utf-16-le"), UTF16),  # without a mark, as some programs write it
        (TEXT.encode("utf-16-be"), UTF16),
        (TEXT.encode("utf-16-le")[:-3], UTF16),  # cut in the middle of a character
        (TEXT.encode("utf-32"), UTF32),  # its mark FF FE 00 00 starts as UTF-16's FF FE
        (codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), UTF32),
        (TEXT.encode("utf-32-le"), UTF32),
        (TEXT.encode("utf-32-be")[:-2], UTF32),
    ],
)
def test_text_in_utf16_or_utf32_is_refused_by_its_own_name(head, message):
    assert csvfiles.binary_problem(head) == message


@pytest.mark.parametrize(
    "head",
    [b"record;bsn\n999990019;\x00\x00\x00", b"\x00" * 64, b"\x00\x01\x02\x03" * 16],
)
def test_other_nul_bytes_are_binary_data(head):
    assert "binaire gegevens (NUL-tekens)" in csvfiles.binary_problem(head)


HOSTILE_CELLS = [
    ("Berg, Noor", "Berg, Noor"),  # a comma needs no quotes with ';' (and gets none)
    ('zei "kom morgen"', 'zei "kom morgen"'),
    ("regel 1\nregel 2", "regel 1\nregel 2"),
    ("regel 1\r\nregel 2", "regel 1\r\nregel 2"),
    ("a\rb", "a\rb"),
    ("school; daarna werk", "school; daarna werk"),
    ("=1+1", "'=1+1"),
    ("+31 6 12345678", "'+31 6 12345678"),  # a phone number: text, not a formula error
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("-5", "-5"),  # a negative number
    ("-1.234,56", "-1.234,56"),
    ("+31 (0)6-1234 5678", "'+31 (0)6-1234 5678"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),  # DDE: a program started from a cell
    ("-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0"),
    ('=HYPERLINK("http://kwaad.example";"klik")', '\'=HYPERLINK("http://kwaad.example";"klik")'),
    ("", ""),
    (None, ""),
    (7, "7"),
    ("-2-3", "'-2-3"),  # a sum, not a number
]
"""A cell as a user may type it, and as a spreadsheet must read it back: the same text, a
formula or a phone number kept as text (OWASP: a leading apostrophe); a negative number as
it is."""


@pytest.mark.parametrize(("cell", "read_back"), HOSTILE_CELLS)
def test_a_spreadsheet_csv_reads_back_each_cell_whole_and_no_formula(cell, read_back):
    line = csvfiles.SpreadsheetCsv().row(["voor", cell, "na"])
    assert line.endswith("\r\n")
    assert list(csv.reader(io.StringIO(line, newline=""), delimiter=";")) == [
        ["voor", read_back, "na"]
    ]


def test_a_spreadsheet_csv_writes_to_a_file_too():
    out = io.StringIO(newline="")
    writer = csvfiles.SpreadsheetCsv(out)
    writer.row(["a", "=b"])
    writer.row(["c;d", "e\nf"])
    assert out.getvalue() == 'a;\'=b\r\n"c;d";"e\nf"\r\n'


def test_a_spreadsheets_day_number_is_quoted_short_so_that_the_fix_is_never_cut_off():
    # A refusal's message is kept to 300 characters: a long fraction must leave room for the
    # advice ("zet de kolom op tekst of datum").
    with pytest.raises(ValueError) as refused:
        csvfiles.parse_cell_date("45000." + "3" * 250)
    message = str(refused.value)
    assert message.startswith("'45000." + "3" * 34 + "' is een getal, geen datum")
    assert len(message) <= 300
    assert message.endswith("zet de kolom op tekst of datum (jjjj-mm-dd)")
