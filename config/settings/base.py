"""Settings shared by every environment. Values that vary per installation come from config.env."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, VAR_DIR, database_url, env

SECRET_KEY = env.str("SECRET_KEY", default="dev-insecure-change-me-0123456789abcdefghijklmnopqrstuvwxyz")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Demo mode: demo accounts, printed passwords, optional staff 2FA.
DEMO_MODE = env.bool("EGOV_DEMO_MODE", default=False)
# Staff must pass TOTP two-factor before reaching staff pages.
EGOV_STAFF_2FA_REQUIRED = env.bool("EGOV_STAFF_2FA_REQUIRED", default=True)
EGOV_SITE_NAME = env.str("EGOV_SITE_NAME", default="egov")
# Absolute base URL printed in QR codes on forms (public dossier tracking).
EGOV_PUBLIC_BASE_URL = env.str("EGOV_PUBLIC_BASE_URL", default="http://127.0.0.1:8000")
# Place name in the date line of printed forms ("Tây Ninh, ngày …"); empty = the agency's province.
EGOV_PRINT_PLACE = env.str("EGOV_PRINT_PLACE", default="")
# Public tracking lookups per client address ("30/m", "100/h", "5/10s").
EGOV_RATELIMIT_TRACKING = env.str("EGOV_RATELIMIT_TRACKING", default="30/m")
EGOV_RATELIMIT_RATING = env.str("EGOV_RATELIMIT_RATING", default="10/m")
EGOV_RATELIMIT_KIOSK = env.str("EGOV_RATELIMIT_KIOSK", default="60/m")
EGOV_RATELIMIT_PUBLIC_API = env.str("EGOV_RATELIMIT_PUBLIC_API", default="60/m")
# Public status answers are cached per web process for this many seconds (0 = off).
EGOV_PUBLIC_STATUS_CACHE_SECONDS = env.int("EGOV_PUBLIC_STATUS_CACHE_SECONDS", default=30)
EGOV_PUBLIC_STATUS_CACHE_SIZE = env.int("EGOV_PUBLIC_STATUS_CACHE_SIZE", default=10000)
# Satisfaction scale (Circular 32/2017 default; Decree 118 Art. 33 criteria are fixed in code).
EGOV_RATING_SCALE: list[tuple[str, str]] = [
    ("very_satisfied", "Rất hài lòng"),
    ("satisfied", "Hài lòng"),
    ("unsatisfied", "Chưa hài lòng"),
]
EGOV_DEFAULT_PROVINCE_CODE = env.int(
    "EGOV_DEFAULT_PROVINCE_CODE", default=80
)  # Tây Ninh (2025 code, after the merger with Long An)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "drf_spectacular_sidecar",
    "egov.core",
    "egov.core.audit",
    "egov.core.calendar",
    "egov.core.files",
    "egov.org",
    "egov.accounts",
    "egov.notifications",
    "egov.catalog",
    "egov.workflow",
    "egov.dossiers",
    "egov.printing",
    "egov.reports",
    "egov.portal",
    "egov.payments",
    "egov.nationalportal",
    "egov.signing",
    "egov.documents",
    "egov.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "egov.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "egov.core.middleware.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "egov.core.context_processors.site",
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    cfg: dict[str, Any] = env.db_url_config(database_url())
    if cfg["ENGINE"] == "django.db.backends.sqlite3":
        cfg["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        }
        cfg["CONN_MAX_AGE"] = 0 if cfg["NAME"] == ":memory:" else 600
    else:
        # Persistent connections: the default of 0 costs most of the throughput (BENCHMARKS lesson 1).
        cfg["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=600)
        cfg["CONN_HEALTH_CHECKS"] = True
    cfg["ATOMIC_REQUESTS"] = False
    return cfg


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Username for staff; e-mail, phone or 12-digit ID number for citizens (replaces ModelBackend).
    "egov.accounts.backends.CitizenIdentifierBackend",
    # VNeID-style OpenID Connect login for citizens (inactive unless EGOV_OIDC_ENABLED).
    "egov.accounts.oidc.EgovOIDCBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:after-login"
LOGOUT_REDIRECT_URL = "public-home"

# Lockout after repeated failures (django-axes).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Sessions: server-side, HttpOnly, short idle lifetime.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))

# Uploaded files live outside the web root and are served only through a permission-checked view.
EGOV_FILES_ROOT = env.path("EGOV_FILES_ROOT", default=str(VAR_DIR / "files"))
EGOV_UPLOAD_MAX_BYTES = env.int("EGOV_UPLOAD_MAX_MB", default=20) * 1024 * 1024
EGOV_CLAMD_SOCKET = env.str("CLAMD_SOCKET", default="")
EGOV_CLAMD_HOST = env.str("CLAMD_HOST", default="")
EGOV_CLAMD_PORT = env.int("CLAMD_PORT", default=3310)
EGOV_CLAMD_TIMEOUT = env.float("CLAMD_TIMEOUT", default=30.0)
# Office files are ZIP archives: refuse any whose content unpacks beyond this (zip bombs).
EGOV_UPLOAD_MAX_UNCOMPRESSED_BYTES = env.int("EGOV_UPLOAD_MAX_UNCOMPRESSED_MB", default=256) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# One-stop dossiers: the dossier-code generator is pluggable (Circular 03/2025 may re-specify codes).
EGOV_DOSSIER_CODE_GENERATOR = env.str(
    "EGOV_DOSSIER_CODE_GENERATOR", default="egov.dossiers.codes.SequenceCodeGenerator"
)
# Warn the handler this many working hours before a step falls due.
EGOV_TASK_WARN_WORKING_HOURS = env.float("EGOV_TASK_WARN_WORKING_HOURS", default=1.0)

# Working time (egov.core.calendar). Office hours: morning and afternoon sessions.
EGOV_OFFICE_HOURS: list[tuple[str, str]] = [
    tuple(p.split("-", 1))  # type: ignore[misc]
    for p in env.list("EGOV_OFFICE_HOURS", default=["07:30-11:30", "13:30-17:00"])
]
EGOV_HOURS_PER_WORKING_DAY = env.float("EGOV_HOURS_PER_WORKING_DAY", default=8.0)
# Default cut-off for same-day procedures (rule 2); each procedure may set its own.
EGOV_SAME_DAY_CUTOFF = env.str("EGOV_SAME_DAY_CUTOFF", default="15:00")
# Years for which the working calendar is precomputed (holidays package + overrides).
EGOV_CALENDAR_YEARS = (
    env.int("EGOV_CALENDAR_FIRST_YEAR", default=2020),
    env.int("EGOV_CALENDAR_LAST_YEAR", default=2035),
)

# Outgoing e-mail and SMS (egov.notifications).
_email = env.email_url("EMAIL_URL", default="smtp://127.0.0.1:1025")
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL", False))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="egov <no-reply@egov.local>")
EGOV_SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="http://127.0.0.1:8025/send")
EGOV_SMS_GATEWAY_TOKEN = env.str("SMS_GATEWAY_TOKEN", default="dev-sms-token")
EGOV_SMS_TIMEOUT = env.float("SMS_TIMEOUT", default=10.0)
EGOV_SMS_SIMULATOR_LOG = env.path("SMS_SIMULATOR_LOG", default=str(VAR_DIR / "sms-simulator.jsonl"))
EGOV_OUTBOX_MAX_ATTEMPTS = env.int("EGOV_OUTBOX_MAX_ATTEMPTS", default=8)

OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="egov")
OTP_TOTP_TOLERANCE = 1

# Background work: Django Tasks API on the database (no broker).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

CACHES: dict[str, Any] = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env.str("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("REDIS_URL"),
        }
    }

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "egov API",
    "DESCRIPTION": "REST API of egov, the local e-government platform.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Swagger UI assets come from the drf-spectacular-sidecar package: nothing is fetched from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "egov.core.middleware.RequestIdLogFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

from config.settings.online import *  # noqa: E402, F403
