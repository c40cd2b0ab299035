"""Who is calling: a machine client with the API key of a school or partner account.

The key is the only way in: no session, no cookie (so no CSRF), no password. A missing,
unknown, revoked or expired key, or a key of an account that was blocked, is 401.
"""

from __future__ import annotations

import re
from typing import Any

from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from doorstroom.api.models import UserAPIKey

KEYWORD = "Api-Key"
KEY = re.compile(r"^[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}$")
"""The library's keys: an 8-character prefix, a dot, a 32-character secret (letters, digits)."""
WRONG_KEY = (
    "De API-sleutel is onbekend, ingetrokken of verlopen, of het account erachter is "
    "geblokkeerd. Vraag de functioneel beheerder van uw regio om een nieuwe sleutel."
)


class ApiKeyAuthentication(BaseAuthentication):
    """`Authorization: Api-Key <prefix>.<secret>`; the key's user is request.user."""

    def authenticate(self, request: Request) -> tuple[Any, UserAPIKey] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        keyword, _, key = header.partition(" ")
        if keyword.lower() != KEYWORD.lower():
            return None  # no key at all: DRF answers 401 (NotAuthenticated) at the permission
        key = key.strip()
        if not KEY.match(key):  # never a NUL or anything odd to the database (PostgreSQL fails)
            raise AuthenticationFailed(WRONG_KEY)
        prefix = key.partition(".")[0]
        found = (
            UserAPIKey.objects.get_usable_keys()
            .select_related("user", "user__region")
            .filter(prefix=prefix)
            .first()
        )
        if found is None or found.has_expired or not found.is_valid(key):
            raise AuthenticationFailed(WRONG_KEY)
        if not found.user.is_active:
            raise AuthenticationFailed(WRONG_KEY)
        return found.user, found

    def authenticate_header(self, request: Request) -> str:
        """What a 401 names in WWW-Authenticate (without it DRF would answer 403)."""
        return KEYWORD
