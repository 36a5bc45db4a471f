"""Settings of the accounts app, read at call time (so tests can override them).

Citizen registration and verification codes:
- EGOV_VERIFICATION_CODE_TTL_SECONDS (600): how long a one-time code is valid.
- EGOV_VERIFICATION_MAX_ATTEMPTS (5): wrong codes before the code is burned.
- EGOV_VERIFICATION_RESEND_SECONDS (60): minimum gap between two codes for the same account.
- EGOV_RATELIMIT_REGISTER ("10/h"): registrations per client IP.
- EGOV_RATELIMIT_VERIFY ("30/10m"): code submissions and resends per client IP.

Identity assurance (DOMAIN rule 13):
- EGOV_LOCAL_LOGIN_ASSURANCE_LEVEL (1): the level of a login with a local password.
- EGOV_OIDC_ACR_LEVELS: `acr` value → level.
- EGOV_OIDC_DEFAULT_LEVEL (1): the level of an OIDC login whose `acr` is missing or unknown.

OIDC relying party (VNeID through the national SSO). mozilla-django-oidc reads its own OIDC_*
settings (OIDC_RP_CLIENT_ID, OIDC_OP_TOKEN_ENDPOINT …) directly; those below are ours:
- EGOV_OIDC_ENABLED (False): show the VNeID button and accept OIDC logins.
- EGOV_OIDC_ISSUER (""): expected `iss` of the id_token (checked when set).
- EGOV_OIDC_PERSONAL_ID_CLAIM ("personal_id"): the claim carrying the 12-digit personal ID number,
  used to link an existing account on the first OIDC login.
- EGOV_OIDC_PROVIDER_NAME ("VNeID"): the name on the button.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULT_ACR_LEVELS: dict[str, int] = {
    "LoA1": 1,
    "LoA2": 2,
    "http://eidas.europa.eu/LoA/substantial": 2,
}


def _get(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def code_ttl_seconds() -> int:
    return int(_get("EGOV_VERIFICATION_CODE_TTL_SECONDS", 600))


def code_max_attempts() -> int:
    return int(_get("EGOV_VERIFICATION_MAX_ATTEMPTS", 5))


def code_resend_seconds() -> int:
    return int(_get("EGOV_VERIFICATION_RESEND_SECONDS", 60))


def ratelimit_register() -> str:
    return str(_get("EGOV_RATELIMIT_REGISTER", "10/h"))


def ratelimit_verify() -> str:
    return str(_get("EGOV_RATELIMIT_VERIFY", "30/10m"))


def local_login_level() -> int:
    return int(_get("EGOV_LOCAL_LOGIN_ASSURANCE_LEVEL", 1))


def acr_levels() -> dict[str, int]:
    value = _get("EGOV_OIDC_ACR_LEVELS", None)
    return {str(k): int(v) for k, v in (value or DEFAULT_ACR_LEVELS).items()}


def oidc_default_level() -> int:
    return int(_get("EGOV_OIDC_DEFAULT_LEVEL", 1))


def oidc_enabled() -> bool:
    return bool(_get("EGOV_OIDC_ENABLED", False))


def oidc_issuer() -> str:
    return str(_get("EGOV_OIDC_ISSUER", "") or "")


def oidc_personal_id_claim() -> str:
    return str(_get("EGOV_OIDC_PERSONAL_ID_CLAIM", "personal_id"))


def oidc_provider_name() -> str:
    return str(_get("EGOV_OIDC_PROVIDER_NAME", "VNeID"))


def oidc_setting(name: str, default: Any = None) -> Any:
    """A mozilla-django-oidc setting (OIDC_*), or `default` when it is not configured."""
    return _get(name, default)
