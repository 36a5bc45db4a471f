"""Read-only display of e-form answers (staff dossier page, citizen dossier page, PDFs)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from egov.portal.eforms import schema as s
from egov.portal.eforms.conditions import evaluate
from egov.portal.eforms.fields import display_value
from egov.portal.eforms.units import unit_names


class DisplayRow(NamedTuple):
    label: str
    value: str


@dataclass
class DisplaySection:
    title: str
    rows: list[DisplayRow] = field(default_factory=list)


def eform_display(schema: dict[str, Any], data: Mapping[str, Any]) -> list[DisplaySection]:
    """The answers of the visible fields, section by section, as people read them: choice labels,
    Có/Không, dd/mm/yyyy, grouped numbers, commune names. Unanswered fields and empty sections are
    left out. Labels follow the active language. At most one query (commune names)."""
    data = data or {}
    refs = list(s.iter_fields(schema))
    codes = [str(data.get(r.name)) for r in refs if r.type == s.ADMIN_UNIT and data.get(r.name)]
    names = unit_names(codes)
    values: dict[str, Any] = {}
    result: list[DisplaySection] = []
    for index, section in enumerate(s.sections(schema)):
        shown = evaluate(section.get("visible_if"), values)
        rows: list[DisplayRow] = []
        for ref in (r for r in refs if r.section_index == index):
            visible = shown and evaluate(ref.spec.get("visible_if"), values)
            value = data.get(ref.name) if visible else None
            values[ref.name] = value
            if value is None or value == "" or value == []:
                continue
            rows.append(
                DisplayRow(s.localized(ref.spec, "label"), display_value(ref.type, value, ref.spec, names))
            )
        if rows:
            result.append(DisplaySection(title=s.localized(section, "title"), rows=rows))
    return result
