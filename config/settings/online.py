"""Settings of the online public services: national portal sync (DVCQG), payments and the
citizen OIDC login. Imported at the end of base.py; values come from the environment through
`config.env` like every other setting. Dev defaults point at the local simulators that
`make run` starts; production must set real values (prod.py checks the secrets)."""

from __future__ import annotations

from typing import Any

from config.env import env

# National public service portal (docs/integrations.md). Field names and codes marked [M] there.
EGOV_DVCQG_ENABLED = env.bool("DVCQG_ENABLED", default=False)
EGOV_DVCQG_BASE_URL = env.str("DVCQG_BASE_URL", default="http://127.0.0.1:8026")
EGOV_DVCQG_CLIENT_ID = env.str("DVCQG_CLIENT_ID", default="egov-dev")
EGOV_DVCQG_SECRET = env.str("DVCQG_SECRET", default="dev-dvcqg-secret")
EGOV_DVCQG_PORTAL_AGENCY_CODE = env.str("DVCQG_PORTAL_AGENCY_CODE", default="000.00.00.G22")
EGOV_DVCQG_TIMEOUT = env.float("DVCQG_TIMEOUT", default=15.0)
EGOV_DVCQG_PAGE_SIZE = env.int("DVCQG_PAGE_SIZE", default=50)
EGOV_DVCQG_ADAPTER = env.str("DVCQG_ADAPTER", default="egov.nationalportal.adapters.http.HttpDvcqgAdapter")
EGOV_DVCQG_RECEIVING_AGENCY_CODES: dict[str, Any] = env.dict("DVCQG_RECEIVING_AGENCY_CODES", default={})

# Fee payment (egov.payments): a VNPay-compatible gateway. Dev defaults point at the local sandbox
# (`manage.py payment_sandbox`, started by `make run`); prod.py refuses the dev secret.
EGOV_PAYMENT_GATEWAY = env.str("EGOV_PAYMENT_GATEWAY", default="vnpay")
EGOV_PAYMENT_GATEWAY_URL = env.str(
    "EGOV_PAYMENT_GATEWAY_URL", default="http://127.0.0.1:8031/paymentv2/vpcpay.html"
)
EGOV_PAYMENT_QUERY_URL = env.str(
    "EGOV_PAYMENT_QUERY_URL", default="http://127.0.0.1:8031/merchant_webapi/api/transaction"
)
EGOV_PAYMENT_TMN_CODE = env.str("EGOV_PAYMENT_TMN_CODE", default="EGOVSBX1")
EGOV_PAYMENT_HASH_SECRET = env.str(
    "EGOV_PAYMENT_HASH_SECRET",
    default="EGOV-DEV-ONLY-SANDBOX-SECRET-NOT-FOR-PRODUCTION",
)
EGOV_PAYMENT_EXPIRE_MINUTES = env.int("EGOV_PAYMENT_EXPIRE_MINUTES", default=15)
EGOV_PAYMENT_RECONCILE_GRACE_MINUTES = env.int("EGOV_PAYMENT_RECONCILE_GRACE_MINUTES", default=5)
EGOV_PAYMENT_QUERY_TIMEOUT = env.float("EGOV_PAYMENT_QUERY_TIMEOUT", default=10.0)
EGOV_PAYMENT_LOOKUP_RATE = env.str("EGOV_PAYMENT_LOOKUP_RATE", default="10/m")

# Citizen accounts: verification codes through the outbox, identity assurance (DOMAIN rule 13).
EGOV_LOCAL_LOGIN_ASSURANCE_LEVEL = env.int("EGOV_LOCAL_LOGIN_ASSURANCE_LEVEL", default=1)
EGOV_VERIFICATION_CODE_TTL_SECONDS = env.int("EGOV_VERIFICATION_CODE_TTL_SECONDS", default=600)
EGOV_VERIFICATION_MAX_ATTEMPTS = env.int("EGOV_VERIFICATION_MAX_ATTEMPTS", default=5)
EGOV_VERIFICATION_RESEND_SECONDS = env.int("EGOV_VERIFICATION_RESEND_SECONDS", default=60)
EGOV_RATELIMIT_REGISTER = env.str("EGOV_RATELIMIT_REGISTER", default="10/h")
EGOV_RATELIMIT_VERIFY = env.str("EGOV_RATELIMIT_VERIFY", default="30/10m")

