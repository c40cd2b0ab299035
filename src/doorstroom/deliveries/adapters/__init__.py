"""Readers for delivery layouts; the first whose `matches` accepts the header reads the file."""

from __future__ import annotations

from doorstroom.deliveries.adapters.base import Adapter
from doorstroom.deliveries.adapters.doorstroom_v1 import DoorstroomV1

ADAPTERS: list[Adapter] = [DoorstroomV1()]


def adapter_for(header: list[str]) -> Adapter | None:
    return next((adapter for adapter in ADAPTERS if adapter.matches(header)), None)
