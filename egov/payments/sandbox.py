"""A local payment gateway speaking the VNPay 2.1.0 protocol, for development and tests only.

Standard library only (no Django), binds 127.0.0.1:

    GET  /paymentv2/vpcpay.html?…        check the signed order; show a page with the order and the
                                         choices "Thanh toán", "Hủy" (24), "Thất bại" (51),
                                         "Hết thời gian" (11); a bad signature shows an error page
    POST /paymentv2/pay                  the citizen's choice: send the signed IPN (GET to the IPN
                                         URL; retried with backoff until answered RspCode 00/02),
                                         then redirect the browser to vnp_ReturnUrl with the result
    POST /merchant_webapi/api/transaction  querydr (signed JSON in, signed JSON out)
    GET  /health

Test hooks (never in a real gateway):

    GET /_sandbox/order?txn=…             the order's state as JSON
    GET /_sandbox/replay-ipn?txn=…        send the last IPN again (synchronously); JSON answer
    GET /_sandbox/forge-ipn?txn=…&kind=hash|amount|unknown
                                          send a forged IPN: bad hash / wrong amount (re-signed) /
                                          unknown order (re-signed); JSON answer
    GET /_sandbox/forget?txn=…            drop the order (querydr then answers "not found")
"""

from __future__ import annotations

import html
import json
import logging
import secrets
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from egov.payments import vnpay_protocol as proto

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
MAX_BODY = 64 * 1024
CHOICES: dict[str, str] = {"success": "00", "cancel": "24", "fail": "51", "timeout": "11"}
REQUIRED = (
    "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_Amount", "vnp_CurrCode", "vnp_TxnRef",
    "vnp_OrderInfo", "vnp_ReturnUrl", "vnp_IpAddr", "vnp_CreateDate",
)  # fmt: skip


@dataclass(frozen=True)
class SandboxConfig:
    tmn_code: str
    secret: str
    ipn_url: str = ""
    ipn_attempts: int = 5
    ipn_backoff: float = 1.0
    ipn_timeout: float = 10.0


@dataclass
class Order:
    request: dict[str, str]
    result: dict[str, str] | None = None
    ipn_answers: list[dict[str, Any]] = field(default_factory=list)


def now_gmt7() -> datetime:
    return datetime.now(tz=proto.GMT7)


def money(amount_x100: str) -> str:
    try:
        value = int(amount_x100) // 100
    except ValueError:
        return amount_x100
    return f"{value:,}".replace(",", ".") + " VND"


