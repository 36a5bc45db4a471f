"""Validation of every field type, good and bad answers, with the Vietnamese messages; NFC."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from egov.org.tests.factories import CommuneFactory, ProvinceFactory
from egov.portal.eforms import eform_build
from egov.portal.eforms.testing import vietnamese


@pytest.fixture(autouse=True)
def _vi() -> Iterator[None]:
    with vietnamese():
        yield


def one(field: dict[str, Any]) -> dict[str, Any]:
    spec = {"name": "x", "label": "Ô nhập", "required": True} | field
    return {"version": 1, "sections": [{"title": "Phần", "fields": [spec]}]}


def choices_of(form: Any) -> list[tuple[str, str]]:
    return list(form.fields["f_x"].choices)


def check(field: dict[str, Any], raw: Any) -> tuple[Any, list[str]]:
    """(cleaned JSON value or None, error messages) for one answer."""
    form = eform_build(one(field), data={"f_x": raw} if raw is not None else {})
    valid = form.is_valid()
    errors = [str(e) for e in form.errors.get("f_x", [])]
    return (form.cleaned_eform_data().get("x") if valid else None), errors


@pytest.mark.parametrize(
    ("field", "raw", "value"),
    [
        ({"type": "text"}, "  Nguyễn Văn An ", "Nguyễn Văn An"),
        ({"type": "text", "pattern": "[0-9]{3}/GBT"}, "125/GBT", "125/GBT"),
        ({"type": "textarea", "min_length": 3}, "Dòng 1\r\nDòng 2", "Dòng 1\nDòng 2"),
        ({"type": "integer", "min": 1}, "42", 42),
        ({"type": "integer"}, "150.000.000", 150000000),
        ({"type": "integer"}, "1 500", 1500),
        ({"type": "decimal"}, "12,5", "12.5"),
        ({"type": "decimal", "max": 100}, "99.90", "99.9"),
        ({"type": "date", "max": "today"}, "2026-01-31", "2026-01-31"),
        ({"type": "date"}, "31/01/2026", "2026-01-31"),
        ({"type": "boolean"}, "on", True),
        ({"type": "choice", "choices": [["nam", "Nam"], ["nu", "Nữ"]]}, "nu", "nu"),
        ({"type": "choice", "widget": "radio", "choices": [["nam", "Nam"]]}, "nam", "nam"),
        ({"type": "multichoice", "choices": [["a", "A"], ["b", "B"]]}, ["a", "b"], ["a", "b"]),
        ({"type": "email"}, "An.Nguyen@Example.VN", "An.Nguyen@example.vn"),
        ({"type": "phone"}, "0912 345 678", "0912345678"),
        ({"type": "phone"}, "+84 912.345.678", "0912345678"),
        ({"type": "phone"}, "0276 381 2345", "02763812345"),
        ({"type": "id_number"}, "072 190 001 234", "072190001234"),
    ],
)
def test_good_answers(field: dict[str, Any], raw: Any, value: Any) -> None:
    assert check(field, raw) == (value, [])


@pytest.mark.parametrize(
    ("field", "raw", "message"),
    [
        ({"type": "text"}, "", "Vui lòng nhập “Ô nhập”."),
        ({"type": "text", "max_length": 5}, "Nguyễn Văn An", "Vui lòng nhập không quá 5 ký tự (đã nhập 13)."),
        ({"type": "text", "min_length": 5}, "An", "Vui lòng nhập ít nhất 5 ký tự (đã nhập 2)."),
        ({"type": "text"}, "a" * 256, "Vui lòng nhập không quá 255 ký tự (đã nhập 256)."),
        (
            {"type": "text", "pattern": "[0-9]{3}/GBT", "example": "125/GBT"},
            "125",
            "Vui lòng nhập đúng định dạng, ví dụ 125/GBT.",
        ),
        ({"type": "text", "pattern": "[0-9]{3}"}, "1234", "Vui lòng nhập đúng định dạng yêu cầu."),
        ({"type": "integer"}, "4,5", "Vui lòng nhập số nguyên, ví dụ 12."),
        ({"type": "integer", "min": 1}, "0", "Vui lòng nhập số không nhỏ hơn 1."),
        ({"type": "integer", "max": 10}, "11", "Vui lòng nhập số không lớn hơn 10."),
        ({"type": "decimal"}, "mười", "Vui lòng nhập một số, ví dụ 12,5."),
        ({"type": "decimal", "min": "0.5"}, "0,4", "Vui lòng nhập số không nhỏ hơn 0.5."),
        ({"type": "date"}, "31/02/2026", "Vui lòng nhập ngày hợp lệ, ví dụ 20/11/2026."),
        ({"type": "date", "min": "2026-01-01"}, "2025-12-31", "Ngày phải từ ngày 01/01/2026 trở về sau."),
        ({"type": "date", "max": "2026-01-01"}, "2026-01-02", "Ngày phải từ ngày 01/01/2026 trở về trước."),
        ({"type": "boolean"}, None, "Vui lòng đánh dấu “Ô nhập”."),
        ({"type": "choice", "choices": [["nam", "Nam"]]}, "", "Vui lòng chọn “Ô nhập”."),
        (
            {"type": "choice", "choices": [["nam", "Nam"]]},
            "khac",
            "Vui lòng chọn một trong các lựa chọn đã cho.",
        ),
        (
            {"type": "multichoice", "choices": [["a", "A"]]},
            ["a", "z"],
            "Vui lòng chọn một trong các lựa chọn đã cho.",
        ),
        ({"type": "multichoice", "choices": [["a", "A"]]}, [], "Vui lòng chọn “Ô nhập”."),
        ({"type": "email"}, "an@", "Vui lòng nhập địa chỉ thư điện tử hợp lệ, ví dụ ten@example.vn."),
        ({"type": "phone"}, "0112345678", "Vui lòng nhập số điện thoại Việt Nam, ví dụ 0912 345 678."),
        ({"type": "phone"}, "091234567", "Vui lòng nhập số điện thoại Việt Nam, ví dụ 0912 345 678."),
        ({"type": "id_number"}, "07219000123", "Số định danh cá nhân gồm đúng 12 chữ số."),
        ({"type": "id_number"}, "07219000123A", "Số định danh cá nhân gồm đúng 12 chữ số."),
    ],
)
def test_bad_answers(field: dict[str, Any], raw: Any, message: str) -> None:
    assert check(field, raw) == (None, [message])


def test_date_bounds_today() -> None:
    today = timezone.localdate()
    tomorrow, yesterday = today + timedelta(days=1), today - timedelta(days=1)
    assert check({"type": "date", "max": "today"}, tomorrow.isoformat()) == (
        None,
        ["Ngày không được sau ngày hôm nay."],
    )
    assert check({"type": "date", "min": "today"}, yesterday.isoformat()) == (
        None,
        ["Ngày không được trước ngày hôm nay."],
    )
    assert check({"type": "date", "min": "today", "max": "today"}, today.isoformat()) == (
        today.isoformat(),
        [],
    )


def test_the_date_input_carries_the_bounds() -> None:
    form = eform_build(one({"type": "date", "min": "2000-01-01", "max": "today"}))
    html = str(form["f_x"])
    assert 'type="date"' in html
    assert 'min="2000-01-01"' in html
    assert f'max="{timezone.localdate().isoformat()}"' in html


def test_a_pattern_is_not_run_on_huge_input() -> None:
    _value, errors = check({"type": "text", "pattern": "a*", "max_length": 5000}, "a" * 1001)
    assert errors == ["Vui lòng nhập đúng định dạng yêu cầu."]


def test_text_is_stored_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    assert decomposed != "Nguyễn Thị Ánh"
    value, _errors = check({"type": "text"}, decomposed)
    assert value == "Nguyễn Thị Ánh"
    assert unicodedata.is_normalized("NFC", value)


def test_choice_labels_follow_the_language() -> None:
    spec = {"type": "choice", "choices": [["nam", "Nam", "Male"], ["nu", "Nữ"]], "label_en": "Sex"}
    form = eform_build(one(spec))
    assert choices_of(form)[1:] == [("nam", "Nam"), ("nu", "Nữ")]
    assert form.fields["f_x"].label == "Ô nhập"
    from django.utils import translation

    with translation.override("en"):
        form = eform_build(one(spec))
        assert choices_of(form)[1:] == [("nam", "Male"), ("nu", "Nữ")]
        assert form.fields["f_x"].label == "Sex"


@pytest.fixture
def tay_ninh(db: None, settings: Any) -> dict[str, Any]:
    settings.EGOV_DEFAULT_PROVINCE_CODE = 80
    province = ProvinceFactory(code="80", name="Tỉnh Tây Ninh")
    other = ProvinceFactory(code="79", name="Thành phố Hồ Chí Minh")
    return {
        "tan_ninh": CommuneFactory(code="25459", name="Phường Tân Ninh", kind="ward", parent=province),
        "an_tinh": CommuneFactory(code="25732", name="Phường An Tịnh", kind="ward", parent=province),
        "hung_dien": CommuneFactory(code="27727", name="Xã Hưng Điền", parent=province),
        "old": CommuneFactory(
            code="25460",
            name="Phường 1 (cũ)",
            parent=province,
            valid_from=date(2000, 1, 1),
            valid_to=date(2025, 6, 30),
        ),
        "elsewhere": CommuneFactory(code="26734", name="Phường Sài Gòn", kind="ward", parent=other),
    }


def test_admin_unit_lists_the_communes_in_force_of_the_province(tay_ninh: dict[str, Any]) -> None:
    form = eform_build(one({"type": "admin_unit"}))
    assert choices_of(form) == [
        ("", "— Chọn —"),
        ("25732", "Phường An Tịnh"),
        ("27727", "Xã Hưng Điền"),
        ("25459", "Phường Tân Ninh"),
    ]
    assert check({"type": "admin_unit"}, "25459") == ("25459", [])
    message = "Vui lòng chọn một xã, phường đang có hiệu lực trong danh sách."
    assert check({"type": "admin_unit"}, "25460") == (None, [message])  # merged away in 2025
    assert check({"type": "admin_unit"}, "26734") == (None, [message])  # another province
    assert check({"type": "admin_unit"}, "") == (None, ["Vui lòng chọn “Ô nhập”."])


def test_admin_unit_of_another_province(tay_ninh: dict[str, Any]) -> None:
    assert check({"type": "admin_unit", "province": 79}, "26734") == ("26734", [])
    assert check({"type": "admin_unit", "province": "79"}, "25459")[0] is None


def test_admin_unit_choices_cost_one_query(tay_ninh: dict[str, Any], django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):
        form = eform_build(one({"type": "admin_unit"}), data={"f_x": "25459"})
        assert form.is_valid()
