"""OIDC relying party for the national identity provider (VNeID through the national SSO).

`EgovOIDCBackend` extends mozilla-django-oidc's backend:
- it stays inert (and never raises ImproperlyConfigured) while EGOV_OIDC_ENABLED is off;
- the id_token (RS256, key from the provider's JWKS) must also carry our client id in `aud`, the
  configured issuer in `iss` (EGOV_OIDC_ISSUER) and the nonce of this login;
- claims are mapped to a citizen account by `oidc_identity_login`:
  1. an existing link CitizenIdentity(issuer, sub);
  2. else the citizen whose personal ID number equals the claim EGOV_OIDC_PERSONAL_ID_CLAIM
     (default "personal_id"; 12 digits): the identity is linked and the number marked verified;
  3. else a new, active citizen account with the claims' name and personal ID number.
  A staff account is never logged in this way.
- the `acr` claim (id_token first, then userinfo) is kept on the identity (`last_acr`) and on the
  returned user (`egov_oidc_acr`) for the callback view, which stores the level in the session.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from egov.accounts import conf
from egov.accounts.assurance import level_for_acr
from egov.accounts.citizen_services import _new_username
from egov.accounts.models import CitizenIdentity, User
from egov.accounts.services import national_id_normalise
from egov.core.audit.services import audit_record
from egov.core.text import nfc

log = logging.getLogger(__name__)

# Defaults for mozilla-django-oidc settings when the project does not set them.
OIDC_DEFAULTS: dict[str, Any] = {
    "OIDC_AUTHENTICATION_CALLBACK_URL": "accounts:oidc-callback",
    "OIDC_RP_SCOPES": "openid profile",
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_USE_NONCE": True,
    "OIDC_USE_PKCE": True,
    "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
    "OIDC_TIMEOUT": 10,
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "",
    "OIDC_OP_TOKEN_ENDPOINT": "",
    "OIDC_OP_USER_ENDPOINT": "",
    "OIDC_OP_JWKS_ENDPOINT": None,
    "OIDC_RP_CLIENT_ID": "",
    "OIDC_RP_CLIENT_SECRET": "",
    "OIDC_RP_IDP_SIGN_KEY": None,
    "OIDC_STORE_ID_TOKEN": False,
    "OIDC_STORE_ACCESS_TOKEN": False,
}
CLOCK_SKEW_SECONDS = 60


def oidc_get_setting(attr: str, *args: Any) -> Any:
    """A setting of mozilla-django-oidc, with our defaults instead of ImproperlyConfigured."""
    if hasattr(settings, attr):
        return getattr(settings, attr)
    if attr in OIDC_DEFAULTS:
        return OIDC_DEFAULTS[attr]
    return args[0] if args else None


# Refusals the callback view explains to the user.
REFUSED_STAFF = "staff"
REFUSED_INACTIVE = "inactive"
REFUSED_CLAIMS = "claims"


@dataclass(frozen=True)
class OidcOutcome:
    user: User | None
    refusal: str = ""
    created: bool = False
    linked: bool = False


def _personal_id(claims: dict[str, Any]) -> str:
    raw = claims.get(conf.oidc_personal_id_claim())
    if not raw:
        return ""
    try:
        return national_id_normalise(str(raw))
    except ValidationError:
        log.warning("OIDC: ignoring a malformed personal ID claim")
        return ""


def _full_name(claims: dict[str, Any]) -> str:
    name = claims.get("name") or " ".join(
        str(claims.get(part) or "") for part in ("family_name", "middle_name", "given_name")
    )
    return " ".join(nfc(str(name)).split())


def _touch(identity: CitizenIdentity, *, acr: str) -> None:
    identity.last_acr = acr[:255]
    identity.last_level = level_for_acr(acr)
    identity.last_login_at = timezone.now()
    identity.save(update_fields=["last_acr", "last_level", "last_login_at"])


def _refuse(user: User, *, issuer: str, reason: str) -> OidcOutcome:
    audit_record(
        actor=None, action="accounts.oidc_login_refused", target=user, reason=reason, data={"issuer": issuer}
    )
    return OidcOutcome(user=None, refusal=reason)


def oidc_identity_login(*, issuer: str, subject: str, acr: str, claims: dict[str, Any]) -> OidcOutcome:
    """Find, link or create the citizen account for a verified OIDC identity (see module doc)."""
    if not subject:
        return OidcOutcome(user=None, refusal=REFUSED_CLAIMS)
    with transaction.atomic():
        identity = (
            CitizenIdentity.objects.select_for_update()
            .select_related("user")
            .filter(issuer=issuer, subject=subject)
            .first()
        )
        if identity is not None:
            user = identity.user
            if user.kind != User.Kind.CITIZEN or user.is_staff or user.is_superuser:
                return _refuse(user, issuer=issuer, reason=REFUSED_STAFF)
            if not user.is_active:
                return _refuse(user, issuer=issuer, reason=REFUSED_INACTIVE)
            _touch(identity, acr=acr)
            audit_record(actor=user, action="accounts.oidc_login", target=user, data={"acr": acr[:100]})
            return OidcOutcome(user=user)

        personal_id = _personal_id(claims)
        user_or_none = (
            User.objects.select_for_update().filter(national_id=personal_id).first() if personal_id else None
        )
        now = timezone.now()
        created = False
        if user_or_none is not None:
            user = user_or_none
            if user.kind != User.Kind.CITIZEN or user.is_staff or user.is_superuser:
                return _refuse(user, issuer=issuer, reason=REFUSED_STAFF)
            if not user.is_active:
                return _refuse(user, issuer=issuer, reason=REFUSED_INACTIVE)
            if user.national_id_verified_at is None:
                user.national_id_verified_at = now
                user.save(update_fields=["national_id_verified_at"])
        else:
            user = User(
                kind=User.Kind.CITIZEN,
                username=_new_username(),
                full_name=_full_name(claims),
                national_id=personal_id,
                national_id_verified_at=now if personal_id else None,
                is_active=True,
            )
            user.set_unusable_password()
            user.save()
            created = True
            audit_record(
                actor=user,
                action="accounts.citizen_register",
                target=user,
                to_state="active",
                data={"via": "oidc", "issuer": issuer},
            )
        try:
            with transaction.atomic():
                identity = CitizenIdentity.objects.create(user=user, issuer=issuer, subject=subject)
        except IntegrityError:  # the same identity was linked concurrently: let the user retry
            raise SuspiciousOperation("OIDC identity linked concurrently") from None
        _touch(identity, acr=acr)
        audit_record(
            actor=user,
            action="accounts.oidc_identity_link",
            target=user,
            to_state="linked",
            data={"issuer": issuer, "by": "new" if created else "personal_id", "acr": acr[:100]},
        )
    return OidcOutcome(user=user, created=created, linked=True)


class EgovOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, mapped to citizen accounts (see the module doc)."""

    request: HttpRequest

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # no ImproperlyConfigured while disabled
        self.OIDC_OP_TOKEN_ENDPOINT = self.get_settings("OIDC_OP_TOKEN_ENDPOINT")
        self.OIDC_OP_USER_ENDPOINT = self.get_settings("OIDC_OP_USER_ENDPOINT")
        self.OIDC_OP_JWKS_ENDPOINT = self.get_settings("OIDC_OP_JWKS_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        self.OIDC_RP_CLIENT_SECRET = self.get_settings("OIDC_RP_CLIENT_SECRET")
        self.OIDC_RP_SIGN_ALGO = self.get_settings("OIDC_RP_SIGN_ALGO")
        self.OIDC_RP_IDP_SIGN_KEY = self.get_settings("OIDC_RP_IDP_SIGN_KEY")
        self.UserModel = User

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return oidc_get_setting(attr, *args)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:  # type: ignore[override]
        if request is None or not conf.oidc_enabled() or "password" in kwargs:
            return None
        self._id_claims: dict[str, Any] = {}
        return super().authenticate(request, **kwargs)  # type: ignore[no-any-return]

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:  # the id_token (userinfo as a JWT has no nonce)
            self._check_id_token(payload)
            self._id_claims = payload
        return payload

    def _check_id_token(self, payload: dict[str, Any]) -> None:
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("id_token audience mismatch")
        issuer = conf.oidc_issuer()
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("id_token issuer mismatch")
        if "exp" not in payload or float(payload["exp"]) < time.time() - CLOCK_SKEW_SECONDS:
            raise SuspiciousOperation("id_token expired")

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> dict[str, Any]:
        if not self.OIDC_OP_USER_ENDPOINT:
            return dict(payload)
        info: dict[str, Any] = super().get_userinfo(access_token, id_token, payload)
        if str(info.get("sub")) != str(payload.get("sub")):
            raise SuspiciousOperation("userinfo subject differs from the id_token")
        return info

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User | None:
        userinfo = self.get_userinfo(access_token, id_token, payload)
        claims = {**userinfo, **payload}  # the signed id_token wins
        if not self.verify_claims(claims):
            raise SuspiciousOperation("Claims verification failed")
        acr = str(payload.get("acr") or userinfo.get("acr") or "")
        issuer = conf.oidc_issuer() or str(payload.get("iss") or "")
        outcome = oidc_identity_login(issuer=issuer, subject=str(claims["sub"]), acr=acr, claims=claims)
        if outcome.user is None:
            self.request.egov_oidc_refusal = outcome.refusal  # type: ignore[attr-defined]
            return None
        outcome.user.egov_oidc_acr = acr  # type: ignore[attr-defined]
        return outcome.user

    def get_user(self, user_id: Any) -> User | None:
        return User.objects.filter(pk=user_id).first()
