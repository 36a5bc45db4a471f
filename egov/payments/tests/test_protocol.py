"""Signatures (known vector computed here with hmac), dates in GMT+7, amounts in words."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from egov.payments import vnpay_protocol as proto
from egov.payments.gateways.vnpay import VNPayGateway, status_for
from egov.payments.vn_words import amount_in_words

SECRET = "TESTSECRET"
PARAMS = {
    "vnp_Version": "2.1.0",
    "vnp_Command": "pay",
    "vnp_TmnCode": "EGOVSBX1",
    "vnp_Amount": "5000000",
    "vnp_CurrCode": "VND",
    "vnp_TxnRef": "EG1",
    "vnp_OrderInfo": "Thanh toan ho so 000.00.31.H59-260302-0001",
    "vnp_OrderType": "other",
    "vnp_Locale": "vn",
    "vnp_ReturnUrl": "http://127.0.0.1:8000/thanh-toan/ket-qua/",
    "vnp_IpAddr": "127.0.0.1",
    "vnp_CreateDate": "20260302090000",
}


def test_known_vector() -> None:
    # Independently: sort keys, quote_plus each value by hand for this vector, HMAC-SHA512.
    text = (
        "vnp_Amount=5000000&vnp_Command=pay&vnp_CreateDate=20260302090000&vnp_CurrCode=VND"
        "&vnp_IpAddr=127.0.0.1&vnp_Locale=vn"
        "&vnp_OrderInfo=Thanh+toan+ho+so+000.00.31.H59-260302-0001&vnp_OrderType=other"
        "&vnp_ReturnUrl=http%3A%2F%2F127.0.0.1%3A8000%2Fthanh-toan%2Fket-qua%2F"
        "&vnp_TmnCode=EGOVSBX1&vnp_TxnRef=EG1&vnp_Version=2.1.0"
    )
    expected = hmac.new(SECRET.encode(), text.encode(), hashlib.sha512).hexdigest()
    assert proto.hash_data(PARAMS) == text
    assert proto.sign(PARAMS, SECRET) == expected
    assert proto.signed_query(PARAMS, SECRET) == f"{text}&vnp_SecureHash={expected}"


def test_verify_accepts_good_and_refuses_tampered() -> None:
    signed = {**PARAMS, "vnp_SecureHash": proto.sign(PARAMS, SECRET), "vnp_SecureHashType": "HmacSHA512"}
    assert proto.verify(signed, SECRET)
    assert proto.verify({**signed, "vnp_SecureHash": signed["vnp_SecureHash"].upper()}, SECRET)
    assert not proto.verify({**signed, "vnp_Amount": "5000100"}, SECRET)
    assert not proto.verify(signed, "other-secret")
    assert not proto.verify(PARAMS, SECRET)  # no hash at all
    assert not proto.verify({**signed, "vnp_SecureHash": "zz"}, SECRET)


def test_pipe_signature_for_querydr() -> None:
    body = {f: f"v{i}" for i, f in enumerate(proto.QUERY_REQUEST_FIELDS)}
    text = "|".join(f"v{i}" for i in range(len(proto.QUERY_REQUEST_FIELDS)))
    body["vnp_SecureHash"] = hmac.new(SECRET.encode(), text.encode(), hashlib.sha512).hexdigest()
    assert proto.pipe_verify(body, proto.QUERY_REQUEST_FIELDS, SECRET)
    assert not proto.pipe_verify({**body, "vnp_TxnRef": "x"}, proto.QUERY_REQUEST_FIELDS, SECRET)


def test_dates_are_gmt7() -> None:
    assert proto.format_date(datetime(2026, 3, 2, 2, 0, tzinfo=UTC)) == "20260302090000"
    parsed = proto.parse_date("20260302090000")
    assert parsed is not None and parsed.astimezone(UTC).hour == 2
    assert proto.parse_date("bad") is None


def test_order_info_is_ascii() -> None:
    assert proto.ascii_text("Đăng ký khai sinh – hồ sơ #12") == "Dang ky khai sinh ho so 12"


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("00", "paid"),
        ("24", "cancelled"),
        ("11", "expired"),
        ("51", "failed"),
        ("99", "failed"),
        ("07", "pending"),
    ],
)
def test_response_codes(code: str, status: str) -> None:
    assert status_for(code) == status


def test_citizen_messages_are_vietnamese() -> None:
    gw = VNPayGateway(url="http://x/p", query_url="http://x/q", tmn_code="T", secret=SECRET)
    params = {"vnp_TxnRef": "EG1", "vnp_Amount": "5000000", "vnp_ResponseCode": "24", "vnp_TmnCode": "T"}
    result = gw.verify_return({**params, "vnp_SecureHash": proto.sign(params, SECRET)})
    assert result.signature_valid and result.status == "cancelled" and "hủy" in result.message
    assert result.amount == Decimal(50000)


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "Không đồng"),
        (5, "Năm đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (105, "Một trăm linh năm đồng"),
        (50_000, "Năm mươi nghìn đồng"),
        (1_505_000, "Một triệu năm trăm linh năm nghìn đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (2_000_024, "Hai triệu không trăm hai mươi tư đồng"),
        (1_200_000_000, "Một tỷ hai trăm triệu đồng"),
    ],
)
def test_amount_in_words(n: int, words: str) -> None:
    assert amount_in_words(n) == words
