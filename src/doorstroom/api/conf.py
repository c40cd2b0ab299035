"""The API's own settings, read by settings.py: plain Python, no Django imports (settings.py
imports this module before the apps are loaded)."""

from __future__ import annotations

import re

VERSION = "1.0.0"
"""The full version of the API (semver): every answer carries it in `API-Version`; the major
version is in the path, /api/v1/ (NL API Design Rules, /core/version-header, /core/uri-version)."""

RATE = re.compile(r"^[1-9][0-9]{0,5}/(sec|min|hour|day)$")


def throttle_rate(value: str) -> str:
    """A rate as DRF's throttling reads it: 120/min."""
    value = value.strip()
    if not RATE.match(value):
        raise ValueError(f"schrijf een aantal per eenheid, bijvoorbeeld 120/min, niet {value!r}")
    return value


SPECTACULAR_SETTINGS = {
    "TITLE": "Doorstroom API",
    "DESCRIPTION": (
        "Meldingen van scholen en ketenpartners aan het Doorstroompunt (voorheen RMC): een "
        "jongere melden en de status van de eigen meldingen volgen. Een sleutel krijgt u van "
        "de functioneel beheerder van uw regio; stuur hem mee als `Authorization: Api-Key "
        "<sleutel>`. Fouten komen als application/problem+json (RFC 9457)."
    ),
    "VERSION": VERSION,
    "CONTACT": {
        "name": "Functioneel beheer van het Doorstroompunt",
        "email": "beheer@doorstroom.example.nl",
        "url": "https://doorstroom.example.nl/",
    },
    "LICENSE": {
        "name": "EUPL-1.2",
        "url": "https://interoperable-europe.ec.europa.eu/collection/eupl",
    },
    # Each installation has its own host; the document is the same for all of them.
    "SERVERS": [
        {
            "url": "https://{host}/api/v1",
            "description": "De Doorstroom-installatie van uw regio",
            "variables": {
                "host": {
                    "default": "doorstroom.example.nl",
                    "description": "De hostnaam van de installatie",
                }
            },
        }
    ],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "doorstroom.api.schema.add_problems_and_headers",
    ],
    "DISABLE_ERRORS_AND_WARNINGS": False,
}
