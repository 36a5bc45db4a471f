"""The adapter contract between egov and the national public service portal (DVCQG).

An adapter hides the wire format and the transport. The sync services only see:

- `parse(raw) -> RemoteDossier`: parse an item kept from an earlier pull (retry of a problem);
- `pull_new(since_cursor) -> (list[RemoteDossier], next_cursor)`: dossiers submitted on the portal
  after the opaque cursor (None: from the beginning), oldest first, one page at a time;
- `ack_pulled(remote_codes)`: tell the portal these dossiers are now held by the provincial system;
- `fetch_file(url) -> RemoteFileContent`: download one attached file;
- `push_status(remote_code, status, payload, *, idempotency_key)`: report a status change; the same
  key sent twice must be acknowledged once (the portal drops the duplicate).

Every method raises TemporaryAdapterError (network, 5xx, rate limit, authentication: try again
later) or PermanentAdapterError (the portal refused this request for good: 4xx).
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class AdapterError(Exception):
    permanent = False

    def __init__(self, message: str, *, response: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.response: dict[str, Any] = response or {}


class TemporaryAdapterError(AdapterError):
    """Could not talk to the portal now (network, 5xx, 401/403/408/429): retry later."""


class PermanentAdapterError(AdapterError):
    """The portal refused the request for good (other 4xx, malformed answer for this item)."""

    permanent = True


@dataclass(frozen=True)
class RemoteFile:
    name: str
    url: str
    content_type: str = ""
    size: int | None = None
    sha256: str = ""


@dataclass(frozen=True)
class RemoteComponent:
    name: str
    form: str = "original"  # ProcedureComponent.Form
    copies: int = 1
    code: str = ""  # the portal's component code, when it sends one
    files: tuple[RemoteFile, ...] = ()


@dataclass(frozen=True)
class RemoteApplicant:
    name: str
    kind: str = "person"  # Dossier.ApplicantKind
    id_number: str = ""
    tax_code: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class RemoteDossier:
    """One dossier as submitted on the national portal (already parsed from the wire)."""

    remote_code: str
    procedure_code: str  # national TTHC code N.NNNNNN (an agency suffix is tolerated)
    agency_code: str  # competent agency's electronic ID DDD.CC.BB.AXX
    submitted_at: datetime  # aware
    applicant: RemoteApplicant
    components: tuple[RemoteComponent, ...] = ()
    delivery: str = "online"  # Dossier.Delivery
    delivery_address: str = ""
    eform_data: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)  # the item as received (kept for retries)
    problem: str = ""  # set when the item could not be parsed (only remote_code and raw are meaningful)


@dataclass(frozen=True)
class RemoteFileContent:
    name: str
    content: bytes
    content_type: str = ""


class DvcqgAdapter(abc.ABC):
    """Base class of national portal adapters (see the module docstring for the contract)."""

    @abc.abstractmethod
    def parse(self, raw: Any) -> RemoteDossier:
        """Parse an item kept from an earlier pull (a problem being retried); raise AdapterError."""

    @abc.abstractmethod
    def pull_new(self, since_cursor: str | None) -> tuple[list[RemoteDossier], str | None]: ...

    @abc.abstractmethod
    def ack_pulled(self, remote_codes: list[str]) -> None: ...

    @abc.abstractmethod
    def fetch_file(self, url: str) -> RemoteFileContent: ...

    @abc.abstractmethod
    def push_status(
        self, remote_code: str, status: str, payload: dict[str, Any], *, idempotency_key: str
    ) -> None: ...
