"""Writes on the outbox: enqueue, deliver (claim → send → record), sweep, retry, cancel, receipts.

Delivery protocol, so that a message is never sent twice:
1. claim: in a short transaction, a pending and due row becomes `sending` (attempts + 1). On
   PostgreSQL the row is locked with SELECT … FOR UPDATE SKIP LOCKED; everywhere, the write is a
   conditional UPDATE on status=pending, so only one worker wins.
2. send, outside any transaction (no DB lock is held during network I/O).
3. record, in a second transaction: sent, or pending with backoff, or failed.
A row whose worker died between 1 and 3 stays `sending`; after SENDING_TIMEOUT the sweep puts it
back to pending. Every status change writes an audit event in the same transaction.
"""

from __future__ import annotations

import json
import logging
import random
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.audit.services import audit_record
from egov.notifications import selectors
from egov.notifications.channels import ChannelError, SendResult, TemporaryChannelError, channel_send
from egov.notifications.models import OutboxMessage
from egov.notifications.recipients import recipient_normalize
from egov.notifications.rendering import message_render, template_validate
from egov.notifications.tasks import outbox_deliver_task

log = logging.getLogger(__name__)

Status = OutboxMessage.Status

SWEEP_BATCH = 200
SENDING_TIMEOUT = timedelta(minutes=10)
BACKOFF_BASE_MINUTES = 1.0
BACKOFF_CAP_MINUTES = 60.0
BACKOFF_JITTER = 0.10
MAX_ERROR_CHARS = 2000
RECEIPT_DELIVERED = "DELIVRD"


def backoff_delay(attempts: int) -> timedelta:
    """Delay before the next attempt after `attempts` failed ones: 1, 2, 4 … 32, 60, 60 … minutes,
    plus up to 10 % jitter (never less than the nominal delay)."""
    minutes = min(BACKOFF_BASE_MINUTES * 2 ** max(attempts - 1, 0), BACKOFF_CAP_MINUTES)
    jitter = random.uniform(0, BACKOFF_JITTER)  # noqa: S311 (spreading retries, not security)
    return timedelta(minutes=minutes * (1 + jitter))


def _schedule_delivery(message_id: int) -> None:
    """Enqueue delivery after commit. If enqueueing fails, the periodic sweep still delivers it."""
    transaction.on_commit(lambda: outbox_deliver_task.enqueue(message_id), robust=True)


def _audit(
    message: OutboxMessage, *, action: str, from_state: str, actor: Any = None, reason: str = ""
) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=message,
        from_state=from_state,
        to_state=message.status,
        reason=reason,
        data={"channel": message.channel, "template": message.template, "attempts": message.attempts},
    )


def _locked(pk: int) -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.select_for_update().filter(pk=pk)


# --- enqueue -------------------------------------------------------------------------------------


def notification_enqueue(
    *, channel: str, recipient: str, template: str, context: dict[str, Any], idempotency_key: str
) -> OutboxMessage:
    """Queue one message. The same idempotency key always returns the same row and sends once.

    Raises ValidationError (messages in the active language, Vietnamese by default) for an unknown
    channel or template, a malformed recipient, a context that is not JSON, or an SMS too long.
    """
    key = idempotency_key.strip()
    if not key or len(key) > 200:
        raise ValidationError(_("The idempotency key must have 1 to 200 characters."), code="invalid_key")
    existing = OutboxMessage.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    if channel not in OutboxMessage.Channel.values:
        raise ValidationError(_("Unknown channel “%(value)s”.") % {"value": channel}, code="invalid_channel")
    address = recipient_normalize(channel=channel, recipient=recipient)
    template_validate(channel=channel, template=template)
    try:
        json.dumps(context)
    except (TypeError, ValueError):
        raise ValidationError(
            _("The message context must be plain JSON data."), code="invalid_context"
        ) from None
    # Render once now, so that a broken template or an over-long SMS fails here, at the caller.
    message_render(
        channel=channel, template=template, context={"site_name": settings.EGOV_SITE_NAME, **context}
    )
    message, created = _outbox_insert(
        channel=channel, recipient=address, template=template, context=context, idempotency_key=key
    )
    if created:
        _schedule_delivery(message.pk)
    return message


