"""A local SMS gateway for development and tests (never for production).

    POST /send   Authorization: Bearer <token>   {"to", "text", "client_ref"}
      200 {"message_id"}       accepted; one JSON line appended to the log file
      400 {"error"}            malformed JSON, missing fields, or a number ending in 0000
      401                      missing or wrong bearer token
      503 {"error"}            at random, with probability `fail_rate`
    GET /health  200 {"ok": true}

A repeated `client_ref` returns the first message id and is not logged again (gateways dedupe).
With a callback URL, each accepted message gets a delivery receipt {"message_id", "status":
"DELIVRD", "ts"} POSTed after `callback_delay` seconds, signed with HMAC-SHA256 of the body keyed
with the token (header X-Signature), retried with backoff until answered 2xx.
The server binds 127.0.0.1 only.
"""

from __future__ import annotations

import hmac
import json
import logging
import random
import re
import threading
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from egov.notifications.receipts import SIGNATURE_HEADER, receipt_sign

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
MAX_BODY = 64 * 1024
MAX_TEXT = 1600
_NUMBER = re.compile(r"^\+?\d{9,15}$")


@dataclass(frozen=True)
class SimulatorConfig:
    token: str
    log_path: Path
    fail_rate: float = 0.0
    callback_url: str = ""
    callback_delay: float = 1.0
    callback_attempts: int = 6


class SmsSimulator(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, config: SimulatorConfig, *, port: int = 0) -> None:
        if not config.token:
            raise ValueError("the simulator needs a token")
        if not 0.0 <= config.fail_rate <= 1.0:
            raise ValueError("fail_rate must be between 0 and 1")
        if config.callback_url and urlsplit(config.callback_url).scheme not in ("http", "https"):
            raise ValueError("callback_url must be an http(s) URL")
        self.config = config
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._by_ref: dict[str, str] = {}
        self._thread: threading.Thread | None = None
        config.log_path.parent.mkdir(parents=True, exist_ok=True)
        super().__init__((HOST, port), _Handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/send"

    def start_in_thread(self) -> threading.Thread:
        self._thread = threading.Thread(target=self.serve_forever, name="sms-simulator", daemon=True)
        self._thread.start()
        return self._thread

    def stop(self) -> None:
        """Stop serving and close the socket (call from another thread than serve_forever)."""
        self.stopping.set()
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def accept(self, *, to: str, text: str, client_ref: str) -> tuple[str, bool]:
        """Record a message; return (message_id, is_new)."""
        with self._lock:
            known = self._by_ref.get(client_ref)
            if known is not None:
                return known, False
            message_id = f"SIM-{uuid.uuid4().hex[:20]}"
            line = {
                "message_id": message_id,
                "to": to,
                "text": text,
                "client_ref": client_ref,
                "received_at": datetime.now(tz=UTC).isoformat(),
            }
            with self.config.log_path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
            self._by_ref[client_ref] = message_id
        if self.config.callback_url:
            threading.Thread(
                target=self._send_receipt, args=(message_id,), name="sms-simulator-receipt", daemon=True
            ).start()
        return message_id, True

    def _send_receipt(self, message_id: str) -> None:
        body = json.dumps(
            {"message_id": message_id, "status": "DELIVRD", "ts": datetime.now(tz=UTC).isoformat()}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 (scheme checked in __init__)
            self.config.callback_url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                SIGNATURE_HEADER: receipt_sign(body=body, key=self.config.token),
            },
        )
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        delay = self.config.callback_delay
        for attempt in range(1, self.config.callback_attempts + 1):
            if self.stopping.wait(delay):
                return
            try:
                with opener.open(request, timeout=10) as response:
                    log.info("receipt %s: HTTP %s", message_id, response.status)
                    return
            except (urllib.error.URLError, OSError) as exc:
                log.warning("receipt %s attempt %d failed: %s", message_id, attempt, exc)
            delay = max(delay, 0.5) * 2


class _Handler(BaseHTTPRequestHandler):
    server: SmsSimulator
    server_version = "egov-sms-simulator/1"

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s - %s", self.address_string(), format % args)

    def _reply(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if urlsplit(self.path).path == "/health":
            self._reply(HTTPStatus.OK, {"ok": True})
        else:
            self._reply(HTTPStatus.NOT_FOUND, {"error": "not found"})

    def _authorized(self) -> bool:
        expected = f"Bearer {self.server.config.token}".encode()
        given = self.headers.get("Authorization", "").encode("utf-8", "replace")
        return hmac.compare_digest(expected, given)

    def _payload(self) -> dict[str, str] | str:
        """The validated request body, or an error text."""
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            return "Content-Length required"
        if not 0 < length <= MAX_BODY:
            return "body missing or too large"
        try:
            data = json.loads(self.rfile.read(length).decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return "body is not JSON"
        if not isinstance(data, dict):
            return "body is not a JSON object"
        to, text, ref = data.get("to"), data.get("text"), data.get("client_ref")
        if not isinstance(to, str) or not _NUMBER.match(to):
            return "invalid number"
        if not isinstance(text, str) or not text or len(text) > MAX_TEXT:
            return "text missing or too long"
        if not isinstance(ref, str) or not 0 < len(ref) <= 200:
            return "client_ref missing"
        return {"to": to, "text": text, "client_ref": ref}

    def do_POST(self) -> None:
        if urlsplit(self.path).path != "/send":
            self._reply(HTTPStatus.NOT_FOUND, {"error": "not found"})
            return
        if not self._authorized():
            self._reply(HTTPStatus.UNAUTHORIZED, {"error": "bad token"}, {"WWW-Authenticate": "Bearer"})
            return
        payload = self._payload()
        if isinstance(payload, str):
            self._reply(HTTPStatus.BAD_REQUEST, {"error": payload})
            return
        if payload["to"].endswith("0000"):
            self._reply(HTTPStatus.BAD_REQUEST, {"error": "invalid number"})
            return
        if random.random() < self.server.config.fail_rate:  # noqa: S311 (simulated outages)
            self._reply(HTTPStatus.SERVICE_UNAVAILABLE, {"error": "temporarily unavailable"})
            return
        message_id, is_new = self.server.accept(**payload)
        self._reply(HTTPStatus.OK, {"message_id": message_id, "duplicate": not is_new})
