"""
Settings for Hồ sơ Đại hội.

Everything that differs between a laptop and a production server is read from the
environment, explicitly, here:

- DJANGO_DEBUG=1 turns on debug mode (never in production).
- DJANGO_SECRET_KEY is required unless debug mode is on.
- DJANGO_ALLOWED_HOSTS is a comma-separated list of host names.
- DATABASE_URL selects the database (postgres://user:pass@host/name); SQLite by default.
- DJANGO_HTTPS=1 turns on the settings for serving behind HTTPS, through one reverse
  proxy that sets X-Forwarded-Proto and appends the client's address to X-Forwarded-For.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# The project's top folder: this file is congress/site/settings.py.
BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string in production, "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = [
    host.strip() for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if host.strip()
]
if DEBUG:
    ALLOWED_HOSTS += ["127.0.0.1", "localhost", "[::1]", "testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    # The read API (congress.api); listed for its documentation page's static files.
    "ninja",
    "import_export",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "records",
    "congress",
    "congress.site",
    "congress.tooling",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A database busy past its wait (SQLite during a long import) is a 503 page, not a 500.
    "congress.site.busy.DatabaseBusyMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "congress.site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "congress.site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Python's sqlite3 keeps the last 128 statements it ran prepared. An import's multi-row
    # INSERTs and look-ups differ in length from chunk to chunk, and each can hold megabytes
    # prepared, so that cache made an import's memory grow with the file; 16 costs no time.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options.setdefault("cached_statements", 16)
    # Reads and logins go on while an import writes: in WAL mode readers never wait for a
    # writer, and a write waits up to `timeout` seconds for another to commit (SQLite writes one
    # at a time) instead of failing at once. A transaction takes the write lock when it begins
    # (IMMEDIATE), so that one which read first cannot fail half-way when it comes to write.
    # What still waits too long is a 503 page (congress.site.busy), not a 500.
    options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL")
    options.setdefault("timeout", int(os.environ.get("SQLITE_BUSY_TIMEOUT", "30")))
    options.setdefault("transaction_mode", "IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out login is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Vietnamese by default, English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Django's own "vi" format module has no input formats, so its fallback would read
# "04/03/2001" month-first. Our format modules make every language read dates
# day-first. Grouping is applied by our own number filters and form fields, not
# globally, because a global separator would print the year 2025 as "2.025".
FORMAT_MODULE_PATH = ["congress.site.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
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

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Login throttling (django-axes), on the site's login page and the admin's alike: five
# failures for one user name from one address lock that pair out for fifteen minutes. The
# pair, not the address alone, so that one office behind a shared address is not locked out
# by one person's typing; not the name alone, so that a stranger cannot lock a clerk out.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Logins and failed logins are logged by records.AccessLog, in the records' own audit trail;
# django-axes keeps only the failures it counts. Its admin pages (English only) are left out:
# a lock lifts by itself, or at once with `manage.py axes_reset_username NAME`.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_LOCKOUT_CALLABLE = "congress.site.security.lockout"
AXES_CLIENT_IP_CALLABLE = "congress.site.security.client_ip"

SESSION_COOKIE_HTTPONLY = True
# Every page, the admin's included, runs on files served by this site and nothing inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

BEHIND_PROXY = os.environ.get("DJANGO_HTTPS", "") == "1"
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Upload limits. The one upload path is a spreadsheet import (the admin's, for each sheet
# kind); a spreadsheet larger than this is refused with a message before it is read. The
# reverse proxy should refuse bodies a little above it (docs/deployment.md: client_max_body_size).
SPREADSHEET_MAX_BYTES = int(os.environ.get("SPREADSHEET_MAX_BYTES", str(10 * 1024 * 1024)))
# Uploads above this size go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A request body without its files: forms are small, but a congress's change form carries
# every delegate as an inline row of seven fields, so the field count is raised above
# Django's 1,000 to hold a congress of a thousand delegates.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_NUMBER_FILES = 1

# Background tasks (django-tasks): long imports run in a worker, `manage.py db_worker`, which
# takes them from a table of the database, so that no broker is needed (docs/deployment.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A preview or an import of a file with more data rows than this runs in the background, with a
# progress bar; smaller files are done while the page waits, as they take a few seconds at most.
SHEET_BACKGROUND_ROWS = int(os.environ.get("SHEET_BACKGROUND_ROWS", "2000"))
# A background import that has given no sign of life (it writes its progress at least once per
# 2,000 rows) for this long is taken for dead (its worker killed) and marked failed.
SHEET_TASK_STALE_MINUTES = int(os.environ.get("SHEET_TASK_STALE_MINUTES", "10"))

# The read API: reads a minute allowed to one key (records.api.throttling), past which it answers 429.
API_READS_PER_MINUTE = int(os.environ.get("API_READS_PER_MINUTE", "300"))

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Importing and exporting are permissions of their own per model (records.import_membership,
# congress.export_task, ...), declared in each model's Meta.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
