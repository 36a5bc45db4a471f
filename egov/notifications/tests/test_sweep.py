"""The periodic sweep, recovery of stuck rows, and the staff actions (retry now, cancel)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from egov.core.audit.models import AuditEvent
from egov.core.periodic import PERIODIC_JOBS
from egov.notifications import services
from egov.notifications.models import OutboxMessage
from egov.notifications.tests.conftest import SmtpServer

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status


def _pending(key: str, **fields: Any) -> OutboxMessage:
    """A queued message whose delivery task has not run (on_commit callbacks are not executed)."""
    message = services.notification_enqueue(
        channel="email", recipient="a@example.vn", template="test_message", context={}, idempotency_key=key
    )
    if fields:
        OutboxMessage.objects.filter(pk=message.pk).update(**fields)
        message.refresh_from_db()
    return message


def test_sweep_is_the_registered_periodic_job() -> None:
    assert "egov.notifications.services.outbox_sweep" in PERIODIC_JOBS
    assert services.outbox_sweep() == 0


def test_sweep_delivers_due_rows_only(smtp_server: SmtpServer) -> None:
    due = _pending("due")
    later = _pending("later", next_attempt_at=timezone.now() + timedelta(minutes=5))
    assert services.outbox_sweep() == 1
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.status, later.status) == (Status.SENT, Status.PENDING)
    assert len(smtp_server.handler.messages) == 1


def test_sweep_batch_is_bounded(smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "SWEEP_BATCH", 2)
    for i in range(3):
        _pending(f"batch-{i}")
    assert services.outbox_sweep() == 2
    assert services.outbox_sweep() == 1
    assert OutboxMessage.objects.filter(status=Status.SENT).count() == 3


def test_row_stuck_in_sending_is_recovered_and_delivered(smtp_server: SmtpServer) -> None:
    now = timezone.now()
    stuck = _pending("stuck", status=Status.SENDING, attempts=1, claimed_at=now - timedelta(minutes=11))
    busy = _pending("busy", status=Status.SENDING, attempts=1, claimed_at=now - timedelta(minutes=5))

    assert services.outbox_sweep() == 2  # one recovered, then the same one delivered

    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert stuck.status == Status.SENT
    assert stuck.attempts == 2
    assert busy.status == Status.SENDING  # a worker may still be sending it
    assert len(smtp_server.handler.messages) == 1
    recovered = AuditEvent.objects.get(action="notification.recovered")
    assert (recovered.from_state, recovered.to_state) == ("sending", "pending")


def test_stuck_row_out_of_attempts_fails(settings: Any) -> None:
    settings.EGOV_OUTBOX_MAX_ATTEMPTS = 2
    stuck = _pending(
        "stuck-last", status=Status.SENDING, attempts=2, claimed_at=timezone.now() - timedelta(hours=1)
    )
    assert services.outbox_sweep() == 1
    stuck.refresh_from_db()
    assert stuck.status == Status.FAILED


def test_a_row_being_sent_is_not_claimed_twice() -> None:
    message = _pending("claimed", status=Status.SENDING, attempts=1, claimed_at=timezone.now())
    services.outbox_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENDING, 1)


def test_retry_now_gives_a_failed_message_one_more_attempt(
    smtp_server: SmtpServer, django_capture_on_commit_callbacks: Any, admin_user: Any
) -> None:
    failed = _pending(
        "failed", status=Status.FAILED, attempts=8, next_attempt_at=timezone.now() + timedelta(hours=1)
    )
    sent = _pending("sent", status=Status.SENT)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.outbox_retry_now(message_id=failed.pk, actor=admin_user) is True
        assert services.outbox_retry_now(message_id=sent.pk, actor=admin_user) is False
    failed.refresh_from_db()
    assert failed.status == Status.SENT
    assert failed.attempts == 9
    event = AuditEvent.objects.get(action="notification.retry_requested")
    assert (event.actor_id, event.from_state, event.to_state) == (admin_user.pk, "failed", "pending")


def test_cancel_stops_a_pending_message(smtp_server: SmtpServer, admin_user: Any) -> None:
    message = _pending("cancel-me")
    assert services.outbox_cancel(message_id=message.pk, actor=admin_user, reason="nhầm người nhận") is True
    assert services.outbox_cancel(message_id=message.pk, actor=admin_user) is False
    assert services.outbox_sweep() == 0
    message.refresh_from_db()
    assert message.status == Status.CANCELLED
    assert smtp_server.handler.messages == []
    assert AuditEvent.objects.get(action="notification.cancelled").reason == "nhầm người nhận"
