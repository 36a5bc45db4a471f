"""Test helpers: run the payment sandbox gateway in a thread.

    with sandbox_server(ipn_url=live_server.url + "/thanh-toan/ipn/") as base_url:
        settings.EGOV_PAYMENT_GATEWAY_URL = base_url + "/paymentv2/vpcpay.html"
        settings.EGOV_PAYMENT_QUERY_URL = base_url + "/merchant_webapi/api/transaction"

Use `sandbox_settings(settings, base_url)` for those two lines. The sandbox uses the TMN code and
secret of the current Django settings, so both sides agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from egov.payments import conf
from egov.payments.sandbox import PaymentSandbox, SandboxConfig


@contextmanager
def sandbox_server(
    ipn_url: str = "", port: int = 0, *, ipn_attempts: int = 3, ipn_backoff: float = 0.2
) -> Iterator[str]:
    """Start the sandbox on 127.0.0.1:`port` (0: a free port) and yield its base URL."""
    with sandbox_instance(ipn_url, port, ipn_attempts=ipn_attempts, ipn_backoff=ipn_backoff) as server:
        yield server.base_url


@contextmanager
def sandbox_instance(
    ipn_url: str = "", port: int = 0, *, ipn_attempts: int = 3, ipn_backoff: float = 0.2
) -> Iterator[PaymentSandbox]:
    """Like sandbox_server, yielding the server object (to change `ipn_url` or look at orders)."""
    config = SandboxConfig(
        tmn_code=conf.tmn_code(),
        secret=conf.hash_secret(),
        ipn_url=ipn_url,
        ipn_attempts=ipn_attempts,
        ipn_backoff=ipn_backoff,
        ipn_timeout=10.0,
    )
    server = PaymentSandbox(config, port=port)
    server.start_in_thread()
    try:
        yield server
    finally:
        server.stop()


def sandbox_settings(settings: Any, base_url: str) -> None:
    """Point the Django side (pytest-django `settings` fixture) at a running sandbox."""
    settings.EGOV_PAYMENT_GATEWAY_URL = base_url + "/paymentv2/vpcpay.html"
    settings.EGOV_PAYMENT_QUERY_URL = base_url + "/merchant_webapi/api/transaction"