def outbox_enqueue_registered(
    *, channel: str, recipient: str, template: str, context: dict[str, Any], idempotency_key: str
) -> OutboxMessage:
    """Queue one row for a channel whose sender another app registered (e.g. "dvcqg": status
    pushes to the national portal). Such rows have no e-mail/SMS recipient or template to check;
    they get the same unique key, retries with backoff and audit as every other outbox row."""
    from egov.notifications.channels import channel_sender_for

    if channel_sender_for(channel) is None:
        raise ValidationError(_("Unknown channel “%(value)s”.") % {"value": channel}, code="invalid_channel")
    key = idempotency_key.strip()
    if not key or len(key) > 200:
        raise ValidationError(_("The idempotency key must have 1 to 200 characters."), code="invalid_key")
    message, created = _outbox_insert(
        channel=channel, recipient=recipient, template=template, context=context, idempotency_key=key
    )
    if created:
        _schedule_delivery(message.pk)
    return message


def _outbox_insert(
    *, channel: str, recipient: str, template: str, context: dict[str, Any], idempotency_key: str
) -> tuple[OutboxMessage, bool]:
    """Insert a pending row, or return the row another caller inserted with the same key.

    The unique constraint decides the race: the loser's INSERT fails inside a savepoint and it
    reads the winner's row (READ COMMITTED on PostgreSQL; SQLite serialises writers).
    """
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                channel=channel,
                recipient=recipient,
                template=template,
                context=context,
                idempotency_key=idempotency_key,
                status=Status.PENDING,
                next_attempt_at=timezone.now(),
            )
            _audit(message, action="notification.enqueued", from_state="")
    except IntegrityError:
        return OutboxMessage.objects.get(idempotency_key=idempotency_key), False
    return message, True


# --- deliver -------------------------------------------------------------------------------------


def _claim(message_id: int) -> OutboxMessage | None:
    now = timezone.now()
    with transaction.atomic():
        rows = OutboxMessage.objects.filter(pk=message_id, status=Status.PENDING, next_attempt_at__lte=now)
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        message = rows.first()
        if message is None:
            return None
        # Conditional write: also correct where SELECT … FOR UPDATE is not available (SQLite).
        won = OutboxMessage.objects.filter(pk=message.pk, status=Status.PENDING).update(
            status=Status.SENDING, attempts=F("attempts") + 1, claimed_at=now
        )
        if won != 1:
            return None
        message.refresh_from_db()
        _audit(message, action="notification.claimed", from_state=Status.PENDING)
    return message


def _record_sent(claimed: OutboxMessage, result: SendResult) -> None:
    with transaction.atomic():
        message = _locked(claimed.pk).get()
        if message.status == Status.SENT:
            return
        previous = message.status
        if previous != Status.SENDING or message.attempts != claimed.attempts:
            log.warning("outbox %s was sent although its claim was lost (now %s)", message.pk, previous)
        message.status = Status.SENT
        message.sent_at = timezone.now()
        message.claimed_at = None
        message.last_error = ""
        message.provider_message_id = result.provider_message_id[:200]
        message.provider_response = result.provider_response
        message.save(
            update_fields=[
                "status",
                "sent_at",
                "claimed_at",
                "last_error",
                "provider_message_id",
                "provider_response",
            ]
        )
        _audit(message, action="notification.sent", from_state=previous)


def _record_failure(claimed: OutboxMessage, error: ChannelError) -> None:
    with transaction.atomic():
        message = _locked(claimed.pk).get()
        if message.status != Status.SENDING or message.attempts != claimed.attempts:
            log.warning("outbox %s: attempt %s result dropped, row moved on", message.pk, claimed.attempts)
            return
        exhausted = message.attempts >= settings.EGOV_OUTBOX_MAX_ATTEMPTS
        message.status = Status.FAILED if (error.permanent or exhausted) else Status.PENDING
        if message.status == Status.PENDING:
            message.next_attempt_at = timezone.now() + backoff_delay(message.attempts)
        message.claimed_at = None
        message.last_error = str(error)[:MAX_ERROR_CHARS]
        message.provider_response = error.response
        message.save(
            update_fields=["status", "next_attempt_at", "claimed_at", "last_error", "provider_response"]
        )
        action = "notification.failed" if message.status == Status.FAILED else "notification.retry_scheduled"
        _audit(message, action=action, from_state=Status.SENDING, reason=message.last_error)