class PaymentSandbox(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, config: SandboxConfig, *, port: int = 0) -> None:
        if not config.secret or not config.tmn_code:
            raise ValueError("the sandbox needs a TMN code and a secret")
        if config.ipn_url and urlsplit(config.ipn_url).scheme not in ("http", "https"):
            raise ValueError("ipn_url must be an http(s) URL")
        self.config = config
        self.ipn_url = config.ipn_url
        self.orders: dict[str, Order] = {}
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self._thread: threading.Thread | None = None
        super().__init__((HOST, port), _Handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start_in_thread(self) -> threading.Thread:
        self._thread = threading.Thread(target=self.serve_forever, name="payment-sandbox", daemon=True)
        self._thread.start()
        return self._thread

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join(timeout=30)

    # Orders ----------------------------------------------------------------------------------------
    def check_order(self, params: dict[str, str]) -> str:
        """An error text, or "" when the signed order is acceptable."""
        if not proto.verify(params, self.config.secret):
            return "Chữ ký không hợp lệ (sai vnp_SecureHash)."
        missing = [k for k in REQUIRED if not params.get(k)]
        if missing:
            return "Thiếu tham số: " + ", ".join(missing)
        if params["vnp_TmnCode"] != self.config.tmn_code:
            return "Mã website (vnp_TmnCode) không đúng."
        if params["vnp_Command"] != "pay" or params["vnp_Version"] != proto.VERSION:
            return "Phiên bản hoặc lệnh không được hỗ trợ."
        if not params["vnp_Amount"].isdigit() or int(params["vnp_Amount"]) <= 0:
            return "Số tiền không hợp lệ."
        expire = proto.parse_date(params.get("vnp_ExpireDate", ""))
        if expire is not None and expire < now_gmt7():
            return "Giao dịch đã quá thời gian chờ thanh toán."
        return ""

    def result_params(self, order: Order, code: str) -> dict[str, str]:
        req = order.request
        paid = code == "00"
        result = {
            "vnp_Amount": req["vnp_Amount"],
            "vnp_BankCode": "NCB" if paid else "VNPAY",
            "vnp_CardType": "ATM",
            "vnp_OrderInfo": req["vnp_OrderInfo"],
            "vnp_PayDate": proto.format_date(now_gmt7()),
            "vnp_ResponseCode": code,
            "vnp_TmnCode": req["vnp_TmnCode"],
            "vnp_TransactionNo": str(secrets.randbelow(90_000_000) + 10_000_000) if paid else "0",
            "vnp_TransactionStatus": "00" if paid else "02",
            "vnp_TxnRef": req["vnp_TxnRef"],
        }
        if paid:
            result["vnp_BankTranNo"] = "VNP" + str(secrets.randbelow(90_000_000) + 10_000_000)
        result["vnp_SecureHash"] = proto.sign(result, self.config.secret)
        return result

    # IPN -------------------------------------------------------------------------------------------
    def send_ipn(self, params: dict[str, str]) -> dict[str, Any]:
        """One GET to the IPN URL; returns {"status", "answer"} (status 0 when unreachable)."""
        if not self.ipn_url:
            return {"status": 0, "answer": None, "error": "no IPN URL configured"}
        sep = "&" if urlsplit(self.ipn_url).query else "?"
        url = self.ipn_url + sep + urlencode(params)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(url, timeout=self.config.ipn_timeout) as response:
                body = response.read().decode("utf-8", "replace")
                status = response.status
        except urllib.error.HTTPError as exc:
            body, status = exc.read().decode("utf-8", "replace"), exc.code
        except (urllib.error.URLError, OSError) as exc:
            return {"status": 0, "answer": None, "error": str(exc)}
        try:
            answer = json.loads(body)
        except ValueError:
            answer = None
        outcome = {"status": status, "answer": answer}
        with self.lock:
            order = self.orders.get(params.get("vnp_TxnRef", ""))
            if order is not None:
                order.ipn_answers.append(outcome)
        return outcome

    @staticmethod
    def confirmed(outcome: dict[str, Any]) -> bool:
        answer = outcome.get("answer")
        return isinstance(answer, dict) and answer.get("RspCode") in ("00", "02")

    def deliver_ipn(self, params: dict[str, str]) -> None:
        """First attempt now; if not confirmed, retry in the background with backoff."""
        if not self.ipn_url or self.confirmed(self.send_ipn(params)):
            return

        def retry() -> None:
            delay = self.config.ipn_backoff
            for attempt in range(2, self.config.ipn_attempts + 1):
                if self.stopping.wait(delay):
                    return
                outcome = self.send_ipn(params)
                log.info("IPN %s attempt %d: %s", params.get("vnp_TxnRef"), attempt, outcome)
                if self.confirmed(outcome):
                    return
                delay *= 2

        threading.Thread(target=retry, name="payment-sandbox-ipn", daemon=True).start()

    # querydr ----------------------------------------------------------------------------------------
    def querydr(self, body: dict[str, str]) -> dict[str, str]:
        secret = self.config.secret
        answer: dict[str, str] = {
            "vnp_ResponseId": secrets.token_hex(16),
            "vnp_Command": "querydr",
            "vnp_TmnCode": self.config.tmn_code,
            "vnp_TxnRef": body.get("vnp_TxnRef", ""),
            "vnp_Amount": "",
            "vnp_BankCode": "",
            "vnp_PayDate": "",
            "vnp_TransactionNo": "",
            "vnp_TransactionType": "01",
            "vnp_TransactionStatus": "",
            "vnp_OrderInfo": body.get("vnp_OrderInfo", ""),
            "vnp_PromotionCode": "",
            "vnp_PromotionAmount": "",
        }
        order = self.orders.get(body.get("vnp_TxnRef", ""))
        if not proto.pipe_verify(body, proto.QUERY_REQUEST_FIELDS, secret):
            answer.update(vnp_ResponseCode="97", vnp_Message="Invalid Checksum")
        elif body.get("vnp_TmnCode") != self.config.tmn_code:
            answer.update(vnp_ResponseCode="02", vnp_Message="Merchant is not valid")
        elif order is None:
            answer.update(vnp_ResponseCode=proto.QUERY_NOT_FOUND, vnp_Message="Transaction not found")
        else:
            answer.update(
                vnp_ResponseCode="00", vnp_Message="QueryDR Success", vnp_Amount=order.request["vnp_Amount"]
            )
            if order.result is None:
                answer["vnp_TransactionStatus"] = "01"
            else:
                res = order.result
                answer.update(
                    vnp_BankCode=res["vnp_BankCode"],
                    vnp_PayDate=res["vnp_PayDate"],
                    vnp_TransactionNo=res["vnp_TransactionNo"],
                    vnp_TransactionStatus=res["vnp_TransactionStatus"],
                )
        answer["vnp_SecureHash"] = proto.pipe_sign(answer, proto.QUERY_RESPONSE_FIELDS, secret)
        return answer


# Pages ----------------------------------------------------------------------------------------------
STYLE = """
*{box-sizing:border-box}body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
background:#f3f5f8;color:#1b1f24;font-size:1rem;line-height:1.5}
header{background:#0b3d91;color:#fff;padding:.75rem 1rem}header p{margin:0;font-weight:600}
main{max-width:34rem;margin:1.5rem auto;padding:0 1rem}
.card{background:#fff;border:1px solid #cfd6e0;border-radius:.5rem;padding:1.25rem}
h1{font-size:1.35rem;margin:0 0 1rem}dl{margin:0 0 1.25rem}dt{color:#49525e;font-size:.9rem}
dd{margin:0 0 .75rem;font-weight:600;overflow-wrap:anywhere}.amount{font-size:1.5rem;color:#0b3d91}
.note{background:#fff4d6;border:1px solid #e0b84c;border-radius:.375rem;padding:.5rem .75rem;font-size:.9rem}
.actions{display:grid;grid-template-columns:1fr;gap:.6rem;margin-top:1rem}
button{font:inherit;font-weight:600;padding:.7rem 1rem;border-radius:.375rem;border:2px solid transparent;
cursor:pointer;width:100%}button:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
.pay{background:#146c43;color:#fff}.cancel{background:#fff;color:#1b1f24;border-color:#6c757d}
.fail{background:#b02a37;color:#fff}.timeout{background:#5c636a;color:#fff}
.error{border-color:#b02a37}.error h1{color:#b02a37}
@media (min-width:40rem){.actions{grid-template-columns:1fr 1fr}}
"""


def page(title: str, body: str) -> bytes:
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)} – Cổng thanh toán thử nghiệm</title><style>{STYLE}</style></head>"
        "<body><header><p>Cổng thanh toán thử nghiệm (sandbox) – chỉ dùng khi phát triển</p></header>"
        f'<main id="main">{body}</main></body></html>'
    ).encode()


