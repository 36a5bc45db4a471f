"""Payment settings, read in one place (`getattr(settings, NAME, default)`), so tests can override
them with the pytest-django `settings` fixture. The defaults point at the local sandbox gateway
(`manage.py payment_sandbox`, port 8031) and are for development only."""

from __future__ import annotations

from django.conf import settings

# DEV ONLY: the sandbox's merchant code and shared secret. Production must set real values.
DEV_TMN_CODE = "EGOVSBX1"
DEV_HASH_SECRET = "EGOV-DEV-ONLY-SANDBOX-SECRET-NOT-FOR-PRODUCTION"  # noqa: S105 - dev sandbox only
DEV_SANDBOX_PORT = 8031


def gateway_name() -> str:
    return str(getattr(settings, "EGOV_PAYMENT_GATEWAY", "vnpay"))


def gateway_url() -> str:
    default = f"http://127.0.0.1:{DEV_SANDBOX_PORT}/paymentv2/vpcpay.html"
    return str(getattr(settings, "EGOV_PAYMENT_GATEWAY_URL", default))


def query_url() -> str:
    default = f"http://127.0.0.1:{DEV_SANDBOX_PORT}/merchant_webapi/api/transaction"
    return str(getattr(settings, "EGOV_PAYMENT_QUERY_URL", default))


def tmn_code() -> str:
    return str(getattr(settings, "EGOV_PAYMENT_TMN_CODE", DEV_TMN_CODE))


def hash_secret() -> str:
    return str(getattr(settings, "EGOV_PAYMENT_HASH_SECRET", DEV_HASH_SECRET))


def expire_minutes() -> int:
    return int(getattr(settings, "EGOV_PAYMENT_EXPIRE_MINUTES", 15))


def reconcile_grace_minutes() -> int:
    """How long after its expiry a pending payment is left alone before the reconciliation job
    asks the gateway about it (late IPNs still arrive in that window)."""
    return int(getattr(settings, "EGOV_PAYMENT_RECONCILE_GRACE_MINUTES", 5))


def query_timeout() -> float:
    return float(getattr(settings, "EGOV_PAYMENT_QUERY_TIMEOUT", 10.0))


def public_base_url() -> str:
    """EGOV_PUBLIC_BASE_URL when set (empty means: build from the request)."""
    return str(getattr(settings, "EGOV_PUBLIC_BASE_URL", "") or "").rstrip("/")


def lookup_rate() -> str:
    return str(getattr(settings, "EGOV_PAYMENT_LOOKUP_RATE", "10/m"))
