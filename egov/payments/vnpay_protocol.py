"""The VNPay 2.1.0 wire protocol, in plain Python (no Django): used by the merchant adapter
(egov.payments.gateways.vnpay) and by the local sandbox gateway (egov.payments.sandbox).

Payment URL, return and IPN: HMAC-SHA512(secret, query string of the vnp_* parameters except the
hash fields, sorted by key, each key and value urlencoded with quote_plus, joined by "&").
querydr: HMAC-SHA512(secret, the fixed list of fields joined by "|").
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, timezone
from urllib.parse import quote_plus

VERSION = "2.1.0"
HASH_FIELDS = ("vnp_SecureHash", "vnp_SecureHashType")
GMT7 = timezone(timedelta(hours=7), "GMT+7")
DATE_FORMAT = "%Y%m%d%H%M%S"

# vnp_ResponseCode of the payment result (return and IPN).
RESPONSE_CODES: dict[str, str] = {
    "00": "Giao dịch thành công",
    "07": "Trừ tiền thành công, giao dịch bị nghi ngờ (liên quan tới lừa đảo, giao dịch bất thường)",
    "09": "Thẻ/Tài khoản chưa đăng ký dịch vụ Internet Banking tại ngân hàng",
    "10": "Xác thực thông tin thẻ/tài khoản không đúng quá 3 lần",
    "11": "Đã hết hạn chờ thanh toán",
    "12": "Thẻ/Tài khoản bị khóa",
    "13": "Nhập sai mật khẩu xác thực giao dịch (OTP)",
    "24": "Khách hàng hủy giao dịch",
    "51": "Tài khoản không đủ số dư để thực hiện giao dịch",
    "65": "Tài khoản đã vượt quá hạn mức giao dịch trong ngày",
    "75": "Ngân hàng thanh toán đang bảo trì",
    "79": "Nhập sai mật khẩu thanh toán quá số lần quy định",
    "99": "Lỗi khác",
}

# IPN answers (JSON body of the merchant's reply).
IPN_OK = ("00", "Confirm Success")
IPN_NOT_FOUND = ("01", "Order not found")
IPN_ALREADY_CONFIRMED = ("02", "Order already confirmed")
IPN_INVALID_AMOUNT = ("04", "invalid amount")
IPN_INVALID_SIGNATURE = ("97", "Invalid signature")
IPN_UNKNOWN_ERROR = ("99", "Unknow error")

# querydr: fields of the signed request and response, in hash order.
QUERY_REQUEST_FIELDS = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_TransactionDate",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
QUERY_RESPONSE_FIELDS = (
    "vnp_ResponseId",
    "vnp_Command",
    "vnp_ResponseCode",
    "vnp_Message",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_TransactionStatus",
    "vnp_OrderInfo",
    "vnp_PromotionCode",
    "vnp_PromotionAmount",
)
# querydr vnp_ResponseCode: 00 found, 91 not found, 94 duplicate request, 97 bad checksum, 99 other.
QUERY_FOUND = "00"
QUERY_NOT_FOUND = "91"


def hash_data(params: Mapping[str, str]) -> str:
    """The signed text: vnp_* parameters (hash fields excluded, empty values dropped), sorted."""
    items = sorted(
        (k, str(v))
        for k, v in params.items()
        if k.startswith("vnp_") and k not in HASH_FIELDS and v is not None and str(v) != ""
    )
    return "&".join(f"{quote_plus(k)}={quote_plus(v)}" for k, v in items)


def hmac_sha512(secret: str, data: str) -> str:
    return hmac.new(secret.encode("utf-8"), data.encode("utf-8"), hashlib.sha512).hexdigest()


def sign(params: Mapping[str, str], secret: str) -> str:
    return hmac_sha512(secret, hash_data(params))


def signed_query(params: Mapping[str, str], secret: str) -> str:
    """The full query string with vnp_SecureHash appended."""
    return hash_data(params) + "&vnp_SecureHash=" + sign(params, secret)


def verify(params: Mapping[str, str], secret: str) -> bool:
    """Constant-time check of vnp_SecureHash (case-insensitive hex)."""
    given = str(params.get("vnp_SecureHash") or "").lower()
    if not given:
        return False
    return hmac.compare_digest(given.encode("ascii", "replace"), sign(params, secret).encode("ascii"))


def pipe_sign(values: Mapping[str, str], fields: Iterable[str], secret: str) -> str:
    return hmac_sha512(secret, "|".join(str(values.get(f, "")) for f in fields))


def pipe_verify(values: Mapping[str, str], fields: Iterable[str], secret: str) -> bool:
    given = str(values.get("vnp_SecureHash") or "").lower()
    expected = pipe_sign(values, fields, secret)
    return bool(given) and hmac.compare_digest(given.encode("ascii", "replace"), expected.encode("ascii"))


def format_date(value: datetime) -> str:
    """yyyyMMddHHmmss in GMT+7 (what VNPay expects whatever the server's zone)."""
    return value.astimezone(GMT7).strftime(DATE_FORMAT)


def parse_date(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, DATE_FORMAT).replace(tzinfo=GMT7)
    except (TypeError, ValueError):
        return None


def ascii_text(value: str, limit: int = 255) -> str:
    """vnp_OrderInfo must be plain ASCII without special characters: fold Vietnamese marks."""
    import unicodedata

    folded = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    safe = "".join(ch if (ch.isascii() and (ch.isalnum() or ch in " .-_:/")) else " " for ch in plain)
    return " ".join(safe.split())[:limit]
