"""The adapter interface: any delivery layout in, rows in the columns of our format out.

The import only knows `COLUMNS` (docs/formats/delivery.md). An adapter recognises its layout
by the header and yields, per data row, its line number and the values in `COLUMNS` order.
The real DUO layout or a vendor's export plugs in as one more adapter in `ADAPTERS`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

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
    ) -> Iterator[tuple[int, list[str] | None]]:
        """(line number, values in `columns` order) for every row of `rows` (as
        csvfiles.read_table gives them); None for a row whose number of fields does not
        match the header."""


def rows_by_name(
    columns: tuple[str, ...], header: list[str], rows: Iterator[tuple[int, list[str]]]
) -> Iterator[tuple[int, list[str] | None]]:
    """The rows of a file whose header names our columns, in any order; missing ones empty."""
    positions = [header.index(c) if c in header else None for c in columns]
    width = len(header)
    strip = str.strip
    # our own column order (the usual case): no reordering, one map over the row
    as_is = positions == list(range(width))
    for line, values in rows:
        if len(values) != width:
            yield line, None
        elif as_is:
            yield line, list(map(strip, values))
        else:
            yield line, [strip(values[p]) if p is not None else "" for p in positions]
