"""Verzuimmeldingen as the administration package exports them from the ROD (our names for
the fields DOMAIN.md lists; docs/formats/delivery.md, 'Other files')."""

from __future__ import annotations

from collections.abc import Iterator

from doorstroom.deliveries.adapters.base import rows_by_name
from doorstroom.deliveries.models import DeliveryKind

ABSENCE_COLUMNS = (
    "meldingnummer", "bsn", "onderwijsnummer", "brin", "vestiging", "verzuimsoort", "datum",
    "tijd", "vermoedelijke_reden", "toelichting", "actie", "dagen_afwezig", "contactpersoon",
    "schooljaar", "niveau", "leerweg", "status",
)  # fmt: skip


class VerzuimV1:
    name = "verzuimmeldingen versie 1"
    delivery_kind = DeliveryKind.VERZUIM
    columns = ABSENCE_COLUMNS

    def matches(self, header: list[str]) -> bool:
        return "meldingnummer" in header and "verzuimsoort" in header

    def rows(
        self, header: list[str], rows: Iterator[tuple[int, list[str]]]
    ) -> Iterator[tuple[int, list[str]]]:
        return rows_by_name(self.columns, header, rows)