def _deliver(message_id: int) -> bool:
    """Claim, send and record one message. False when there was nothing to do."""
    claimed = _claim(message_id)
    if claimed is None:
        return False
    try:
        result = channel_send(claimed)
    except ChannelError as exc:
        log.info("outbox %s attempt %s failed: %s", claimed.pk, claimed.attempts, exc)
        _record_failure(claimed, exc)
    except Exception as exc:  # a bug or a broken template must not leave the row in `sending`
        log.exception("outbox %s attempt %s crashed", claimed.pk, claimed.attempts)
        _record_failure(claimed, TemporaryChannelError(f"{type(exc).__name__}: {exc}"))
    else:
        _record_sent(claimed, result)
    return True


def outbox_deliver(*, message_id: int) -> None:
    """Deliver one message if it is pending and due; otherwise (sent, sending, not due) do nothing."""
    _deliver(message_id)


# --- sweep ---------------------------------------------------------------------------------------


def _recover_stuck(message_id: int, *, claimed_before: datetime) -> bool:
    with transaction.atomic():
        message = _locked(message_id).filter(status=Status.SENDING, claimed_at__lt=claimed_before).first()
        if message is None:
            return False
        exhausted = message.attempts >= settings.EGOV_OUTBOX_MAX_ATTEMPTS
        message.status = Status.FAILED if exhausted else Status.PENDING
        message.next_attempt_at = timezone.now()
        message.claimed_at = None
        message.last_error = "worker stopped while sending; outcome unknown"
        message.save(update_fields=["status", "next_attempt_at", "claimed_at", "last_error"])
        _audit(message, action="notification.recovered", from_state=Status.SENDING, reason=message.last_error)
    return True


def outbox_sweep() -> int:
    """Periodic job: return stuck `sending` rows to pending, then deliver due pending rows (bounded
    batch). Returns the number of messages handled. Safe to run concurrently."""
    now = timezone.now()
    recovered = sum(
        _recover_stuck(pk, claimed_before=now - SENDING_TIMEOUT)
        for pk in selectors.outbox_stuck_ids(claimed_before=now - SENDING_TIMEOUT, limit=SWEEP_BATCH)
    )
    delivered = sum(_deliver(pk) for pk in selectors.outbox_due_ids(now=timezone.now(), limit=SWEEP_BATCH))
    return recovered + delivered


# --- staff actions -------------------------------------------------------------------------------


def outbox_retry_now(*, message_id: int, actor: Any) -> bool:
    """Make a pending or failed message due now (a failed one gets one more attempt)."""
    with transaction.atomic():
        message = _locked(message_id).filter(status__in=[Status.PENDING, Status.FAILED]).first()
        if message is None:
            return False
        previous = message.status
        message.status = Status.PENDING
        message.next_attempt_at = timezone.now()
        message.save(update_fields=["status", "next_attempt_at"])
        _audit(message, action="notification.retry_requested", from_state=previous, actor=actor)
        _schedule_delivery(message.pk)
    return True


def outbox_cancel(*, message_id: int, actor: Any, reason: str = "") -> bool:
    """Cancel a message that has not been sent (pending or failed)."""
    with transaction.atomic():
        message = _locked(message_id).filter(status__in=[Status.PENDING, Status.FAILED]).first()
        if message is None:
            return False
        previous = message.status
        message.status = Status.CANCELLED
        message.save(update_fields=["status"])
        _audit(message, action="notification.cancelled", from_state=previous, actor=actor, reason=reason)
    return True


# --- delivery receipts ---------------------------------------------------------------------------


def outbox_receipt_record(*, provider_message_id: str, status: str, ts: datetime) -> bool:
    """Apply an SMS delivery receipt. Idempotent: a replay, or any receipt after DELIVRD, changes
    nothing and returns False. Raises OutboxMessage.DoesNotExist for an unknown provider id."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update()
            .filter(channel=OutboxMessage.Channel.SMS, provider_message_id=provider_message_id)
            .order_by("id")
            .first()
        )
        if message is None:
            raise OutboxMessage.DoesNotExist(provider_message_id)
        if message.delivery_status in (status, RECEIPT_DELIVERED):
            return False
        previous = message.delivery_status
        message.delivery_status = status
        if status == RECEIPT_DELIVERED:
            message.delivered_at = ts
        message.save(update_fields=["delivery_status", "delivered_at"])
        audit_record(
            action="notification.delivery_receipt",
            target=message,
            from_state=previous,
            to_state=status,
            data={"channel": message.channel, "ts": ts.isoformat()},
        )
    return True
