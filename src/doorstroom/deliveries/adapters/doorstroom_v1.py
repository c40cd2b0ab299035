"""Our own format, version 1 (docs/formats/delivery.md): columns by name, in any order."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from doorstroom.deliveries.adapters.base import COLUMNS

REQUIRED = ("record", "bsn")


class DoorstroomV1:
    name = "Doorstroom-levering versie 1"

    def matches(self, header: list[str]) -> bool:
        return all(column in header for column in REQUIRED)

    def rows(
        self, header: list[str], reader: Iterator[list[str]], line_of: Callable[[], int]
    ) -> Iterator[tuple[int, list[str] | None]]:
        positions = [header.index(c) if c in header else None for c in COLUMNS]
        width = len(header)
        for values in reader:
            if len(values) != width:
                if not any(v.strip() for v in values):
                    continue
                yield line_of(), None
                continue
            yield line_of(), [values[p].strip() if p is not None else "" for p in positions]
