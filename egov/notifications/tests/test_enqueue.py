"""Enqueueing: validation (with Vietnamese messages), idempotency, rendering, SMS length, backoff."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from egov.notifications import services
from egov.notifications.models import OutboxMessage
from egov.notifications.recipients import phone_normalize
from egov.notifications.rendering import message_render, sms_length

pytestmark = pytest.mark.django_db


def _enqueue(**overrides: Any) -> OutboxMessage:
    fields: dict[str, Any] = {
        "channel": "email",
        "recipient": "a@example.vn",
        "template": "test_message",
        "context": {},
        "idempotency_key": "k-1",
    }
    fields.update(overrides)
    return services.notification_enqueue(**fields)


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("0912345678", "+84912345678"),
        ("0912 345 678", "+84912345678"),
        ("091.234.5678", "+84912345678"),
        ("+84 912-345-678", "+84912345678"),
        ("84386123456", "+84386123456"),
    ],
)
def test_phone_numbers_are_normalized(raw: str, normalized: str) -> None:
    assert phone_normalize(raw) == normalized


@pytest.mark.parametrize(
    "raw", ["", "12345", "0212345678", "091234567", "09123456789", "+1 912 345 678", "abc"]
)
def test_invalid_phone_numbers_are_refused_in_vietnamese(raw: str) -> None:
    with translation.override("vi"), pytest.raises(ValidationError) as info:
        _enqueue(channel="sms", recipient=raw)
    assert "không phải là số điện thoại di động Việt Nam hợp lệ" in info.value.messages[0]
    assert OutboxMessage.objects.count() == 0


def test_invalid_email_is_refused_in_vietnamese() -> None:
    with translation.override("vi"), pytest.raises(ValidationError) as info:
        _enqueue(recipient="không phải email")
    assert info.value.messages == ["“không phải email” không phải là địa chỉ thư điện tử hợp lệ."]


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"channel": "fax"}, "invalid_channel"),
        ({"template": "../secrets"}, "invalid_template"),
        ({"template": "no_such_template"}, "unknown_template"),
        ({"context": {"when": object()}}, "invalid_context"),
        ({"idempotency_key": "  "}, "invalid_key"),
        ({"idempotency_key": "x" * 201}, "invalid_key"),
    ],
)
def test_invalid_requests_are_refused(overrides: dict[str, Any], code: str) -> None:
    with pytest.raises(ValidationError) as info:
        _enqueue(**overrides)
    assert info.value.code == code
    assert OutboxMessage.objects.count() == 0


def test_nothing_is_scheduled_when_the_caller_rolls_back(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                _enqueue()
                raise RuntimeError("the caller's transaction fails")
        except RuntimeError:
            pass
    assert callbacks == []
    assert OutboxMessage.objects.count() == 0


def test_enqueue_schedules_one_delivery_per_key(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        first = _enqueue(idempotency_key="dup")
        second = _enqueue(idempotency_key="dup", recipient="other@example.vn")
    assert first.pk == second.pk
    assert len(callbacks) == 1
    assert first.status == OutboxMessage.Status.PENDING


def test_concurrent_insert_with_the_same_key_returns_the_winner() -> None:
    """The race path: the pre-check saw no row, but another caller committed one before our INSERT."""
    winner = _enqueue(idempotency_key="race")
    fields: dict[str, Any] = {
        "channel": "email",
        "recipient": "b@example.vn",
        "template": "test_message",
        "context": {},
    }
    with transaction.atomic():  # the caller's own transaction survives the failed INSERT
        row, created = services._outbox_insert(idempotency_key="race", **fields)
        assert OutboxMessage.objects.count() == 1
    assert (row.pk, created) == (winner.pk, False)


def test_sms_length_counts_parts() -> None:
    assert sms_length("a" * 160).parts == 1
    assert sms_length("a" * 161).parts == 2
    assert sms_length("a" * 306).parts == 2
    assert sms_length("€" * 80) == sms_length("a" * 160)  # extension characters take two septets
    vietnamese = sms_length("đ" * 70)
    assert (vietnamese.encoding, vietnamese.parts) == ("ucs2", 1)
    assert sms_length("đ" * 71).parts == 2
    assert sms_length("đ" * 134).parts == 2
    assert sms_length("đ" * 135).parts == 3


def test_too_long_sms_is_refused_at_enqueue() -> None:
    with pytest.raises(ValidationError) as info:
        _enqueue(channel="sms", recipient="0912345678", context={"site_name": "Ủy ban " * 40})
    assert info.value.code == "sms_too_long"


def test_long_vietnamese_sms_keeps_its_diacritics() -> None:
    rendered = message_render(
        channel="sms",
        template="password_reset",
        context={"site_name": "UBND phường Bến Thành", "reset_url": "https://egov.test/r/" + "x" * 10},
    )
    assert rendered.sms_text.startswith("UBND phường Bến Thành: đặt lại mật khẩu tại https://")
    assert sms_length(rendered.sms_text).parts == 2


def test_templates_render_in_vietnamese_whatever_the_active_language() -> None:
    with translation.override("en"):
        rendered = message_render(channel="email", template="test_message", context={"site_name": "egov"})
    assert rendered.subject == "[egov] Thư thử nghiệm"
    assert rendered.body.startswith("Xin chào,")
    assert rendered.html is None


@pytest.mark.parametrize(
    ("attempts", "minutes"), [(1, 1), (2, 2), (3, 4), (4, 8), (5, 16), (6, 32), (7, 60), (12, 60)]
)
def test_backoff_doubles_up_to_an_hour_with_at_most_ten_percent_jitter(attempts: int, minutes: int) -> None:
    for _ in range(20):
        delay = services.backoff_delay(attempts)
        assert timedelta(minutes=minutes) <= delay <= timedelta(minutes=minutes * 1.1)
