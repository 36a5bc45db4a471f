"""E-mail delivery against a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import email
import unicodedata
from collections.abc import Callable
from datetime import timedelta
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from typing import Any

import pytest
from django.utils import timezone

from egov.core.audit.models import AuditEvent
from egov.notifications.models import OutboxMessage
from egov.notifications.services import notification_enqueue, outbox_deliver, outbox_sweep
from egov.notifications.tests.conftest import SmtpServer, free_port

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status


def _enqueue(capture: Callable[..., Any], **overrides: Any) -> OutboxMessage:
    fields: dict[str, Any] = {
        "channel": "email",
        "recipient": "cong.dan@example.vn",
        "template": "test_message",
        "context": {"name": "Trần Văn Bình"},
        "idempotency_key": "test-1",
    }
    fields.update(overrides)
    with capture(execute=True):
        message = notification_enqueue(**fields)
    message.refresh_from_db()
    return message


def _parse(raw: bytes) -> EmailMessage:
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def _subject(raw: bytes) -> str:
    """The decoded Subject. (policy.default keeps the space of the fold Django's compat32 header
    encoding puts before the encoded word; RFC 2047 decoding, as mail clients do, drops it.)"""
    return str(make_header(decode_header(email.message_from_bytes(raw)["Subject"])))


def _actions(message: OutboxMessage) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="notifications.outboxmessage", object_id=str(message.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_first_smtp_attempt_fails_then_message_is_delivered_exactly_once(
    smtp_server: SmtpServer, django_capture_on_commit_callbacks: Any, time_machine: Any
) -> None:
    smtp_server.handler.defer_data = 1  # "451 4.3.0 Try again later" to the first DATA only

    message = _enqueue(django_capture_on_commit_callbacks)

    assert message.status == Status.PENDING
    assert message.attempts == 1
    assert message.next_attempt_at > timezone.now()
    assert "451" in message.last_error
    assert smtp_server.handler.data_calls == 1
    assert smtp_server.handler.messages == []

    # Not due yet: the sweep leaves it alone.
    assert outbox_sweep() == 0

    time_machine.move_to(message.next_attempt_at + timedelta(seconds=1))
    assert outbox_sweep() == 1

    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 2
    assert message.sent_at is not None
    assert message.last_error == ""
    assert message.provider_message_id.startswith("<outbox.")
    assert len(smtp_server.handler.messages) == 1

    # Nothing more is ever sent for it.
    assert outbox_sweep() == 0
    outbox_deliver(message_id=message.pk)
    time_machine.move_to(timezone.now() + timedelta(days=1))
    assert outbox_sweep() == 0
    assert len(smtp_server.handler.messages) == 1
    assert smtp_server.handler.data_calls == 2
    assert _actions(message) == [
        "notification.enqueued",
        "notification.claimed",
        "notification.retry_scheduled",
        "notification.claimed",
        "notification.sent",
    ]


def test_vietnamese_subject_and_body_arrive_intact(
    smtp_server: SmtpServer, django_capture_on_commit_callbacks: Any
) -> None:
    message = _enqueue(
        django_capture_on_commit_callbacks,
        template="password_reset",
        recipient="Nguyen.Anh@Example.VN",
        context={
            "user_name": "Nguyễn Thị Ánh Tuyết",
            "reset_url": "https://egov.test/dat-lai-mat-khau?token=abc&uid=7",
            "site_name": "UBND xã Tân Hưng",
        },
    )

    assert message.status == Status.SENT
    assert message.recipient == "Nguyen.Anh@example.vn"
    [raw] = smtp_server.handler.messages
    parsed = _parse(raw)
    assert _subject(raw) == "[UBND xã Tân Hưng] Đặt lại mật khẩu"
    assert parsed["To"] == "Nguyen.Anh@example.vn"
    assert parsed["Message-ID"] == message.provider_message_id
    assert "Ủy ban nhân dân xã" in str(parsed["From"])
    text_part = parsed.get_body(preferencelist=("plain",))
    html_part = parsed.get_body(preferencelist=("html",))
    assert text_part is not None and html_part is not None
    text = text_part.get_content()
    assert text.startswith("Xin chào Nguyễn Thị Ánh Tuyết,")
    assert "Chúng tôi đã nhận được yêu cầu đặt lại mật khẩu" in text
    assert "https://egov.test/dat-lai-mat-khau?token=abc&uid=7" in text  # not HTML-escaped
    assert unicodedata.is_normalized("NFC", text)
    html = html_part.get_content()
    assert 'href="https://egov.test/dat-lai-mat-khau?token=abc&amp;uid=7"' in html
    assert "Nguyễn Thị Ánh Tuyết" in html


def test_test_message_keeps_every_diacritic(
    smtp_server: SmtpServer, django_capture_on_commit_callbacks: Any
) -> None:
    _enqueue(django_capture_on_commit_callbacks, context={"name": "Đặng Thị Ngọc Hân"})
    [raw] = smtp_server.handler.messages
    parsed = _parse(raw)
    assert _subject(raw) == "[egov] Thư thử nghiệm"
    body = parsed.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    assert "Xin chào Đặng Thị Ngọc Hân," in text
    assert "ă â đ ê ô ơ ư — Ă Â Đ Ê Ô Ơ Ư" in text
    assert "ỳ ỵ ỷ ỹ" in text


def test_same_idempotency_key_gives_one_row_and_one_mail(
    smtp_server: SmtpServer, django_capture_on_commit_callbacks: Any
) -> None:
    first = _enqueue(django_capture_on_commit_callbacks, idempotency_key="dossier-42-received")
    second = _enqueue(django_capture_on_commit_callbacks, idempotency_key="dossier-42-received")
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1
    assert len(smtp_server.handler.messages) == 1


def test_message_fails_permanently_after_max_attempts(
    smtp_server: SmtpServer, django_capture_on_commit_callbacks: Any, time_machine: Any, settings: Any
) -> None:
    settings.EGOV_OUTBOX_MAX_ATTEMPTS = 3
    smtp_server.handler.defer_data = 100
    message = _enqueue(django_capture_on_commit_callbacks)
    delays = []
    for _attempt in range(2):
        assert message.status == Status.PENDING
        delays.append(message.next_attempt_at - timezone.now())
        time_machine.move_to(message.next_attempt_at + timedelta(seconds=1))
        assert outbox_sweep() == 1
        message.refresh_from_db()

    assert message.status == Status.FAILED
    assert message.attempts == 3
    assert "451" in message.last_error
    assert smtp_server.handler.data_calls == 3
    assert smtp_server.handler.messages == []
    # Backoff doubles: about 1 minute, then about 2 minutes (jitter ≤ 10 %).
    assert timedelta(seconds=30) < delays[0] <= timedelta(seconds=66)
    assert timedelta(seconds=90) < delays[1] <= timedelta(seconds=132)
    time_machine.move_to(timezone.now() + timedelta(days=2))
    assert outbox_sweep() == 0
    assert smtp_server.handler.data_calls == 3


@pytest.mark.parametrize("where", ["rcpt", "data"])
def test_permanent_rejection_fails_at_once(
    where: str, smtp_server: SmtpServer, django_capture_on_commit_callbacks: Any
) -> None:
    if where == "rcpt":
        smtp_server.handler.reject_rcpt.add("khong.ton.tai@example.vn")
    else:
        smtp_server.handler.data_reply = "554 5.7.1 Message rejected"
    message = _enqueue(django_capture_on_commit_callbacks, recipient="khong.ton.tai@example.vn")
    assert message.status == Status.FAILED
    assert message.attempts == 1
    assert ("550" if where == "rcpt" else "554") in message.last_error
    assert smtp_server.handler.messages == []
    assert outbox_sweep() == 0


def test_unreachable_smtp_server_is_retried(
    settings: Any, django_capture_on_commit_callbacks: Any, time_machine: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens there
    settings.EMAIL_TIMEOUT = 30
    message = _enqueue(django_capture_on_commit_callbacks)
    assert message.status == Status.PENDING
    assert message.attempts == 1
    assert "connection" in message.last_error.lower()
    assert message.next_attempt_at > timezone.now()
