"""A local stand-in for the national document-exchange axis (development and tests only).

It holds one mailbox per organisation code, in memory. Axis API (HMAC-signed requests, see
egov.nationalportal.signing; 401 when the client id, timestamp or signature is wrong; the API is
described in egov.documents.axis.adapters.http):
    POST /api/v1/edocs?from=&to=&type=     post a message to every `to` mailbox (Idempotency-Key
                                           required; a key seen before answers the first docId
                                           with "duplicate": true and posts nothing)
    GET  /api/v1/edocs?to=&limit=          the waiting (not acknowledged) messages, oldest first
    GET  /api/v1/edocs/<docId>?to=         the edXML bytes of a message of that mailbox (else 404)
    POST /api/v1/edocs/<docId>/ack?to=     taken: no longer listed for that mailbox
Control API (no authentication, for tests and demos):
    POST /_sim/fail      {"op": "send"|"list"|"fetch"|"ack"|"any", "count": N, "status": 500}
                         the next N matching API calls answer `status` (nothing is done)
    POST /_sim/delay     {"op": …, "count": N, "seconds": S} the next N matching calls are done,
                         then answered S seconds late (a client time-out after the axis acted)
    POST /_sim/messages  {"from", "to": [...], "type", "body_base64"} post a message as another
                         system would (e.g. a malformed package) -> {"docId"}
    POST /_sim/redeliver {"docId", "to"} list an acknowledged message again (a replay)
    GET  /_sim/mailbox/<code>  {"pending": [...], "acked": [...]} (metadata, oldest first)
    GET  /_sim/messages  every message posted, with its idempotency key
    POST /_sim/reset     empty everything
    GET  /health
The server binds 127.0.0.1 only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

from egov.core.simulator_server import LocalSimulatorServer
from egov.nationalportal.signing import verify_request

log = logging.getLogger(__name__)

MAX_BODY = 64 * 1024 * 1024
MAX_PAGE = 200
ORGAN_ID = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
KINDS = ("edoc", "status")
OPS = ("send", "list", "fetch", "ack", "any")
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class SimulatorConfig:
    client_id: str
    secret: str


@dataclass
class _Message:
    doc_id: str
    sender: str
    recipients: tuple[str, ...]
    kind: str
    body: bytes
    created: str
    key: str = ""
    sha256: str = field(init=False)

    def __post_init__(self) -> None:
        self.sha256 = hashlib.sha256(self.body).hexdigest()

    def meta(self, mailbox: str) -> dict[str, Any]:
        return {
            "docId": self.doc_id,
            "from": self.sender,
            "to": mailbox,
            "type": self.kind,
            "created": self.created,
            "size": len(self.body),
            "sha256": self.sha256,
        }


class AxisSimulator(LocalSimulatorServer):
    thread_name = "axis-simulator"

    def __init__(self, config: SimulatorConfig, *, port: int = 0) -> None:
        if not config.client_id or not config.secret:
            raise ValueError("the simulator needs a client id and a secret")
        self.config = config
        self._lock = threading.Lock()
        self.reset()
        super().__init__(_Handler, port=port)

    # --- state -------------------------------------------------------------------------------

    def reset(self) -> None:
        with getattr(self, "_lock", threading.Lock()):
            self.messages: dict[str, _Message] = {}
            self.pending: dict[str, list[str]] = {}
            self.acked: dict[str, list[str]] = {}
            self.keys: dict[str, str] = {}
            self.failures: list[tuple[str, int]] = []
            self.delays: list[tuple[str, float]] = []

    def inject_failure(self, op: str, count: int, status: int) -> None:
        with self._lock:
            self.failures.extend([(op, status)] * count)

    def inject_delay(self, op: str, count: int, seconds: float) -> None:
        with self._lock:
            self.delays.extend([(op, seconds)] * count)

    def _take(self, rules: list[tuple[str, Any]], op: str) -> Any:
        for i, (rule_op, value) in enumerate(rules):
            if rule_op in (op, "any"):
                del rules[i]
                return value
        return None

    def failure_for(self, op: str) -> int | None:
        with self._lock:
            found: int | None = self._take(self.failures, op)
            return found

    def delay_for(self, op: str) -> float:
        with self._lock:
            return float(self._take(self.delays, op) or 0.0)

    def post(
        self, *, sender: str, recipients: list[str], kind: str, body: bytes, key: str = ""
    ) -> tuple[str, bool]:
        """Store a message in every recipient's mailbox: (docId, duplicate)."""
        with self._lock:
            if key and key in self.keys:
                return self.keys[key], True
            doc_id = uuid.uuid4().hex
            message = _Message(
                doc_id=doc_id,
                sender=sender,
                recipients=tuple(dict.fromkeys(recipients)),
                kind=kind,
                body=body,
                created=datetime.now(tz=VN).isoformat(timespec="seconds"),
                key=key,
            )
            self.messages[doc_id] = message
            for code in message.recipients:
                self.pending.setdefault(code, []).append(doc_id)
            if key:
                self.keys[key] = doc_id
            return doc_id, False

    def waiting(self, mailbox: str, limit: int) -> list[dict[str, Any]]:
        with self._lock:
            ids = self.pending.get(mailbox, [])[:limit]
            return [self.messages[i].meta(mailbox) for i in ids]

    def body_of(self, doc_id: str, mailbox: str) -> bytes | None:
        with self._lock:
            message = self.messages.get(doc_id)
            if message is None or mailbox not in message.recipients:
                return None
            return message.body

    def ack(self, doc_id: str, mailbox: str) -> bool:
        with self._lock:
            message = self.messages.get(doc_id)
            if message is None or mailbox not in message.recipients:
                return False
            waiting = self.pending.get(mailbox, [])
            if doc_id in waiting:
                waiting.remove(doc_id)
                self.acked.setdefault(mailbox, []).append(doc_id)
            return True

    def redeliver(self, doc_id: str, mailbox: str) -> bool:
        with self._lock:
            message = self.messages.get(doc_id)
            if message is None or mailbox not in message.recipients:
                return False
            waiting = self.pending.setdefault(mailbox, [])
            if doc_id not in waiting:
                waiting.append(doc_id)
            return True

    def mailbox(self, code: str) -> dict[str, Any]:
        with self._lock:
            return {
                "pending": [self.messages[i].meta(code) for i in self.pending.get(code, [])],
                "acked": list(self.acked.get(code, [])),
            }

    def all_messages(self) -> list[dict[str, Any]]:
        with self._lock:
            return [
                {**m.meta(",".join(m.recipients)), "to": list(m.recipients), "key": m.key}
                for m in self.messages.values()
            ]


