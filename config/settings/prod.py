"""Production: secrets from the environment, HTTPS only, staff 2FA required."""

from config.env import env

from .base import *  # noqa: F403

DEBUG = False
DEMO_MODE = False
SECRET_KEY = env.str("SECRET_KEY")  # no default: refuse to start without one
EGOV_STAFF_2FA_REQUIRED = env.bool("EGOV_STAFF_2FA_REQUIRED", default=True)

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Secure-sessionid"
CSRF_COOKIE_NAME = "__Secure-csrftoken"
