"""Identity assurance levels (DOMAIN rule 13: a procedure requiring level 2 refuses a level-1 login).

- 0: anonymous;
- a local password login: EGOV_LOCAL_LOGIN_ASSURANCE_LEVEL (default 1);
- an OIDC (VNeID) login: the level of its `acr` claim through EGOV_OIDC_ACR_LEVELS
  (default {"LoA1": 1, "LoA2": 2, "http://eidas.europa.eu/LoA/substantial": 2}).

The level is stored in the session at login (`assurance_login`); Django rotates the session key at
login, so a level never survives into another user's session.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

from egov.accounts import conf

SESSION_LEVEL = "egov_assurance_level"
SESSION_METHOD = "egov_assurance_method"
SESSION_ACR = "egov_assurance_acr"

METHOD_PASSWORD = "password"  # noqa: S105 - a method name, not a secret
METHOD_OIDC = "oidc"


def level_for_acr(acr: str | None) -> int:
    """The level an `acr` value stands for (EGOV_OIDC_DEFAULT_LEVEL when missing or unknown)."""
    if not acr:
        return conf.oidc_default_level()
    return conf.acr_levels().get(str(acr), conf.oidc_default_level())


def acr_values_for_level(level: int) -> list[str]:
    """The `acr` values that stand for exactly this level, in settings order."""
    return [acr for acr, value in conf.acr_levels().items() if value == level]


def assurance_login(request: HttpRequest, *, method: str, acr: str = "") -> int:
    """Record how this session logged in (call right after django.contrib.auth.login)."""
    level = level_for_acr(acr) if method == METHOD_OIDC else conf.local_login_level()
    request.session[SESSION_LEVEL] = level
    request.session[SESSION_METHOD] = method
    request.session[SESSION_ACR] = acr
    return level


def assurance_level(request: HttpRequest) -> int:
    """The assurance level of the current session: 0 when anonymous."""
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    stored = request.session.get(SESSION_LEVEL)
    if stored is None:  # logged in some other way (admin, tests): a local login
        return conf.local_login_level()
    return int(stored)


def assurance_satisfies(request: HttpRequest, required_level: int) -> bool:
    """True when the session's level is at least `required_level` (rule 13)."""
    return assurance_level(request) >= required_level


def login_url_for_level(level: int, next_url: str = "") -> str:
    """The URL that starts an OIDC login asking the provider for this level (acr_values)."""
    params = {"level": str(level)}
    if next_url:
        params["next"] = next_url
    return f"{reverse('accounts:oidc-start')}?{urlencode(params)}"
