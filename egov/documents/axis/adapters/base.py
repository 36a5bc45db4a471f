"""The adapter contract between egov and the national document-exchange axis (VDXP, Decision
28/2018/QĐ-TTg).

An adapter hides the wire format and the transport. The services only see:

- `send(sender=, recipients=, kind=, body=, idempotency_key=, secrecy=) -> message id`: post one
  edXML package (kind "edoc") or status message (kind "status") from one of our agencies to the
  mailboxes of the recipient organisations. The same idempotency key sent twice is accepted once
  (the axis answers with the first message id). A secret document is refused here, before any
  network call, whatever the caller checked already (rule 8);
- `pending(organ_id, limit) -> list[AxisMessage]`: the messages waiting in one organisation's
  mailbox, oldest first (metadata only);
- `fetch(message_id, organ_id) -> bytes`: the edXML bytes of one waiting message;
- `ack(message_id, organ_id)`: the message is now held by egov; the axis stops delivering it.

Every method raises TemporaryAdapterError (network, timeout, 5xx, 401/403/408/425/429: try again
later) or PermanentAdapterError (the axis refused this request for good: other 4xx).
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import Any

from egov.documents.edxml.model import NON_SECRET_VALUES

KIND_EDOC = "edoc"
KIND_STATUS = "status"
KINDS = frozenset({KIND_EDOC, KIND_STATUS})


class AdapterError(Exception):
    permanent = False

    def __init__(self, message: str, *, response: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.response: dict[str, Any] = response or {}


class TemporaryAdapterError(AdapterError):
    """Could not talk to the axis now (network, timeout, 5xx, 401/403/408/425/429): retry later."""


class PermanentAdapterError(AdapterError):
    """The axis refused the request for good (other 4xx), or egov refuses to send it."""

    permanent = True


@dataclass(frozen=True)
class AxisMessage:
    """One message waiting in a mailbox of the axis (as listed; the body is fetched separately)."""

    message_id: str
    sender: str  # organisation code of the sender (DDD.CC.BB.AXX)
    recipient: str  # the mailbox it was listed for
    kind: str  # KIND_EDOC or KIND_STATUS
    sha256: str = ""
    size: int | None = None
    created: str = ""


class AxisAdapter(abc.ABC):
    """Base class of axis adapters (see the module docstring for the contract)."""

    def send(
        self,
        *,
        sender: str,
        recipients: list[str],
        kind: str,
        body: bytes,
        idempotency_key: str,
        secrecy: str = "",
    ) -> str:
        """Check what must never leave egov, then post the message; returns the axis message id."""
        if secrecy.strip().lower() not in NON_SECRET_VALUES:
            raise PermanentAdapterError("a secret document is never sent through the exchange axis")
        if kind not in KINDS:
            raise PermanentAdapterError(f"unknown message kind {kind!r}")
        wanted = [code.strip() for code in recipients if code.strip()]
        if not sender.strip() or not wanted:
            raise PermanentAdapterError("the message has no sender or no recipient")
        if not body:
            raise PermanentAdapterError("the message is empty")
        return self._send(
            sender=sender.strip(), recipients=wanted, kind=kind, body=body, idempotency_key=idempotency_key
        )

    @abc.abstractmethod
    def _send(
        self, *, sender: str, recipients: list[str], kind: str, body: bytes, idempotency_key: str
    ) -> str: ...

    @abc.abstractmethod
    def pending(self, organ_id: str, limit: int) -> list[AxisMessage]: ...

    @abc.abstractmethod
    def fetch(self, message_id: str, organ_id: str) -> bytes: ...

    @abc.abstractmethod
    def ack(self, message_id: str, organ_id: str) -> None: ...
