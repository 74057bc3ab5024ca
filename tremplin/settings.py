"""Tremplin settings: read from environment variables only.

Development defaults are safe (local addresses, console e-mail, SQLite in the data folder).
With DEBUG off (the default), the production mode refuses to start without a SECRET_KEY,
an ALLOWED_HOSTS list and a NIR hashing key, and `manage.py check --deploy` reports nothing.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on", "oui"}:
        return True
    if value.lower() in {"0", "false", "no", "off", "non"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0), got {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

DATA_DIR = Path(os.environ.get("TREMPLIN_DATA_DIR", PROJECT_DIR / "data")).resolve()

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (production mode).")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdefghijkl"

# The NIR (numéro de sécurité sociale) is never stored in clear: only a keyed hash, for
# duplicate detection. The key must not change once people have been recorded.
NIR_HASH_KEY = os.environ.get("TREMPLIN_NIR_HASH_KEY", "")
if not NIR_HASH_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("TREMPLIN_NIR_HASH_KEY must be set when DEBUG is off.")
    NIR_HASH_KEY = "dev-only-nir-hash-key"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Two-factor authentication is required for every staff account. The demo may relax it;
# production refuses to start with it relaxed.
REQUIRE_2FA = env_bool("TREMPLIN_REQUIRE_2FA", True)
# Social-rights estimate (optional OpenFisca-France): load the engine in the background when a
# counselor opens the form, so that the first estimate of a process does not wait for it.
RIGHTS_WARM_UP = env_bool("TREMPLIN_RIGHTS_WARM_UP", True)
# Retention of people's files (CNIL référentiel « accompagnement social »): anonymised this
# many months after the last activity. Never shorter than a year (the funders' reports).
TREMPLIN_RETENTION_MONTHS = int(os.environ.get("TREMPLIN_RETENTION_MONTHS", "24"))
if TREMPLIN_RETENTION_MONTHS < 12:
    raise ImproperlyConfigured("TREMPLIN_RETENTION_MONTHS must be at least 12.")
if not REQUIRE_2FA and not DEBUG:
    raise ImproperlyConfigured(
        "TREMPLIN_REQUIRE_2FA=0 is only allowed in development (DEBUG=1): "
        "two-factor authentication is mandatory for staff in production."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_htmx",
    "template_partials",
    "simple_history",
    "ninja",
    "tremplin.core",
    "tremplin.accounts",
    "tremplin.referentials",
    "tremplin.audit",
    "tremplin.people",
    "tremplin.reception",
    "tremplin.diagnosis",
    "tremplin.network",
    "tremplin.agenda",
    "tremplin.pathways",
    "tremplin.immersions",
    "tremplin.employment",
    "tremplin.fse",
    "tremplin.employers",
    "tremplin.projects",
    "tremplin.matching",
    "tremplin.practice",
    "tremplin.territory",
    "tremplin.rights",
    "tremplin.reporting",
    "tremplin.workshops",
    "tremplin.documents",
    "tremplin.portal",
    "tremplin.privacy",
    "tremplin.dataexport",
    "tremplin.api",
    "tremplin.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tremplin.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tremplin.accounts.middleware.ActiveMembershipMiddleware",
    "tremplin.accounts.middleware.TwoFactorRequiredMiddleware",
    # After the login checks: a tablet handed round a workshop opens its sign-in page only.
    "tremplin.workshops.kiosk.SignInTabletMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tremplin.urls"
WSGI_APPLICATION = "tremplin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tremplin.accounts.context_processors.membership",
                "tremplin.diagnosis.context_processors.open_alerts",
            ],
            "string_if_invalid": os.environ.get("TREMPLIN_TEMPLATE_STRING_IF_INVALID", ""),
            # French agreement (« 0 commande ») in every template, without {% load %}.
            "builtins": ["tremplin.core.templatetags.french"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'tremplin.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the development server read while a request writes; IMMEDIATE avoids
        # "database is locked" errors on concurrent writes.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TREMPLIN_TEST_SQLITE_NAME") or None}
    # The partner directory's covering indexes (INCLUDE) serve PostgreSQL's index-only scans;
    # SQLite builds the same indexes without their extra columns, which is all it needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: it costs tens of milliseconds on the short queries of a web request and
    # gains nothing on them (measured by bench/, see bench/RESULTS.md).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
# The home view sends each role to its own first page (a structure admin who reads no
# file to the team page, not to a refused list).
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# CNIL délibération 2022-100: see docs/security.md.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "tremplin.accounts.passwords.CnilEntropyValidator"},
]

# Lock-out: 5 failures for one e-mail from one address, then 15 minutes of waiting.
AXES_FAILURE_LIMIT = int(os.environ.get("TREMPLIN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Successful logins are not recorded by axes (Django keeps last_login); failures are, for the lock-out.
AXES_DISABLE_ACCESS_LOG = True
# Behind reverse proxies that each append the address they saw to X-Forwarded-For, the
# client is the entry this many places from the right (0: no proxy, REMOTE_ADDR).
TREMPLIN_PROXY_COUNT = int(os.environ.get("TREMPLIN_PROXY_COUNT", "0"))
# The login lock-out and the rate limit of public forms read the client the same way.
AXES_CLIENT_IP_CALLABLE = "tremplin.core.ratelimit.client_address"

OTP_TOTP_ISSUER = "Tremplin"
# Support staff never see TOTP secrets or recovery codes in the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

SESSION_COOKIE_AGE = 60 * 60 * 8  # one working day
SESSION_IDLE_TIMEOUT = 60 * 60  # seconds without activity before logging out
# The person's own space (« Mon espace »): often a shared or public device, so a short idle
# timeout; invitation links live 48 hours, links asked for from the public page one hour.
PERSON_SPACE_IDLE_TIMEOUT = int(os.environ.get("TREMPLIN_PERSON_SPACE_IDLE_MINUTES", "15")) * 60
PERSON_SPACE_INVITATION_HOURS = 48
PERSON_SPACE_RENEWAL_MINUTES = 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# In development, static files come straight from the source folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    # Uploaded documents are private: stored outside any served folder, delivered only by
    # views that check access first.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "documents", "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DOCUMENT_MAX_SIZE = int(os.environ.get("TREMPLIN_DOCUMENT_MAX_SIZE", str(10 * 1024 * 1024)))

# E-mail: console in development, SMTP in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Tremplin <ne-pas-repondre@tremplin.invalid>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
TREMPLIN_BASE_URL = os.environ.get("TREMPLIN_BASE_URL", "http://127.0.0.1:8000")
# SMS gateway for appointment invitations and reminders: dotted path of a class with
# `send_sms(to, text)` (see tremplin/agenda/sms.py). The default only logs a masked number.
TREMPLIN_SMS_BACKEND = os.environ.get(
    "TREMPLIN_SMS_BACKEND", "tremplin.agenda.sms.ConsoleSmsBackend"
)

# Map of the partner directory: any XYZ tile server (an empty URL shows the markers on a
# blank background; the list of results never depends on the tiles).
TREMPLIN_MAP_TILES_URL = os.environ.get(
    "TREMPLIN_MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
TREMPLIN_MAP_ATTRIBUTION = os.environ.get(
    "TREMPLIN_MAP_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">les contributeurs d’OpenStreetMap</a>',
)

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("TREMPLIN_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs never contain personal data: URLs carry only ids, and request bodies are not logged.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Secrets carried by links (answer links, iCal feeds) never reach the logs.
    "filters": {"mask_secrets": {"()": "tremplin.core.logging.MaskSecretsFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own loggers write through the same filtered handler, once.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
FORM_RENDERER = "tremplin.core.forms.FormRenderer"
