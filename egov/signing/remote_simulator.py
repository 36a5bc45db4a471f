"""A local remote-signing provider for demos and tests (stdlib HTTP server, 127.0.0.1 only).

It holds one RSA key per user (created on first use, certified by the simulator's own CA). POST
/sign creates a pending transaction; it is approved by POST /_sim/approve/<id> (the "phone"), or at
once when the simulator runs with auto_approve. Requests must carry a valid HMAC (remote.py).
"""

from __future__ import annotations

import base64
import hmac
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, utils

from egov.signing.certs import DemoCA, PrivateKey, ca_create, cert_issue, key_new, pem_of
from egov.signing.remote import auth_header

MAX_SKEW_SECONDS = 300


class SimulatorState:
    def __init__(self, *, secret: str, auto_approve: bool, ca: DemoCA | None = None) -> None:
        self.secret = secret
        self.auto_approve = auto_approve
        self.ca = ca or ca_create(name="egov remote-signing simulator CA (demo)")
        self.keys: dict[str, tuple[PrivateKey, str]] = {}
        self.transactions: dict[str, dict[str, Any]] = {}
        self.lock = threading.Lock()

    def key_for(self, user: str) -> tuple[PrivateKey, str]:
        with self.lock:
            if user not in self.keys:
                key = key_new()
                cert = cert_issue(ca=self.ca, public_key=key.public_key(), common_name=user, organisation="")
                self.keys[user] = (key, pem_of([cert]))
            return self.keys[user]

    def sign(self, tx: dict[str, Any]) -> None:
        key, _pem = self.key_for(tx["user"])
        algorithm = {"sha256": hashes.SHA256(), "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}[
            tx["alg"]
        ]
        signature = key.sign(bytes.fromhex(tx["hash"]), padding.PKCS1v15(), utils.Prehashed(algorithm))
        tx["status"], tx["signature"] = "approved", base64.b64encode(signature).decode("ascii")


class _Handler(BaseHTTPRequestHandler):
    server: Any

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _reply(self, status: int, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _authorised(self, body: bytes) -> bool:
        state: SimulatorState = self.server.state
        stamp = self.headers.get("X-Egov-Timestamp", "")
        given = self.headers.get("X-Egov-Auth", "")
        if not stamp.isdigit() or abs(time.time() - int(stamp)) > MAX_SKEW_SECONDS:
            return False
        wanted = auth_header(
            secret=state.secret, method=self.command, path=self.path, body=body, timestamp=stamp
        )
        return hmac.compare_digest(given, wanted)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(min(length, 64 * 1024)) if length else b""

    def do_GET(self) -> None:
        state: SimulatorState = self.server.state
        if not self._authorised(b""):
            return self._reply(401, {"error": "unauthorised"})
        parts = self.path.strip("/").split("/")
        if len(parts) == 2 and parts[0] == "cert":
            _key, pem = state.key_for(parts[1])
            return self._reply(200, {"certificate": pem, "chain": pem_of([state.ca.cert])})
        if len(parts) == 2 and parts[0] == "sign":
            tx = state.transactions.get(parts[1])
            if tx is None:
                return self._reply(404, {"error": "not found"})
            return self._reply(200, {"status": tx["status"], "signature": tx.get("signature")})
        return self._reply(404, {"error": "not found"})

    def do_POST(self) -> None:
        state: SimulatorState = self.server.state
        body = self._body()
        parts = self.path.strip("/").split("/")
        if len(parts) == 3 and parts[:2] == ["_sim", "approve"]:  # the user's phone (local only)
            tx = state.transactions.get(parts[2])
            if tx is None:
                return self._reply(404, {"error": "not found"})
            state.sign(tx)
            return self._reply(200, {"status": tx["status"]})
        if not self._authorised(body):
            return self._reply(401, {"error": "unauthorised"})
        if parts == ["sign"]:
            try:
                data = json.loads(body)
                tx = {
                    "user": str(data["user"]),
                    "hash": str(data["hash"]),
                    "alg": str(data.get("alg", "sha256")),
                }
                bytes.fromhex(tx["hash"])
            except (ValueError, KeyError):
                return self._reply(400, {"error": "bad request"})
            tx_id = secrets.token_hex(8)
            tx["status"] = "pending"
            state.transactions[tx_id] = tx
            if state.auto_approve:
                state.sign(tx)
            return self._reply(200, {"id": tx_id, "status": tx["status"]})
        return self._reply(404, {"error": "not found"})


def simulator_server(*, port: int, secret: str, auto_approve: bool = False) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
    server.state = SimulatorState(secret=secret, auto_approve=auto_approve)  # type: ignore[attr-defined]
    return server
