"""schema_problems(): one test per kind of problem, in Vietnamese."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from egov.portal.eforms import schema_problems
from egov.portal.eforms.testing import vietnamese


@pytest.fixture(autouse=True)
def _vi() -> Iterator[None]:
    with vietnamese():
        yield


def schema(*fields: dict[str, Any], **section: Any) -> dict[str, Any]:
    return {"version": 1, "sections": [{"title": "Thông tin", "fields": list(fields), **section}]}


NAME = {
    "name": "full_name",
    "label": "Họ và tên",
    "type": "text",
    "required": True,
    "example": "Nguyễn Văn An",
}
SEX = {
    "name": "sex",
    "label": "Giới tính",
    "type": "choice",
    "widget": "radio",
    "choices": [["nam", "Nam"], ["nu", "Nữ", "Female"]],
    "example": "nu",
}


def test_a_good_schema_and_the_empty_schema_have_no_problem() -> None:
    assert schema_problems(schema(NAME, SEX)) == []
    assert schema_problems({}) == []


def test_not_an_object_wrong_version_and_no_section() -> None:
    assert schema_problems([]) == ["Cấu trúc biểu mẫu điện tử phải là một đối tượng JSON."]
    assert schema_problems({"version": 2, "sections": []}) == [
        "Phiên bản cấu trúc biểu mẫu phải là 1.",
        "Cấu trúc biểu mẫu cần có ít nhất một phần.",
    ]


def test_the_old_flat_format_is_refused() -> None:
    problems = schema_problems({"fields": [NAME]})
    assert "Cấu trúc biểu mẫu: khóa “fields” không được hỗ trợ." in problems


def test_section_problems() -> None:
    problems = schema_problems({"version": 1, "sections": [{"colour": "red", "fields": []}, "x"]})
    assert problems == [
        "Phần 1: khóa “colour” không được hỗ trợ.",
        "Phần 1: thiếu tiêu đề.",
        "Phần 1 cần có ít nhất một trường.",
        "Phần 2: phải là một đối tượng JSON.",
    ]


def test_unknown_key_and_key_of_another_type() -> None:
    problems = schema_problems(schema(NAME | {"colour": "red", "widget": "radio"}))
    assert problems == [
        "Trường “full_name”: khóa “colour” không được hỗ trợ.",
        "Trường “full_name”: “widget” không áp dụng cho kiểu text.",
    ]


def test_unknown_type_bad_name_missing_label() -> None:
    assert schema_problems(schema(NAME | {"type": "file"})) == [
        "Trường “full_name”: kiểu “file” không được hỗ trợ."
    ]
    assert schema_problems(schema(NAME | {"name": "Full Name"})) == [
        "Trường thứ 1 của phần 1: tên phải bắt đầu bằng chữ thường và chỉ gồm a–z, 0–9 và _ "
        "(tối đa 50 ký tự)."
    ]
    assert schema_problems(schema(NAME | {"label": " "})) == ["Trường “full_name”: thiếu nhãn."]


def test_duplicate_names() -> None:
    assert schema_problems(schema(NAME, NAME)) == ["Tên trường “full_name” được dùng nhiều lần."]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"required": "yes"}, "Trường “full_name”: “required” phải là true hoặc false."),
        ({"help": 3}, "Trường “full_name”: “help” phải là một chuỗi văn bản."),
        ({"max_length": 0}, "Trường “full_name”: “max_length” phải là số nguyên từ 1 trở lên."),
        ({"min_length": -1}, "Trường “full_name”: “min_length” phải là số nguyên từ 0 trở lên."),
        ({"min_length": 5, "max_length": 2}, "Trường “full_name”: giá trị tối thiểu lớn hơn giá trị tối đa."),
        (
            {"autocomplete": "password"},
            "Trường “full_name”: giá trị autocomplete “password” không được hỗ trợ.",
        ),
        (
            {"pattern": "(["},
            "Trường “full_name”: mẫu định dạng (pattern) không phải là biểu thức chính quy hợp lệ.",
        ),
        ({"pattern": "a" * 201}, "Trường “full_name”: mẫu định dạng (pattern) dài quá 200 ký tự."),
        (
            {"pattern": "(a+)+b"},
            "Trường “full_name”: mẫu định dạng (pattern) có phép lặp lồng trong phép lặp, "
            "có thể xử lý rất chậm.",
        ),
    ],
)
def test_bad_text_keys(change: dict[str, Any], message: str) -> None:
    assert schema_problems(schema(NAME | change)) == [message]


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ({"type": "integer", "min": "1"}, "“min” phải là số nguyên."),
        ({"type": "integer", "min": 5, "max": 1}, "giá trị tối thiểu lớn hơn giá trị tối đa."),
        ({"type": "decimal", "max": "abc"}, "“max” phải là một số."),
        ({"type": "date", "max": "20/11/2026"}, "“max” phải là ngày viết theo dạng YYYY-MM-DD hoặc “today”."),
        (
            {"type": "date", "min": "2026-01-02", "max": "2026-01-01"},
            "giá trị tối thiểu lớn hơn giá trị tối đa.",
        ),
        ({"type": "admin_unit", "province": "Tây Ninh"}, "tỉnh phải là mã tỉnh năm 2025, ví dụ 80."),
        (
            {"type": "choice", "choices": []},
            "“choices” phải là danh sách các cặp [giá trị, nhãn] hoặc [giá trị, nhãn, nhãn tiếng Anh].",
        ),
        ({"type": "choice", "choices": [["a", "A"], ["a", "B"]]}, "giá trị lựa chọn “a” bị lặp lại."),
        (
            {"type": "choice", "choices": [["a", "A"]], "widget": "slider"},
            "kiểu hiển thị (widget) phải là “select” hoặc “radio”.",
        ),
        (
            {"type": "multichoice", "choices": [["a", 1]]},
            "“choices” phải là danh sách các cặp [giá trị, nhãn] hoặc [giá trị, nhãn, nhãn tiếng Anh].",
        ),
    ],
)
def test_bad_type_keys(field: dict[str, Any], message: str) -> None:
    spec = {"name": "x", "label": "X"} | field
    assert schema_problems(schema(spec)) == [f"Trường “x”: {message}"]


@pytest.mark.parametrize(
    ("field", "error"),
    [
        (NAME | {"example": 5}, "sai kiểu dữ liệu JSON"),
        (NAME | {"max_length": 3}, "Vui lòng nhập không quá 3 ký tự (đã nhập 13)."),
        (SEX | {"example": "khac"}, "Vui lòng chọn một trong các lựa chọn đã cho."),
        (
            {"name": "d", "label": "Ngày", "type": "date", "example": "20/11/2026"},
            "ngày phải viết theo dạng YYYY-MM-DD",
        ),
        (
            {"name": "d", "label": "Ngày", "type": "date", "max": "today", "example": "2999-01-01"},
            "Ngày không được sau ngày hôm nay.",
        ),
        (
            {"name": "n", "label": "Số", "type": "integer", "min": 1, "example": 0},
            "Vui lòng nhập số không nhỏ hơn 1.",
        ),
        ({"name": "b", "label": "Đồng ý", "type": "boolean", "example": "true"}, "sai kiểu dữ liệu JSON"),
        (
            {"name": "p", "label": "Điện thoại", "type": "phone", "example": "12345"},
            "Vui lòng nhập số điện thoại Việt Nam, ví dụ 0912 345 678.",
        ),
        (
            {"name": "i", "label": "Số định danh", "type": "id_number", "example": "0721"},
            "Số định danh cá nhân gồm đúng 12 chữ số.",
        ),
        (
            {"name": "u", "label": "Xã", "type": "admin_unit", "example": "Tân Ninh"},
            "Vui lòng chọn một xã, phường đang có hiệu lực trong danh sách.",
        ),
        (
            {"name": "t", "label": "Mã", "type": "text", "pattern": "[A-Z]{2}", "example": "abc"},
            "Vui lòng nhập đúng định dạng yêu cầu.",
        ),
    ],
)
def test_examples_must_pass_their_own_validation(field: dict[str, Any], error: str) -> None:
    where = f"Trường “{field['name']}”"
    assert schema_problems(schema(field)) == [f"{where}: giá trị ví dụ không hợp lệ: {error}"]


FATHER_KNOWN = {"name": "father_known", "label": "Đã xác định cha", "type": "boolean"}


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({"field": "later"}, "điều kiện hiển thị không hợp lệ."),
        ({"field": "father_known", "equals": True, "filled": True}, "điều kiện hiển thị không hợp lệ."),
        ({"all": []}, "điều kiện hiển thị không hợp lệ."),
        ({"any": [{"field": "sex", "equals": "nam"}], "not": {}}, "điều kiện hiển thị không hợp lệ."),
        ("father_known == true", "điều kiện hiển thị không hợp lệ."),
        ({"field": "father_known", "filled": "yes"}, "điều kiện hiển thị không hợp lệ."),
        ({"field": "sex", "in": []}, "điều kiện hiển thị không hợp lệ."),
        (
            {"field": "later", "equals": "x"},
            "điều kiện tham chiếu “later”, không phải là trường được khai báo trước đó.",
        ),
        (
            {"field": "child", "equals": "x"},
            "điều kiện tham chiếu “child”, không phải là trường được khai báo trước đó.",
        ),
        (
            {"field": "birth", "equals": "2026-01-01"},
            "không dùng được điều kiện “equals” cho trường “birth” kiểu date.",
        ),
        (
            {"field": "father_known", "in": [True]},
            "không dùng được điều kiện “in” cho trường “father_known” kiểu boolean.",
        ),
        (
            {"field": "sex", "equals": "khac"},
            "giá trị so sánh của trường “sex” không phải là giá trị hợp lệ của trường đó.",
        ),
        (
            {"field": "father_known", "equals": 1},
            "giá trị so sánh của trường “father_known” không phải là giá trị hợp lệ của trường đó.",
        ),
        (
            {
                "not": {
                    "not": {
                        "not": {
                            "not": {
                                "not": {"not": {"not": {"not": {"not": {"field": "sex", "filled": True}}}}}
                            }
                        }
                    }
                }
            },
            "điều kiện hiển thị lồng nhau quá nhiều cấp.",
        ),
    ],
)
def test_bad_conditions(condition: Any, message: str) -> None:
    birth = {"name": "birth", "label": "Ngày sinh", "type": "date"}
    child = {"name": "child", "label": "Con", "type": "text", "visible_if": condition}
    later = {"name": "later", "label": "Sau", "type": "text"}
    problems = schema_problems(schema(FATHER_KNOWN, SEX, birth, child, later))
    assert problems == [f"Trường “child”: {message}"]


def test_a_field_cannot_depend_on_itself() -> None:
    spec = NAME | {"visible_if": {"field": "full_name", "filled": True}}
    assert schema_problems(schema(spec)) == [
        "Trường “full_name”: điều kiện tham chiếu “full_name”, không phải là trường được khai báo trước đó."
    ]


def test_section_condition_looks_only_at_earlier_sections() -> None:
    good: dict[str, Any] = {
        "version": 1,
        "sections": [
            {"title": "A", "fields": [SEX]},
            {"title": "B", "fields": [NAME], "visible_if": {"field": "sex", "equals": "nu"}},
        ],
    }
    assert schema_problems(good) == []
    bad = copy.deepcopy(good)
    bad["sections"][1]["visible_if"] = {"field": "full_name", "filled": True}
    assert schema_problems(bad) == [
        "Phần 2: điều kiện tham chiếu “full_name”, không phải là trường được khai báo trước đó."
    ]


def test_every_operator_is_accepted_on_its_types() -> None:
    multi: dict[str, Any] = {
        "name": "groups",
        "label": "Nhóm",
        "type": "multichoice",
        "choices": [["a", "A"], ["b", "B"]],
    }
    count: dict[str, Any] = {"name": "count", "label": "Số", "type": "integer"}
    conditions: list[dict[str, Any]] = [
        {"field": "father_known", "equals": True},
        {"field": "father_known", "not_equals": False},
        {"field": "sex", "in": ["nam", "nu"]},
        {"field": "sex", "not_in": ["nam"]},
        {"field": "groups", "equals": "a"},
        {"field": "count", "not_equals": 2},
        {"field": "count", "in": [1, 3]},
        {"all": [{"field": "sex", "filled": True}, {"any": [{"not": {"field": "groups", "filled": False}}]}]},
    ]
    fields: list[dict[str, Any]] = [FATHER_KNOWN, SEX, multi, count]
    fields += [
        {"name": f"c{i}", "label": f"C{i}", "type": "text", "visible_if": c} for i, c in enumerate(conditions)
    ]
    assert schema_problems(schema(*fields)) == []
