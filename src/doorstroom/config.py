"""Settings from the environment, each declared once with its default and its help text.

Every call to `config` is recorded, so `doorstroom settings_doc` can write docs/settings.md
from the code itself. A value that cannot be read raises ImproperlyConfigured at start-up
with the name of the variable and what is wrong; a secret may come from NAME_FILE instead.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help_text: str
    secret: bool
    documented_default: str


REGISTRY: dict[str, Setting] = {}

TRUE = {"1", "true", "yes", "on", "ja"}
FALSE = {"0", "false", "no", "off", "nee", ""}


def as_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise ValueError(f"verwacht een ja/nee-waarde (true/false), niet {value!r}")


def as_int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"verwacht een geheel getal, niet {value!r}") from None


def int_between(minimum: int, maximum: int) -> Callable[[str], int]:
    def cast(value: str) -> int:
        number = as_int(value)
        if not minimum <= number <= maximum:
            raise ValueError(f"verwacht {minimum} tot en met {maximum}, niet {number}")
        return number

    return cast


def as_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


HEADER_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9-]{0,63}$")


def as_header_name(value: str) -> str:
    name = value.strip()
    if not HEADER_NAME.match(name):
        raise ValueError(
            f"verwacht de naam van een HTTP-header (letters, cijfers, -), niet {value!r}"
        )
    return name


KEY_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,15}$")
KEY_BYTES = 32


def as_key(value: str, what: str = "de sleutel") -> bytes:
    """32 random bytes in base64 (standard or URL-safe). The error never repeats the value: it is a secret."""
    text = value.strip().replace("-", "+").replace("_", "/")
    try:
        key = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"{what} is geen base64") from None
    if len(key) != KEY_BYTES:
        raise ValueError(f"{what} is {len(key)} bytes; verwacht {KEY_BYTES} (256 bits)")
    return key


def as_keys(value: str) -> tuple[tuple[str, bytes], ...]:
    """`id:key,id:key`, the newest first: the newest encrypts, all of them decrypt."""
    keys: list[tuple[str, bytes]] = []
    for part in as_list(value):
        key_id, colon, encoded = part.partition(":")
        if not colon or not KEY_ID.match(key_id):
            raise ValueError(
                "verwacht id:sleutel, gescheiden door komma's, met een id van kleine letters, "
                "cijfers en streepjes (hoogstens 16 tekens)"
            )
        if any(key_id == known for known, _ in keys):
            raise ValueError(f"sleutel-id {key_id!r} staat er twee keer in")
        keys.append((key_id, as_key(encoded, f"sleutel {key_id!r}")))
    return tuple(keys)


def one_of(*choices: str) -> Callable[[str], str]:
    def cast(value: str) -> str:
        if value not in choices:
            raise ValueError(f"kies uit {', '.join(choices)}, niet {value!r}")
        return value

    return cast


def config(
    environ: dict[str, str],
    name: str,
    default: str,
    help_text: str,
    cast: Callable[[str], Any] = str,
    *,
    secret: bool = False,
    documented_default: str = "",
) -> Any:
    """Read NAME (or, for a secret, the contents of the file named by NAME_FILE).

    `documented_default` describes a default that depends on other settings, for the docs.
    """
    REGISTRY[name] = Setting(name, default, help_text, secret, documented_default or f"`{default}`")
    raw = environ.get(name)
    if raw is None and secret and environ.get(f"{name}_FILE"):
        path = Path(environ[f"{name}_FILE"])
        try:
            raw = path.read_text().strip()
        except OSError as error:
            raise ImproperlyConfigured(f"{name}_FILE: kan {path} niet lezen ({error})") from None
    if raw is None:
        raw = default
    try:
        return cast(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name}: {error}") from None
