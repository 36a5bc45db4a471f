"""The demo e-form schemas: valid, complete examples that pass their own validation, conditions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from egov.catalog.demo_data import PROCEDURES
from egov.catalog.eform_schemas import (
    eform_schema_codes,
    eform_schema_for,
    eform_schema_generic,
)
from egov.org.tests.factories import CommuneFactory, ProvinceFactory
from egov.portal.eforms import eform_build, eform_display, eform_example_data, schema_problems
from egov.portal.eforms.schema import iter_fields
from egov.portal.eforms.testing import post_data, vietnamese

CODES = eform_schema_codes()
GENERIC = "generic"


def _schema(code: str) -> dict[str, Any] | None:
    return eform_schema_generic() if code == GENERIC else eform_schema_for(code)


@pytest.fixture(autouse=True)
def _vi() -> Iterator[None]:
    with vietnamese():
        yield


@pytest.fixture
def tay_ninh(db: None, settings: Any) -> None:
    settings.EGOV_DEFAULT_PROVINCE_CODE = 80
    province = ProvinceFactory(code="80", name="Tỉnh Tây Ninh")
    CommuneFactory(code="25459", name="Phường Tân Ninh", kind="ward", parent=province)


def _conditions(schema: dict[str, Any]) -> list[Any]:
    found = [s["visible_if"] for s in schema["sections"] if "visible_if" in s]
    return found + [ref.spec["visible_if"] for ref in iter_fields(schema) if "visible_if" in ref.spec]


def test_the_required_procedures_have_a_schema() -> None:
    demo_codes = {spec["code"] for spec in PROCEDURES}
    assert set(CODES) <= demo_codes
    # Birth, death, marriage, certified copy, household business, marital status, civil-status copy.
    assert {"1.001193", "1.000656", "1.000894", "2.000815", "1.001612", "1.004873", "2.000635"} <= set(CODES)


def test_loader_returns_copies_and_none_for_others() -> None:
    first = eform_schema_for("1.001193")
    assert first is not None
    first["sections"].clear()
    again = eform_schema_for(" 1.001193 ")
    assert again is not None and again["sections"]
    assert eform_schema_for("1.009972") is None


@pytest.mark.parametrize("code", [*CODES, GENERIC])
def test_schema_is_valid_with_an_example_for_every_field_and_a_condition(code: str) -> None:
    schema = _schema(code)
    assert schema is not None
    assert schema_problems(schema) == [], code
    assert all("example" in ref.spec for ref in iter_fields(schema)), code
    assert all(ref.spec.get("label_en") for ref in iter_fields(schema))
    assert all(section.get("title_en") for section in schema["sections"])
    assert _conditions(schema), f"{code}: no visible_if"


@pytest.mark.parametrize("code", [*CODES, GENERIC])
def test_examples_make_a_valid_submission(code: str, tay_ninh: None) -> None:
    schema = _schema(code)
    assert schema is not None
    example = eform_example_data(schema)
    form = eform_build(schema, data=post_data(example))
    assert form.is_valid(), form.errors
    assert form.cleaned_eform_data() == example
    sections = eform_display(schema, example)
    assert sum(len(s.rows) for s in sections) == len(example)


@pytest.mark.parametrize("code", [*CODES, GENERIC])
def test_posting_every_example_is_valid(code: str, tay_ninh: None) -> None:
    """Every example posted, those of hidden fields included (a browser without JavaScript sends
    them): still valid, and the hidden ones are dropped."""
    schema = _schema(code)
    assert schema is not None
    values = {ref.name: ref.spec["example"] for ref in iter_fields(schema)}
    form = eform_build(schema, data=post_data(values))
    assert form.is_valid(), form.errors
    assert form.cleaned_eform_data() == eform_example_data(schema)


def test_birth_registration_conditions(tay_ninh: None) -> None:
    schema = eform_schema_for("1.001193")
    assert schema is not None
    example = eform_example_data(schema)
    no_father = {k: v for k, v in example.items() if not k.startswith("father_")}
    form = eform_build(schema, data=post_data(no_father))
    assert form.is_valid(), form.errors
    assert form.cleaned_eform_data()["father_known"] is False
    assert "father_name" not in form.cleaned_eform_data()

    form = eform_build(schema, data=post_data(example | {"relationship": "khac"}))
    assert not form.is_valid()
    assert form.errors == {
        "f_relationship_detail": ["Vui lòng nhập “Ghi rõ quan hệ với người được khai sinh”."]
    }


def test_household_business_proxy_section(tay_ninh: None) -> None:
    schema = eform_schema_for("1.001612")
    assert schema is not None
    example = eform_example_data(schema)
    assert "proxy_name" not in example
    form = eform_build(schema, data=post_data(example | {"submitter": "uy_quyen"}))
    assert not form.is_valid()
    assert set(form.errors) == {"f_proxy_name", "f_proxy_id_number", "f_proxy_phone", "f_proxy_authorisation"}
