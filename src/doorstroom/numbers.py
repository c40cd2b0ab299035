"""Numbers as Dutch writes them, in messages, pages and the command line: a point between
thousands (4.312) and a comma before the decimals (0,4)."""

from __future__ import annotations


def thousands(number: float) -> str:
    """A whole number (a float rounded) with a point between thousands: 4.312, 12.345."""
    return f"{number:,.0f}".replace(",", ".")


def decimal(number: float, places: int = 1) -> str:
    """A number with a decimal comma: 0,4."""
    return f"{number:.{places}f}".replace(".", ",")
