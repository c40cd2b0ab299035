"""Settings come from the environment; a wrong value stops start-up with a clear message."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from doorstroom.operations.settings_doc import render

DOCS = Path(__file__).resolve().parents[4] / "docs" / "settings.md"
REAL_KEYS = {
    "DOORSTROOM_ENCRYPTION_KEYS": f"2027a:{base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}",
    "DOORSTROOM_LOOKUP_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
}
DEMO_KEY = "ZGVtby1kb29yc3Ryb29tLW5pZXQtZ2VoZWltLTIwMjY="


def start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter, as a server start would."""
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DOORSTROOM_", "DATABASE_URL"))
    }
    clean.update({"DOORSTROOM_DATA_DIR": str(tmp_path), **env})
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import doorstroom.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])",
        ],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"DOORSTROOM_ENV": "prod"},
            "DOORSTROOM_ENV: kies uit production, demo, development, test, niet 'prod'",
        ),
        ({"DOORSTROOM_ENV": "production"}, "DOORSTROOM_SECRET_KEY: verplicht in production"),
        (
            {
                "DOORSTROOM_ENV": "production",
                "DOORSTROOM_SECRET_KEY": "x" * 50,
                "DOORSTROOM_DEBUG": "true",
            },
            "DOORSTROOM_DEBUG: mag niet aan staan met DOORSTROOM_ENV=production",
        ),
        (
            {"DOORSTROOM_ENV": "demo", "DOORSTROOM_DEBUG": "misschien"},
            "DOORSTROOM_DEBUG: verwacht een ja/nee-waarde",
        ),
        (
            {"DOORSTROOM_ENV": "demo", "DATABASE_URL": "mysql://x/y"},
            "DATABASE_URL: alleen sqlite:// en postgres://",
        ),
        (
            {"DOORSTROOM_ENV": "demo", "DOORSTROOM_SESSION_IDLE_MINUTES": "half"},
            "DOORSTROOM_SESSION_IDLE_MINUTES: verwacht een geheel getal",
        ),
        (
            {"DOORSTROOM_ENV": "demo", "DOORSTROOM_SESSION_IDLE_MINUTES": "-5"},
            "DOORSTROOM_SESSION_IDLE_MINUTES: verwacht 5 tot en met 480, niet -5",
        ),
        (
            {"DOORSTROOM_ENV": "demo", "DOORSTROOM_UPLOAD_MAX_MB": "0"},
            "DOORSTROOM_UPLOAD_MAX_MB: verwacht 1 tot en met",
        ),
        (
            {"DOORSTROOM_ENV": "demo", "DOORSTROOM_DOCUMENT_MAX_MB": "-1"},
            "DOORSTROOM_DOCUMENT_MAX_MB: verwacht 1 tot en met",
        ),
        (
            {"DOORSTROOM_ENV": "demo", "DOORSTROOM_TRUSTED_PROXIES": "-1"},
            "DOORSTROOM_TRUSTED_PROXIES: verwacht 0 tot en met 10, niet -1",
        ),
        (
            {"DOORSTROOM_ENV": "demo", "DOORSTROOM_CLIENT_ADDRESS_HEADER": "X-Forwarded-For: x"},
            "DOORSTROOM_CLIENT_ADDRESS_HEADER: verwacht de naam van een HTTP-header",
        ),
        (
            {"DOORSTROOM_ENV": "demo", "DOORSTROOM_TIME_ZONE": "Europe/Deventer"},
            "DOORSTROOM_TIME_ZONE: 'Europe/Deventer' is geen tijdzone",
        ),
        (
            {"DOORSTROOM_ENV": "demo", "DOORSTROOM_LANGUAGE_CODE": "en"},
            "DOORSTROOM_LANGUAGE_CODE: kies uit nl",
        ),
        (
            {
                "DOORSTROOM_ENV": "production",
                "DOORSTROOM_SECRET_KEY": "x" * 50,
                "DOORSTROOM_DATA_DIR": "var",
            },
            "DOORSTROOM_DATA_DIR: geef in production een absoluut pad op",
        ),
        (
            {"DOORSTROOM_ENV": "production", "DOORSTROOM_SECRET_KEY_FILE": "/bestaat/niet"},
            "DOORSTROOM_SECRET_KEY_FILE: kan /bestaat/niet niet lezen",
        ),
        (
            {"DOORSTROOM_ENV": "production", "DOORSTROOM_SECRET_KEY": "x" * 50},
            "DOORSTROOM_ENCRYPTION_KEYS: verplicht in production",
        ),
        (
            {
                "DOORSTROOM_ENV": "production",
                "DOORSTROOM_SECRET_KEY": "x" * 50,
                "DOORSTROOM_ENCRYPTION_KEYS": REAL_KEYS["DOORSTROOM_ENCRYPTION_KEYS"],
            },
            "DOORSTROOM_LOOKUP_KEY: verplicht in production",
        ),
        (
            {
                "DOORSTROOM_ENV": "production",
                "DOORSTROOM_SECRET_KEY": "x" * 50,
                **REAL_KEYS,
                "DOORSTROOM_ENCRYPTION_KEYS": f"mijn-sleutel:{DEMO_KEY}",
            },
            "DOORSTROOM_ENCRYPTION_KEYS: de demosleutel mag niet in production",
        ),
        (
            {"DOORSTROOM_ENV": "demo", "DOORSTROOM_ENCRYPTION_KEYS": "k1:kort"},
            "DOORSTROOM_ENCRYPTION_KEYS: sleutel 'k1' is 3 bytes; verwacht 32",
        ),
        (
            {"DOORSTROOM_ENV": "demo", "DOORSTROOM_LOOKUP_KEY": "geen base64!"},
            "DOORSTROOM_LOOKUP_KEY: de sleutel is geen base64",
        ),
    ],
)
def test_wrong_values_stop_start_up_with_the_variable_and_the_problem(tmp_path, env, message):
    result = start(tmp_path, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


@pytest.mark.parametrize("traceback", [False, True])
def test_a_command_names_a_wrong_setting_in_one_line(tmp_path, traceback):
    """`doorstroom migrate` on a production machine without its secret key tells the operator
    which variable is missing, not fifty lines of Django's start-up; --traceback shows them."""
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DOORSTROOM_", "DATABASE_URL"))
    }
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    clean.update({"DOORSTROOM_DATA_DIR": str(tmp_path), "DOORSTROOM_ENV": "production"})
    result = subprocess.run(
        [sys.executable, "-m", "doorstroom", "migrate", *(["--traceback"] if traceback else [])],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    if traceback:
        assert "Traceback" in result.stderr
    else:
        assert result.stderr == (
            "doorstroom: verkeerde instelling: DOORSTROOM_SECRET_KEY: verplicht in production "
            "(of zet DOORSTROOM_SECRET_KEY_FILE) (zie docs/settings.md)\n"
        )


def test_the_idle_minutes_are_bounded_as_a_regions_are(tmp_path):
    """The installation's ceiling takes what a region may choose (Region.session_idle_minutes),
    and nothing outside it."""
    from doorstroom.regions.models import Region

    validators = Region._meta.get_field("session_idle_minutes").validators
    low, high = sorted(v.limit_value for v in validators)
    for outside in (low - 1, high + 1):
        result = start(
            tmp_path, DOORSTROOM_ENV="demo", DOORSTROOM_SESSION_IDLE_MINUTES=str(outside)
        )
        assert f"verwacht {low} tot en met {high}, niet {outside}" in result.stderr
    assert (
        start(tmp_path, DOORSTROOM_ENV="demo", DOORSTROOM_SESSION_IDLE_MINUTES=str(high)).returncode
        == 0
    )


def test_defaults_are_an_sqlite_file_without_debug_and_a_stored_secret_key(tmp_path):
    result = start(tmp_path, DOORSTROOM_ENV="demo")
    assert result.stdout.split() == ["False", "django.db.backends.sqlite3"]
    key = tmp_path / "secret_key"
    assert key.exists()
    assert oct(key.stat().st_mode)[-3:] == "600"
    first = key.read_text()
    start(tmp_path, DOORSTROOM_ENV="demo")
    assert key.read_text() == first


def test_production_reads_the_secret_from_a_file(tmp_path):
    secret = tmp_path / "key"
    secret.write_text("s" * 50)
    keys = tmp_path / "keys"
    keys.write_text(REAL_KEYS["DOORSTROOM_ENCRYPTION_KEYS"] + "\n")
    result = start(
        tmp_path,
        DOORSTROOM_ENV="production",
        DOORSTROOM_SECRET_KEY_FILE=str(secret),
        DOORSTROOM_ENCRYPTION_KEYS_FILE=str(keys),
        DOORSTROOM_LOOKUP_KEY=REAL_KEYS["DOORSTROOM_LOOKUP_KEY"],
    )
    assert result.returncode == 0, result.stderr


def test_docs_list_every_setting_as_the_code_declares_it():
    assert DOCS.read_text() == render(), (
        "docs/settings.md is verouderd: doorstroom settings_doc > docs/settings.md"
    )


def test_the_production_configuration_passes_the_deploy_check(tmp_path):
    """`manage.py check --deploy` in a fresh interpreter, as an installation would run it."""
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DOORSTROOM_", "DATABASE_URL"))
    }
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    clean.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests, never in production
    clean.update(
        DOORSTROOM_ENV="production",
        DOORSTROOM_SECRET_KEY=secrets.token_urlsafe(50),
        DOORSTROOM_DATA_DIR=str(tmp_path),
        DOORSTROOM_ALLOWED_HOSTS="doorstroom.example.nl",
        **REAL_KEYS,
    )
    result = subprocess.run(
        [sys.executable, "-m", "doorstroom", "check", "--deploy", "--fail-level", "WARNING"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout


@pytest.mark.parametrize(("environment", "announced"), [("test", False), ("demo", True)])
def test_axes_announces_its_start_except_in_the_tests(tmp_path, environment, announced):
    """django-axes logs 'AXES: BEGIN version ...' at start-up; the test settings silence it
    (AXES_VERBOSE), an installation's start-up keeps it."""
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DOORSTROOM_", "DATABASE_URL"))
    }
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    clean.update(DOORSTROOM_ENV=environment, DOORSTROOM_DATA_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "doorstroom", "check"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert ("AXES: BEGIN version" in result.stdout + result.stderr) is announced
