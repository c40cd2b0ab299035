"""The adapter interface: any delivery layout in, rows in the columns of our format out.

The import only knows `COLUMNS` (docs/formats/delivery.md). An adapter recognises its layout
by the header and yields, per data row, its line number and the values in `COLUMNS` order.
The real DUO layout or a vendor's export plugs in as one more adapter in `ADAPTERS`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

from doorstroom.csvfiles import misfit_message

if TYPE_CHECKING:
    from doorstroom.deliveries.models import DeliveryKind

COLUMNS = (
    "record",
    "mutatie",
    "mutatiedatum",
    "bsn",
    "voornamen",
    "voorvoegsel",
    "geslachtsnaam",
    "geboortedatum",
    "straat",
    "huisnummer",
    "huisnummertoevoeging",
    "postcode",
    "woonplaats",
    "gemeentecode",
    "telefoon",
    "email",
    "overlijdensdatum",
    "emigratiedatum",
    "inschrijving_id",
    "brin",
    "vestiging",
    "onderwijssoort",
    "leerweg",
    "uitstroomprofiel",
    "begindatum",
    "einddatum",
    "reden_uitschrijving",
    "resultaat_id",
    "resultaatsoort",
    "resultaatdatum",
)
"""Our delivery columns, in the order every adapter yields them."""

INDEX = {name: position for position, name in enumerate(COLUMNS)}


class Adapter(Protocol):
    name: str
    delivery_kind: DeliveryKind | None
    """The kind of file this layout always is; None for register deliveries (C or P)."""
    columns: tuple[str, ...]

    def matches(self, header: list[str]) -> bool:
        """True when this adapter reads files with this header."""

    def rows(
        self, header: list[str], rows: Iterator[tuple[int, list[str]]]
    ) -> Iterator[tuple[int, list[str]]]:
        """(line number, values in `columns` order) for every row of `rows` (as
        csvfiles.read_table gives them); a `Misfit` for a row whose number of fields does
        not match the header, or that is the header once more."""


class Misfit(list):
    """A row with more or fewer fields than the header (an unquoted separator in a name), or
    the header once more: refused, but with its values as read, so that the refused row keeps
    its text, and with `bsn`, the value in the header's bsn column, so that it keeps
    protecting that person's enrolments and results in a C-levering as any refused row does."""

    bsn = ""
    expected = 0
    """The header's number of fields."""
    header_again = False

    @property
    def message(self) -> str:
        """Why the row is refused, in Dutch: what is wrong and a likely cause."""
        if self.header_again:
            return "deze regel is de kopregel nog eens (twee bestanden achter elkaar gezet?)"
        return misfit_message(len(self), self.expected)


def rows_by_name(
    columns: tuple[str, ...], header: list[str], rows: Iterator[tuple[int, list[str]]]
) -> Iterator[tuple[int, list[str]]]:
    """The rows of a file whose header names our columns, in any order; missing ones empty."""
    positions = [header.index(c) if c in header else None for c in columns]
    width = len(header)
    strip = str.strip
    # our own column order (the usual case): no reordering, one map over the row
    as_is = positions == list(range(width))
    bsn_at = header.index("bsn") if "bsn" in header else width
    has_bsn = bsn_at < width
    for line, values in rows:
        if len(values) != width:
            misfit = Misfit(values)
            misfit.bsn = values[bsn_at].strip() if bsn_at < len(values) else ""
            misfit.expected = width
            yield line, misfit
        elif (
            has_bsn
            and not values[bsn_at][:1].isdigit()  # quick: a row's BSN starts with a digit
            and [value.strip().lower() for value in values] == header
        ):
            again = Misfit(values)
            again.header_again = True
            yield line, again
        elif as_is:
            yield line, list(map(strip, values))
        else:
            yield line, [strip(values[p]) if p is not None else "" for p in positions]
