"""The SMS delivery-receipt endpoint, and the simulator's signed callbacks."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from egov.core.audit.models import AuditEvent
from egov.notifications.models import OutboxMessage
from egov.notifications.receipts import receipt_sign
from egov.notifications.services import notification_enqueue
from egov.notifications.sms_simulator import SmsSimulator
from egov.notifications.tests.conftest import SMS_TOKEN

pytestmark = pytest.mark.django_db

URL = "/notifications/sms/receipt"


@pytest.fixture(autouse=True)
def _token(settings: Any) -> None:
    settings.EGOV_SMS_GATEWAY_TOKEN = SMS_TOKEN


def _sent_sms(provider_id: str = "SIM-abc") -> OutboxMessage:
    return OutboxMessage.objects.create(
        channel="sms",
        recipient="+84912345678",
        template="test_message",
        idempotency_key=f"k-{provider_id}",
        status=OutboxMessage.Status.SENT,
        attempts=1,
        provider_message_id=provider_id,
        sent_at=timezone.now(),
    )


def _post(client: Client, body: bytes, signature: str | None = None) -> Any:
    sig = receipt_sign(body=body, key=SMS_TOKEN) if signature is None else signature
    return client.post(URL, data=body, content_type="application/json", headers={"X-Signature": sig})


def _receipt(
    message_id: str = "SIM-abc", status: str = "DELIVRD", ts: str = "2026-11-23T03:04:05+00:00"
) -> bytes:
    return json.dumps({"message_id": message_id, "status": status, "ts": ts}).encode()


def test_url_name() -> None:
    assert reverse("notifications:sms-receipt") == URL


def test_valid_receipt_updates_delivery_and_replay_is_idempotent(client: Client) -> None:
    message = _sent_sms()
    response = _post(client, _receipt())
    assert response.status_code == 200
    assert response.json() == {"ok": True, "changed": True}
    message.refresh_from_db()
    assert message.delivery_status == "DELIVRD"
    assert message.delivered_at == datetime(2026, 11, 23, 3, 4, 5, tzinfo=UTC)
    events = AuditEvent.objects.filter(action="notification.delivery_receipt").count()
    assert events == 1

    replay = _post(client, _receipt())
    assert replay.status_code == 200
    assert replay.json() == {"ok": True, "changed": False}
    late = _post(client, _receipt(status="UNDELIV", ts="2026-11-24T00:00:00Z"))
    assert late.json()["changed"] is False
    message.refresh_from_db()
    assert message.delivery_status == "DELIVRD"
    assert message.delivered_at == datetime(2026, 11, 23, 3, 4, 5, tzinfo=UTC)
    assert AuditEvent.objects.filter(action="notification.delivery_receipt").count() == 1


def test_non_final_status_then_delivered(client: Client) -> None:
    message = _sent_sms()
    assert _post(client, _receipt(status="ENROUTE")).status_code == 200
    message.refresh_from_db()
    assert (message.delivery_status, message.delivered_at) == ("ENROUTE", None)
    assert _post(client, _receipt(ts="1795000000")).status_code == 400  # a string that is not ISO 8601
    unix_ts = json.dumps({"message_id": "SIM-abc", "status": "DELIVRD", "ts": 1795000000}).encode()
    assert _post(client, unix_ts).status_code == 200
    message.refresh_from_db()
    assert message.delivery_status == "DELIVRD"
    assert message.delivered_at == datetime.fromtimestamp(1795000000, tz=UTC)


@pytest.mark.parametrize(
    "signature", ["", "0" * 64, "not-hex", "chữ ký", receipt_sign(body=b"other", key=SMS_TOKEN)]
)
def test_bad_signature_is_refused(client: Client, signature: str) -> None:
    message = _sent_sms()
    response = _post(client, _receipt(), signature=signature)
    assert response.status_code == 403
    message.refresh_from_db()
    assert message.delivery_status == ""


def test_signature_with_another_key_is_refused(client: Client) -> None:
    _sent_sms()
    body = _receipt()
    assert _post(client, body, signature=receipt_sign(body=body, key="other-token")).status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        b'{"status": "DELIVRD", "ts": "2026-11-23T03:04:05Z"}',
        b'{"message_id": "SIM-abc", "status": "delivered ok", "ts": "2026-11-23T03:04:05Z"}',
        b'{"message_id": "SIM-abc", "status": "DELIVRD"}',
        b"\xff\xfe",
    ],
)
def test_malformed_receipt_is_400(client: Client, body: bytes) -> None:
    _sent_sms()
    assert _post(client, body).status_code == 400


def test_unknown_message_is_404_and_get_is_405(client: Client) -> None:
    assert _post(client, _receipt(message_id="SIM-unknown")).status_code == 404
    assert client.get(URL).status_code == 405


@dataclass
class ReceiptCatcher:
    """A stand-in for egov's endpoint: keeps the first receipt the simulator POSTs."""

    url: str = ""
    received: threading.Event = field(default_factory=threading.Event)
    body: bytes = b""
    signature: str = ""


@pytest.fixture
def receipt_catcher() -> Iterator[ReceiptCatcher]:
    catcher = ReceiptCatcher()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            catcher.body = self.rfile.read(int(self.headers["Content-Length"]))
            catcher.signature = self.headers.get("X-Signature", "")
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
            catcher.received.set()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    catcher.url = f"http://127.0.0.1:{server.server_address[1]}{URL}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield catcher
    server.shutdown()
    server.server_close()
    thread.join(timeout=30)


def test_simulator_receipt_is_accepted_by_the_endpoint(
    client: Client,
    receipt_catcher: ReceiptCatcher,
    sms_gateway_factory: Callable[..., SmsSimulator],
    django_capture_on_commit_callbacks: Any,
) -> None:
    sms_gateway_factory(callback_url=receipt_catcher.url, callback_delay=0.0)
    with django_capture_on_commit_callbacks(execute=True):
        message = notification_enqueue(
            channel="sms",
            recipient="+84 912 345 678",
            template="test_message",
            context={},
            idempotency_key="receipt-e2e",
        )
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT

    assert receipt_catcher.received.wait(timeout=60), "the simulator sent no receipt"
    assert json.loads(receipt_catcher.body)["message_id"] == message.provider_message_id
    response = _post(client, receipt_catcher.body, signature=receipt_catcher.signature)
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.delivery_status == "DELIVRD"
    assert message.delivered_at is not None
