"""The OpenAPI document: what drf-spectacular reads from the views, plus what the NL API
Design Rules ask of every operation (an API-Version header, problem details for errors)."""

from __future__ import annotations

import functools
import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.generators import SchemaGenerator
from rest_framework import exceptions

from doorstroom.api import conf
from doorstroom.api.idempotency import HEADER
from doorstroom.api.problems import DETAILS, PROBLEM_JSON, TITLES, problem


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """How the document names the key (authentication.ApiKeyAuthentication)."""

    target_class = "doorstroom.api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema: Any) -> dict:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <sleutel>`: de sleutel die de functioneel beheerder voor "
            "uw account maakte (één keer getoond).",
        }


VERSION_HEADER = {
    "API-Version": {
        "description": "De volledige versie van de API (semver), bijvoorbeeld 1.0.0.",
        "schema": {"type": "string", "example": conf.VERSION},
    }
}
PROBLEM = {
    "type": "object",
    "description": "Een fout als problem details (RFC 9457), in het Nederlands.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri-reference", "example": "about:blank"},
        "title": {"type": "string", "example": "Ongeldige invoer"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599, "example": 400},
        "detail": {"type": "string"},
        "invalid-params": {
            "type": "array",
            "description": "Per veld wat er niet goed is (alleen bij 400).",
            "items": {
                "type": "object",
                "required": ["name", "code", "reason"],
                "properties": {
                    "name": {"type": "string", "example": "geboortedatum"},
                    "code": {"type": "string", "example": "invalid"},
                    "reason": {"type": "string", "example": "Vul de geboortedatum in."},
                },
            },
        },
    },
}
ERRORS = {
    "get": ("401", "403", "406", "429"),
    "post": ("400", "401", "403", "406", "413", "415", "429"),
}
DESCRIPTIONS = {
    "NieuweMelding": "Een melding zoals een school of ketenpartner die doet: de velden van het "
    "meldformulier. Een veld dat de API niet kent, wordt geweigerd.",
    "Melding": "Een melding zoals de melder die deed, met de status zoals DUO die kent; nooit "
    "wat het register over de jongere weet (ook niet of die al bekend was).",
    "MeldingenPagina": "Een pagina van de eigen meldingen, de nieuwste eerst.",
}
WITH_IDEMPOTENCY_KEY = ("422",)
"""A creating POST with an Idempotency-Key can be sent the key of another request (422)."""
WITH_PARAMETERS = ("400", "404")
"""A GET with a page number or a meldingnummer can be asked for one that is wrong (400) or
does not exist for the caller (404)."""


def add_problems_and_headers(result: dict, generator: Any, **kwargs: Any) -> dict:
    """drf-spectacular's post-processing hook (SPECTACULAR_SETTINGS)."""
    result["components"]["schemas"]["Problem"] = PROBLEM
    for path in result["paths"].values():
        for method, operation in path.items():
            codes = list(ERRORS[method])
            parameters = operation.get("parameters", [])
            if method == "get" and parameters:
                codes += WITH_PARAMETERS
            if any(p["in"] == "header" and p["name"] == HEADER for p in parameters):
                codes += WITH_IDEMPOTENCY_KEY
            for code in sorted(codes):
                operation["responses"][code] = {
                    "description": TITLES[int(code)],
                    "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
                }
            for response in operation["responses"].values():
                response["headers"] = {**VERSION_HEADER, **response.pop("headers", {})}
    for schema in result["components"]["schemas"].values():
        for field in schema.get("properties", {}).values():
            if field.get("nullable") and "oneOf" in field and "type" not in field:
                # An optional choice (a text code or null): OpenAPI 3.0 wants a type beside
                # "nullable", or the example cannot be checked against it.
                field["type"] = "string"
    for name, text in DESCRIPTIONS.items():
        result["components"]["schemas"][name]["description"] = text
    # An unknown field in a melding is refused (400), so the document says so.
    result["components"]["schemas"]["NieuweMelding"]["additionalProperties"] = False
    return result


@functools.cache
def document() -> bytes:
    """The document, made once per process (the same for every installation)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return (json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode()


@csrf_exempt  # changes nothing; a POST of a machine client gets the API's 405, not the CSRF page
def openapi(request: HttpRequest) -> HttpResponse:
    """GET /api/v1/openapi.json: public, as the Design Rules ask (/core/publish-openapi), and
    HEAD with it (RFC 9110 9.1, as every endpoint of the API); another method is a 405
    problem, like everywhere in the API."""
    if request.method in ("GET", "HEAD"):
        response = HttpResponse(document(), content_type="application/json")
    else:
        refusal = problem(405, DETAILS[exceptions.MethodNotAllowed])
        response = HttpResponse(json.dumps(refusal), content_type=PROBLEM_JSON, status=405)
        response["Allow"] = "GET, HEAD"
    response["API-Version"] = conf.VERSION
    return response
