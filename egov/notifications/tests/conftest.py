"""Real servers on 127.0.0.1 for the notification tests: an aiosmtpd SMTP server and the SMS simulator."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from egov.notifications.sms_simulator import SimulatorConfig, SmsSimulator

SMS_TOKEN = "test-sms-token"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class SmtpHandler:
    """Records accepted messages. `defer_data` DATA commands are answered 451 first; addresses in
    `reject_rcpt` are refused with 550; `data_reply`, when set, answers every DATA."""

    defer_data: int = 0
    reject_rcpt: set[str] = field(default_factory=set)
    data_reply: str = ""
    data_calls: int = 0
    messages: list[bytes] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        if address in self.reject_rcpt:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self.lock:
            self.data_calls += 1
            if self.defer_data > 0:
                self.defer_data -= 1
                return "451 4.3.0 Try again later"
            if self.data_reply:
                return self.data_reply
            content = envelope.original_content or b""
            self.messages.append(bytes(content))
        return "250 2.0.0 Message accepted for delivery"


@dataclass
class SmtpServer:
    handler: SmtpHandler
    port: int


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpServer]:
    """An SMTP server on 127.0.0.1 and settings pointing Django's SMTP backend at it."""
    handler = SmtpHandler()
    controller: Controller | None = None
    for _attempt in range(5):  # the free port may be taken between probing and binding
        port = free_port()
        candidate = Controller(
            handler, hostname="127.0.0.1", port=port, ready_timeout=30, server_hostname="smtp.test"
        )
        try:
            candidate.start()
        except (OSError, RuntimeError):
            continue
        controller = candidate
        break
    assert controller is not None, "could not start the SMTP test server"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 60
    settings.DEFAULT_FROM_EMAIL = "Ủy ban nhân dân xã <no-reply@egov.test>"
    try:
        yield SmtpServer(handler=handler, port=port)
    finally:
        controller.stop()


@pytest.fixture
def sms_gateway_factory(settings: Any, tmp_path: Path) -> Iterator[Callable[..., SmsSimulator]]:
    """Start SMS simulators in threads on free ports; settings point at the last one started."""
    started: list[SmsSimulator] = []

    def start(**options: Any) -> SmsSimulator:
        config = SimulatorConfig(token=SMS_TOKEN, log_path=tmp_path / f"sms-{len(started)}.jsonl", **options)
        server = SmsSimulator(config, port=0)
        server.start_in_thread()
        started.append(server)
        settings.EGOV_SMS_GATEWAY_URL = server.url
        settings.EGOV_SMS_GATEWAY_TOKEN = SMS_TOKEN
        settings.EGOV_SMS_TIMEOUT = 60.0
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def sms_gateway(sms_gateway_factory: Callable[..., SmsSimulator]) -> SmsSimulator:
    return sms_gateway_factory()
