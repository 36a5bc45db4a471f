"""Fetch: take the messages waiting on the national document-exchange axis for our agencies
(periodic job `exchange_axis_fetch`).

For each current agency (EGOV_AXIS_AGENCY_CODES, default all), list its mailbox page by page
(EGOV_AXIS_PAGE_SIZE, at most MAX_PAGES per run), then per message:
1. a message id already taken (a replay: our acknowledgement was lost, or the axis delivered it
   again) is only acknowledged again;
2. download the edXML (outside any transaction; SHA-256 checked when the axis gives one);
3. one transaction, serialised per agency (row lock on the agency): a package goes through
   `exchange_import` for that agency (an unregistered electronic incoming document, status 01 for
   the sender); one that cannot be accepted is stored as refused with a status 02 (by
   exchange_import) and still acknowledged, so it does not come back every run; a status message
   goes through `exchange_status_receive` (the recipient's delivery state follows); one about a
   document we never exchanged is stored as an inbound status without a package, with the error.
   The axis message id is stored on the row, so a replay is recognised;
4. the acknowledgement to the axis runs only after that transaction commits. If it fails, the
   message is listed again next run and step 1 acknowledges it.
A message that could not be downloaded, or whose import failed unexpectedly, is left on the axis
(not acknowledged) and tried again next run.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from egov.core.audit.services import audit_record
from egov.documents import edxml
from egov.documents.axis import conf
from egov.documents.axis.adapters import get_adapter
from egov.documents.axis.adapters.base import KIND_STATUS, AdapterError, AxisAdapter, AxisMessage
from egov.documents.models import ExchangePackage, ExchangeStatus
from egov.documents.services.exchange import exchange_status_receive
from egov.documents.services.exchange_import import exchange_import
from egov.org.models import Agency

log = logging.getLogger(__name__)

Inbound = ExchangePackage.Direction.INBOUND
MAX_PAGES = 10  # per mailbox and run; the next run goes on
IMPORTED, REFUSED, DUPLICATE, RECORDED, UNKNOWN = "imported", "refused", "duplicate", "recorded", "unknown"


def _agencies() -> list[Agency]:
    agencies = Agency.objects.filter(valid_to__isnull=True).exclude(agency_code="")
    codes = conf.agency_codes()
    if codes:
        agencies = agencies.filter(agency_code__in=codes)
    return list(agencies.order_by("agency_code", "pk"))


def _taken(agency: Agency, message_id: str) -> bool:
    if ExchangePackage.objects.filter(agency=agency, direction=Inbound, axis_message_id=message_id).exists():
        return True
    return (
        ExchangeStatus.objects.filter(direction=ExchangeStatus.Direction.INBOUND, axis_message_id=message_id)
        .filter(Q(package__agency=agency) | Q(package__isnull=True))
        .exists()
    )


def _ack(adapter: AxisAdapter, message_id: str, organ_id: str) -> None:
    try:
        adapter.ack(message_id, organ_id)
    except AdapterError as exc:
        log.warning("axis ack of %s for %s failed (it will be listed again): %s", message_id, organ_id, exc)


def _error(exc: ValidationError) -> str:
    return " ".join(exc.messages)[:500]


def _package(agency: Agency, message: AxisMessage, body: bytes, *, now: datetime) -> tuple[str, str]:
    before = ExchangePackage.objects.filter(agency=agency, direction=Inbound).aggregate(m=Max("pk"))["m"] or 0
    try:
        incoming = exchange_import(agency=agency, package=body, now=now)
    except ValidationError as exc:
        if getattr(exc, "code", "") == "duplicate":
            return DUPLICATE, _error(exc)
        created = ExchangePackage.objects.filter(
            agency=agency, direction=Inbound, status=ExchangePackage.Status.REFUSED, pk__gt=before
        ).filter(axis_message_id="")
        for row in created.order_by("pk"):
            if bytes(row.body) == body:
                ExchangePackage.objects.filter(pk=row.pk).update(axis_message_id=message.message_id)
                break
        return REFUSED, _error(exc)
    ExchangePackage.objects.filter(
        agency=agency, direction=Inbound, incoming=incoming, status=ExchangePackage.Status.RECEIVED
    ).update(axis_message_id=message.message_id)
    return IMPORTED, ""


def _status(agency: Agency, message: AxisMessage, body: bytes, *, now: datetime) -> tuple[str, str]:
    try:
        row = exchange_status_receive(agency=agency, message=body, now=now)
    except ValidationError as exc:
        code = document_id = ""
        try:
            parsed = edxml.status_parse(body)
            code, document_id = parsed.status_code, parsed.response_for.document_id
        except edxml.EdxmlError:
            pass
        ExchangeStatus.objects.create(
            package=None,
            direction=ExchangeStatus.Direction.INBOUND,
            document_id=document_id[:100],
            organ_id=message.sender[:13],
            code=code[:2],
            description=_error(exc),
            body=body.decode("utf-8", "replace"),
            created_at=now,
            axis_message_id=message.message_id,
            last_error=_error(exc),
        )
        return UNKNOWN, _error(exc)
    if not row.axis_message_id:
        ExchangeStatus.objects.filter(pk=row.pk).update(axis_message_id=message.message_id)
    return RECORDED, ""


def _take(adapter: AxisAdapter, agency: Agency, message: AxisMessage, *, now: datetime) -> bool:
    """Import one waiting message; True when it was taken now (False: replay or left on the axis)."""
    code = agency.agency_code
    if _taken(agency, message.message_id):
        _ack(adapter, message.message_id, code)
        return False
    try:
        body = adapter.fetch(message.message_id, code)
    except AdapterError as exc:
        log.warning("axis message %s for %s: download failed: %s", message.message_id, code, exc)
        return False
    if message.sha256 and hashlib.sha256(body).hexdigest() != message.sha256:
        log.warning("axis message %s for %s: the SHA-256 does not match", message.message_id, code)
        return False
    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=agency.pk).first()  # one taker per agency
        if _taken(agency, message.message_id):
            transaction.on_commit(partial(_ack, adapter, message.message_id, code))
            return False
        take = _status if message.kind == KIND_STATUS else _package
        outcome, error = take(agency, message, body, now=now)
        audit_record(
            action="documents.axis_received",
            target=agency,
            to_state=outcome,
            reason=error,
            data={"axis_message_id": message.message_id, "kind": message.kind, "sender": message.sender},
        )
        transaction.on_commit(partial(_ack, adapter, message.message_id, code))
    return True


def exchange_axis_fetch(*, now: datetime | None = None) -> int:
    """Periodic job: take the waiting messages of every agency's mailbox on the axis. Safe to run
    twice at once. Returns how many messages were taken (imported, refused or recorded)."""
    if not conf.enabled():
        return 0
    adapter = get_adapter()
    taken = 0
    for agency in _agencies():
        taken += _fetch_mailbox(adapter, agency, now=now)
    return taken


def _fetch_mailbox(adapter: AxisAdapter, agency: Agency, *, now: datetime | None) -> int:
    """Up to MAX_PAGES pages of one mailbox; stops at a page that was not full or moved nothing."""
    taken = 0
    for _page in range(MAX_PAGES):
        try:
            messages = adapter.pending(agency.agency_code, conf.page_size())
        except AdapterError as exc:
            log.warning("axis mailbox of %s could not be listed: %s", agency.agency_code, exc)
            break
        moved = 0
        for message in messages:
            try:
                moved += _take(adapter, agency, message, now=now or timezone.now())
            except Exception:
                # Left on the axis (not acknowledged): tried again next run; the other messages go on.
                log.exception("axis message %s for %s could not be taken", message.message_id, agency)
        taken += moved
        if len(messages) < conf.page_size() or not moved:
            break
    return taken
