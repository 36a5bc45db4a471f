"""Example answers of a schema (demo data, e2e tests, the 'fill with example' button of the editor)."""

from __future__ import annotations

from typing import Any

from egov.portal.eforms import schema as s
from egov.portal.eforms.conditions import evaluate


def eform_example_data(schema: dict[str, Any]) -> dict[str, Any]:
    """Each field's "example" (JSON domain), keeping only the fields visible with those answers, so
    the result is a valid submission when the schema passes schema_problems() and every required
    visible field has an example. A choice field without an example takes its first choice."""
    values: dict[str, Any] = {}
    result: dict[str, Any] = {}
    for index, section in enumerate(s.sections(schema)):
        shown = evaluate(section.get("visible_if"), values)
        for ref in (r for r in s.iter_fields(schema) if r.section_index == index):
            visible = shown and evaluate(ref.spec.get("visible_if"), values)
            example = ref.spec.get("example")
            if example is None and ref.type == s.CHOICE and ref.spec.get("choices"):
                example = str(ref.spec["choices"][0][0])
            values[ref.name] = example if visible else None
            if visible and example is not None:
                result[ref.name] = example
    return result
