"""The adapter interface: any delivery layout in, rows in the columns of our format out.

The import only knows `COLUMNS` (docs/formats/delivery.md). An adapter recognises its layout
by the header and yields, per data row, its line number and the values in `COLUMNS` order.
The real DUO layout or a vendor's export plugs in as one more adapter in `ADAPTERS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Protocol

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

    def matches(self, header: list[str]) -> bool:
        """True when this adapter reads files with this header."""

    def rows(
        self, header: list[str], reader: Iterator[list[str]], line_of: Callable[[], int]
    ) -> Iterator[tuple[int, list[str] | None]]:
        """(line number, values in COLUMNS order) for every data row; None for a row whose
        number of fields does not match the header."""
