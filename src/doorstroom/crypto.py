"""Encryption at rest: authenticated encryption of text, a keyed hash for look-ups, and the
model field that uses them.

A value is stored as `v1:<key id>:<base64 of nonce + ciphertext + tag>`, AES-256-GCM with a
random 96-bit nonce; the `v1:<key id>:` header is authenticated too, so it cannot be changed
without the value failing to decrypt. The key id says which key of DOORSTROOM_ENCRYPTION_KEYS
decrypts a value, so keys can rotate (`doorstroom rotate_keys`, docs/operations.md): the newest
key encrypts, every listed key decrypts.

An encrypted value cannot be searched. Where a look-up is needed (the BSN), store beside it
`lookup_hash(value)`: HMAC-SHA256 with DOORSTROOM_LOOKUP_KEY cut to its first 128 bits (32 hex
digits), equal for equal values and useless without that key (the width: docs/security.md).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import models
from django.db.models import Lookup

from doorstroom.config import KEY_ID

VERSION = "v1"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A stored value that cannot be decrypted: an unknown key, or changed since written."""


def _keys() -> dict[str, bytes]:
    return dict(settings.ENCRYPTION_KEYS)


def current_key_id() -> str:
    """The id of the newest key, the one that encrypts."""
    return settings.ENCRYPTION_KEYS[0][0]


@lru_cache(maxsize=16)
def _cipher(key: bytes) -> AESGCM:
    return AESGCM(key)


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encrypt(plaintext: str) -> str:
    """Encrypt with the newest key; every call gives a different result for the same text."""
    key_id, key = settings.ENCRYPTION_KEYS[0]
    header = f"{VERSION}:{key_id}:"
    nonce = os.urandom(NONCE_BYTES)
    sealed = _cipher(key).encrypt(nonce, plaintext.encode("utf-8"), header.encode("ascii"))
    return header + _b64encode(nonce + sealed)


def key_id_of(token: str) -> str:
    """The id of the key that encrypted `token`."""
    version, _, rest = token.partition(":")
    key_id, colon, _ = rest.partition(":")
    if version != VERSION or not colon:
        raise DecryptionError("Dit is geen versleutelde waarde van Doorstroom (v1:sleutel-id:...).")
    return key_id


def decrypt(token: str) -> str:
    key_id = key_id_of(token)
    key = _keys().get(key_id)
    if key is None:
        raise DecryptionError(
            f"De sleutel {key_id!r} ontbreekt in DOORSTROOM_ENCRYPTION_KEYS: zet hem terug "
            "(achteraan) tot `doorstroom rotate_keys` alles opnieuw heeft versleuteld."
        )
    header = f"{VERSION}:{key_id}:"
    try:
        sealed = _b64decode(token[len(header) :])
        plaintext = _cipher(key).decrypt(
            sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], header.encode("ascii")
        )
    except (InvalidTag, ValueError):
        raise DecryptionError(
            f"Een waarde versleuteld met sleutel {key_id!r} is beschadigd of gewijzigd."
        ) from None
    return plaintext.decode("utf-8")


class Sealer:
    """`encrypt` for many values in a row (the import, a value per delivered person): the
    newest key's cipher and header bound once, and the random nonces drawn from os.urandom
    a block at a time. Each value gets its own nonce, as from `encrypt`."""

    NONCES_PER_BLOCK = 4096

    def __init__(self) -> None:
        key_id, key = settings.ENCRYPTION_KEYS[0]
        self.header = f"{VERSION}:{key_id}:"
        self._aad = self.header.encode("ascii")
        self._encrypt = _cipher(key).encrypt
        self._nonces: list[bytes] = []

    def __call__(self, plaintext: str) -> str:
        if not self._nonces:
            block = os.urandom(NONCE_BYTES * self.NONCES_PER_BLOCK)
            self._nonces = [block[i : i + NONCE_BYTES] for i in range(0, len(block), NONCE_BYTES)]
        nonce = self._nonces.pop()
        sealed = self._encrypt(nonce, plaintext.encode("utf-8"), self._aad)
        return self.header + _b64encode(nonce + sealed)


