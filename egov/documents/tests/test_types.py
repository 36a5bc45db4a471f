from __future__ import annotations

import pytest

from egov.documents.models import DOCUMENT_TYPES, DocumentType

pytestmark = pytest.mark.django_db


def test_29_types_seeded_with_annex_iii_abbreviations() -> None:
    assert DocumentType.objects.count() == 29 == len(DOCUMENT_TYPES)
    abbr = dict(DocumentType.objects.values_list("name", "abbreviation"))
    assert abbr["Quy định"] == "QyĐ"
    assert abbr["Chương trình"] == "CTr"
    assert abbr["Tờ trình"] == "TTr"
    assert abbr["Quyết định (cá biệt)"] == "QĐ"
    assert abbr["Công văn"] == "" and abbr["Thư công"] == ""
    assert "CV" not in abbr.values()
    without = set(DocumentType.objects.filter(has_abbreviation=False).values_list("code", flat=True))
    assert without == {"cong_van", "thu_cong"}
    first = DocumentType.objects.order_by("position").first()
    assert first is not None and first.name == "Nghị quyết (cá biệt)"


def test_abbreviation_consistency_enforced_by_the_database() -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentType.objects.create(code="x", name="X", abbreviation="", has_abbreviation=True)
