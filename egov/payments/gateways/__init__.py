"""Payment gateway adapters. `get_gateway()` returns the configured one (EGOV_PAYMENT_GATEWAY)."""

from __future__ import annotations

from egov.payments.gateways.base import Gateway, GatewayError, GatewayResult, QueryResult


def get_gateway(name: str | None = None) -> Gateway:
    from egov.payments import conf
    from egov.payments.gateways.vnpay import VNPayGateway

    chosen = name or conf.gateway_name()
    if chosen == "vnpay":
        return VNPayGateway.from_settings()
    raise GatewayError(f"unknown payment gateway {chosen!r}")


__all__ = ["Gateway", "GatewayError", "GatewayResult", "QueryResult", "get_gateway"]
