"""Reads on the outbox."""

from __future__ import annotations

from datetime import datetime

from egov.notifications.models import OutboxMessage


def outbox_due_ids(*, now: datetime, limit: int) -> list[int]:
    """Ids of pending messages whose next attempt is due, oldest first (uses the partial index)."""
    return list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )


def outbox_stuck_ids(*, claimed_before: datetime, limit: int) -> list[int]:
    """Ids of messages left in `sending` since before `claimed_before` (a worker died mid-send)."""
    return list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.SENDING, claimed_at__lt=claimed_before)
        .order_by("claimed_at", "id")
        .values_list("id", flat=True)[:limit]
    )
