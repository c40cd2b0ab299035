"""The API's JSON parser: DRF's, with a limit on how deep the JSON may nest. A melding is one
flat object; JSON nested thousands deep made Python's parser run out of stack (a 500), and
JSON that just parsed could still do so in the code that reads it after."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, parsers

MAX_DEPTH = 32
"""Objects and arrays within each other; a melding needs one (RFC 8259 section 9 lets a
parser set this limit)."""


class TooDeep(exceptions.ParseError):
    default_detail = (
        f"De inhoud is geen geldige JSON voor deze API: objecten en lijsten zijn dieper dan "
        f"{MAX_DEPTH} niveaus in elkaar genest. Een melding is één JSON-object met tekst en "
        "getallen."
    )
    default_code = "too_deep"


def nested_deeper_than(data: Any, limit: int) -> bool:
    """Whether objects and arrays nest deeper than `limit`, found without recursion."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            if depth > limit:
                return True
            pending.extend((item, depth + 1) for item in value)
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise TooDeep from None
        if nested_deeper_than(data, MAX_DEPTH):
            raise TooDeep
        return data
