"""Rendering (labels, aria, error summary, no inline script, hidden parts) and eform_display."""

from __future__ import annotations

import json
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from django.utils import translation

from egov.org.tests.factories import CommuneFactory, ProvinceFactory
from egov.portal.eforms import DisplayRow, eform_build, eform_display, eform_render
from egov.portal.eforms.testing import post_data, vietnamese


@pytest.fixture(autouse=True)
def _vi() -> Iterator[None]:
    with vietnamese():
        yield


class Tags(HTMLParser):
    """Every start tag as (name, attrs dict), in order."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def all(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.tags if tag == name]

    def ids(self) -> set[str]:
        return {str(attrs["id"]) for _tag, attrs in self.tags if attrs.get("id")}


SCHEMA: dict[str, Any] = {
    "version": 1,
    "sections": [
        {
            "title": "Người yêu cầu",
            "title_en": "Applicant",
            "fields": [
                {
                    "name": "full_name",
                    "label": "Họ và tên",
                    "label_en": "Full name",
                    "type": "text",
                    "required": True,
                    "autocomplete": "name",
                    "help": "Viết đúng như trên thẻ căn cước",
                },
                {"name": "id_number", "label": "Số định danh cá nhân", "type": "id_number", "required": True},
                {"name": "phone", "label": "Số điện thoại", "type": "phone"},
                {"name": "email", "label": "Thư điện tử", "type": "email"},
                {"name": "note", "label": "Ghi chú", "type": "textarea"},
                {"name": "people", "label": "Số người", "type": "integer"},
                {"name": "area", "label": "Diện tích", "type": "decimal"},
                {"name": "birth", "label": "Ngày sinh", "type": "date", "max": "today"},
                {
                    "name": "sex",
                    "label": "Giới tính",
                    "type": "choice",
                    "widget": "radio",
                    "required": True,
                    "choices": [["nam", "Nam"], ["nu", "Nữ"]],
                    "help": "Theo giấy chứng sinh",
                },
                {
                    "name": "kind",
                    "label": "Loại",
                    "type": "choice",
                    "choices": [["a", "Loại A"], ["b", "Loại B"]],
                },
                {
                    "name": "groups",
                    "label": "Nhóm ngành",
                    "type": "multichoice",
                    "choices": [["ban_le", "Bán lẻ"], ["an_uong", "Ăn uống"]],
                },
                {"name": "commune", "label": "Xã, phường", "type": "admin_unit"},
                {"name": "father_known", "label": "Đã xác định cha", "type": "boolean"},
                {
                    "name": "father_name",
                    "label": "Họ và tên cha",
                    "type": "text",
                    "required": True,
                    "visible_if": {"field": "father_known", "equals": True},
                },
            ],
        },
        {
            "title": "Người được ủy quyền",
            "visible_if": {"field": "kind", "equals": "b"},
            "fields": [{"name": "proxy_name", "label": "Họ và tên người được ủy quyền", "type": "text"}],
        },
    ],
}


@pytest.fixture
def communes(db: None, settings: Any) -> None:
    settings.EGOV_DEFAULT_PROVINCE_CODE = 80
    province = ProvinceFactory(code="80", name="Tỉnh Tây Ninh")
    CommuneFactory(code="25459", name="Phường Tân Ninh", kind="ward", parent=province)


def test_every_control_has_a_label(communes: None) -> None:
    tags = Tags(eform_render(eform_build(SCHEMA)))
    label_for = {attrs["for"] for attrs in tags.all("label")}
    controls = tags.all("input") + tags.all("select") + tags.all("textarea")
    assert len(controls) == 17  # 13 single controls + 2 radios + 2 checkboxes
    for attrs in controls:
        assert attrs["id"] in label_for, attrs
        assert attrs["name"] and str(attrs["name"]).startswith("f_")
    assert len(tags.all("fieldset")) == 4  # 2 sections + the radio group + the checkbox group
    assert len(tags.all("legend")) == 4


def test_help_and_hints(communes: None) -> None:
    html = eform_render(eform_build(SCHEMA))
    tags = Tags(html)
    by_name = {
        attrs.get("name"): attrs for attrs in tags.all("input") + tags.all("select") + tags.all("textarea")
    }
    assert by_name["f_full_name"]["aria-describedby"] == "id_f_full_name-help"
    assert by_name["f_full_name"]["autocomplete"] == "name"
    assert by_name["f_full_name"]["aria-required"] == "true"
    assert "required" not in by_name["f_full_name"]  # no browser validation: the server explains
    assert by_name["f_id_number"]["inputmode"] == "numeric"
    assert by_name["f_phone"]["type"] == "tel"
    assert by_name["f_phone"]["inputmode"] == "tel"
    assert by_name["f_phone"]["autocomplete"] == "tel"
    assert by_name["f_email"]["type"] == "email"
    assert by_name["f_email"]["autocomplete"] == "email"
    assert by_name["f_people"]["inputmode"] == "numeric"
    assert by_name["f_area"]["inputmode"] == "decimal"
    assert by_name["f_birth"]["type"] == "date"
    assert "form-select" in str(by_name["f_kind"]["class"])
    sex_group = next(a for a in tags.all("fieldset") if a.get("aria-describedby"))
    assert sex_group["aria-describedby"] == "id_f_sex-help"
    assert "(bắt buộc)" in html
    assert html.count("(bắt buộc)") == 4  # full_name, id_number, sex, father_name
    assert "Viết đúng như trên thẻ căn cước" in html


def test_all_referenced_ids_exist(communes: None) -> None:
    form = eform_build(SCHEMA, data={"f_id_number": "123", "f_father_known": "on"})
    form.is_valid()
    tags = Tags(eform_render(form))
    ids = tags.ids()
    for _tag, attrs in tags.tags:
        for ref in str(attrs.get("aria-describedby") or "").split():
            assert ref in ids, ref
        if attrs.get("aria-labelledby"):
            assert attrs["aria-labelledby"] in ids
        href = str(attrs.get("href") or "")
        if href.startswith("#"):
            assert href[1:] in ids, href


def test_errors_summary_and_aria(communes: None) -> None:
    form = eform_build(SCHEMA, data={"f_id_number": "123", "f_father_known": "on"})
    assert not form.is_valid()
    html = eform_render(form)
    tags = Tags(html)
    summary = next(a for a in tags.all("div") if a.get("id") == "eform-error-summary")
    assert summary["role"] == "alert"
    assert summary["tabindex"] == "-1"
    assert "Có lỗi cần sửa" in html
    links = [a["href"] for a in tags.all("a")]
    assert links == ["#id_f_full_name", "#id_f_id_number", "#id_f_sex_0", "#id_f_father_name"]
    by_name = {attrs.get("name"): attrs for attrs in tags.all("input")}
    assert by_name["f_id_number"]["aria-invalid"] == "true"
    assert by_name["f_id_number"]["aria-describedby"] == "id_f_id_number-error"
    assert "is-invalid" in str(by_name["f_id_number"]["class"])
    assert "Số định danh cá nhân gồm đúng 12 chữ số." in html
    assert "Lỗi:" in html  # the error is announced as such, not only by colour
    assert 'value="123"' in html  # nothing typed is lost
    assert "aria-invalid" not in str(by_name["f_phone"])


def test_no_inline_script_and_the_engine_script_is_deferred(communes: None) -> None:
    html = eform_render(eform_build(SCHEMA))
    tags = Tags(html)
    scripts = tags.all("script")
    assert len(scripts) == 1
    assert str(scripts[0]["src"]).endswith("egov/eforms.js")
    assert "defer" in scripts[0]
    assert "<script>" not in html
    for _tag, attrs in tags.tags:
        assert not [k for k in attrs if k.startswith("on")], attrs
        assert "style" not in attrs


def test_hidden_parts_are_hidden_and_disabled_server_side(communes: None) -> None:
    tags = Tags(eform_render(eform_build(SCHEMA)))
    wrapper = next(a for a in tags.all("div") if a.get("data-eform-field") == "father_name")
    assert "hidden" in wrapper
    assert json.loads(str(wrapper["data-eform-visible-if"])) == {"field": "father_known", "equals": True}
    father = next(a for a in tags.all("input") if a.get("name") == "f_father_name")
    assert "disabled" in father
    section = next(a for a in tags.all("fieldset") if a.get("data-eform-section") == "1")
    assert "hidden" in section and "disabled" in section
    assert json.loads(str(section["data-eform-visible-if"])) == {"field": "kind", "equals": "b"}
    # A field without a condition of its own follows its section (the fieldset hides and disables
    # it), so that eforms.js only has to show the section.
    proxy = next(a for a in tags.all("div") if a.get("data-eform-field") == "proxy_name")
    assert "hidden" not in proxy
    assert "disabled" not in next(a for a in tags.all("input") if a.get("name") == "f_proxy_name")

    shown = Tags(eform_render(eform_build(SCHEMA, data={"f_father_known": "on", "f_kind": "b"})))
    wrapper = next(a for a in shown.all("div") if a.get("data-eform-field") == "father_name")
    assert "hidden" not in wrapper
    father = next(a for a in shown.all("input") if a.get("name") == "f_father_name")
    assert "disabled" not in father
    section = next(a for a in shown.all("fieldset") if a.get("data-eform-section") == "1")
    assert "hidden" not in section


def test_the_template_include_gives_the_same_markup(communes: None) -> None:
    from django.template import Context, Template

    form = eform_build(SCHEMA)
    included = Template('{% include "portal/eforms/form.html" with form=form %}').render(
        Context({"form": form})
    )
    assert included == str(eform_render(form))


def test_english_labels(communes: None) -> None:
    with translation.override("en"):
        html = eform_render(eform_build(SCHEMA))
    assert ">Applicant</legend>" in html
    assert "Full name" in html
    assert "Số điện thoại" in html  # no label_en: the Vietnamese label is kept


DISPLAY_SCHEMA: dict[str, Any] = {
    "version": 1,
    "sections": [
        {
            "title": "Thông tin",
            "title_en": "Details",
            "fields": SCHEMA["sections"][0]["fields"],
        },
        SCHEMA["sections"][1],
    ],
}


def test_display(communes: None, django_assert_num_queries: Any) -> None:
    data = {
        "full_name": "Nguyễn Văn An",
        "id_number": "072190001234",
        "people": 1500000,
        "area": "12.5",
        "birth": "2026-01-31",
        "sex": "nu",
        "kind": "a",
        "groups": ["ban_le", "an_uong"],
        "commune": "25459",
        "father_known": False,
        "father_name": "dropped: hidden",
        "proxy_name": "dropped: hidden section",
    }
    with django_assert_num_queries(1):
        sections = eform_display(DISPLAY_SCHEMA, data)
    assert len(sections) == 1
    assert sections[0].title == "Thông tin"
    assert sections[0].rows == [
        DisplayRow("Họ và tên", "Nguyễn Văn An"),
        DisplayRow("Số định danh cá nhân", "072190001234"),
        DisplayRow("Số người", "1.500.000"),
        DisplayRow("Diện tích", "12,5"),
        DisplayRow("Ngày sinh", "31/01/2026"),
        DisplayRow("Giới tính", "Nữ"),
        DisplayRow("Loại", "Loại A"),
        DisplayRow("Nhóm ngành", "Bán lẻ, Ăn uống"),
        DisplayRow("Xã, phường", "Phường Tân Ninh"),
        DisplayRow("Đã xác định cha", "Không"),
    ]


def test_display_shows_conditional_parts_when_they_apply(communes: None) -> None:
    data = {"father_known": True, "father_name": "Nguyễn Văn Cường", "kind": "b", "proxy_name": "Đỗ Thị Lan"}
    sections = eform_display(DISPLAY_SCHEMA, data)
    assert [s.title for s in sections] == ["Thông tin", "Người được ủy quyền"]
    assert sections[0].rows[-1] == DisplayRow("Họ và tên cha", "Nguyễn Văn Cường")
    assert sections[0].rows[-2] == DisplayRow("Đã xác định cha", "Có")
    assert sections[1].rows == [DisplayRow("Họ và tên người được ủy quyền", "Đỗ Thị Lan")]
    with translation.override("en"):
        english = eform_display(DISPLAY_SCHEMA, data)
    assert english[0].title == "Details"
    assert english[0].rows[-2] == DisplayRow("Đã xác định cha", "Yes")


def test_display_of_an_unknown_commune_code_keeps_the_code(db: None) -> None:
    sections = eform_display(DISPLAY_SCHEMA, {"commune": "99999"})
    assert sections[0].rows == [DisplayRow("Xã, phường", "99999")]


def test_round_trip_submit_then_display(communes: None) -> None:
    values = {"full_name": "Trần Thị Bình", "id_number": "072190001234", "sex": "nam", "birth": "2020-02-29"}
    form = eform_build(SCHEMA, data=post_data(values))
    assert form.is_valid(), form.errors
    data = form.cleaned_eform_data()
    assert json.loads(json.dumps(data)) == data
    rows = eform_display(SCHEMA, data)[0].rows
    assert DisplayRow("Ngày sinh", "29/02/2020") in rows
    assert DisplayRow("Đã xác định cha", "Không") in rows


def test_the_error_summary_names_the_section_of_a_repeated_label(db: None) -> None:
    name = {"name": "a", "label": "Họ và tên", "type": "text", "required": True}
    schema = {
        "version": 1,
        "sections": [
            {"title": "Người yêu cầu", "fields": [name]},
            {
                "title": "Người mẹ",
                "fields": [
                    name | {"name": "b"},
                    {"name": "c", "label": "Dân tộc", "type": "text", "required": True},
                ],
            },
        ],
    }
    form = eform_build(schema, data={})
    assert form.error_list() == [
        ("id_f_a", "Người yêu cầu: Vui lòng nhập “Họ và tên”."),
        ("id_f_b", "Người mẹ: Vui lòng nhập “Họ và tên”."),
        ("id_f_c", "Vui lòng nhập “Dân tộc”."),
    ]
    # Next to the field the message stays short.
    assert form.errors["f_b"] == ["Vui lòng nhập “Họ và tên”."]


def test_display_prefers_the_commune_in_force(db: None) -> None:
    from datetime import date

    province = ProvinceFactory(code="80", name="Tỉnh Tây Ninh")
    CommuneFactory(
        code="25459",
        name="Phường 1 (cũ)",
        parent=province,
        valid_from=date(2000, 1, 1),
        valid_to=date(2025, 6, 30),
    )
    CommuneFactory(code="25459", name="Phường Tân Ninh", parent=province, valid_from=date(2025, 7, 1))
    CommuneFactory(
        code="25460",
        name="Phường 2 (cũ)",
        parent=province,
        valid_from=date(2000, 1, 1),
        valid_to=date(2020, 1, 1),
    )
    CommuneFactory(
        code="25460",
        name="Phường 3 (cũ)",
        parent=province,
        valid_from=date(2020, 1, 2),
        valid_to=date(2025, 6, 30),
    )
    assert eform_display(DISPLAY_SCHEMA, {"commune": "25459"})[0].rows == [
        DisplayRow("Xã, phường", "Phường Tân Ninh")
    ]
    assert eform_display(DISPLAY_SCHEMA, {"commune": "25460"})[0].rows == [
        DisplayRow("Xã, phường", "Phường 3 (cũ)")
    ]
