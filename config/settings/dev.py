"""Embedded demo / development: SQLite under var/, demo accounts, staff 2FA optional."""

from config.env import VAR_DIR, env

from .base import *  # noqa: F403

DEBUG = env.bool("DEBUG", default=True)
DEMO_MODE = env.bool("EGOV_DEMO_MODE", default=True)
EGOV_STAFF_2FA_REQUIRED = env.bool("EGOV_STAFF_2FA_REQUIRED", default=False)

# Without EMAIL_URL, demo mail is written to files under var/mail instead of an SMTP server.
if not env.str("EMAIL_URL", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
