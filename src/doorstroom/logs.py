"""Log lines without personal data.

A refused access (403, or 404 for what is outside the user's scope), and any other response with
an error status, is one line with the user's id and the route (ErrorsByRoute), never
the address with its ids; so is a request Django refuses to read (too big, too many fields:
SuspiciousWithoutTraceback).

Our own log calls name a run or a type, never a row. But a traceback ends in the exception's
message, and that is where personal data leaks: a database error quotes the row it refused
(`Key (bsn)=(999990019) already exists`), a parse error the value it could not read. The
formatter keeps every frame (file, line, code) and every exception's type, and leaves out
their messages, for each exception in the chain.
"""

from __future__ import annotations

import logging
import re
import traceback
from types import TracebackType
from urllib.parse import urlsplit

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


def route_of(request: object) -> str:
    """The route pattern of the request's address (`/jongeren/<uuid:public_id>/`), also for a
    request refused before its view was chosen (a wrong method, middleware.py)."""
    from django.urls import Resolver404, resolve

    match = getattr(request, "resolver_match", None)
    if match is None and isinstance(getattr(request, "path_info", None), str):
        try:
            match = resolve(request.path_info, urlconf=getattr(request, "urlconf", None))
        except Resolver404:
            match = None
    return f"/{match.route}" if match is not None else "(geen route)"


ANSWERED = {
    400: "Verzoek niet te verwerken",
    401: "Niet aangemeld",
    403: "Toegang geweigerd",
    404: "Niet gevonden of geen toegang",
    405: "Methode niet toegestaan",
    413: "Verzoek te groot",
    415: "Formaat niet ondersteund",
    422: "Verzoek niet te verwerken",
    429: "Te veel verzoeken",
    500: "Interne fout",
}
"""What the log calls a status; any other 4xx is "Verzoek geweigerd", any other 5xx "Fout"."""


QUOTED_ADDRESS = re.compile(
    r"((?:Referer|Origin) checking failed - )(.*)( does not match any trusted origins\.)"
)
"""A CSRF reason that quotes the header as sent (django/middleware/csrf.py), path and query
too: one of our pages with a person's id when a proxy's origin is not trusted."""


def csrf_reason(reason: str) -> str:
    """Django's reason for a CSRF refusal, with a quoted address cut to its origin: what the
    check compared with the site's own host."""
    quoted = QUOTED_ADDRESS.fullmatch(reason)
    if quoted is None:
        return reason
    before, address, after = quoted.groups()
    parts = urlsplit(address)
    host = parts.netloc.rpartition("@")[2]  # never a user name or password in the log
    origin = f"{parts.scheme}://{host}" if parts.scheme and host else "(geen herkomst)"
    return f"{before}{origin}{after}"


class ErrorsByRoute(logging.Filter):
    """Django's own line of a response with an error status (`django.request` for every 4xx
    and 5xx, `django.security.csrf` for a form without its token) as one line the auditors can
    read: who (the user's id) asked for which route, without the address, whose ids (a
    person's public id, a meldingnummer, whatever was typed) are not for the log. A 4xx also
    loses the traceback that Django adds to a PermissionDenied or a body it could not parse:
    the visitor made the mistake, not the code; a 5xx keeps it (WithoutPersonalData drops its
    messages). The level stays: warning for a 4xx, error for a 5xx."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        request = getattr(record, "request", None)
        if not isinstance(status, int) or status < 400 or request is None:
            return True
        if getattr(record, "route_only", False):
            return True  # rewritten already: logging configured twice has the filter twice
        user_id = getattr(getattr(request, "user", None), "pk", None)
        route = route_of(request)
        what = ANSWERED.get(status, "Verzoek geweigerd" if status < 500 else "Fout")
        code = str(status)
        if record.name == "django.security.csrf":
            code += f", {csrf_reason(record.args[0])}"  # "CSRF token missing." and the like
        record.msg = "%s (%s): gebruiker %s, %s %s"
        record.args = (what, code, user_id or "anoniem", request.method, route)
        if status < 500:
            record.exc_info, record.exc_text = None, None
        record.route_only = True
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
        route = route_of(request)
        method = getattr(request, "method", "?")
        kind = record.name.removeprefix("django.security.")
        record.msg = "Verzoek niet gelezen (%s): gebruiker %s, %s %s"
        record.args = (kind, user_id or "anoniem", method, route)
        record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        record.exc_info, record.exc_text = None, None
        return True
