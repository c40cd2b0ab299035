"""Every error of the API as application/problem+json (RFC 9457), with a Dutch title and
detail, and per field what is wrong (`invalid-params`), as the NL API Design Rules ask
(/core/error-handling/problem-details, /core/error-handling/invalid-input)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from django.template.defaultfilters import filesizeformat, pluralize
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from doorstroom.api.parsers import TooDeep
from doorstroom.api.serializers import WHOLE

PROBLEM_JSON = "application/problem+json"
logger = logging.getLogger(__name__)

TITLES = {
    400: "Ongeldige invoer",
    401: "Niet aangemeld",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Antwoordformaat niet beschikbaar",
    413: "Inhoud te groot",
    415: "Formaat van de inhoud niet ondersteund",
    422: "Verzoek niet te verwerken",
    429: "Te veel verzoeken",
    500: "Interne fout",
}
DETAILS = {
    exceptions.NotAuthenticated: "Stuur een API-sleutel mee als 'Authorization: Api-Key "
    "<sleutel>'. Een sleutel krijgt u van de functioneel beheerder van uw regio.",
    TooDeep: TooDeep.default_detail,
    exceptions.ParseError: "De inhoud is geen geldige JSON.",
    exceptions.UnsupportedMediaType: "Stuur de inhoud als JSON (Content-Type: application/json).",
    exceptions.NotAcceptable: "De API antwoordt alleen in JSON (application/json of "
    "application/problem+json).",
    exceptions.MethodNotAllowed: "Deze methode is hier niet toegestaan.",
    exceptions.NotFound: "Dit bestaat niet, of u hebt er geen toegang toe.",
    exceptions.PermissionDenied: "Dit account mag dit niet via de API.",
}
INVALID = "Een of meer velden zijn niet goed ingevuld; zie invalid-params."
SERVER_ERROR = "Er ging iets mis aan onze kant. Er is niets opgeslagen; probeer het later opnieuw."


class TooLarge(exceptions.APIException):
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE, which Django refuses to read."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def too_large_detail() -> str:
    limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE).replace("\xa0", " ")
    return (
        f"De inhoud is te groot: de API leest ten hoogste {limit} per verzoek. Er is niets "
        "opgeslagen. Stuur één melding per verzoek; een melding is veel kleiner."
    )


def problem(status_code: int, detail: str, **members: Any) -> dict[str, Any]:
    return {
        "type": "about:blank",
        "title": TITLES.get(status_code, "Fout"),
        "status": status_code,
        "detail": detail,
        **members,
    }


def invalid_params(detail: Any) -> list[dict[str, str]]:
    """DRF's errors ({field: [messages]}, or a list for the whole) as name, code, reason."""
    if not isinstance(detail, dict):
        detail = {WHOLE: detail}
    found = []
    for name, errors in detail.items():
        for error in errors if isinstance(errors, list) else [errors]:
            found.append(
                {
                    "name": WHOLE if name == "non_field_errors" else str(name),
                    # a check raised without a code (a form gives "") is "invalid", as DRF's are
                    "code": str(getattr(error, "code", None) or "invalid"),
                    "reason": str(error),
                }
            )
    return found


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    if isinstance(exc, Http404):  # the access module's 404 keeps its Dutch text
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    elif isinstance(exc, RequestDataTooBig):  # Django's refusal to read the body, not a bug
        exc = TooLarge(too_large_detail())
    response = drf_exception_handler(exc, context)
    if response is None:
        # Not an API exception: a bug. Logged (without its message, logs.py), rolled back,
        # and answered in the API's own form instead of the HTML error page.
        logger.error("Onverwachte fout in de API", exc_info=exc)
        set_rollback()
        response = Response(status=status.HTTP_500_INTERNAL_SERVER_ERROR)
        response.data = problem(500, SERVER_ERROR)
    elif isinstance(exc, exceptions.ValidationError):
        response.data = problem(400, INVALID, **{"invalid-params": invalid_params(exc.detail)})
    elif isinstance(exc, exceptions.Throttled):
        wait = (
            f" Probeer het over {exc.wait} seconde{pluralize(exc.wait, 'n')} opnieuw."
            if exc.wait
            else ""
        )
        response.data = problem(429, f"Deze API-sleutel deed te veel verzoeken.{wait}")
    elif isinstance(exc, exceptions.AuthenticationFailed):
        response.data = problem(response.status_code, str(exc.detail))
    elif isinstance(exc, exceptions.NotFound) and exc.args:
        response.data = problem(404, str(exc.detail))
    else:
        detail = next(
            (text for kind, text in DETAILS.items() if isinstance(exc, kind)),
            str(getattr(exc, "detail", "")),
        )
        response.data = problem(response.status_code, detail)
    response.content_type = PROBLEM_JSON
    return response
