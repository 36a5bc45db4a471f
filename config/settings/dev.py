"""Embedded demo / development: SQLite under var/, demo accounts, staff 2FA optional."""

from config.env import env

from .base import *  # noqa: F403

DEBUG = env.bool("DEBUG", default=True)
DEMO_MODE = env.bool("EGOV_DEMO_MODE", default=True)
EGOV_STAFF_2FA_REQUIRED = env.bool("EGOV_STAFF_2FA_REQUIRED", default=False)
