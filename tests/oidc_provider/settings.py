"""A minimal OpenID Provider for tests (django-oauth-toolkit), standing in for the national SSO.

Environment: EGOV_IDP_DB (SQLite file), EGOV_IDP_ISSUER (e.g. http://127.0.0.1:PORT/o),
EGOV_IDP_RSA_KEY (PEM; generated here when absent), EGOV_IDP_EXTRA_USERS (see users.py).
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def _rsa_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = os.environ.get("EGOV_IDP_SECRET_KEY") or secrets.token_urlsafe(40)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
    "tests.oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.oidc_provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("EGOV_IDP_DB") or str(Path(tempfile.gettempdir()) / "egov-idp.sqlite3"),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True
TIME_ZONE = "UTC"
LOGIN_URL = "/login/"
STATIC_URL = "/static/"

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": os.environ.get("EGOV_IDP_RSA_KEY") or _rsa_pem(),
    "OIDC_ISS_ENDPOINT": os.environ.get("EGOV_IDP_ISSUER", ""),
    "OAUTH2_VALIDATOR_CLASS": "tests.oidc_provider.validator.VneidValidator",
    "SCOPES": {"openid": "OpenID Connect", "profile": "Profile"},
    "PKCE_REQUIRED": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
}
LOGGING = {
    "version": 1,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
