"""Django settings for Doorstroom: every value from the environment, with a safe default.

docs/settings.md lists them all; it is generated from this file by `doorstroom settings_doc`.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from doorstroom.api import conf as api
from doorstroom.config import (
    as_bool,
    as_header_name,
    as_key,
    as_keys,
    as_list,
    config,
    int_between,
    one_of,
)

ENV = os.environ
PACKAGE_DIR = Path(__file__).resolve().parent

ENVIRONMENT = config(
    ENV,
    "DOORSTROOM_ENV",
    "production",
    "Omgeving: production, demo, development of test. Alleen development zet DEBUG standaard aan; "
    "production eist een geheime sleutel en veilige cookies.",
    one_of("production", "demo", "development", "test"),
)
PRODUCTION = ENVIRONMENT == "production"

CHECKOUT = PACKAGE_DIR.parents[1]
DATA_DIR = Path(
    config(
        ENV,
        "DOORSTROOM_DATA_DIR",
        str(CHECKOUT / "var") if (CHECKOUT / "pyproject.toml").exists() else "var",
        "Map voor de ingebouwde SQLite-database, de gegenereerde geheime sleutel en uploads. "
        "In production een absoluut pad.",
        documented_default="`var/` in de broncode-map (anders in de huidige map)",
    )
).resolve()

DEBUG = config(
    ENV,
    "DOORSTROOM_DEBUG",
    "true" if ENVIRONMENT == "development" else "false",
    "Django's debugmodus (nooit in production: toont interne gegevens bij fouten).",
    as_bool,
    documented_default="`true` in development, anders `false`",
)
if PRODUCTION and not Path(ENV.get("DOORSTROOM_DATA_DIR", "")).is_absolute():
    raise ImproperlyConfigured("DOORSTROOM_DATA_DIR: geef in production een absoluut pad op")
if DEBUG and PRODUCTION:
    raise ImproperlyConfigured("DOORSTROOM_DEBUG: mag niet aan staan met DOORSTROOM_ENV=production")


def _generated_secret_key() -> str:
    """Outside production the key is generated once and kept in the data folder."""
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = config(
    ENV,
    "DOORSTROOM_SECRET_KEY",
    "",
    "Geheime sleutel voor sessies en CSRF (of DOORSTROOM_SECRET_KEY_FILE). Verplicht in "
    "production; daarbuiten wordt hij bij de eerste start gemaakt in de datamap.",
    secret=True,
)
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "DOORSTROOM_SECRET_KEY: verplicht in production (of zet DOORSTROOM_SECRET_KEY_FILE)"
        )
    SECRET_KEY = _generated_secret_key()

# Encryption at rest (crypto.py): AES-256-GCM for confidential text, HMAC-SHA256 for look-ups.
# Outside production fixed demo keys keep a demo database readable across restarts; they
# protect nothing, and production refuses them.
DEMO_ENCRYPTION_KEYS = as_keys("demo:ZGVtby1kb29yc3Ryb29tLW5pZXQtZ2VoZWltLTIwMjY=")
DEMO_LOOKUP_KEY = as_key("ZGVtby1kb29yc3Ryb29tLW9wem9la2VuLTIwMjYteHg=")
ENCRYPTION_KEYS = config(
    ENV,
    "DOORSTROOM_ENCRYPTION_KEYS",
    "",
    "Sleutels voor versleutelde gegevens (AES-256-GCM) als id:sleutel, gescheiden door komma's, "
    "de nieuwste eerst: de nieuwste versleutelt, alle ontsleutelen (sleutelwissel: "
    "docs/operations.md). Een sleutel is 32 willekeurige bytes in base64. Verplicht in "
    "production; daarbuiten een vaste demosleutel.",
    as_keys,
    secret=True,
    documented_default="(leeg; buiten production een vaste demosleutel)",
)
LOOKUP_KEY = config(
    ENV,
    "DOORSTROOM_LOOKUP_KEY",
    "",
    "Sleutel voor de zoekhash (HMAC-SHA256) waarmee versleutelde gegevens toch snel te vinden "
    "zijn: 32 willekeurige bytes in base64. Verplicht in production; daarbuiten een vaste "
    "demosleutel. Na een wissel alle zoekhashes opnieuw berekenen met `doorstroom rehash_bsns` "
    "(docs/operations.md).",
    lambda value: as_key(value) if value.strip() else b"",
    secret=True,
    documented_default="(leeg; buiten production een vaste demosleutel)",
)
if PRODUCTION:
    demo_in_use = {
        "DOORSTROOM_ENCRYPTION_KEYS": bool(
            {key for _, key in ENCRYPTION_KEYS} & {key for _, key in DEMO_ENCRYPTION_KEYS}
        ),
        "DOORSTROOM_LOOKUP_KEY": LOOKUP_KEY == DEMO_LOOKUP_KEY,
    }
    for name, value in (
        ("DOORSTROOM_ENCRYPTION_KEYS", ENCRYPTION_KEYS),
        ("DOORSTROOM_LOOKUP_KEY", LOOKUP_KEY),
    ):
        if not value:
            raise ImproperlyConfigured(f"{name}: verplicht in production (of zet {name}_FILE)")
        if demo_in_use[name]:
            raise ImproperlyConfigured(f"{name}: de demosleutel mag niet in production")
ENCRYPTION_KEYS = ENCRYPTION_KEYS or DEMO_ENCRYPTION_KEYS
LOOKUP_KEY = LOOKUP_KEY or DEMO_LOOKUP_KEY

ALLOWED_HOSTS = config(
    ENV,
    "DOORSTROOM_ALLOWED_HOSTS",
    "localhost,127.0.0.1,[::1]",
    "Hostnamen waaronder de site bereikbaar is, gescheiden door komma's.",
    as_list,
)

DATABASE_URL = config(
    ENV,
    "DATABASE_URL",
    f"sqlite:///{DATA_DIR / 'doorstroom.sqlite3'}",
    "De database: sqlite:///pad/naar/bestand.sqlite3 (ingebouwd, standaard) of "
    "postgres://gebruiker:wachtwoord@host:5432/naam (productie).",
    documented_default="`sqlite:///<DOORSTROOM_DATA_DIR>/doorstroom.sqlite3`",
)


def _database(url: str) -> dict:
    if not url.startswith(("sqlite:", "postgres:", "postgresql:")):
        raise ImproperlyConfigured(
            f"DATABASE_URL: alleen sqlite:// en postgres:// worden ondersteund, niet {url.split(':')[0]!r}"
        )
    try:
        database = dj_database_url.parse(url, conn_max_age=60 if url.startswith("postgres") else 0)
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL: {error}") from None
    if database["ENGINE"] == "django.db.backends.sqlite3":
        if database["NAME"] not in ("", ":memory:"):
            Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # WAL lets pages read while an import writes; IMMEDIATE avoids lock upgrades that
        # fail at once, and the timeout makes a writer wait for the lock instead of failing.
        database["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return database


DATABASES = {"default": _database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    # The libraries' apps under a Dutch heading in /beheer/ (doorstroom/library_apps.py).
    "doorstroom.library_apps.TwoFactorConfig",
    "doorstroom.library_apps.LockOutConfig",
    # Not "rest_framework": its Dutch translations would replace Django's own on every page
    # ("Dit veld is vereist." for "Dit veld is verplicht."); the API writes its own messages.
    "doorstroom.library_apps.APIKeyLibraryConfig",
    "drf_spectacular",
    "doorstroom.accounts",
    "doorstroom.regions",
    "doorstroom.people",
    "doorstroom.deliveries",
    "doorstroom.signals",
    "doorstroom.cases",
    "doorstroom.monitor",
    "doorstroom.retention",
    "doorstroom.partners",
    "doorstroom.programme",
    "doorstroom.demo",
    "doorstroom.operations",
    "doorstroom.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files keep their caching), before the rest (their answers too).
    "doorstroom.middleware.NoStoreMiddleware",
    "doorstroom.accounts.audit.RequestAddressMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "doorstroom.accounts.middleware.IdleTimeoutMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "doorstroom.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Inside the headers' middleware: the page it makes gets the same headers as any other.
    "doorstroom.middleware.MethodNotAllowedPageMiddleware",
    # Before the CSRF check (a view's middleware step) reads the form: a body larger than its
    # page takes is refused by its Content-Length, unread.
    "doorstroom.middleware.BodyTooLargeMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "doorstroom.urls"
WSGI_APPLICATION = "doorstroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "doorstroom.accounts.context_processors.navigation",
            ],
            "libraries": {"formtags": "doorstroom.formtags"},
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username and IP before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "doorstroom.accounts.backends.ModelBackendWithRegion",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if ENVIRONMENT == "test":
    # Argon2 is slow on purpose; tests create many users and prove nothing about hashing.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Two-factor (accounts/two_factor.py): TOTP codes from an authenticator app, via django-otp.
OTP_TOTP_ISSUER = "Doorstroom"
# An app's secret is shown once, when it is linked: not in /beheer/ afterwards (no key, no QR
# code of another user's app; accounts/admin.py's AuthenticatorAppAdmin).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Lock-out (django-axes): 5 failed log-ins for one username from one IP address lock that
# combination for 30 minutes; a successful log-in clears the count. Our own audit log records
# every attempt, so axes keeps no access log of its own.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_CALLABLE = "doorstroom.accounts.views.locked_out"
# Behind reverse proxies the client's address comes from the header they append to, counted
# from the right (accounts/client_address.py); the audit log takes the same address.
AXES_CLIENT_IP_CALLABLE = "doorstroom.accounts.client_address.client_address"
if ENVIRONMENT == "test":
    # Not its start message ("AXES: BEGIN version ...") in every test process's output;
    # elsewhere axes keeps its default (AXES_VERBOSE follows AXES_ENABLED).
    AXES_VERBOSE = False
TRUSTED_PROXIES = config(
    ENV,
    "DOORSTROOM_TRUSTED_PROXIES",
    "0",
    "Het aantal reverse proxies vóór Doorstroom die het adres van de cliënt achteraan "
    "DOORSTROOM_CLIENT_ADDRESS_HEADER zetten. 0: het adres van de verbinding (REMOTE_ADDR). "
    "Bij N telt het N-de adres van rechts; wat de cliënt zelf links in de header zet, telt "
    "nooit. Bepaalt de blokkade na mislukte pogingen en het IP-adres in het logboek.",
    int_between(0, 10),
)
CLIENT_ADDRESS_HEADER = config(
    ENV,
    "DOORSTROOM_CLIENT_ADDRESS_HEADER",
    "X-Forwarded-For",
    "De header waarin de proxies het adres van de cliënt doorgeven (alleen gelezen als "
    "DOORSTROOM_TRUSTED_PROXIES meer dan 0 is), bijvoorbeeld X-Forwarded-For of X-Real-IP.",
    as_header_name,
)
CLIENT_ADDRESS_META = "HTTP_" + CLIENT_ADDRESS_HEADER.upper().replace("-", "_")

# Single sign-on through a municipality's OpenID Connect provider (accounts/oidc.py).
OIDC_RP_CLIENT_ID = config(
    ENV,
    "DOORSTROOM_OIDC_CLIENT_ID",
    "",
    "Eenmalig inloggen (OpenID Connect): de client-id bij de identity provider. Leeg: uit.",
)
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = config(
    ENV,
    "DOORSTROOM_OIDC_CLIENT_SECRET",
    "",
    "Eenmalig inloggen: het client secret.",
    secret=True,
)
OIDC_OP_AUTHORIZATION_ENDPOINT = config(
    ENV,
    "DOORSTROOM_OIDC_AUTHORIZATION_ENDPOINT",
    "",
    "Eenmalig inloggen: authorization endpoint van de identity provider (https://...).",
)
OIDC_OP_TOKEN_ENDPOINT = config(
    ENV, "DOORSTROOM_OIDC_TOKEN_ENDPOINT", "", "Eenmalig inloggen: token endpoint."
)
OIDC_OP_USER_ENDPOINT = config(
    ENV, "DOORSTROOM_OIDC_USER_ENDPOINT", "", "Eenmalig inloggen: userinfo endpoint."
)
OIDC_OP_JWKS_ENDPOINT = config(
    ENV,
    "DOORSTROOM_OIDC_JWKS_ENDPOINT",
    "",
    "Eenmalig inloggen: JWKS endpoint met de sleutels waarmee de provider tokens ondertekent.",
)
OIDC_RP_SIGN_ALGO = config(
    ENV,
    "DOORSTROOM_OIDC_SIGN_ALGO",
    "RS256",
    "Eenmalig inloggen: ondertekeningsalgoritme van de ID-tokens.",
    one_of("RS256", "ES256"),
)
OIDC_MATCH_CLAIM = config(
    ENV,
    "DOORSTROOM_OIDC_MATCH_CLAIM",
    "preferred_username",
    "Eenmalig inloggen: de claim die een bestaand account aanwijst, op gebruikersnaam "
    "(preferred_username) of e-mailadres (email). Accounts worden nooit automatisch gemaakt.",
    one_of("preferred_username", "email"),
)
OIDC_IDP_ENFORCES_MFA = config(
    ENV,
    "DOORSTROOM_OIDC_IDP_ENFORCES_MFA",
    "false",
    "Eenmalig inloggen: zet alleen aan als de identity provider zelf altijd een tweede factor "
    "eist; dan vraagt Doorstroom na eenmalig inloggen geen eigen code meer.",
    as_bool,
)
OIDC_PROVIDER_NAME = config(
    ENV,
    "DOORSTROOM_OIDC_PROVIDER_NAME",
    "uw gemeente",
    "Eenmalig inloggen: naam van de identity provider op de knop (Inloggen via ...).",
)
OIDC_RP_SCOPES = "openid email profile"
OIDC_CREATE_USER = False
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
LOGIN_REDIRECT_URL_FAILURE = "/inloggen/"
if OIDC_ENABLED:
    missing = [
        name
        for name, value in (
            ("DOORSTROOM_OIDC_AUTHORIZATION_ENDPOINT", OIDC_OP_AUTHORIZATION_ENDPOINT),
            ("DOORSTROOM_OIDC_TOKEN_ENDPOINT", OIDC_OP_TOKEN_ENDPOINT),
            ("DOORSTROOM_OIDC_USER_ENDPOINT", OIDC_OP_USER_ENDPOINT),
            ("DOORSTROOM_OIDC_JWKS_ENDPOINT", OIDC_OP_JWKS_ENDPOINT),
            ("DOORSTROOM_OIDC_CLIENT_SECRET", OIDC_RP_CLIENT_SECRET),
        )
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            f"{missing[0]}: verplicht als DOORSTROOM_OIDC_CLIENT_ID is gezet (eenmalig inloggen)"
        )
    AUTHENTICATION_BACKENDS.append("doorstroom.accounts.oidc.DoorstroomOIDCBackend")

SESSION_IDLE_MINUTES = config(
    ENV,
    "DOORSTROOM_SESSION_IDLE_MINUTES",
    "30",
    "Bovengrens: na zoveel minuten zonder activiteit moet opnieuw worden ingelogd. Elke regio "
    "stelt haar eigen termijn in (standaard 30 minuten); die kan korter zijn, niet langer "
    "(5 tot 480, als bij een regio).",
    int_between(5, 480),  # regions.Region.session_idle_minutes
)
# The idle timeout is the middleware's (accounts.middleware.IdleTimeoutMiddleware): the session
# itself lives a little longer and is saved only when it changes (the last activity, at most
# once a minute), not on every page view.
SESSION_COOKIE_AGE = int(timedelta(minutes=SESSION_IDLE_MINUTES + 2).total_seconds())
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "doorstroom.views.csrf_failure"  # in Dutch, with what to do
SECURE_COOKIES = config(
    ENV,
    "DOORSTROOM_SECURE_COOKIES",
    "true" if PRODUCTION else "false",
    "Cookies alleen over HTTPS versturen (aan in production).",
    as_bool,
    documented_default="`true` in production, anders `false`",
)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_HSTS_SECONDS = 31_536_000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_SSL_REDIRECT = config(
    ENV,
    "DOORSTROOM_SSL_REDIRECT",
    "true" if PRODUCTION else "false",
    "Verzoeken over HTTP doorsturen naar HTTPS (aan in production; achter een proxy ook "
    "DOORSTROOM_BEHIND_TLS_PROXY aanzetten).",
    as_bool,
    documented_default="`true` in production, anders `false`",
)
# HSTS preload binds the whole domain for years and is the domain owner's decision, made at
# hstspreload.org, not the application's; HSTS itself is on in production.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if config(
    ENV,
    "DOORSTROOM_BEHIND_TLS_PROXY",
    "false",
    "Aan als een reverse proxy TLS afhandelt en X-Forwarded-Proto: https meestuurt.",
    as_bool,
):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline script or style anywhere: every page passes this policy as it stands.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

DELIVERY_WORKER = config(
    ENV,
    "DOORSTROOM_DELIVERY_WORKER",
    "thread",
    "Wie geüploade leveringen inleest: thread (in het webproces, de ingebouwde standaard), "
    "external (aparte `doorstroom worker`-processen, voor productie) of inline (meteen, "
    "tijdens het uploadverzoek; voor tests en hele kleine installaties).",
    one_of("thread", "external", "inline"),
)
UPLOAD_MAX_MEGABYTES = config(
    ENV,
    "DOORSTROOM_UPLOAD_MAX_MB",
    "4096",
    "Grootste levering die via de uploadpagina mag worden aangeboden, in MB (minstens 1).",
    int_between(1, 1_048_576),
)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger uploads stream to a temporary file
# The most a request may send besides its files (form fields, an API body): Django's default,
# written out because the pages and the API name it when they refuse more (413, in Dutch).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Retention (retention/): the periods of the installation itself; a region's own periods
# for the files on young people are set per region (RetentionPolicy, in /beheer/).
RETENTION_RUNNER = config(
    ENV,
    "DOORSTROOM_RETENTION_RUNNER",
    "thread",
    "Wie de dagelijkse bewaartermijnen-taak draait: thread (in het webproces, de ingebouwde "
    "standaard), worker (de `doorstroom worker`-processen) of cron (`doorstroom retention "
    "--dagelijks` uit cron of een systemd-timer). Meer processen tegelijk is veilig: één run per dag.",
    one_of("thread", "worker", "cron"),
)
RETENTION_HOUR = config(
    ENV,
    "DOORSTROOM_RETENTION_HOUR",
    "2",
    "Vanaf dit uur (Nederlandse tijd, 0-23) draait de dagelijkse bewaartermijnen-taak.",
    int_between(0, 23),
)
AUDIT_RETENTION_YEARS = config(
    ENV,
    "DOORSTROOM_AUDIT_RETENTION_YEARS",
    "5",
    "Jaren dat een regel van het auditlog bewaard blijft (2 tot 20). Standaard 5: BIO 12.4.2 laat "
    "de termijn aan een risicoafweging, NEN 7513 vraagt minstens 2 jaar en de Staatscourant "
    "2019, 38007 koos 5 jaar voor logging in de zorg (docs/security.md).",
    int_between(2, 20),
)
UPLOAD_RETENTION_DAYS = config(
    ENV,
    "DOORSTROOM_UPLOAD_RETENTION_DAYS",
    "30",
    "Dagen dat een geüpload leveringsbestand na het inlezen bewaard blijft (1 tot 365): de "
    "inhoud staat dan in het register; het bestand dient alleen om een probleem na te gaan.",
    int_between(1, 365),
)
REJECTED_ROWS_RETENTION_DAYS = config(
    ENV,
    "DOORSTROOM_REJECTED_ROWS_RETENTION_DAYS",
    "90",
    "Dagen dat geweigerde regels van een levering bewaard blijven (1 tot 365): lang genoeg om "
    "ze met de aanleverende school of DUO op te lossen.",
    int_between(1, 365),
)

API_THROTTLE_RATE = config(
    ENV,
    "DOORSTROOM_API_THROTTLE_RATE",
    "120/min",
    "Hoeveel verzoeken één API-sleutel mag doen, als aantal/eenheid (sec, min, hour of day), "
    "bijvoorbeeld 120/min; daarboven antwoordt de API 429. Geteld per webproces.",
    api.throttle_rate,
)
# The API (docs/api.md): a machine client of a school or partner authenticates with its key
# only; no session, so no cookie and no CSRF. Errors are application/problem+json.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["doorstroom.api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["doorstroom.api.permissions.MayReport"],
    "DEFAULT_THROTTLE_CLASSES": ["doorstroom.api.throttling.PerKeyThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["doorstroom.api.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "doorstroom.api.problems.exception_handler",
    "UNAUTHENTICATED_USER": None,
    "UNICODE_JSON": True,
}
SPECTACULAR_SETTINGS = api.SPECTACULAR_SETTINGS

LANGUAGE_CODE = config(
    ENV,
    "DOORSTROOM_LANGUAGE_CODE",
    "nl",
    "Taal van de gebruikersinterface; alleen Nederlands (nl) wordt geleverd.",
    one_of("nl"),
)


def _time_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"'{name}' is geen tijdzone (bijvoorbeeld Europe/Amsterdam)") from None
    return name


TIME_ZONE = config(
    ENV,
    "DOORSTROOM_TIME_ZONE",
    "Europe/Amsterdam",
    "Tijdzone voor datums en tijden; een peildatum is een Nederlandse kalenderdag.",
    _time_zone,
)
USE_I18N = True
# Our Dutch for what Django 5.2, django-axes and the admin's scripts leave in English
# (locale/nl/LC_MESSAGES: django.po, djangojs.po; compiled by scripts/compile_translations.py).
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_TZ = True

# Documents and letters in cases: in the data folder, never served as static files; they go
# out only through the case's access check (cases.views.dossier.document).
MEDIA_ROOT = DATA_DIR / "files"
DOCUMENT_MAX_MEGABYTES = config(
    ENV,
    "DOORSTROOM_DOCUMENT_MAX_MB",
    "20",
    "Grootste document (pdf, foto, Office-bestand) dat een medewerker bij een dossier mag "
    "voegen, in MB (minstens 1).",
    int_between(1, 1_048_576),
)


def _letters_dir(value: str) -> Path | None:
    if value and not Path(value).is_dir():
        raise ValueError(f"{value} bestaat niet of is geen map")
    return Path(value) if value else None


LETTERS_DIR = config(
    ENV,
    "DOORSTROOM_LETTERS_DIR",
    "",
    "Map met eigen teksten voor de brieven uit een dossier, als Django-sjablonen: "
    "loket/brief.txt voor de hele installatie of regiocode/loket/brief.txt voor één regio, "
    "bijvoorbeeld RMC11/doorstroompunt/uitnodiging.txt (loket: doorstroompunt of leerplicht; "
    "brief: uitnodiging, herinnering, huisbezoek, oproep). Wat er niet staat, komt uit de "
    "meegeleverde teksten (src/doorstroom/templates/cases/letters/). Leeg: alleen die.",
    _letters_dir,
)

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Outside production WhiteNoise serves straight from the app folders; production serves the
# files that `doorstroom collectstatic` gathered, with hashed names.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = ENVIRONMENT == "development"
if PRODUCTION:
    STATIC_ROOT = DATA_DIR / "static"
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Tracebacks without the exceptions' messages: those can quote personal data (logs.py).
    "formatters": {"plain": {"()": "doorstroom.logs.WithoutPersonalData"}},
    # A 403, a 404 or any other error status, and a request too big to read, as one line
    # with user id and route, without the address (logs.py).
    "filters": {
        "by_route": {"()": "doorstroom.logs.ErrorsByRoute"},
        "suspicious": {"()": "doorstroom.logs.SuspiciousWithoutTraceback"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["suspicious"],
        }
    },
    "loggers": {
        "django.request": {"filters": ["by_route"]},
        "django.security.csrf": {"filters": ["by_route"]},
    },
    "root": {
        "handlers": ["console"],
        "level": config(
            ENV,
            "DOORSTROOM_LOG_LEVEL",
            "INFO",
            "Logniveau (DEBUG, INFO, WARNING, ERROR). Logregels bevatten nooit persoonsgegevens.",
            one_of("DEBUG", "INFO", "WARNING", "ERROR"),
        ),
    },
}
