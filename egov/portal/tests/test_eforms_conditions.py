"""Conditions (every operator, nesting, sections), hidden fields, partial (draft) mode."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from egov.portal.eforms import eform_build, schema_problems
from egov.portal.eforms.conditions import evaluate
from egov.portal.eforms.testing import post_data, vietnamese


@pytest.fixture(autouse=True)
def _vi() -> Iterator[None]:
    with vietnamese():
        yield


@pytest.mark.parametrize(
    ("condition", "values", "expected"),
    [
        (None, {}, True),
        ({"field": "a", "equals": "x"}, {"a": "x"}, True),
        ({"field": "a", "equals": "x"}, {"a": "y"}, False),
        ({"field": "a", "equals": "x"}, {"a": None}, False),
        ({"field": "a", "not_equals": "x"}, {"a": None}, True),
        ({"field": "a", "not_equals": "x"}, {"a": "x"}, False),
        ({"field": "a", "in": ["x", "y"]}, {"a": "y"}, True),
        ({"field": "a", "in": ["x", "y"]}, {"a": "z"}, False),
        ({"field": "a", "not_in": ["x", "y"]}, {"a": "z"}, True),
        ({"field": "a", "not_in": ["x", "y"]}, {"a": "x"}, False),
        ({"field": "a", "filled": True}, {"a": "x"}, True),
        ({"field": "a", "filled": True}, {"a": ""}, False),
        ({"field": "a", "filled": False}, {}, True),
        ({"field": "a", "filled": True}, {"a": False}, False),  # an unticked box is not filled
        ({"field": "a", "filled": True}, {"a": []}, False),
        ({"field": "a", "filled": True}, {"a": 0}, True),
        ({"field": "a", "equals": True}, {"a": True}, True),
        ({"field": "a", "equals": 1}, {"a": True}, False),  # booleans never equal numbers
        ({"field": "a", "equals": True}, {"a": 1}, False),
        ({"field": "a", "equals": 2}, {"a": 2}, True),
        ({"field": "a", "equals": "b"}, {"a": ["a", "b"]}, True),  # multichoice: "b" is ticked
        ({"field": "a", "in": ["c", "b"]}, {"a": ["a", "b"]}, True),
        ({"field": "a", "not_in": ["c"]}, {"a": ["a", "b"]}, True),
        (
            {"all": [{"field": "a", "equals": "x"}, {"field": "b", "filled": True}]},
            {"a": "x", "b": "1"},
            True,
        ),
        ({"all": [{"field": "a", "equals": "x"}, {"field": "b", "filled": True}]}, {"a": "x"}, False),
        ({"any": [{"field": "a", "equals": "x"}, {"field": "b", "filled": True}]}, {"b": "1"}, True),
        ({"any": [{"field": "a", "equals": "x"}, {"field": "b", "filled": True}]}, {}, False),
        ({"not": {"field": "a", "equals": "x"}}, {"a": "x"}, False),
        (
            {"not": {"any": [{"all": [{"field": "a", "equals": "x"}]}, {"field": "b", "in": ["1"]}]}},
            {"a": "y", "b": "2"},
            True,
        ),
        ("a == 'x'", {"a": "x"}, False),  # strings are never evaluated
    ],
)
def test_evaluate(condition: Any, values: dict[str, Any], expected: bool) -> None:
    assert evaluate(condition, values) is expected


BIRTH = {
    "version": 1,
    "sections": [
        {
            "title": "Người được khai sinh",
            "fields": [
                {"name": "child_name", "label": "Họ, chữ đệm và tên", "type": "text", "required": True},
                {
                    "name": "relationship",
                    "label": "Quan hệ",
                    "type": "choice",
                    "widget": "radio",
                    "required": True,
                    "choices": [["cha", "Cha"], ["me", "Mẹ"], ["khac", "Người khác"]],
                },
                {
                    "name": "relationship_detail",
                    "label": "Ghi rõ quan hệ",
                    "type": "text",
                    "required": True,
                    "visible_if": {"field": "relationship", "not_in": ["cha", "me"]},
                },
                {"name": "father_known", "label": "Đã xác định cha", "type": "boolean"},
            ],
        },
        {
            "title": "Người cha",
            "visible_if": {"field": "father_known", "equals": True},
            "fields": [
                {"name": "father_name", "label": "Họ và tên cha", "type": "text", "required": True},
                {
                    "name": "father_year",
                    "label": "Năm sinh của cha",
                    "type": "integer",
                    "required": True,
                    "min": 1900,
                    "visible_if": {"field": "father_name", "filled": True},
                },
            ],
        },
    ],
}


def test_the_test_schema_is_valid() -> None:
    assert schema_problems(BIRTH) == []


def test_hidden_required_fields_are_not_enforced_and_hidden_values_are_dropped() -> None:
    data = post_data({"child_name": "Nguyễn An", "relationship": "me", "relationship_detail": "Bà nội"})
    data["f_father_name"] = "Nguyễn Văn Cường"  # sent although its section is hidden (no JavaScript)
    data["f_father_year"] = "không rõ"  # invalid and hidden: no error either
    form = eform_build(BIRTH, data=data)
    assert form.is_valid(), form.errors
    assert form.cleaned_eform_data() == {
        "child_name": "Nguyễn An",
        "relationship": "me",
        "father_known": False,
    }
    assert not form.is_visible("relationship_detail")
    assert not form.section_is_visible(1)


def test_visible_required_fields_are_enforced() -> None:
    form = eform_build(
        BIRTH, data=post_data({"child_name": "An", "relationship": "khac", "father_known": True})
    )
    assert not form.is_valid()
    assert form.errors == {
        "f_relationship_detail": ["Vui lòng nhập “Ghi rõ quan hệ”."],
        "f_father_name": ["Vui lòng nhập “Họ và tên cha”."],
    }
    # father_year depends on father_name being filled: still hidden.
    assert not form.is_visible("father_year")


def test_chained_conditions() -> None:
    values = {"child_name": "An", "relationship": "cha", "father_known": True, "father_name": "Cường"}
    form = eform_build(BIRTH, data=post_data(values | {"father_year": "1899"}))
    assert not form.is_valid()
    assert form.errors == {"f_father_year": ["Vui lòng nhập số không nhỏ hơn 1900."]}
    form = eform_build(BIRTH, data=post_data(values | {"father_year": "1990"}))
    assert form.is_valid()
    assert form.cleaned_eform_data() == values | {"father_year": 1990}


def test_an_invalid_answer_counts_as_empty_for_conditions() -> None:
    schema = {
        "version": 1,
        "sections": [
            {
                "title": "A",
                "fields": [
                    {"name": "count", "label": "Số người", "type": "integer"},
                    {
                        "name": "names",
                        "label": "Tên",
                        "type": "text",
                        "visible_if": {"field": "count", "equals": 2},
                    },
                ],
            }
        ],
    }
    form = eform_build(schema, data={"f_count": "2", "f_names": "An, Bình"})
    assert form.is_valid() and form.cleaned_eform_data() == {"count": 2, "names": "An, Bình"}
    form = eform_build(schema, data={"f_count": "hai", "f_names": "An, Bình"})
    assert not form.is_visible("names")


def test_unbound_visibility_follows_initial() -> None:
    form = eform_build(BIRTH, initial={"father_known": True, "relationship": "khac"})
    assert form.section_is_visible(1)
    assert form.is_visible("relationship_detail")
    assert not eform_build(BIRTH).section_is_visible(1)


def test_partial_mode_keeps_invalid_raw_input_and_reports_format_errors() -> None:
    data = {
        "f_child_name": "  Nguyễn An ",
        "f_relationship": "ong",  # not a choice
        "f_father_known": "on",
        "f_father_name": "Cường",
        "f_father_year": "1.99O",  # a typo
        "csrfmiddlewaretoken": "ignored",
    }
    form = eform_build(BIRTH, data=data, partial=True)
    assert not form.is_valid()
    assert form.errors == {
        "f_relationship": ["Vui lòng chọn một trong các lựa chọn đã cho."],
        "f_father_year": ["Vui lòng nhập số nguyên, ví dụ 12."],
    }
    # Missing required answers (relationship_detail …) are not errors in a draft.
    raw = form.raw_eform_data()
    assert raw == {
        "child_name": "Nguyễn An",
        "relationship": "ong",
        "father_known": True,
        "father_name": "Cường",
        "father_year": "1.99O",
    }
    assert form.cleaned_eform_data() == {
        "child_name": "Nguyễn An",
        "father_known": True,
        "father_name": "Cường",
    }

    # The draft comes back bound (errors shown) …
    again = eform_build(BIRTH, raw=raw, partial=True)
    assert again.errors == form.errors
    assert again.raw_eform_data() == raw
    assert 'value="1.99O"' in str(again["f_father_year"])
    # … or unbound (no errors), with the typed text in the inputs.
    shown = eform_build(BIRTH, initial=raw)
    assert not shown.is_bound
    assert 'value="1.99O"' in str(shown["f_father_year"])
    assert shown.section_is_visible(1)


def test_a_draft_completed_later_validates_fully() -> None:
    draft = eform_build(BIRTH, data=post_data({"child_name": "An"}), partial=True)
    assert draft.is_valid()
    full = eform_build(BIRTH, raw=draft.raw_eform_data())
    assert not full.is_valid()
    # An empty relationship is "not in [cha, me]", so the detail is asked for too.
    assert list(full.errors) == ["f_relationship", "f_relationship_detail"]


def test_raw_answers_are_cut_at_5000_characters() -> None:
    form = eform_build(BIRTH, data={"f_child_name": "a" * 6000}, partial=True)
    assert len(form.raw_eform_data()["child_name"]) == 5000


def test_multichoice_condition() -> None:
    schema = {
        "version": 1,
        "sections": [
            {
                "title": "A",
                "fields": [
                    {
                        "name": "groups",
                        "label": "Nhóm",
                        "type": "multichoice",
                        "choices": [["ban_le", "Bán lẻ"], ["khac", "Khác"]],
                    },
                    {
                        "name": "other",
                        "label": "Ngành khác",
                        "type": "text",
                        "required": True,
                        "visible_if": {"field": "groups", "equals": "khac"},
                    },
                ],
            }
        ],
    }
    assert eform_build(schema, data={"f_groups": ["ban_le"]}).is_valid()
    form = eform_build(schema, data={"f_groups": ["ban_le", "khac"]})
    assert form.errors == {"f_other": ["Vui lòng nhập “Ngành khác”."]}


def test_cleaned_eform_data_needs_a_bound_form() -> None:
    with pytest.raises(ValueError, match="bound"):
        eform_build(BIRTH).cleaned_eform_data()
