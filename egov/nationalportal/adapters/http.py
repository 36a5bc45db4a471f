"""The HTTP JSON adapter: talks to a DVCQG-like API (the local simulator implements the same one).

    GET  {base}/api/v1/dossiers?cursor=<c>&limit=<n>
         -> {"items": [...], "next_cursor": "...", "has_more": bool}
    POST {base}/api/v1/dossiers/ack  {"MaHoSo": [...]} -> {"ok": true}
    GET  {file url from the item}  -> the file's bytes (same origin as base only)
    POST {base}/api/v1/dossiers/<MaHoSo>/status  (Idempotency-Key header)
         -> {"ok": true, "duplicate": bool}

Every request is HMAC-signed (egov.nationalportal.signing). Errors: 5xx, 401, 403, 408, 425, 429,
timeouts and connection errors are temporary; other 4xx are permanent (as for the SMS gateway: an
authentication failure is a configuration fault shared by every request, so it waits for a fix).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import quote, urlencode, urljoin, urlsplit

from django.utils import timezone

from egov.core.files.checks import upload_max_bytes
from egov.nationalportal import conf
from egov.nationalportal.adapters.base import (
    AdapterError,
    DvcqgAdapter,
    PermanentAdapterError,
    RemoteApplicant,
    RemoteDossier,
    RemoteFileContent,
    TemporaryAdapterError,
)
from egov.nationalportal.adapters.wire import dossier_from_wire, status_to_wire
from egov.nationalportal.signing import sign_headers
from egov.nationalportal.status_map import status_code

MAX_JSON_BYTES = 8 * 1024 * 1024
RETRYABLE_HTTP_4XX = frozenset({401, 403, 408, 425, 429})
IDEMPOTENCY_HEADER = "Idempotency-Key"


def malformed(raw: Any, error: AdapterError) -> RemoteDossier:
    """A placeholder for an item that could not be parsed: the pull records it as a problem."""
    code = raw.get("MaHoSo") if isinstance(raw, dict) else None
    if not isinstance(code, str) or not code.strip():
        digest = hashlib.sha256(json.dumps(raw, sort_keys=True, default=str).encode()).hexdigest()
        code = f"?{digest[:16]}"
    return RemoteDossier(
        remote_code=code.strip()[:40],
        procedure_code="",
        agency_code="",
        submitted_at=timezone.now(),
        applicant=RemoteApplicant(name=""),
        raw=raw if isinstance(raw, dict) else {"item": raw},
        problem=str(error),
    )


class HttpDvcqgAdapter(DvcqgAdapter):
    def __init__(
        self,
        *,
        base_url: str | None = None,
        client_id: str | None = None,
        secret: str | None = None,
        timeout: float | None = None,
    ) -> None:
        self.base_url = (base_url or conf.base_url()).rstrip("/")
        self.client_id = client_id if client_id is not None else conf.client_id()
        self.secret = secret if secret is not None else conf.secret()
        self.timeout = timeout if timeout is not None else conf.timeout()
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise TemporaryAdapterError("EGOV_DVCQG_BASE_URL must be an http(s) URL")
        self._origin = (parts.scheme, parts.netloc)
        # The portal is reached directly: environment proxy variables are not applied.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    # --- transport ---------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        url: str,
        *,
        body: Any = None,
        headers: dict[str, str] | None = None,
        limit: int = MAX_JSON_BYTES,
    ) -> tuple[bytes, str]:
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) != self._origin:
            raise PermanentAdapterError(f"refusing to contact another origin: {parts.netloc}")
        data = b"" if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        all_headers = {
            "Accept": "application/json",
            **sign_headers(client_id=self.client_id, secret=self.secret, method=method, path=path, body=data),
            **(headers or {}),
        }
        if body is not None:
            all_headers["Content-Type"] = "application/json; charset=utf-8"
        request = urllib.request.Request(  # noqa: S310 (same origin as the configured http(s) base)
            url, data=data if body is not None else None, method=method, headers=all_headers
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                raw = response.read(limit + 1)
                content_type = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            detail = exc.read(4096).decode("utf-8", "replace")
            exc.close()
            info = {"http_status": exc.code, "body": detail[:2000]}
            if exc.code >= 500 or exc.code in RETRYABLE_HTTP_4XX:
                raise TemporaryAdapterError(
                    f"national portal answered HTTP {exc.code}", response=info
                ) from exc
            raise PermanentAdapterError(f"national portal refused: HTTP {exc.code}", response=info) from exc
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            raise TemporaryAdapterError(f"national portal unreachable: {exc!r}") from exc
        if len(raw) > limit:
            raise PermanentAdapterError("answer too large")
        return raw, content_type

    def _json(
        self, method: str, path: str, *, body: Any = None, headers: dict[str, str] | None = None
    ) -> Any:
        raw, _ctype = self._request(method, f"{self.base_url}{path}", body=body, headers=headers)
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise TemporaryAdapterError("national portal answer is not JSON") from None

    # --- contract ----------------------------------------------------------------------------

    def parse(self, raw: Any) -> RemoteDossier:
        return dossier_from_wire(raw)

    def pull_new(self, since_cursor: str | None) -> tuple[list[RemoteDossier], str | None]:
        query = {"limit": str(conf.page_size())}
        if since_cursor:
            query["cursor"] = since_cursor
        answer = self._json("GET", f"/api/v1/dossiers?{urlencode(query)}")
        if not isinstance(answer, dict) or not isinstance(answer.get("items"), list):
            raise TemporaryAdapterError("national portal answer has no item list")
        items: list[RemoteDossier] = []
        for raw in answer["items"]:
            try:
                items.append(self.parse(raw))
            except AdapterError as exc:
                items.append(malformed(raw, exc))
        cursor = answer.get("next_cursor")
        return items, str(cursor) if cursor not in (None, "") else since_cursor

    def ack_pulled(self, remote_codes: list[str]) -> None:
        if remote_codes:
            self._json("POST", "/api/v1/dossiers/ack", body={"MaHoSo": remote_codes})

    def fetch_file(self, url: str) -> RemoteFileContent:
        absolute = urljoin(f"{self.base_url}/", url)
        raw, content_type = self._request(
            "GET", absolute, headers={"Accept": "*/*"}, limit=upload_max_bytes()
        )
        name = urlsplit(absolute).path.rsplit("/", 1)[-1]
        return RemoteFileContent(name=name, content=raw, content_type=content_type.split(";")[0])

    def push_status(
        self, remote_code: str, status: str, payload: dict[str, Any], *, idempotency_key: str
    ) -> None:
        code = status_code(status)
        if code is None:
            raise PermanentAdapterError(f"status {status!r} is not reported to the national portal")
        body = status_to_wire(
            remote_code=remote_code, status_code=code, payload={**payload, "status": status}
        )
        answer = self._json(
            "POST",
            f"/api/v1/dossiers/{quote(remote_code, safe='')}/status",
            body=body,
            headers={IDEMPOTENCY_HEADER: idempotency_key},
        )
        if not isinstance(answer, dict) or answer.get("ok") is not True:
            raise TemporaryAdapterError(
                "national portal did not confirm the status", response={"body": answer}
            )
