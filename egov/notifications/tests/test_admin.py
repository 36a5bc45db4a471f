"""The outbox admin: read-only list with filters, and the "retry now" action."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from egov.notifications.models import OutboxMessage
from egov.notifications.tests.conftest import SmtpServer

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status


def _message(key: str, status: str = Status.FAILED) -> OutboxMessage:
    return OutboxMessage.objects.create(
        channel="email",
        recipient="a@example.vn",
        template="test_message",
        idempotency_key=key,
        status=status,
        attempts=3,
        last_error="451 4.3.0 Try again later",
    )


def test_changelist_with_filters(admin_client: Client) -> None:
    _message("a")
    _message("b", Status.SENT)
    url = reverse("admin:notifications_outboxmessage_changelist")
    response = admin_client.get(url, {"status__exact": "failed", "channel__exact": "email"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    assert admin_client.get(url, {"q": "a@example.vn"}).status_code == 200


def test_detail_is_read_only_and_add_is_refused(admin_client: Client) -> None:
    message = _message("a")
    detail = admin_client.get(reverse("admin:notifications_outboxmessage_change", args=[message.pk]))
    assert detail.status_code == 200
    assert not detail.context["has_change_permission"]
    assert admin_client.get(reverse("admin:notifications_outboxmessage_add")).status_code == 403
    admin_client.post(
        reverse("admin:notifications_outboxmessage_change", args=[message.pk]), {"recipient": "x@example.vn"}
    )
    message.refresh_from_db()
    assert message.recipient == "a@example.vn"


def test_retry_now_action(
    admin_client: Client, smtp_server: SmtpServer, django_capture_on_commit_callbacks: Any
) -> None:
    failed = _message("failed")
    sent = _message("sent", Status.SENT)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:notifications_outboxmessage_changelist"),
            {"action": "retry_now", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )
    assert response.status_code == 200
    texts = [str(m) for m in response.context["messages"]]
    assert any("1" in t for t in texts) and len(texts) == 2
    failed.refresh_from_db()
    assert failed.status == Status.SENT
    assert len(smtp_server.handler.messages) == 1
