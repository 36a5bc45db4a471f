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
