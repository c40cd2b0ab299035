"""The Inlichtingenbureau's monthly priority file: BSN and priority 1 to 5."""

from __future__ import annotations

from collections.abc import Iterator

from doorstroom.deliveries.adapters.base import rows_by_name
from doorstroom.deliveries.models import DeliveryKind

PRIORITY_COLUMNS = ("bsn", "prioriteit")


class InlichtingenbureauV1:
    name = "prioriteiten Inlichtingenbureau versie 1"
    delivery_kind = DeliveryKind.PRIORITIES
    columns = PRIORITY_COLUMNS

    def matches(self, header: list[str]) -> bool:
        return "prioriteit" in header and "bsn" in header and "record" not in header

    def rows(
        self, header: list[str], rows: Iterator[tuple[int, list[str]]]
    ) -> Iterator[tuple[int, list[str]]]:
        return rows_by_name(self.columns, header, rows)
