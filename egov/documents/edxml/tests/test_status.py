"""Status messages: round trips for every code, unknown codes refused, labels, hostile input."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from django.utils import translation

from egov.documents.edxml import (
    STATUS_CODES,
    STATUS_LABELS,
    EdxmlError,
    Organization,
    ResponseFor,
    status_build,
    status_label,
    status_parse,
)
from egov.documents.edxml.tests.factories import VN, status_message


def test_status_code_table_is_the_standard_one() -> None:
    assert STATUS_CODES == {
        "01": "Đã đến",
        "02": "Từ chối",
        "03": "Đã tiếp nhận",
        "04": "Phân công",
        "05": "Đang xử lý",
        "06": "Hoàn thành",
        "13": "Lấy lại",
        "15": "Đồng ý lấy lại/cập nhật",
        "16": "Từ chối lấy lại/cập nhật",
    }
    assert set(STATUS_LABELS) == set(STATUS_CODES)


@pytest.mark.parametrize("code", sorted(STATUS_CODES))
def test_every_status_code_round_trips(code: str) -> None:
    message = status_message(code)
    assert status_parse(status_build(message)) == message


def test_minimal_status_round_trips() -> None:
    message = replace(
        status_message("01"),
        description="",
        staff_info=None,
        response_for=ResponseFor(organ_id="000.00.00.H30"),
        sender=Organization(organ_id="000.00.04.G14"),
    )
    assert status_parse(status_build(message)) == message


@pytest.mark.parametrize("code", ["00", "1", "07", "14", "99", "", "ab", "001"])
def test_unknown_status_code_is_refused_on_build(code: str) -> None:
    with pytest.raises(EdxmlError) as exc:
        status_build(status_message(code))
    assert exc.value.code == "status_code"


@pytest.mark.parametrize("code", ["07", "99", "1"])
def test_unknown_status_code_is_refused_on_parse(code: str) -> None:
    data = status_build(status_message("03")).replace(
        b">03</edXML:StatusCode>", f">{code}</edXML:StatusCode>".encode()
    )
    with pytest.raises(EdxmlError) as exc:
        status_parse(data)
    assert exc.value.code == "status_code"


def test_status_requires_fields() -> None:
    data = status_build(status_message("05"))
    for element in (
        b"<edXML:StatusCode>05</edXML:StatusCode>",
        b"<edXML:Timestamp>2026/03/05 10:00:00</edXML:Timestamp>",
    ):
        with pytest.raises(EdxmlError) as exc:
            status_parse(data.replace(element, b""))
        assert exc.value.code == "required"
    with pytest.raises(EdxmlError) as exc:
        status_parse(data.replace(b"000.00.04.G14", b"G14"))
    assert exc.value.code == "agency_code"


def test_status_timestamp_in_day_first_format_is_accepted() -> None:
    data = status_build(status_message("06")).replace(b"2026/03/05 10:00:00", b"05/03/2026 10:00:00")
    assert status_parse(data).timestamp == dt.datetime(2026, 3, 5, 10, 0, tzinfo=VN)


def test_envelope_is_not_a_status() -> None:
    from egov.documents.edxml import envelope_build
    from egov.documents.edxml.tests.factories import minimal_envelope

    with pytest.raises(EdxmlError) as exc:
        status_parse(envelope_build(minimal_envelope()))
    assert exc.value.field == "Status"


def test_status_with_doctype_is_refused() -> None:
    with pytest.raises(EdxmlError) as exc:
        status_parse(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')
    assert exc.value.code == "dtd"


def test_status_label() -> None:
    with translation.override("en"):
        assert status_label("01") == "Arrived"
        assert status_label("16") == "Recall or update refused"
    with pytest.raises(EdxmlError):
        status_label("42")
