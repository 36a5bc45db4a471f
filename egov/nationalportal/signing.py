"""HMAC request signing shared by the HTTP adapter and the simulator.

Every request carries:
    X-Client-Id: <client id>
    X-Timestamp: <unix seconds>
    X-Signature: hex HMAC-SHA256(secret, METHOD "\\n" PATH?QUERY "\\n" TIMESTAMP "\\n" hex SHA-256(body))
The receiver refuses a wrong client id or signature, and a timestamp more than MAX_SKEW seconds
away from its clock (replays of old requests).
"""

from __future__ import annotations

import hashlib
import hmac
import time

CLIENT_HEADER = "X-Client-Id"
TIMESTAMP_HEADER = "X-Timestamp"
SIGNATURE_HEADER = "X-Signature"
MAX_SKEW = 300


def request_signature(*, secret: str, method: str, path: str, timestamp: str, body: bytes) -> str:
    message = "\n".join([method.upper(), path, timestamp, hashlib.sha256(body).hexdigest()])
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def sign_headers(*, client_id: str, secret: str, method: str, path: str, body: bytes) -> dict[str, str]:
    timestamp = str(int(time.time()))
    return {
        CLIENT_HEADER: client_id,
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: request_signature(
            secret=secret, method=method, path=path, timestamp=timestamp, body=body
        ),
    }


def verify_request(
    *,
    client_id: str,
    secret: str,
    method: str,
    path: str,
    body: bytes,
    headers: dict[str, str],
    now: float | None = None,
) -> str:
    """ "" when the request is authentic, else the reason it is not."""
    if not hmac.compare_digest(headers.get(CLIENT_HEADER, "").encode(), client_id.encode()):
        return "unknown client"
    timestamp = headers.get(TIMESTAMP_HEADER, "")
    if not timestamp.isdigit() or abs((now or time.time()) - int(timestamp)) > MAX_SKEW:
        return "timestamp missing or too far from the server clock"
    expected = request_signature(secret=secret, method=method, path=path, timestamp=timestamp, body=body)
    if not hmac.compare_digest(expected.encode(), headers.get(SIGNATURE_HEADER, "").encode()):
        return "bad signature"
    return ""
