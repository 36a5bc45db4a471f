"""Test settings: the database comes from DATABASE_URL (SQLite by default, PostgreSQL in the second pass)."""

from config.env import BASE_DIR, env

from .base import *  # noqa: F403

DEBUG = False
DEMO_MODE = True
EGOV_STAFF_2FA_REQUIRED = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EGOV_FILES_ROOT = env.path("EGOV_FILES_ROOT", default=str(BASE_DIR / "var" / "test-files"))
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
AXES_ENABLED = True
