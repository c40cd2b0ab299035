"""Our own register format, version 1 (docs/formats/delivery.md): columns by name, any order."""

from __future__ import annotations

from collections.abc import Iterator

from doorstroom.deliveries.adapters.base import COLUMNS, rows_by_name


class DoorstroomV1:
    name = "Doorstroom-levering versie 1"
    delivery_kind = None
    columns = COLUMNS

    def matches(self, header: list[str]) -> bool:
        return "record" in header and "bsn" in header

    def rows(
        self, header: list[str], rows: Iterator[tuple[int, list[str]]]
    ) -> Iterator[tuple[int, list[str]]]:
        return rows_by_name(self.columns, header, rows)
