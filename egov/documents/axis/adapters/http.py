"""The HTTP adapter of the document-exchange axis (the local simulator implements the same API).

The names follow the style of the axis SDK (sendEdoc / getReceivedEdocList / getEdoc /
updateStatus "done"; docId, from, to, messagetype "edoc" | "status") but the paths and the JSON
are not confirmed against the operator's specification [M] (see docs/integrations.md):

    POST {base}/api/v1/edocs?from=<code>&to=<code>[,<code>…]&type=edoc|status
         body: the edXML bytes (application/xml); header Idempotency-Key
         -> {"status": "OK", "docId": "...", "duplicate": bool}
    GET  {base}/api/v1/edocs?to=<code>&limit=<n>
         -> {"status": "OK", "data": [{"docId", "from", "to", "type", "created", "size", "sha256"}]}
    GET  {base}/api/v1/edocs/<docId>?to=<code>         -> the edXML bytes
    POST {base}/api/v1/edocs/<docId>/ack?to=<code>  {"status": "done"}  -> {"status": "OK"}

Every request is HMAC-signed (egov.nationalportal.signing: X-Client-Id = EGOV_AXIS_KEY, the
path with its query is signed, so the from/to codes cannot be altered on the way). Errors: 5xx,
401, 403, 408, 425, 429, timeouts and connection errors are temporary; other 4xx are permanent.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from egov.documents.axis import conf
from egov.documents.axis.adapters.base import (
    KINDS,
    AxisAdapter,
    AxisMessage,
    PermanentAdapterError,
    TemporaryAdapterError,
)
from egov.nationalportal.signing import sign_headers

MAX_JSON_BYTES = 8 * 1024 * 1024
MAX_MESSAGE_BYTES = 64 * 1024 * 1024  # edXML packages are parsed with a 50 MB limit
RETRYABLE_HTTP_4XX = frozenset({401, 403, 408, 425, 429})
IDEMPOTENCY_HEADER = "Idempotency-Key"
XML = "application/xml"


def _text(item: dict[str, Any], key: str, *, limit: int = 100) -> str:
    value = item.get(key, "")
    return str(value).strip()[:limit] if isinstance(value, str | int) else ""


def message_from_wire(item: Any, *, mailbox: str) -> AxisMessage:
    """One listed message; PermanentAdapterError when it cannot be understood."""
    if not isinstance(item, dict):
        raise PermanentAdapterError("listed message is not an object")
    message_id = _text(item, "docId")
    kind = _text(item, "type").lower()
    if not message_id or kind not in KINDS:
        raise PermanentAdapterError("listed message has no docId or an unknown type")
    size = item.get("size")
    return AxisMessage(
        message_id=message_id,
        sender=_text(item, "from", limit=13),
        recipient=mailbox,
        kind=kind,
        sha256=_text(item, "sha256", limit=64).lower(),
        size=size if isinstance(size, int) else None,
        created=_text(item, "created", limit=40),
    )


class HttpAxisAdapter(AxisAdapter):
    def __init__(
        self,
        *,
        base_url: str | None = None,
        key: str | None = None,
        secret: str | None = None,
        timeout: float | None = None,
    ) -> None:
        self.base_url = (base_url or conf.base_url()).rstrip("/")
        self.key = key if key is not None else conf.key()
        self.secret = secret if secret is not None else conf.secret()
        self.timeout = timeout if timeout is not None else conf.timeout()
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise TemporaryAdapterError("EGOV_AXIS_URL must be an http(s) URL")
        # The axis is reached directly: environment proxy variables are not applied.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    # --- transport ---------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        *,
        data: bytes | None = None,
        content_type: str = "",
        headers: dict[str, str] | None = None,
        limit: int = MAX_JSON_BYTES,
    ) -> bytes:
        body = data if data is not None else b""
        all_headers = {
            "Accept": "application/json",
            **sign_headers(client_id=self.key, secret=self.secret, method=method, path=path, body=body),
            **(headers or {}),
        }
        if data is not None:
            all_headers["Content-Type"] = content_type
        request = urllib.request.Request(  # noqa: S310 (the configured http(s) base URL)
            f"{self.base_url}{path}", data=data, method=method, headers=all_headers
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                raw: bytes = response.read(limit + 1)
        except urllib.error.HTTPError as exc:
            detail = exc.read(4096).decode("utf-8", "replace")
            exc.close()
            info = {"http_status": exc.code, "body": detail[:2000]}
            if exc.code >= 500 or exc.code in RETRYABLE_HTTP_4XX:
                raise TemporaryAdapterError(f"exchange axis answered HTTP {exc.code}", response=info) from exc
            raise PermanentAdapterError(
                f"exchange axis refused: HTTP {exc.code} {detail[:300]}", response=info
            ) from exc
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            raise TemporaryAdapterError(f"exchange axis unreachable: {exc!r}") from exc
        if len(raw) > limit:
            raise PermanentAdapterError("answer too large")
        return raw

    def _json(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        raw = self._request(method, path, **kwargs)
        try:
            answer = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise TemporaryAdapterError("exchange axis answer is not JSON") from None
        if not isinstance(answer, dict) or answer.get("status") != "OK":
            raise TemporaryAdapterError("exchange axis did not confirm", response={"body": answer})
        return answer

    # --- contract ----------------------------------------------------------------------------

    def _send(
        self, *, sender: str, recipients: list[str], kind: str, body: bytes, idempotency_key: str
    ) -> str:
        query = urlencode({"from": sender, "to": ",".join(recipients), "type": kind})
        answer = self._json(
            "POST",
            f"/api/v1/edocs?{query}",
            data=body,
            content_type=f"{XML}; charset=utf-8",
            headers={IDEMPOTENCY_HEADER: idempotency_key},
        )
        message_id = answer.get("docId")
        if not isinstance(message_id, str) or not message_id.strip():
            raise TemporaryAdapterError("exchange axis answered without a docId", response={"body": answer})
        return message_id.strip()[:100]

    def pending(self, organ_id: str, limit: int) -> list[AxisMessage]:
        answer = self._json("GET", f"/api/v1/edocs?{urlencode({'to': organ_id, 'limit': str(limit)})}")
        items = answer.get("data")
        if not isinstance(items, list):
            raise TemporaryAdapterError("exchange axis answer has no message list")
        messages = []
        for item in items:
            try:
                messages.append(message_from_wire(item, mailbox=organ_id))
            except PermanentAdapterError:
                continue  # nothing we could fetch or acknowledge by id; the axis keeps it
        return messages

    def fetch(self, message_id: str, organ_id: str) -> bytes:
        path = f"/api/v1/edocs/{quote(message_id, safe='')}?{urlencode({'to': organ_id})}"
        return self._request("GET", path, headers={"Accept": XML}, limit=MAX_MESSAGE_BYTES)

    def ack(self, message_id: str, organ_id: str) -> None:
        path = f"/api/v1/edocs/{quote(message_id, safe='')}/ack?{urlencode({'to': organ_id})}"
        body = json.dumps({"status": "done"}).encode()
        self._json("POST", path, data=body, content_type="application/json")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
