"""SMS delivery through the gateway simulator, started in a thread on a free 127.0.0.1 port."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from egov.notifications.models import OutboxMessage
from egov.notifications.services import notification_enqueue, outbox_deliver, outbox_sweep
from egov.notifications.sms_simulator import SmsSimulator
from egov.notifications.tests.conftest import SMS_TOKEN, free_port

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status


def _enqueue(capture: Callable[..., Any], **overrides: Any) -> OutboxMessage:
    fields: dict[str, Any] = {
        "channel": "sms",
        "recipient": "0912 345 678",
        "template": "password_reset",
        "context": {
            "user_name": "Lê Văn Dũng",
            "reset_url": "https://egov.test/r/abc",
            "site_name": "UBND xã",
        },
        "idempotency_key": "sms-1",
    }
    fields.update(overrides)
    with capture(execute=True):
        message = notification_enqueue(**fields)
    message.refresh_from_db()
    return message


def _log_lines(server: SmsSimulator) -> list[dict[str, Any]]:
    path = server.config.log_path
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_accepted_sms_is_sent_once_with_provider_id(
    sms_gateway: SmsSimulator, django_capture_on_commit_callbacks: Any
) -> None:
    message = _enqueue(django_capture_on_commit_callbacks)

    assert message.status == Status.SENT
    assert message.attempts == 1
    assert message.recipient == "+84912345678"
    assert message.provider_message_id.startswith("SIM-")
    assert message.provider_response["http_status"] == 200
    assert message.provider_response["encoding"] == "ucs2"
    [line] = _log_lines(sms_gateway)
    assert line["message_id"] == message.provider_message_id
    assert line["to"] == "+84912345678"
    assert line["client_ref"] == "sms-1"
    assert line["text"] == (
        "UBND xã: đặt lại mật khẩu tại https://egov.test/r/abc (dùng một lần). "
        "Bỏ qua tin này nếu bạn không yêu cầu."
    )

    outbox_deliver(message_id=message.pk)
    assert outbox_sweep() == 0
    assert len(_log_lines(sms_gateway)) == 1


def test_invalid_number_fails_permanently(
    sms_gateway: SmsSimulator, django_capture_on_commit_callbacks: Any
) -> None:
    message = _enqueue(django_capture_on_commit_callbacks, recipient="0987 650 000")
    assert message.status == Status.FAILED
    assert message.attempts == 1
    assert message.provider_response["http_status"] == 400
    assert message.provider_response["body"] == {"error": "invalid number"}
    assert _log_lines(sms_gateway) == []
    assert outbox_sweep() == 0


def test_gateway_503_is_retried(
    sms_gateway_factory: Callable[..., SmsSimulator],
    django_capture_on_commit_callbacks: Any,
    time_machine: Any,
) -> None:
    failing = sms_gateway_factory(fail_rate=1.0)
    message = _enqueue(django_capture_on_commit_callbacks)
    assert message.status == Status.PENDING
    assert message.attempts == 1
    assert "503" in message.last_error
    assert message.next_attempt_at > timezone.now()
    assert _log_lines(failing) == []

    healthy = sms_gateway_factory()  # the settings now point at a gateway that works
    time_machine.move_to(message.next_attempt_at + timedelta(seconds=1))
    assert outbox_sweep() == 1
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 2
    assert len(_log_lines(healthy)) == 1


def test_wrong_token_is_retried_not_failed(
    sms_gateway: SmsSimulator, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.EGOV_SMS_GATEWAY_TOKEN = "wrong"
    message = _enqueue(django_capture_on_commit_callbacks)
    assert message.status == Status.PENDING
    assert "401" in message.last_error
    assert _log_lines(sms_gateway) == []


def test_unreachable_gateway_is_retried(settings: Any, django_capture_on_commit_callbacks: Any) -> None:
    settings.EGOV_SMS_GATEWAY_URL = f"http://127.0.0.1:{free_port()}/send"
    settings.EGOV_SMS_TIMEOUT = 30.0
    message = _enqueue(django_capture_on_commit_callbacks)
    assert message.status == Status.PENDING
    assert message.attempts == 1
    assert "unreachable" in message.last_error


def _post(server: SmsSimulator, body: bytes, token: str = SMS_TOKEN) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        server.url,
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, json.loads(exc.read())


def test_simulator_validates_requests_and_dedupes_client_ref(sms_gateway: SmsSimulator) -> None:
    message = {"to": "+84912345678", "text": "Xin chào", "client_ref": "k-1"}
    body = json.dumps(message).encode()
    assert _post(sms_gateway, body, token="nope")[0] == 401
    assert _post(sms_gateway, b"{not json")[0] == 400
    assert _post(sms_gateway, json.dumps({"to": "+84912345678"}).encode())[0] == 400
    assert _post(sms_gateway, json.dumps({**message, "to": "abc"}).encode())[0] == 400
    status, first = _post(sms_gateway, body)
    assert status == 200
    status, again = _post(sms_gateway, body)
    assert status == 200
    assert again == {"message_id": first["message_id"], "duplicate": True}
    assert [line["text"] for line in _log_lines(sms_gateway)] == ["Xin chào"]
