"""VNPay 2.1.0-compatible adapter (also speaks to the local sandbox, egov.payments.sandbox)."""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.request
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.utils import timezone

from egov.payments import conf
from egov.payments import vnpay_protocol as proto
from egov.payments.gateways.base import Gateway, GatewayError, GatewayResult, QueryResult

if TYPE_CHECKING:
    from egov.payments.models import Payment

# vnp_ResponseCode → our Payment.Status
CANCELLED_CODES = {"24"}
EXPIRED_CODES = {"11"}

# Plain words for citizens (Vietnamese; the gateway's own wording is in vnpay_protocol).
CITIZEN_MESSAGES: dict[str, str] = {
    "00": "Thanh toán thành công.",
    "07": "Ngân hàng đã trừ tiền nhưng giao dịch đang được kiểm tra. Cơ quan sẽ xác nhận lại với ông/bà.",
    "09": "Thẻ hoặc tài khoản chưa đăng ký dịch vụ thanh toán trực tuyến tại ngân hàng.",
    "10": "Thông tin thẻ hoặc tài khoản bị nhập sai quá 3 lần.",
    "11": "Đã hết thời gian chờ thanh toán. Ông/bà có thể thanh toán lại.",
    "12": "Thẻ hoặc tài khoản đang bị khóa.",
    "13": "Mã xác thực (OTP) không đúng. Ông/bà có thể thanh toán lại.",
    "24": "Ông/bà đã hủy giao dịch. Chưa có khoản tiền nào bị trừ.",
    "51": "Tài khoản không đủ số dư để thanh toán.",
    "65": "Tài khoản đã vượt quá hạn mức giao dịch trong ngày.",
    "75": "Ngân hàng đang bảo trì. Ông/bà vui lòng thử lại sau.",
    "79": "Mật khẩu thanh toán bị nhập sai quá số lần quy định.",
    "99": "Giao dịch không thành công. Ông/bà vui lòng thử lại sau.",
}


def status_for(response_code: str, transaction_status: str = "") -> str:
    if response_code == "00" and transaction_status in ("", "00"):
        return "paid"
    if response_code == "07":  # money taken but under review: wait for reconciliation
        return "pending"
    if response_code in CANCELLED_CODES:
        return "cancelled"
    if response_code in EXPIRED_CODES:
        return "expired"
    return "failed"


def citizen_message(response_code: str) -> str:
    return CITIZEN_MESSAGES.get(response_code, CITIZEN_MESSAGES["99"])


def _amount(value: str | None) -> Decimal | None:
    """vnp_Amount is the amount × 100 as an integer string."""
    if not value or not str(value).isdigit():
        return None
    try:
        return Decimal(int(value)) / 100
    except (InvalidOperation, ValueError):
        return None