# OpenID Connect relying party (mozilla-django-oidc) for a VNeID / national-SSO style provider.
# Endpoints are set one by one (the national SSO publishes /oauth2/authorize, /oauth2/token,
# /oauth2/userinfo); the `acr` claim maps to an assurance level through EGOV_OIDC_ACR_LEVELS.
EGOV_OIDC_ENABLED = env.bool("EGOV_OIDC_ENABLED", default=False)
EGOV_OIDC_ISSUER = env.str("OIDC_ISSUER", default="")
EGOV_OIDC_PERSONAL_ID_CLAIM = env.str("OIDC_PERSONAL_ID_CLAIM", default="personal_id")
EGOV_OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="VNeID")
EGOV_OIDC_DEFAULT_LEVEL = env.int("EGOV_OIDC_DEFAULT_LEVEL", default=1)
EGOV_OIDC_ACR_LEVELS: dict[str, int] = {
    "LoA1": 1,
    "LoA2": 2,
    "http://eidas.europa.eu/LoA/substantial": 2,
    **{k: int(v) for k, v in env.dict("OIDC_ACR_LEVELS", default={}).items()},
}
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid profile")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_USE_PKCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc-callback"
OIDC_TIMEOUT = env.float("OIDC_TIMEOUT", default=10.0)

# Digital signatures (egov.signing; egov/signing/README.md). Keys that encrypt stored PKCS#12 files,
# passphrases and PINs: EGOV_SIGNING_KEY (falls back to SECRET_KEY); old keys for rotation.
EGOV_SIGNING_KEY = env.str("EGOV_SIGNING_KEY", default="")
EGOV_SIGNING_KEY_PREVIOUS: list[str] = env.list("EGOV_SIGNING_KEY_PREVIOUS", default=[])
EGOV_SIGNING_KEY_CACHE_SECONDS = env.int("EGOV_SIGNING_KEY_CACHE_SECONDS", default=300)
EGOV_SIGNING_EMBED_VALIDATION_INFO = env.bool("EGOV_SIGNING_EMBED_VALIDATION_INFO", default=True)
EGOV_SIGNING_REMOTE_URL = env.str("EGOV_SIGNING_REMOTE_URL", default="http://127.0.0.1:8765")
EGOV_SIGNING_REMOTE_SECRET = env.str("EGOV_SIGNING_REMOTE_SECRET", default="egov-remote-demo-secret")
EGOV_SIGNING_REMOTE_TIMEOUT = env.int("EGOV_SIGNING_REMOTE_TIMEOUT", default=120)
EGOV_SIGNING_PKCS11_MODULES: list[str] = env.list("EGOV_SIGNING_PKCS11_MODULES", default=[])

# Documents (egov.documents): reminders before the handling deadline, registration cut-off.
EGOV_DOCUMENT_REMIND_HOURS = env.float("EGOV_DOCUMENT_REMIND_HOURS", default=8.0)
EGOV_DOCUMENT_SAME_DAY_CUTOFF = env.str("EGOV_DOCUMENT_SAME_DAY_CUTOFF", default="")

# National document-exchange axis (egov.documents.axis; docs/integrations.md). Dev defaults point
# at the local simulator that `make run` starts (`manage.py axis_simulator`). Wire format [M].
EGOV_AXIS_ENABLED = env.bool("AXIS_ENABLED", default=False)
EGOV_AXIS_URL = env.str("AXIS_URL", default="http://127.0.0.1:8027")
EGOV_AXIS_KEY = env.str("AXIS_KEY", default="egov-dev")
EGOV_AXIS_SECRET = env.str("AXIS_SECRET", default="dev-axis-secret")
EGOV_AXIS_TIMEOUT = env.float("AXIS_TIMEOUT", default=30.0)
EGOV_AXIS_PAGE_SIZE = env.int("AXIS_PAGE_SIZE", default=50)
EGOV_AXIS_MAX_ATTEMPTS = env.int("AXIS_MAX_ATTEMPTS", default=24)
EGOV_AXIS_AGENCY_CODES: list[str] = env.list("AXIS_AGENCY_CODES", default=[])
EGOV_AXIS_ADAPTER = env.str("AXIS_ADAPTER", default="egov.documents.axis.adapters.http.HttpAxisAdapter")
