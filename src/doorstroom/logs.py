"""Log lines without personal data.

A refused access (403, or 404 for what is outside the user's scope) is one warning line with
the user's id and the route (RefusalsWithoutTraceback), never the address with its ids; so is
a request Django refuses to read (too big, too many fields: SuspiciousWithoutTraceback).

Our own log calls name a run or a type, never a row. But a traceback ends in the exception's
message, and that is where personal data leaks: a database error quotes the row it refused
(`Key (bsn)=(999990019) already exists`), a parse error the value it could not read. The
formatter keeps every frame (file, line, code) and every exception's type, and leaves out
their messages, for each exception in the chain.
"""

from __future__ import annotations

import logging
import traceback
from types import TracebackType

REDACTED = "(melding weggelaten: kan persoonsgegevens bevatten)"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def _chain(error: BaseException) -> list[BaseException]:
    """The exception and the ones it came from, the first cause first."""
    seen: list[BaseException] = []
    while error is not None and all(error is not other for other in seen):
        seen.append(error)
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    return seen[::-1]


class WithoutPersonalData(logging.Formatter):
    def formatException(self, ei: ExcInfo) -> str:
        lines: list[str] = []
        for error in _chain(ei[1]):
            if lines:
                lines.append("\nDe fout hierboven leidde tot:\n")
            lines.append("Traceback (most recent call last):\n")
            lines.extend(traceback.format_tb(error.__traceback__))
            kind = type(error)
            lines.append(f"{kind.__module__}.{kind.__qualname__}: {REDACTED}\n")
        return "".join(lines).rstrip("\n")

    def format(self, record: logging.LogRecord) -> str:
        # Another handler may have cached the full traceback on the record: never use that.
        cached = record.exc_text
        record.exc_text = self.formatException(record.exc_info) if record.exc_info else None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached


REFUSED = {403: "Toegang geweigerd", 404: "Niet gevonden of geen toegang"}


class RefusalsWithoutTraceback(logging.Filter):
    """Django's own lines of a 403 or 404 (`django.request`, once per response) as one line the
    auditors can read: who (the user's id) asked for which route, without the traceback that
    Django adds to a PermissionDenied and without the address, whose ids (a person's public
    id, a meldingnummer, whatever was typed) are not for the log. The level stays: warning."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        request = getattr(record, "request", None)
        if status not in REFUSED or request is None:
            return True
        user_id = getattr(getattr(request, "user", None), "pk", None)
        match = getattr(request, "resolver_match", None)
        route = f"/{match.route}" if match is not None else "(geen route)"
        record.msg = "%s (%s): gebruiker %s, %s %s"
        record.args = (REFUSED[status], status, user_id or "anoniem", request.method, route)
        record.exc_info, record.exc_text = None, None
        return True


class SuspiciousWithoutTraceback(logging.Filter):
    """Django's line for a request it refuses to read (`django.security.<kind>`: a body over
    DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields or files, another host) as one warning with
    the kind, the user's id and the route: the visitor gets the Dutch 413 or 400 page, and a
    traceback would send whoever reads the log looking for a bug that is not there. On the
    handler, because a filter on the `django.security` logger would not see its children's
    records."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("django.security.") or record.exc_info is None:
            return True
        request = getattr(record, "request", None)
        user_id = getattr(getattr(request, "user", None), "pk", None)
        match = getattr(request, "resolver_match", None)
        route = f"/{match.route}" if match is not None else "(geen route)"
        method = getattr(request, "method", "?")
        kind = record.name.removeprefix("django.security.")
        record.msg = "Verzoek niet gelezen (%s): gebruiker %s, %s %s"
        record.args = (kind, user_id or "anoniem", method, route)
        record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        record.exc_info, record.exc_text = None, None
        return True