def order_page(params: dict[str, str], query: str) -> bytes:
    esc = html.escape
    body = f"""<div class="card"><h1>Thanh toán phí, lệ phí</h1>
<dl><dt>Số tiền</dt><dd class="amount">{esc(money(params["vnp_Amount"]))}</dd>
<dt>Nội dung</dt><dd>{esc(params["vnp_OrderInfo"])}</dd>
<dt>Mã giao dịch của đơn vị</dt><dd>{esc(params["vnp_TxnRef"])}</dd>
<dt>Đơn vị nhận tiền</dt><dd>{esc(params["vnp_TmnCode"])}</dd></dl>
<p class="note">Đây là cổng thử nghiệm: không có khoản tiền thật nào bị trừ. Chọn kết quả muốn mô phỏng.</p>
<form method="post" action="/paymentv2/pay"><input type="hidden" name="q" value="{esc(query)}">
<div class="actions" role="group" aria-label="Chọn kết quả thanh toán">
<button class="pay" type="submit" name="choice" value="success">Thanh toán</button>
<button class="cancel" type="submit" name="choice" value="cancel">Hủy</button>
<button class="fail" type="submit" name="choice" value="fail">Thất bại</button>
<button class="timeout" type="submit" name="choice" value="timeout">Hết thời gian</button>
</div></form></div>"""
    return page("Thanh toán", body)


def error_page(message: str) -> bytes:
    body = (
        f'<div class="card error"><h1>Không thể thực hiện giao dịch</h1><p>{html.escape(message)}</p>'
        "<p>Vui lòng quay lại trang dịch vụ công và thử lại.</p></div>"
    )
    return page("Lỗi giao dịch", body)


