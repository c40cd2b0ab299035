"""Readers for delivery layouts; the first whose `matches` accepts the header reads the file.

The real DUO layout or a vendor's export plugs in here as one more adapter."""

from __future__ import annotations

from doorstroom.deliveries.adapters.base import Adapter
from doorstroom.deliveries.adapters.doorstroom_v1 import DoorstroomV1
from doorstroom.deliveries.adapters.ib_v1 import InlichtingenbureauV1
from doorstroom.deliveries.adapters.verzuim_v1 import VerzuimV1

ADAPTERS: list[Adapter] = [DoorstroomV1(), VerzuimV1(), InlichtingenbureauV1()]

KNOWN_COLUMNS = frozenset(column for adapter in ADAPTERS for column in adapter.columns)
"""Every column name some layout reads: what a refused header may repeat of itself."""


def adapter_for(header: list[str]) -> Adapter | None:
    return next((adapter for adapter in ADAPTERS if adapter.matches(header)), None)
