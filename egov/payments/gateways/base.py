"""The interface every payment gateway adapter implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from egov.payments.models import Payment


class GatewayError(RuntimeError):
    """The gateway could not be reached or answered nonsense."""


@dataclass(frozen=True)
class GatewayResult:
    """A verified (or not) payment result from a return or an IPN.

    `status` is one of Payment.Status values ("paid", "failed", "cancelled", "expired") when the
    signature is valid; `message` is a plain Vietnamese explanation for the citizen."""

    signature_valid: bool
    txn_ref: str = ""
    amount: Decimal | None = None
    status: str = ""
    response_code: str = ""
    gateway_txn_no: str = ""
    bank_code: str = ""
    paid_at: datetime | None = None
    message: str = ""
    tmn_code_valid: bool = True
    raw: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class QueryResult:
    """What the gateway says about one of our orders (reconciliation)."""

    found: bool
    status: str = ""  # "paid", "pending", "failed" … (Payment.Status values), "" when not found
    amount: Decimal | None = None
    gateway_txn_no: str = ""
    bank_code: str = ""
    paid_at: datetime | None = None
    response_code: str = ""
    raw: dict[str, str] = field(default_factory=dict)


class Gateway(ABC):
    name: str = ""

    @abstractmethod
    def build_payment_url(self, payment: Payment, return_url: str, ip: str) -> str:
        """The URL the citizen's browser is sent to (signed)."""

    @abstractmethod
    def verify_return(self, params: Mapping[str, str]) -> GatewayResult:
        """Check the signed parameters the browser brought back."""

    @abstractmethod
    def verify_ipn(self, params: Mapping[str, str]) -> GatewayResult:
        """Check the signed server-to-server notification."""

    @abstractmethod
    def ipn_response(self, code: tuple[str, str]) -> dict[str, str]:
        """The JSON body answering an IPN."""

    @abstractmethod
    def query(self, payment: Payment) -> QueryResult:
        """Ask the gateway about `payment` (raises GatewayError when unreachable)."""
