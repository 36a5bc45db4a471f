"""Settings of the link to the national document-exchange axis (VDXP). The only place that reads them.

| Setting | Default | Environment variable (suggested for config/env.py) |
|---|---|---|
| EGOV_AXIS_ENABLED | False | AXIS_ENABLED |
| EGOV_AXIS_URL | "http://127.0.0.1:8027" (the local simulator) | AXIS_URL |
| EGOV_AXIS_KEY | "egov-dev" (the system ID given by the axis operator) | AXIS_KEY |
| EGOV_AXIS_SECRET | "dev-axis-secret" | AXIS_SECRET |
| EGOV_AXIS_TIMEOUT | 30.0 seconds | AXIS_TIMEOUT |
| EGOV_AXIS_PAGE_SIZE | 50 (messages listed per agency and run) | AXIS_PAGE_SIZE |
| EGOV_AXIS_MAX_ATTEMPTS | 24 (temporary failures before a message is given up) | AXIS_MAX_ATTEMPTS |
| EGOV_AXIS_AGENCY_CODES | [] (empty: every current agency fetches its mailbox) | AXIS_AGENCY_CODES |
| EGOV_AXIS_ADAPTER | "egov.documents.axis.adapters.http.HttpAxisAdapter" | (none) |
"""

from __future__ import annotations

from django.conf import settings

DEFAULT_ADAPTER = "egov.documents.axis.adapters.http.HttpAxisAdapter"
DEFAULT_URL = "http://127.0.0.1:8027"
DEFAULT_KEY = "egov-dev"
DEFAULT_SECRET = "dev-axis-secret"  # noqa: S105 - development default, overridden in production


def enabled() -> bool:
    return bool(getattr(settings, "EGOV_AXIS_ENABLED", False))


def base_url() -> str:
    return str(getattr(settings, "EGOV_AXIS_URL", DEFAULT_URL)).rstrip("/")


def key() -> str:
    return str(getattr(settings, "EGOV_AXIS_KEY", DEFAULT_KEY))


def secret() -> str:
    return str(getattr(settings, "EGOV_AXIS_SECRET", DEFAULT_SECRET))


def timeout() -> float:
    return float(getattr(settings, "EGOV_AXIS_TIMEOUT", 30.0))


def page_size() -> int:
    return max(1, int(getattr(settings, "EGOV_AXIS_PAGE_SIZE", 50)))


def max_attempts() -> int:
    return max(1, int(getattr(settings, "EGOV_AXIS_MAX_ATTEMPTS", 24)))


def agency_codes() -> list[str]:
    """The agency codes whose mailboxes are fetched; empty means every current agency."""
    value = getattr(settings, "EGOV_AXIS_AGENCY_CODES", [])
    if isinstance(value, str):
        value = value.split(",")
    return [str(code).strip() for code in value if str(code).strip()]


def adapter_path() -> str:
    return str(getattr(settings, "EGOV_AXIS_ADAPTER", DEFAULT_ADAPTER))
