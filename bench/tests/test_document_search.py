"""S11 document_search with tiny parameters: row shape and generated data, never timing."""

from __future__ import annotations

from bench.runner import COLUMNS, Result
from bench.scenarios import document_search
from egov.documents.models import DocumentText, IncomingDocument


def test_document_search_row_shape(db: None) -> None:
    result = document_search.run(n=3, rounds=5, documents=60)
    assert isinstance(result, Result) and result.number == "S11"
    assert result.ops_per_second > 0 and result.baseline_ops_per_second > 0
    assert len(result.row()) == len(COLUMNS)
    assert "60 index rows" in result.notes
    assert IncomingDocument.objects.count() == DocumentText.objects.count() == 60
    # Idempotent: a second run keeps the rows.
    assert document_search.ensure_documents(60) == (0, 0.0)
    assert "data already present" in document_search.run(n=1, rounds=5, documents=60).notes


def test_bench_clerk_never_finds_secret_or_other_agencies(db: None) -> None:
    from egov.accounts.models import User
    from egov.documents.search import document_search as search

    document_search.ensure_documents(200)
    clerk = User.objects.get(username=document_search.CLERK)
    page = search(user=clerk, query="nam 2026", per_page=100)
    agency = document_search.world()[0][0]
    visible = IncomingDocument.objects.filter(agency=agency, secrecy="normal").count()
    assert page.total == visible > 0
    assert all(h.document is not None and h.document.agency_id == agency.pk for h in page.hits)
