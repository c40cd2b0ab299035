"""The one CSV reader, for reference data and deliveries alike."""

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


def test_a_quoting_error_refuses_the_file_and_says_where():
    with pytest.raises(csvfiles.FileFormatError) as refused:
        table('a;b\n1;2\n3;"' + "x" * (csvfiles.FIELD_LIMIT + 1) + "\n")
    assert str(refused.value).startswith(
        "Regel 3 is geen geldige CSV (een veld is langer dan 65.536 tekens)"
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


def test_records_of_a_small_file_by_column_name_in_either_encoding():
    data = "naam;code\nÇelik ; R1\nkort\n".encode("cp1252")
    assert list(csvfiles.records(data, ("code",))) == [
        (2, {"naam": "Çelik", "code": "R1"}),
        (3, {"naam": "kort", "code": ""}),
    ]
    assert list(csvfiles.records("\ufeffcode\nR1\n".encode(), ("code",))) == [(2, {"code": "R1"})]


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
        list(csvfiles.records(data, ("code",)))
