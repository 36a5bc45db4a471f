"""SMS delivery receipts: HMAC-SHA256 signing (shared with the simulator) and body parsing."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime

SIGNATURE_HEADER = "X-Signature"
_STATUS = re.compile(r"^[A-Z]{1,16}$")
MAX_RECEIPT_BYTES = 8 * 1024


class MalformedReceipt(ValueError):
    """The receipt body is not the JSON object we expect."""


@dataclass(frozen=True)
class Receipt:
    message_id: str
    status: str
    ts: datetime


def receipt_sign(*, body: bytes, key: str) -> str:
    """Hex HMAC-SHA256 of the raw body, keyed with the gateway token."""
    return hmac.new(key.encode("utf-8"), body, hashlib.sha256).hexdigest()


def receipt_signature_valid(*, body: bytes, key: str, signature: str) -> bool:
    if not key or not signature:
        return False
    expected = receipt_sign(body=body, key=key).encode("ascii")
    return hmac.compare_digest(expected, signature.strip().lower().encode("utf-8", "replace"))


def _parse_ts(value: object) -> datetime:
    if isinstance(value, bool):
        raise MalformedReceipt("ts must be a time")
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, tz=UTC)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise MalformedReceipt("ts is not an ISO 8601 time") from None
        return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
    raise MalformedReceipt("ts must be an ISO 8601 string or a Unix time")


def receipt_parse(body: bytes) -> Receipt:
    """Parse {"message_id", "status", "ts"}; raise MalformedReceipt on anything else."""
    if len(body) > MAX_RECEIPT_BYTES:
        raise MalformedReceipt("receipt too large")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise MalformedReceipt("body is not JSON") from None
    if not isinstance(data, dict):
        raise MalformedReceipt("body is not a JSON object")
    message_id, status = data.get("message_id"), data.get("status")
    if not isinstance(message_id, str) or not 0 < len(message_id) <= 200:
        raise MalformedReceipt("message_id missing")
    if not isinstance(status, str) or not _STATUS.match(status):
        raise MalformedReceipt("status missing or invalid")
    try:
        ts = _parse_ts(data.get("ts"))
    except (OverflowError, OSError):
        raise MalformedReceipt("ts out of range") from None
    return Receipt(message_id=message_id, status=status, ts=ts)