def _one(query: dict[str, list[str]], name: str) -> str:
    return query.get(name, [""])[0].strip()


class _Handler(BaseHTTPRequestHandler):
    server: AxisSimulator
    server_version = "egov-axis-simulator/1"

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s - %s", self.address_string(), format % args)

    def _reply(self, status: int, payload: Any) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self._send(status, data, "application/json; charset=utf-8")

    def _send(self, status: int, data: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            log.info("axis simulator: the client went away before the answer")

    def _body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length", "0") or 0)
        except ValueError:
            length = 0
        return self.rfile.read(min(max(length, 0), MAX_BODY)) if length else b""

    def _authentic(self, body: bytes) -> bool:
        problem = verify_request(
            client_id=self.server.config.client_id,
            secret=self.server.config.secret,
            method=self.command,
            path=self.path,
            body=body,
            headers={k: v for k, v in self.headers.items()},
        )
        if problem:
            self._reply(HTTPStatus.UNAUTHORIZED, {"status": "FAIL", "error": problem})
            return False
        return True

    def _api(self, op: str, body: bytes) -> bool:
        """Authenticate, then apply an injected failure: False when the request was answered."""
        if not self._authentic(body):
            return False
        status = self.server.failure_for(op)
        if status is not None:
            self._reply(status, {"status": "FAIL", "error": "simulated failure"})
            return False
        return True

    def _late(self, op: str) -> None:
        delay = self.server.delay_for(op)
        if delay > 0:
            time.sleep(delay)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        if path == "/health":
            self._reply(HTTPStatus.OK, {"status": "OK"})
        elif path.startswith("/_sim/mailbox/"):
            self._reply(HTTPStatus.OK, self.server.mailbox(unquote(path.removeprefix("/_sim/mailbox/"))))
        elif path == "/_sim/messages":
            self._reply(HTTPStatus.OK, {"messages": self.server.all_messages()})
        elif path == "/api/v1/edocs":
            if not self._api("list", b""):
                return
            mailbox, limit = _one(query, "to"), _one(query, "limit")
            if not ORGAN_ID.match(mailbox):
                self._reply(HTTPStatus.BAD_REQUEST, {"status": "FAIL", "error": "to: invalid organ id"})
                return
            size = min(int(limit), MAX_PAGE) if limit.isdigit() and int(limit) > 0 else 50
            data = self.server.waiting(mailbox, size)
            self._late("list")
            self._reply(HTTPStatus.OK, {"status": "OK", "data": data})
        elif path.startswith("/api/v1/edocs/"):
            if not self._api("fetch", b""):
                return
            found = self.server.body_of(unquote(path.removeprefix("/api/v1/edocs/")), _one(query, "to"))
            self._late("fetch")
            if found is None:
                self._reply(HTTPStatus.NOT_FOUND, {"status": "FAIL", "error": "unknown docId"})
            else:
                self._send(HTTPStatus.OK, found, "application/xml; charset=utf-8")
        else:
            self._reply(HTTPStatus.NOT_FOUND, {"status": "FAIL", "error": "not found"})

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        body = self._body()
        if path.startswith("/_sim/"):
            self._control(path, body)
        elif path == "/api/v1/edocs":
            if self._api("send", body):
                self._post(query, body)
        elif path.startswith("/api/v1/edocs/") and path.endswith("/ack"):
            if not self._api("ack", body):
                return
            doc_id = unquote(path.removeprefix("/api/v1/edocs/").removesuffix("/ack"))
            done = self.server.ack(doc_id, _one(query, "to"))
            self._late("ack")
            if done:
                self._reply(HTTPStatus.OK, {"status": "OK"})
            else:
                self._reply(HTTPStatus.NOT_FOUND, {"status": "FAIL", "error": "unknown docId"})
        else:
            self._reply(HTTPStatus.NOT_FOUND, {"status": "FAIL", "error": "not found"})

    def _post(self, query: dict[str, list[str]], body: bytes) -> None:
        sender, kind = _one(query, "from"), _one(query, "type")
        recipients = [c.strip() for c in _one(query, "to").split(",") if c.strip()]
        key = self.headers.get("Idempotency-Key", "").strip()
        problem = ""
        if not key:
            problem = "Idempotency-Key required"
        elif not ORGAN_ID.match(sender) or not recipients or not all(ORGAN_ID.match(c) for c in recipients):
            problem = "from/to: invalid organ id"
        elif kind not in KINDS:
            problem = "type must be edoc or status"
        elif not body.lstrip().startswith(b"<"):
            problem = "the body is not an XML document"
        if problem:
            self._reply(HTTPStatus.BAD_REQUEST, {"status": "FAIL", "error": problem})
            return
        doc_id, duplicate = self.server.post(
            sender=sender, recipients=recipients, kind=kind, body=body, key=key
        )
        self._late("send")
        self._reply(HTTPStatus.OK, {"status": "OK", "docId": doc_id, "duplicate": duplicate})

    def _control(self, path: str, body: bytes) -> None:
        try:
            data = json.loads(body.decode("utf-8")) if body else {}
        except (UnicodeDecodeError, ValueError):
            data = None
        if not isinstance(data, dict):
            self._reply(HTTPStatus.BAD_REQUEST, {"error": "body must be a JSON object"})
            return
        op, count = data.get("op", "any"), data.get("count", 1)
        if path in ("/_sim/fail", "/_sim/delay") and (op not in OPS or not isinstance(count, int)):
            self._reply(HTTPStatus.BAD_REQUEST, {"error": f"op in {OPS} and an integer count required"})
        elif path == "/_sim/fail":
            status = data.get("status", 500)
            if not isinstance(status, int) or not 400 <= status <= 599:
                self._reply(HTTPStatus.BAD_REQUEST, {"error": "a 4xx/5xx status required"})
                return
            self.server.inject_failure(op, count, status)
            self._reply(HTTPStatus.OK, {"ok": True})
        elif path == "/_sim/delay":
            seconds = data.get("seconds", 1)
            if not isinstance(seconds, int | float) or not 0 < seconds <= 120:
                self._reply(HTTPStatus.BAD_REQUEST, {"error": "seconds between 0 and 120 required"})
                return
            self.server.inject_delay(op, count, float(seconds))
            self._reply(HTTPStatus.OK, {"ok": True})
        elif path == "/_sim/messages":
            self._inject(data)
        elif path == "/_sim/redeliver":
            ok = self.server.redeliver(str(data.get("docId", "")), str(data.get("to", "")))
            self._reply(HTTPStatus.OK if ok else HTTPStatus.NOT_FOUND, {"ok": ok})
        elif path == "/_sim/reset":
            self.server.reset()
            self._reply(HTTPStatus.OK, {"ok": True})
        else:
            self._reply(HTTPStatus.NOT_FOUND, {"error": "not found"})

    def _inject(self, data: dict[str, Any]) -> None:
        to = data.get("to", [])
        recipients = [to] if isinstance(to, str) else to
        try:
            content = base64.b64decode(str(data.get("body_base64", "")), validate=True)
        except ValueError:
            content = b""
        if not isinstance(recipients, list) or not recipients or data.get("type") not in KINDS or not content:
            self._reply(HTTPStatus.BAD_REQUEST, {"error": "to, type and body_base64 required"})
            return
        doc_id, _duplicate = self.server.post(
            sender=str(data.get("from", "")),
            recipients=[str(c) for c in recipients],
            kind=str(data["type"]),
            body=content,
        )
        self._reply(HTTPStatus.OK, {"docId": doc_id})