@lru_cache(maxsize=4)
def _keyed(key: bytes) -> hmac.HMAC:
    return hmac.new(key, digestmod=hashlib.sha256)


LOOKUP_HASH_BYTES = 16
"""The look-up hash keeps the first 128 bits of the HMAC-SHA256 (RFC 2104 section 5, NIST SP
800-107: a truncated HMAC keeps its strength up to the length kept): every index and join on
it compares 32 hex digits instead of 64. Why 128 bits suffice: docs/security.md."""


def lookup_hash(value: str) -> str:
    """A keyed hash (HMAC-SHA256 cut to 128 bits, 32 hex digits) to find an encrypted value by
    its plaintext. Normalise first (the BSN: its nine digits), or equal values hash differently."""
    return lookup_hasher()(value)


def lookup_hasher() -> Callable[[str], str]:
    """`lookup_hash` for many values in a row (the import, a BSN per delivered row): the key
    read from the settings once, not for each value (a third of a hash's time)."""
    # a copy of the keyed state: the key is not set up again for each of millions of rows
    copy = _keyed(settings.LOOKUP_KEY).copy

    def hashed(value: str) -> str:
        keyed = copy()
        keyed.update(value.encode("utf-8"))
        return keyed.digest()[:LOOKUP_HASH_BYTES].hex()

    return hashed


class EncryptedTextField(models.TextField):
    """Text stored encrypted; Python code sees the plaintext.

    It cannot be searched, sorted meaningfully, indexed or unique: only `__isnull` and the
    rotation's `__encrypted_with` / `__not_encrypted_with=<key id>` are allowed, and any other look-up is an error
    rather than a query that silently never matches. An empty text is stored empty.
    """

    description = "tekst, versleuteld opgeslagen (AES-256-GCM)"
    ALLOWED_LOOKUPS = frozenset({"isnull", "encrypted_with", "not_encrypted_with"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        for option in ("unique", "db_index", "primary_key"):
            if kwargs.get(option):
                raise TypeError(f"EncryptedTextField kan niet {option}=True zijn: versleuteld.")
        super().__init__(*args, **kwargs)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return value if value in (None, "") else decrypt(value)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        value = super().get_db_prep_value(value, connection, prepared)
        return value if value in (None, "") else encrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in self.ALLOWED_LOOKUPS:
            return None
        return super().get_lookup(lookup_name)


class LookupHashField(models.CharField):
    """A `lookup_hash` (32 hex digits), compared byte by byte: on PostgreSQL with the "C"
    collation, since the database's own (nl_NL.UTF-8, C.UTF-8) would compare every pair of
    hashes in joins and index builds through the locale, several times slower. (SQLite
    compares text bytewise already.)"""

    description = "opzoekwaarde (HMAC-SHA256, hexadecimaal)"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 2 * LOOKUP_HASH_BYTES)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple:
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 2 * LOOKUP_HASH_BYTES:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def db_parameters(self, connection: Any) -> dict:
        parameters = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            parameters["collation"] = "C"
        return parameters


def _key_pattern(key_id: str) -> str:
    """LIKE pattern of the values under one key ('' for any key). Key ids are lower-case
    letters, digits and '-' (config.KEY_ID): nothing LIKE treats specially."""
    if not isinstance(key_id, str) or (key_id and not KEY_ID.match(key_id)):
        raise ValueError(f"verwacht een sleutel-id, niet {key_id!r}")
    return f"{VERSION}:{key_id}:%" if key_id else f"{VERSION}:%"


@EncryptedTextField.register_lookup
class EncryptedWith(Lookup):
    """Values encrypted with this key (or with any key, for '')."""

    lookup_name = "encrypted_with"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list]:
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} LIKE %s", [*params, _key_pattern(self.rhs)]


@EncryptedTextField.register_lookup
class NotEncryptedWith(Lookup):
    """Values encrypted with another key than this one: what a key rotation rewrites."""

    lookup_name = "not_encrypted_with"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list]:
        lhs, params = self.process_lhs(compiler, connection)
        return (
            f"({lhs} LIKE %s AND {lhs} NOT LIKE %s)",
            [*params, _key_pattern(""), *params, _key_pattern(self.rhs)],
        )