class _Handler(BaseHTTPRequestHandler):
    server: PaymentSandbox
    server_version = "egov-payment-sandbox/1"

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s - %s", self.address_string(), format % args)

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _html(self, status: int, body: bytes) -> None:
        self._send(status, body, "text/html; charset=utf-8")

    def _json(self, status: int, payload: Any) -> None:
        self._send(
            status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8"
        )

    def _body(self) -> bytes | None:
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            return None
        if not 0 < length <= MAX_BODY:
            return None
        return self.rfile.read(length)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        routes = {
            "/health": lambda: self._json(200, {"ok": True}),
            "/paymentv2/vpcpay.html": lambda: self._order(query, parts.query),
            "/_sandbox/order": lambda: self._hook_order(query),
            "/_sandbox/replay-ipn": lambda: self._hook_replay(query),
            "/_sandbox/forge-ipn": lambda: self._hook_forge(query),
            "/_sandbox/forget": lambda: self._hook_forget(query),
        }
        route = routes.get(parts.path)
        if route is None:
            self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})
        else:
            route()

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        raw = self._body()
        if raw is None:
            self._json(HTTPStatus.BAD_REQUEST, {"error": "body missing or too large"})
        elif path == "/paymentv2/pay":
            self._choose(dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True)))
        elif path == "/merchant_webapi/api/transaction":
            try:
                data = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                data = None
            if not isinstance(data, dict):
                self._json(HTTPStatus.BAD_REQUEST, {"error": "body is not a JSON object"})
            else:
                self._json(200, self.server.querydr({str(k): str(v) for k, v in data.items()}))
        else:
            self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})

    # Payment pages --------------------------------------------------------------------------------
    def _order(self, params: dict[str, str], query: str) -> None:
        error = self.server.check_order(params)
        if error:
            self._html(HTTPStatus.BAD_REQUEST, error_page(error))
            return
        with self.server.lock:
            order = self.server.orders.setdefault(params["vnp_TxnRef"], Order(request=params))
            done = order.result is not None
        if done:
            self._html(HTTPStatus.CONFLICT, error_page("Giao dịch này đã được xử lý."))
            return
        self._html(200, order_page(params, query))

    def _choose(self, form: dict[str, str]) -> None:
        params = dict(parse_qsl(form.get("q", ""), keep_blank_values=True))
        error = self.server.check_order(params)
        code = CHOICES.get(form.get("choice", ""))
        if error or code is None:
            self._html(HTTPStatus.BAD_REQUEST, error_page(error or "Lựa chọn không hợp lệ."))
            return
        with self.server.lock:
            order = self.server.orders.setdefault(params["vnp_TxnRef"], Order(request=params))
            if order.result is not None:
                result = None
            else:
                result = order.result = self.server.result_params(order, code)
        if result is None:
            self._html(HTTPStatus.CONFLICT, error_page("Giao dịch này đã được xử lý."))
            return
        self.server.deliver_ipn(result)
        return_url = params["vnp_ReturnUrl"]
        sep = "&" if urlsplit(return_url).query else "?"
        self._send(HTTPStatus.FOUND, b"", "text/plain", {"Location": return_url + sep + urlencode(result)})

    # Test hooks ----------------------------------------------------------------------------------------
    def _find(self, query: dict[str, str]) -> Order | None:
        order = self.server.orders.get(query.get("txn", ""))
        if order is None:
            self._json(HTTPStatus.NOT_FOUND, {"error": "unknown txn"})
        return order

    def _hook_order(self, query: dict[str, str]) -> None:
        order = self._find(query)
        if order is not None:
            self._json(
                200, {"request": order.request, "result": order.result, "ipn_answers": order.ipn_answers}
            )

    def _hook_replay(self, query: dict[str, str]) -> None:
        order = self._find(query)
        if order is None:
            return
        if order.result is None:
            self._json(HTTPStatus.CONFLICT, {"error": "no IPN sent yet"})
            return
        self._json(200, {"params": order.result, **self.server.send_ipn(dict(order.result))})

    def _hook_forge(self, query: dict[str, str]) -> None:
        order = self._find(query)
        if order is None:
            return
        secret = self.server.config.secret
        params = dict(order.result or self.server.result_params(order, "00"))
        params.pop("vnp_SecureHash", None)
        if query.get("kind") == "success" or order.result is None:
            params.update(vnp_ResponseCode="00", vnp_TransactionStatus="00")
        kind = query.get("kind", "hash")
        if kind == "amount":
            params["vnp_Amount"] = str(int(params["vnp_Amount"]) + 100_000)
            params["vnp_SecureHash"] = proto.sign(params, secret)
        elif kind == "unknown":
            params["vnp_TxnRef"] = "UNKNOWN" + secrets.token_hex(4).upper()
            params["vnp_SecureHash"] = proto.sign(params, secret)
        else:
            params["vnp_ResponseCode"], params["vnp_TransactionStatus"] = "00", "00"
            params["vnp_SecureHash"] = proto.sign(params, "not-the-secret")
        self._json(200, {"params": params, **self.server.send_ipn(params)})

    def _hook_forget(self, query: dict[str, str]) -> None:
        with self.server.lock:
            dropped = self.server.orders.pop(query.get("txn", ""), None)
        self._json(200, {"forgotten": dropped is not None})
