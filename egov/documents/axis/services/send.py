"""Send: post the outbound edXML packages and status messages waiting in the outbox to the national
document-exchange axis (periodic job `exchange_axis_send_pending`).

Per row (ExchangePackage outbound READY; ExchangeStatus outbound with `sent_at` empty):
1. claim it by a conditional update (attempts + 1, next_attempt_at = now + a lease), so two runs at
   once never post the same row together and a crashed run leaves it due again after the lease;
2. post it with the adapter, outside any transaction, with the idempotency key `axis:package:<pk>`
   or `axis:status:<pk>`: an attempt repeated after a time-out the axis had in fact accepted gets
   the first message id back and posts nothing twice;
3. record, in one transaction with an audit event: sent (sent_at, the axis message id; a package
   becomes SENT), or a retry with backoff (temporary error: network, time-out, 5xx, 401/403/429),
   or failed for good (failed_at, last_error: a 4xx refusal, EGOV_AXIS_MAX_ATTEMPTS temporary
   errors, a secret document, a status without an addressee). Failed rows stay visible and are
   never retried automatically.
Statuses of one package go in order: a status waits while an earlier one of the same package is
unsent (so the sender never sees 03 before 01), and a status about a package we send waits for
that package.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.audit.services import audit_record
from egov.documents.axis import conf
from egov.documents.axis.adapters import get_adapter
from egov.documents.axis.adapters.base import (
    KIND_EDOC,
    KIND_STATUS,
    AdapterError,
    AxisAdapter,
)
from egov.documents.models import ExchangePackage, ExchangeStatus
from egov.notifications.services import backoff_delay

log = logging.getLogger(__name__)

BATCH = 100
MAX_ERROR_CHARS = 2000
Pkg = ExchangePackage
Out = ExchangeStatus.Direction.OUTBOUND


def _lease() -> timedelta:
    return timedelta(seconds=conf.timeout() * 2 + 60)


def _due(now: datetime) -> Q:
    return Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)


def _codes(value: str) -> list[str]:
    return [code for code in re.split(r"[\s,;]+", value) if code]


def _claim(model: type[Model], pk: int, attempts: int, pending: Q, now: datetime) -> bool:
    won = model._default_manager.filter(
        pending, _due(now), pk=pk, attempts=attempts, failed_at__isnull=True
    ).update(attempts=attempts + 1, next_attempt_at=now + _lease())
    return bool(won)


def _failure(
    model: type[Model], row: Any, *, pending: Q, error: AdapterError, now: datetime, action: str
) -> None:
    """Record a failed attempt of the claimed `row` (attempts already counted by the claim)."""
    attempts = row.attempts + 1
    give_up = error.permanent or attempts >= conf.max_attempts()
    text = str(error)
    if give_up and not error.permanent:
        text = _("Given up after %(count)s attempts: %(error)s") % {"count": attempts, "error": text}
    fields: dict[str, Any] = {"last_error": text[:MAX_ERROR_CHARS]}
    if give_up:
        fields.update(failed_at=now, next_attempt_at=None)
    else:
        fields["next_attempt_at"] = now + backoff_delay(attempts)
    with transaction.atomic():
        won = model._default_manager.filter(pending, pk=row.pk, attempts=attempts).update(**fields)
        if won:
            audit_record(
                action=f"documents.axis_{action}_{'failed' if give_up else 'retry_scheduled'}",
                target=row,
                reason=fields["last_error"][:500],
                data={"attempts": attempts, **error.response},
            )
    log.warning("axis %s %s attempt %s: %s", action, row.pk, attempts, text)


def _fail_now(model: type[Model], row: Any, *, pending: Q, message: str, now: datetime, action: str) -> None:
    """Fail a row that must not (or cannot) be sent, without a network call."""
    with transaction.atomic():
        won = model._default_manager.filter(pending, pk=row.pk, failed_at__isnull=True).update(
            failed_at=now, next_attempt_at=None, last_error=message[:MAX_ERROR_CHARS]
        )
        if won:
            audit_record(action=f"documents.axis_{action}_failed", target=row, reason=message[:500])


# -- packages -----------------------------------------------------------------------------------------

PACKAGE_PENDING = Q(direction=Pkg.Direction.OUTBOUND, status=Pkg.Status.READY)


def _send_package(adapter: AxisAdapter, package: ExchangePackage, *, now: datetime) -> bool:
    secrecy = package.outgoing.secrecy if package.outgoing is not None else ""
    if package.outgoing is not None and package.outgoing.is_secret:
        message = _("A secret document is never sent through the document exchange axis.")
        _fail_now(Pkg, package, pending=PACKAGE_PENDING, message=message, now=now, action="package")
        return False
    if not _claim(Pkg, package.pk, package.attempts, PACKAGE_PENDING, now):
        return False
    try:
        message_id = adapter.send(
            sender=package.sender_code or package.agency.agency_code,
            recipients=_codes(package.recipient_codes),
            kind=KIND_EDOC,
            body=bytes(package.body),
            idempotency_key=f"axis:package:{package.pk}",
            secrecy=secrecy,
        )
    except AdapterError as exc:
        _failure(Pkg, package, pending=PACKAGE_PENDING, error=exc, now=now, action="package")
        return False
    with transaction.atomic():
        won = Pkg.objects.filter(PACKAGE_PENDING, pk=package.pk).update(
            status=Pkg.Status.SENT,
            sent_at=timezone.now(),
            axis_message_id=message_id,
            next_attempt_at=None,
            last_error="",
        )
        if won:
            audit_record(
                action="documents.axis_package_sent",
                target=package,
                from_state=Pkg.Status.READY,
                to_state=Pkg.Status.SENT,
                data={"axis_message_id": message_id, "recipients": package.recipient_codes},
            )
    return bool(won)


# -- status messages -----------------------------------------------------------------------------------

STATUS_PENDING = Q(direction=Out, sent_at__isnull=True)


def _route(status: ExchangeStatus) -> list[str]:
    """Who the status is for: the sender of a package we received, the recipients of one we sent."""
    package = status.package
    if package is None or not status.body.strip():
        return []
    if package.direction == Pkg.Direction.INBOUND:
        return _codes(package.sender_code)
    return _codes(package.recipient_codes)


def _waits(status: ExchangeStatus) -> bool:
    package = status.package
    if (
        package is not None
        and package.direction == Pkg.Direction.OUTBOUND
        and package.status == Pkg.Status.READY
    ):
        return True  # our package is not on the axis yet
    return ExchangeStatus.objects.filter(
        STATUS_PENDING, package_id=status.package_id, failed_at__isnull=True, pk__lt=status.pk
    ).exists()


def _send_status(adapter: AxisAdapter, status: ExchangeStatus, *, now: datetime) -> bool:
    recipients = _route(status)
    if not recipients:
        message = _("This status message has no addressee (the package it answers could not be read).")
        _fail_now(ExchangeStatus, status, pending=STATUS_PENDING, message=message, now=now, action="status")
        return False
    package = status.package
    if package is not None and package.direction == Pkg.Direction.OUTBOUND and package.failed_at:
        message = _("The package this status message is about could not be sent.")
        _fail_now(ExchangeStatus, status, pending=STATUS_PENDING, message=message, now=now, action="status")
        return False
    if _waits(status) or not _claim(ExchangeStatus, status.pk, status.attempts, STATUS_PENDING, now):
        return False
    try:
        message_id = adapter.send(
            sender=status.organ_id,
            recipients=recipients,
            kind=KIND_STATUS,
            body=status.body.encode("utf-8"),
            idempotency_key=f"axis:status:{status.pk}",
        )
    except AdapterError as exc:
        _failure(ExchangeStatus, status, pending=STATUS_PENDING, error=exc, now=now, action="status")
        return False
    with transaction.atomic():
        won = ExchangeStatus.objects.filter(STATUS_PENDING, pk=status.pk).update(
            sent_at=timezone.now(), axis_message_id=message_id, next_attempt_at=None, last_error=""
        )
        if won:
            audit_record(
                action="documents.axis_status_sent",
                target=status,
                to_state=status.code,
                data={"axis_message_id": message_id, "recipients": recipients},
            )
    return bool(won)


def exchange_axis_send_pending(*, now: datetime | None = None) -> int:
    """Periodic job: post the due outbound packages, then the due status messages, to the axis.
    Safe to run twice at once. Returns how many were sent."""
    if not conf.enabled():
        return 0
    now = now or timezone.now()
    adapter = get_adapter()
    sent = 0
    packages = (
        Pkg.objects.filter(PACKAGE_PENDING, _due(now), failed_at__isnull=True)
        .select_related("agency", "outgoing")
        .order_by("pk")[:BATCH]
    )
    for package in list(packages):
        sent += _send_package(adapter, package, now=now)
    statuses = (
        ExchangeStatus.objects.filter(STATUS_PENDING, _due(now), failed_at__isnull=True)
        .select_related("package")
        .order_by("pk")[:BATCH]
    )
    for status in list(statuses):
        sent += _send_status(adapter, status, now=now)
    return sent