class VNPayGateway(Gateway):
    name = "vnpay"

    def __init__(self, *, url: str, query_url: str, tmn_code: str, secret: str, timeout: float = 10.0):
        self.url = url
        self.query_url = query_url
        self.tmn_code = tmn_code
        self.secret = secret
        self.timeout = timeout

    @classmethod
    def from_settings(cls) -> VNPayGateway:
        return cls(
            url=conf.gateway_url(),
            query_url=conf.query_url(),
            tmn_code=conf.tmn_code(),
            secret=conf.hash_secret(),
            timeout=conf.query_timeout(),
        )

    # Payment URL -----------------------------------------------------------------------------------
    def payment_params(self, payment: Payment, return_url: str, ip: str) -> dict[str, str]:
        info = proto.ascii_text(f"Thanh toan phi le phi ho so {payment.dossier.code}")
        return {
            "vnp_Version": proto.VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": str(int(payment.amount) * 100),
            "vnp_CurrCode": payment.currency,
            "vnp_TxnRef": payment.txn_ref,
            "vnp_OrderInfo": info,
            "vnp_OrderType": "other",
            "vnp_Locale": "vn",
            "vnp_ReturnUrl": return_url,
            "vnp_IpAddr": ip or "127.0.0.1",
            "vnp_CreateDate": proto.format_date(payment.created_at or timezone.now()),
            "vnp_ExpireDate": proto.format_date(payment.expires_at),
        }

    def build_payment_url(self, payment: Payment, return_url: str, ip: str) -> str:
        params = self.payment_params(payment, return_url, ip)
        return f"{self.url}?{proto.signed_query(params, self.secret)}"

    # Return / IPN ------------------------------------------------------------------------------------
    def _verify(self, params: Mapping[str, str]) -> GatewayResult:
        raw = {str(k): str(v) for k, v in params.items()}
        txn_ref = raw.get("vnp_TxnRef", "")[:100]
        if not proto.verify(raw, self.secret):
            return GatewayResult(signature_valid=False, txn_ref=txn_ref, raw=raw)
        code = raw.get("vnp_ResponseCode", "")
        pay_date = proto.parse_date(raw.get("vnp_PayDate", ""))
        return GatewayResult(
            signature_valid=True,
            txn_ref=txn_ref,
            amount=_amount(raw.get("vnp_Amount")),
            status=status_for(code, raw.get("vnp_TransactionStatus", "")),
            response_code=code[:4],
            gateway_txn_no=raw.get("vnp_TransactionNo", "")[:40],
            bank_code=raw.get("vnp_BankCode", "")[:20],
            paid_at=pay_date,
            message=citizen_message(code),
            tmn_code_valid=raw.get("vnp_TmnCode") == self.tmn_code,
            raw=raw,
        )

    def verify_return(self, params: Mapping[str, str]) -> GatewayResult:
        return self._verify(params)

    def verify_ipn(self, params: Mapping[str, str]) -> GatewayResult:
        return self._verify(params)

    def ipn_response(self, code: tuple[str, str]) -> dict[str, str]:
        return {"RspCode": code[0], "Message": code[1]}

    # querydr -------------------------------------------------------------------------------------------
    def query_request(self, payment: Payment, *, now: datetime | None = None) -> dict[str, str]:
        now = now or timezone.now()
        body = {
            "vnp_RequestId": secrets.token_hex(16),
            "vnp_Version": proto.VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": self.tmn_code,
            "vnp_TxnRef": payment.txn_ref,
            "vnp_OrderInfo": proto.ascii_text(f"Doi soat giao dich {payment.txn_ref}"),
            "vnp_TransactionDate": proto.format_date(payment.created_at),
            "vnp_CreateDate": proto.format_date(now),
            "vnp_IpAddr": "127.0.0.1",
        }
        body["vnp_SecureHash"] = proto.pipe_sign(body, proto.QUERY_REQUEST_FIELDS, self.secret)
        return body

    def query(self, payment: Payment) -> QueryResult:
        if urlsplit(self.query_url).scheme not in ("http", "https"):
            raise GatewayError("the query URL must be http(s)")
        body = json.dumps(self.query_request(payment)).encode()
        request = urllib.request.Request(  # noqa: S310 (scheme checked above)
            self.query_url, data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=self.timeout) as response:
                data: Any = json.loads(response.read().decode("utf-8"))
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise GatewayError(f"querydr failed: {exc}") from exc
        if not isinstance(data, dict):
            raise GatewayError("querydr answered something that is not a JSON object")
        raw = {str(k): str(v) for k, v in data.items()}
        if not proto.pipe_verify(raw, proto.QUERY_RESPONSE_FIELDS, self.secret):
            raise GatewayError("querydr answer has a bad signature")
        code = raw.get("vnp_ResponseCode", "")
        if code == proto.QUERY_NOT_FOUND:
            return QueryResult(found=False, response_code=code, raw=raw)
        if code != proto.QUERY_FOUND or raw.get("vnp_TxnRef") != payment.txn_ref:
            raise GatewayError(f"querydr error {code}: {raw.get('vnp_Message', '')[:100]}")
        tx_status = raw.get("vnp_TransactionStatus", "")
        status = {"00": "paid", "01": "pending"}.get(tx_status, "failed")
        return QueryResult(
            found=True,
            status=status,
            amount=_amount(raw.get("vnp_Amount")),
            gateway_txn_no=raw.get("vnp_TransactionNo", "")[:40],
            bank_code=raw.get("vnp_BankCode", "")[:20],
            paid_at=proto.parse_date(raw.get("vnp_PayDate", "")),
            response_code=tx_status,
            raw=raw,
        )
