from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from egov.workflow.diagram import render_process_svg
from egov.workflow.tests.factories import DefinitionFactory, StepFactory

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def test_diagram_is_valid_accessible_svg(valid_draft):
    StepFactory.create(definition=valid_draft, name='Bước <đặc biệt> & "trích dẫn"', order=9)
    svg = str(render_process_svg(valid_draft))
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label")
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}desc") is not None
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    for name in ("Tiếp nhận", "Thẩm định", "Phê duyệt", 'Bước <đặc biệt> & "trích dẫn"'):
        assert name in texts
    assert 'stroke-dasharray="6 4"' in svg  # the supplementation arrow is drawn distinctly
    assert svg.count("<path d=") >= 5


def test_empty_diagram():
    definition = DefinitionFactory.create()
    ET.fromstring(str(render_process_svg(definition)))  # noqa: S314
