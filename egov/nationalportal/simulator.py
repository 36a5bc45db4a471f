"""A local stand-in for the national public service portal (development and tests only).

Portal API (HMAC-signed requests, see egov.nationalportal.signing; 401 when the client id,
timestamp or signature is wrong):
    GET  /api/v1/dossiers?cursor=<c>&limit=<n>  submitted dossiers after the cursor, oldest first
    POST /api/v1/dossiers/ack                   {"MaHoSo": [...]} marks them as taken by the province
    GET  /api/v1/files/<id>                     an attached file (every seeded dossier has a PDF)
    POST /api/v1/dossiers/<MaHoSo>/status       a status push; header Idempotency-Key required.
                                                A key seen before answers 200 {"duplicate": true} and
                                                records nothing; an unknown MaHoSo answers 404.
Control API (no authentication, for tests and demos):
    POST /_sim/dossiers        one item, a list, or {"items": [...]}; missing MaHoSo, NgayNopHoSo and
                               files are filled in -> {"codes": [...]}
    POST /_sim/fail-pushes     {"count": N, "status": 503} the next N status pushes answer `status`
    GET  /_sim/status/<code>   {"MaHoSo", "acked", "pushes": [...]} the pushes recorded for a dossier
    GET  /_sim/dossiers        the queue: codes and whether they were acknowledged
    POST /_sim/reset           empty everything
    GET  /health
The server binds 127.0.0.1 only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from egov.core.simulator_server import LocalSimulatorServer
from egov.nationalportal.adapters.wire import VN, wire_datetime
from egov.nationalportal.signing import verify_request

log = logging.getLogger(__name__)

MAX_BODY = 16 * 1024 * 1024
MAX_PAGE = 200


def sample_pdf(title: str = "egov DVCQG simulator") -> bytes:
    """A small valid one-page PDF (passes egov's content sniffing)."""
    text = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


@dataclass(frozen=True)
class SimulatorConfig:
    client_id: str
    secret: str
    portal_code: str = "000.00.00.G22"  # prefix of the MaHoSo it generates


@dataclass
class _File:
    name: str
    content: bytes
    content_type: str


class DvcqgSimulator(LocalSimulatorServer):
    thread_name = "dvcqg-simulator"

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
            self.items: list[dict[str, Any]] = []
            self.codes: set[str] = set()
            self.acked: set[str] = set()
            self.files: dict[str, _File] = {}
            self.pushes: dict[str, list[dict[str, Any]]] = {}
            self.push_keys: set[str] = set()
            self.fail_next: list[int] = []
            self.day_seq: dict[str, int] = {}

    def seed(self, items: list[dict[str, Any]]) -> list[str]:
        """Queue submitted dossiers (filling in MaHoSo, NgayNopHoSo and a PDF when missing)."""
        codes = []
        with self._lock:
            for raw in items:
                item = json.loads(json.dumps(raw))  # a private copy
                now = datetime.now(tz=VN)
                item.setdefault("NgayNopHoSo", wire_datetime(now))
                if not item.get("MaHoSo"):
                    day = now.strftime("%y%m%d")
                    self.day_seq[day] = self.day_seq.get(day, 0) + 1
                    item["MaHoSo"] = f"{self.config.portal_code}-{day}-{self.day_seq[day]:04d}"
                code = str(item["MaHoSo"])
                if code in self.codes:
                    codes.append(code)
                    continue
                self._store_files(item)
                self.items.append(item)
                self.codes.add(code)
                codes.append(code)
        return codes

    def _store_files(self, item: dict[str, Any]) -> None:
        components = item.get("DanhSachGiayTo")
        if not isinstance(components, list) or not components:
            components = [{"TenGiayTo": "Tờ khai", "HinhThuc": "1", "SoBan": 1}]
            item["DanhSachGiayTo"] = components
        has_file = False
        for component in components:
            files = component.get("TepDinhKem") or []
            for f in files:
                content = base64.b64decode(f.pop("NoiDungBase64", "") or "") or sample_pdf(
                    f.get("TenTep", "")
                )
                self._add_file(f, content)
                has_file = True
            component["TepDinhKem"] = files
        if not has_file:
            first = components[0]
            f = {"TenTep": "to-khai.pdf", "LoaiTep": "application/pdf"}
            self._add_file(f, sample_pdf(f"Ho so {item['MaHoSo']}"))
            first["TepDinhKem"] = [f]

    def _add_file(self, f: dict[str, Any], content: bytes) -> None:
        file_id = uuid.uuid4().hex
        f.setdefault("TenTep", f"{file_id}.pdf")
        f.setdefault("LoaiTep", "application/pdf")
        f["DuongDan"] = f"/api/v1/files/{file_id}"
        f["KichThuoc"] = len(content)
        f["MaBam"] = hashlib.sha256(content).hexdigest()
        self.files[file_id] = _File(name=f["TenTep"], content=content, content_type=f["LoaiTep"])

    def fail_pushes(self, count: int, status: int = 503) -> None:
        with self._lock:
            self.fail_next.extend([status] * count)

    def page(self, cursor: str, limit: int) -> dict[str, Any]:
        start = int(cursor) if cursor.isdigit() else 0
        with self._lock:
            chunk = self.items[start : start + limit]
            end = start + len(chunk)
            return {"items": chunk, "next_cursor": str(end), "has_more": end < len(self.items)}

    def ack(self, codes: list[str]) -> None:
        with self._lock:
            self.acked.update(c for c in codes if c in self.codes)

    def record_push(self, code: str, key: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self._lock:
            if self.fail_next:
                status = self.fail_next.pop(0)
                return status, {"error": "simulated failure"}
            if code not in self.codes:
                return HTTPStatus.NOT_FOUND, {"error": "unknown MaHoSo"}
            if key in self.push_keys:
                return HTTPStatus.OK, {"ok": True, "duplicate": True}
            self.push_keys.add(key)
            record = {"idempotency_key": key, "received_at": wire_datetime(datetime.now(tz=VN)), **body}
            self.pushes.setdefault(code, []).append(record)
            return HTTPStatus.OK, {"ok": True, "duplicate": False}

    def status_of(self, code: str) -> dict[str, Any]:
        with self._lock:
            return {"MaHoSo": code, "acked": code in self.acked, "pushes": list(self.pushes.get(code, []))}

    def queue(self) -> dict[str, Any]:
        with self._lock:
            return {
                "items": [{"MaHoSo": c["MaHoSo"], "acked": c["MaHoSo"] in self.acked} for c in self.items]
            }


class _Handler(BaseHTTPRequestHandler):
    server: DvcqgSimulator
    server_version = "egov-dvcqg-simulator/1"

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
        self.wfile.write(data)

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
            self._reply(HTTPStatus.UNAUTHORIZED, {"error": problem})
            return False
        return True

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path = parts.path
        if path == "/health":
            self._reply(HTTPStatus.OK, {"ok": True})
        elif path.startswith("/_sim/status/"):
            self._reply(HTTPStatus.OK, self.server.status_of(unquote(path.removeprefix("/_sim/status/"))))
        elif path == "/_sim/dossiers":
            self._reply(HTTPStatus.OK, self.server.queue())
        elif path == "/api/v1/dossiers":
            if not self._authentic(b""):
                return
            query = parse_qs(parts.query)
            limit = query.get("limit", ["50"])[0]
            size = min(int(limit), MAX_PAGE) if limit.isdigit() and int(limit) > 0 else 50
            self._reply(HTTPStatus.OK, self.server.page(query.get("cursor", ["0"])[0], size))
        elif path.startswith("/api/v1/files/"):
            if not self._authentic(b""):
                return
            found = self.server.files.get(path.removeprefix("/api/v1/files/"))
            if found is None:
                self._reply(HTTPStatus.NOT_FOUND, {"error": "unknown file"})
            else:
                self._send(HTTPStatus.OK, found.content, found.content_type)
        else:
            self._reply(HTTPStatus.NOT_FOUND, {"error": "not found"})

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        body = self._body()
        if path.startswith("/_sim/"):
            self._control(path, body)
            return
        if not self._authentic(body):
            return
        try:
            data = json.loads(body.decode("utf-8")) if body else {}
        except (UnicodeDecodeError, ValueError):
            self._reply(HTTPStatus.BAD_REQUEST, {"error": "body is not JSON"})
            return
        if path == "/api/v1/dossiers/ack":
            codes = data.get("MaHoSo") if isinstance(data, dict) else None
            if not isinstance(codes, list):
                self._reply(HTTPStatus.BAD_REQUEST, {"error": "MaHoSo list required"})
                return
            self.server.ack([str(c) for c in codes])
            self._reply(HTTPStatus.OK, {"ok": True})
        elif path.startswith("/api/v1/dossiers/") and path.endswith("/status"):
            code = unquote(path.removeprefix("/api/v1/dossiers/").removesuffix("/status"))
            key = self.headers.get("Idempotency-Key", "").strip()
            if not key or not isinstance(data, dict) or not data.get("TrangThaiHoSo"):
                self._reply(HTTPStatus.BAD_REQUEST, {"error": "Idempotency-Key and TrangThaiHoSo required"})
                return
            status, answer = self.server.record_push(code, key, data)
            self._reply(status, answer)
        else:
            self._reply(HTTPStatus.NOT_FOUND, {"error": "not found"})

    def _control(self, path: str, body: bytes) -> None:
        try:
            data = json.loads(body.decode("utf-8")) if body else {}
        except (UnicodeDecodeError, ValueError):
            self._reply(HTTPStatus.BAD_REQUEST, {"error": "body is not JSON"})
            return
        if path == "/_sim/dossiers":
            items = data.get("items", [data]) if isinstance(data, dict) else data
            if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
                self._reply(HTTPStatus.BAD_REQUEST, {"error": "expected dossier objects"})
                return
            self._reply(HTTPStatus.OK, {"codes": self.server.seed(items)})
        elif path == "/_sim/fail-pushes":
            count, status = data.get("count", 1), data.get("status", 503)
            if not isinstance(count, int) or not isinstance(status, int) or not 400 <= status <= 599:
                self._reply(HTTPStatus.BAD_REQUEST, {"error": "count and a 4xx/5xx status required"})
                return
            self.server.fail_pushes(count, status)
            self._reply(HTTPStatus.OK, {"ok": True})
        elif path == "/_sim/reset":
            self.server.reset()
            self._reply(HTTPStatus.OK, {"ok": True})
        else:
            self._reply(HTTPStatus.NOT_FOUND, {"error": "not found"})
