"""Settings of the national portal (DVCQG) sync. The only place that reads them.

| Setting | Default | Environment variable (suggested for config/env.py) |
|---|---|---|
| EGOV_DVCQG_ENABLED | False | DVCQG_ENABLED |
| EGOV_DVCQG_BASE_URL | "http://127.0.0.1:8026" (the local simulator) | DVCQG_BASE_URL |
| EGOV_DVCQG_CLIENT_ID | "egov-dev" | DVCQG_CLIENT_ID |
| EGOV_DVCQG_SECRET | "dev-dvcqg-secret" | DVCQG_SECRET |
| EGOV_DVCQG_PORTAL_AGENCY_CODE | "000.00.00.G22" [M] | DVCQG_PORTAL_AGENCY_CODE |
| EGOV_DVCQG_TIMEOUT | 15.0 seconds | DVCQG_TIMEOUT |
| EGOV_DVCQG_PAGE_SIZE | 50 | DVCQG_PAGE_SIZE |
| EGOV_DVCQG_ADAPTER | "egov.nationalportal.adapters.http.HttpDvcqgAdapter" | (none) |
| EGOV_DVCQG_RECEIVING_AGENCY_CODES | {} (competent agency code -> one-stop unit code) | (none) |
"""

from __future__ import annotations

from django.conf import settings

DEFAULT_ADAPTER = "egov.nationalportal.adapters.http.HttpDvcqgAdapter"
DEFAULT_BASE_URL = "http://127.0.0.1:8026"
DEFAULT_CLIENT_ID = "egov-dev"
DEFAULT_SECRET = "dev-dvcqg-secret"  # noqa: S105 - development default, overridden in production
# The national portal's electronic ID (QCVN 102:2016): unconfirmed [M], so configurable.
DEFAULT_PORTAL_AGENCY_CODE = "000.00.00.G22"


def enabled() -> bool:
    return bool(getattr(settings, "EGOV_DVCQG_ENABLED", False))


def base_url() -> str:
    return str(getattr(settings, "EGOV_DVCQG_BASE_URL", DEFAULT_BASE_URL)).rstrip("/")


def client_id() -> str:
    return str(getattr(settings, "EGOV_DVCQG_CLIENT_ID", DEFAULT_CLIENT_ID))


def secret() -> str:
    return str(getattr(settings, "EGOV_DVCQG_SECRET", DEFAULT_SECRET))


def portal_agency_code() -> str:
    return str(getattr(settings, "EGOV_DVCQG_PORTAL_AGENCY_CODE", DEFAULT_PORTAL_AGENCY_CODE))


def timeout() -> float:
    return float(getattr(settings, "EGOV_DVCQG_TIMEOUT", 15.0))


def page_size() -> int:
    return int(getattr(settings, "EGOV_DVCQG_PAGE_SIZE", 50))


def adapter_path() -> str:
    return str(getattr(settings, "EGOV_DVCQG_ADAPTER", DEFAULT_ADAPTER))


def receiving_agency_codes() -> dict[str, str]:
    """Competent agency code -> code of the one-stop unit that receives its national-portal dossiers.
    A competent agency that is not listed receives its own dossiers."""
    return dict(getattr(settings, "EGOV_DVCQG_RECEIVING_AGENCY_CODES", {}))
