"""Django settings for boso, read from environment variables.

Development defaults apply only when DEBUG is on; in production every secret and
host must be given explicitly, and a wrong value stops start-up with the
variable's name (see boso.env).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from boso.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("BOSO_VAR_DIR", default=str(BASE_DIR / "var")))
# The shared data folder (seeds, statistics files) sits beside the repository.
SHARED_DIR = Path(env_str("BOSO_SHARED_DIR", default=str(BASE_DIR.parent / "shared")))

DEBUG = env_bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY", default="dev-only-insecure-key-not-for-production-use-0123")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = env_str("SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_htmx",
    "axes",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "boso.core",
    "boso.accounts",
    "boso.municipalities",
    "boso.statistics",
    "boso.selection",
    "boso.programmes",
    "boso.plans",
    "boso.reports",
    "boso.documents",
    "boso.api",
    "boso.demo",
]

MIDDLEWARE = [
    "boso.core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, whose check reads (and so parses and stores) the request body.
    "boso.core.uploads.UploadSizeMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last: it turns lockouts raised by authentication into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "boso.urls"
WSGI_APPLICATION = "boso.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "boso.core.context_processors.navigation",
            ],
        },
    },
]


# WAL lets readers go on while one writer commits; IMMEDIATE takes the write lock at
# BEGIN so concurrent writers wait (up to the timeout) instead of failing.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def _database() -> dict[str, object]:
    # Production names its database explicitly; only development falls back to SQLite.
    url = env_str("DATABASE_URL", default="" if DEBUG else None)
    if url:
        try:
            config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        except Exception as exc:  # dj-database-url raises several types for bad URLs
            raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
        if config.get("ENGINE") not in {
            "django.db.backends.postgresql",
            "django.db.backends.sqlite3",
        }:
            raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL or SQLite")
        if config["ENGINE"] == "django.db.backends.sqlite3":
            config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
        return dict(config)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "boso.sqlite3",
        "OPTIONS": dict(SQLITE_OPTIONS),
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling: five failures for one username from one address lock it out.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", default=15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind reverse proxies the client address is in X-Forwarded-For; without this every
# client would share the proxy's address and one attacker could lock out everybody.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "boso.core.client_ip.client_ip"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "boso" / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["boso.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# In development (and tests) static files come straight from the finders;
# production serves the collected, hashed and compressed copies in STATIC_ROOT.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
NODE_MODULES = BASE_DIR / "node_modules"
# Only the front-end files we use are exposed, each under a stable prefix.
STATICFILES_DIRS = [
    ("vendor/designsystemet-css", NODE_MODULES / "@digdir" / "designsystemet-css" / "dist" / "src"),
    ("vendor/designsystemet-theme", NODE_MODULES / "@digdir" / "designsystemet-theme" / "brand"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    # Charts: vega-embed's bundle carries vega-interpreter (CSP-safe expressions).
    ("vendor/vega", NODE_MODULES / "vega" / "build"),
    ("vendor/vega-lite", NODE_MODULES / "vega-lite" / "build"),
    ("vendor/vega-embed", NODE_MODULES / "vega-embed" / "build"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # /healthz is answered before SecurityMiddleware, so load balancers may use plain HTTP.

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="boso@localhost")
EMAIL_HOST = env_str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
# The address people reach boso at, for links in e-mails.
BOSO_BASE_URL = env_str("BOSO_BASE_URL", default="http://127.0.0.1:8000")

# Background tasks (statistics imports) are rows in the database, run by
# `manage.py db_worker` (`make run` starts one beside the server). Tests run them at once.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Statistics imports in the browser: uploads and downloads are kept outside the web root
# (nothing under it is served) until the import is done or cancelled. The worker reads
# them from here, so the web server and the worker must share this folder.
STATISTICS_IMPORT_DIR = VAR_DIR / "imports"
STATISTICS_IMPORT_MAX_BYTES = env_int("BOSO_IMPORT_MAX_MB", default=200, minimum=1) * 1024 * 1024
# Hosts the server may download statistics from when a user gives a URL ("*": any host).
STATISTICS_IMPORT_URL_HOSTS = env_list("BOSO_IMPORT_URL_HOSTS", default=["data.ssb.no"])
# Larger files are previewed by the worker instead of in the request.
STATISTICS_IMPORT_INLINE_MAX_BYTES = 5 * 1024 * 1024
STATISTICS_IMPORT_INLINE_MAX_CELLS = 100_000

# Application attachments (political decisions …): outside the web root, served only
# through a permission check. Shared by every app server.
PROGRAMME_ATTACHMENT_DIR = VAR_DIR / "attachments"
# The region syntheses' PDFs, made in the background: outside the web root, served
# only through a permission check.
SYNTHESIS_DOCUMENT_DIR = VAR_DIR / "syntheses"
PROGRAMME_ATTACHMENT_MAX_BYTES = (
    env_int("BOSO_ATTACHMENT_MAX_MB", default=20, minimum=1) * 1024 * 1024
)

# Bodies of views without a file (forms, API calls) are bounded by this, unread
# (boso.core.uploads); uploads larger than FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MiB, Django's default, made explicit
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
NINJA_PAGINATION_PER_PAGE = 100
NINJA_PAGINATION_MAX_LIMIT = 1000

LOG_LEVEL = env_choice("LOG_LEVEL", choices=["DEBUG", "INFO", "WARNING", "ERROR"], default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"axes": {"level": "WARNING"}},
}
