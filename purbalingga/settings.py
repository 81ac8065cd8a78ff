"""Settings for the Smart City Masterplan Portal.

Every value comes from the environment (or a ``.env`` file beside ``manage.py``) with a safe development default.
The README lists each variable.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import email_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)

_DEV_SECRET_KEY = "dev-only-insecure-secret-key-change-me"  # noqa: S105 - development default, refused without DEBUG
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"

# The installation's identity: nothing in the code is specific to one regency.
PORTAL_REGION_NAME = env.str("PORTAL_REGION_NAME", default="Kabupaten Purbalingga")
# The agency that runs the programme and reviews reports, as users call it.
PORTAL_PROGRAMME_OFFICE = env.str("PORTAL_PROGRAMME_OFFICE", default="Dinkominfo")
PUBLIC_PORTAL = env.bool("PUBLIC_PORTAL", default=False)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "simple_history",
    "axes",
    "csp",
    "django_celery_beat",
    "core",
    "opd",
    "masterplans",
    "dimensions",
    "notifications",
    "initiatives",
    "roadmap",
    "evaluation",
    "opendata",
    "revisions",
]

MIDDLEWARE = [
    "core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "core.middleware.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The language: saved choice, else cookie, else LANGUAGE_CODE (never Accept-Language); replaces LocaleMiddleware.
    "opd.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "purbalingga.urls"

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
                "purbalingga.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "purbalingga.wsgi.application"

# SQLite in the project directory is the embedded default; DATABASE_URL selects PostgreSQL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHE_URL: locmemcache:// (the default: one worker's memory) or redis://host:6379/1 (Django's own RedisCache, no
# extra package). Throttles, the password-reset limits and other counters live in the cache, so production with
# several workers must use Redis (docker-compose.yml does).
_CACHE_URL = env.str("CACHE_URL", default="locmemcache://")
if _CACHE_URL.startswith("rediscache://"):  # django-environ's spelling, which would select django-redis
    _CACHE_URL = "redis://" + _CACHE_URL.removeprefix("rediscache://")
if _CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _CACHE_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="portal"),
        }
    }
else:
    CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "roadmap:home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after SESSION_IDLE_SECONDS without a request (the cookie is renewed on every request).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env.bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=SECURE_COOKIES)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=SECURE_COOKIES)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = env.str("SECURE_REFERRER_POLICY", default="same-origin")
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "purbalingga.views.csrf_failure"  # the portal's page, in the reader's language

# TLS (issue 11): HSTS and the HTTPS redirect are switched on from the environment once the portal is served over
# HTTPS; behind a TLS-terminating proxy, BEHIND_TLS_PROXY trusts its X-Forwarded-Proto header.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
# The health check answers plain HTTP inside the container network (the load balancer probes it).
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Browser features no page uses are switched off (core.middleware.SecurityHeadersMiddleware).
PERMISSIONS_POLICY = env.str(
    "PERMISSIONS_POLICY",
    default="accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=()",
)
# Content-Security-Policy (django-csp): scripts and styles only from the portal's own static files, never inline.
# Bar widths and colours computed per row are data-style attributes, applied by static/js/actions.js through the
# CSSOM (which the policy allows). The Django admin's own templates still carry style attributes: only /admin/ allows
# them (core.middleware.SecurityHeadersMiddleware, CSP_STYLE_ATTR_PREFIXES).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'none'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
CSP_STYLE_ATTR_PREFIXES = ("/admin/",)
if env.bool("CSP_UPGRADE_INSECURE_REQUESTS", default=False):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

# Lockout after repeated failed logins (django-axes, failures stored in the database so every worker sees them):
# a username is locked after AXES_FAILURE_LIMIT failures from any addresses, an address after AXES_IP_FAILURE_LIMIT
# failures over any usernames (higher: an office shares one address behind NAT). core.lockout applies both.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_IP_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "core.lockout.PortalLockoutHandler"
AXES_CLIENT_IP_CALLABLE = "core.lockout.client_ip"
# Behind the proxy the client's address is the last X-Forwarded-For entry (the one the proxy appended).
TRUST_X_FORWARDED_FOR = env.bool("BEHIND_TLS_PROXY", default=False)
# Password-reset requests: at most this many per client address and per e-mail address an hour (the page answers
# the same whether or not a message was sent).
PASSWORD_RESET_LIMIT_PER_IP = env.int("PASSWORD_RESET_LIMIT_PER_IP", default=10)
PASSWORD_RESET_LIMIT_PER_EMAIL = env.int("PASSWORD_RESET_LIMIT_PER_EMAIL", default=3)
PASSWORD_RESET_LIMIT_WINDOW = env.int("PASSWORD_RESET_LIMIT_WINDOW", default=60 * 60)

# The report workflow: the submitter of a report may not approve or return it themselves.
REVIEW_FOUR_EYES = env.bool("REVIEW_FOUR_EYES", default=True)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "portal_language"
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
# Numbers in templates are formatted explicitly (core.templatetags.portal); a global thousand separator would also
# format ids inside URLs.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# manage.py backup / restore (docs/operations.md): where backups go and how many of the newest are kept.
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(BASE_DIR / "backups")))
BACKUP_KEEP = env.int("BACKUP_KEEP", default=7)
# /readyz: how long to wait for a Celery worker's answer to the ping (seconds).
READYZ_WORKER_TIMEOUT = env.float("READYZ_WORKER_TIMEOUT", default=1.0)
MEDIA_URL = "/media/"  # never served directly: evidence goes through a permission-checked view
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Evidence uploads (PDF, JPG, PNG, XLSX, DOCX), checked by content.
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Reporting calendar: a quarter's report is due this many days after the quarter ends.
REPORT_DEADLINE_DAYS = env.int("REPORT_DEADLINE_DAYS", default=10)

EMAIL_URL = env.str("EMAIL_URL", default="consolemail://")
vars().update(email_config(EMAIL_URL, BASE_DIR))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="smartcity@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# REST_FRAMEWORK and SPECTACULAR_SETTINGS: see the REST API block below.

# LOG_FORMAT=json: one JSON object per line with the request id (core.logs); "plain" (default) for people.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "core.logs.JsonFormatter"},
    },
    # A refused or bad request (4xx) is one line, without a traceback; server errors keep theirs.
    "filters": {
        "request_id": {"()": "core.logs.RequestIdFilter"},
        "one_line_4xx": {"()": "core.logging.OneLineClientErrors"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.db.backends": {"level": "INFO"},
        # Django's own "django" handler (console while DEBUG) would print each record a second time.
        "django": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO"), "propagate": False},
        "django.request": {
            "handlers": ["console"],
            "level": "WARNING",
            "propagate": False,
            "filters": ["one_line_4xx"],
        },
        "django.security": {
            "handlers": ["console"],
            "level": "WARNING",
            "propagate": False,
            "filters": ["one_line_4xx"],
        },
    },
}

# Static files are served by WhiteNoise; finders let it serve them before (or without) collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- masterplan import/export (issue 7) ---
MASTERPLAN_IMPORT_MAX_BYTES = env.int("MASTERPLAN_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
# Run portal imports as a Celery task when a worker answers; inline in the request otherwise (or when False).
MASTERPLAN_IMPORT_ASYNC = env.bool("MASTERPLAN_IMPORT_ASYNC", default=True)
# --- workflow / accounts ---
# Lockout: the login form passes the request to authenticate(), so django-axes counts failures per username and IP;
# locked-out users get registration/locked_out.html (HTTP 429) and the event is logged by axes.
AXES_HTTP_RESPONSE_CODE = 429
# Password reset links expire after this many seconds (default three days).
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 24 * 60 * 60)
# Evidence downloads and every other response carry nosniff.
SECURE_CONTENT_TYPE_NOSNIFF = True
# --- jobs: reminders, e-mail and the outbox (notifications app) ---
# E-mails that fail (SMTP or network) are retried with exponential backoff: first after about
# NOTIFICATIONS_RETRY_BACKOFF seconds, at most NOTIFICATIONS_RETRY_BACKOFF_MAX apart, NOTIFICATIONS_MAX_ATTEMPTS in all.
NOTIFICATIONS_RETRY_BACKOFF = env.int("NOTIFICATIONS_RETRY_BACKOFF", default=60)
NOTIFICATIONS_RETRY_BACKOFF_MAX = env.int("NOTIFICATIONS_RETRY_BACKOFF_MAX", default=3600)
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=6)
# A job queued this long ago and still not done (e.g. Redis lost its data) is queued again; running it twice is safe.
NOTIFICATIONS_REQUEUE_AFTER = env.int("NOTIFICATIONS_REQUEUE_AFTER", default=2 * 60 * 60)
NOTIFICATIONS_FLUSH_ON_WORKER_START = env.bool("NOTIFICATIONS_FLUSH_ON_WORKER_START", default=True)
# Saving must not wait on an unreachable broker: publish once, fail fast, and let the outbox keep the job.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "max_retries": 0,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TASK_PUBLISH_RETRY = False
# A hanging mail server must not hold a worker forever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
# --- REST API (issue 5) ---
# Keys: `Authorization: Token <key>` (or `Bearer <key>`), else the browser session with CSRF. Throttle rates are
# "<n>/<second|minute|hour|day>"; anonymous callers (only the schema and docs answer them) are limited harder.
API_PAGE_SIZE = env.int("API_PAGE_SIZE", default=50)
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "opd.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["opd.api.permissions.IsPortalUser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PortalPagination",
    "PAGE_SIZE": API_PAGE_SIZE,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "core.api.renderers.CSVRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["core.api.throttling.AnonThrottle", "core.api.throttling.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/minute"),
        "user": env.str("API_THROTTLE_USER", default="1200/minute"),
    },
    "EXCEPTION_HANDLER": "core.api.exceptions.api_exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
    "URL_FORMAT_OVERRIDE": "format",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Smart City Masterplan Portal API",
    "DESCRIPTION": (
        "Read and (with a write-scope token) change the masterplan's state: dimensions, agencies, indicators, "
        "initiatives, progress reports, milestones, the roadmap and the dashboard statistics. Every list takes "
        "`page` and `page_size` (at most 500) and answers `?format=csv` with the same filters."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "InitiativeStatusEnum": "initiatives.choices.InitiativeStatus",
        "ReportStateEnum": "initiatives.choices.ReportState",
        "HealthEnum": "initiatives.choices.Health",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.add_error_responses",
    ],
}
# --- masterplan import: progress, stuck jobs, old uploads (issue 7, follow-up) ---
# A checking/importing job whose progress has not moved for this many minutes (its worker died) is marked failed.
MASTERPLAN_IMPORT_STUCK_MINUTES = env.int("MASTERPLAN_IMPORT_STUCK_MINUTES", default=15)
# Uploaded files of finished import jobs are deleted after this many days (the job rows stay).
MASTERPLAN_IMPORT_KEEP_DAYS = env.int("MASTERPLAN_IMPORT_KEEP_DAYS", default=30)
# --- open data for Satu Data Indonesia (issue 14) ---
# OPEN_DATA: "auto" (on only while the active masterplan is the demo), "true" or "false"; off, /opendata/ answers 404.
OPEN_DATA = env.str("OPEN_DATA", default="auto").strip().lower()
if OPEN_DATA not in ("auto", "true", "false"):
    raise ImproperlyConfigured('OPEN_DATA must be "auto", "true" or "false".')
# The licence of the published data (an SPDX id; see docs/opendata.md); an indicator may name its own.
OPEN_DATA_LICENSE = env.str("OPEN_DATA_LICENSE", default="CC-BY-4.0")
