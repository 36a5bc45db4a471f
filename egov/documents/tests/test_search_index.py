"""Document search: indexing (file text + metadata), accents, every word, ranking, permissions
(secret documents, other agencies, outgoing drafts), hostile queries, snippets and escaping."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from egov.core.files.services import file_store
from egov.documents.models import DocumentKind, DocumentText, DocumentType, OutgoingDocument, Secrecy
from egov.documents.search import (
    MAX_QUERY_LENGTH,
    document_search,
    document_text_index,
    documents_text_pending,
    highlight,
    query_parse,
)
from egov.documents.tests.conftest import Office
from egov.documents.tests.test_search_extract import docx_bytes

pytestmark = pytest.mark.django_db
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def stored_docx(*paragraphs: str) -> Any:
    return file_store(
        upload=SimpleUploadedFile("vb.docx", docx_bytes(*paragraphs), content_type=DOCX), user=None
    )


def incoming(office: Office, body: str = "", **overrides: Any) -> Any:
    document = office.register(**overrides)
    if body:
        document.file = stored_docx(body)
        document.save(update_fields=["file"])
    document_text_index(kind=DocumentKind.INCOMING, document=document)
    return document


def outgoing(agency: Any, creator: Any, abstract: str, body: str = "", **fields: Any) -> OutgoingDocument:
    document = OutgoingDocument.objects.create(
        agency=agency,
        doc_type=DocumentType.objects.get(code="cong_van"),
        abstract=abstract,
        created_by=creator,
        file=stored_docx(body) if body else None,
        **fields,
    )
    document_text_index(kind=DocumentKind.OUTGOING, document=document)
    return document


def found(user: Any, query: str, **kw: Any) -> list[int]:
    return [h.document.pk for h in document_search(user=user, query=query, **kw).hits if h.document]


def test_index_row_holds_metadata_and_file_text(office: Office) -> None:
    doc = incoming(office, body="Đề nghị các xã triển khai cải cách hành chính", signer_name="Nguyễn Văn An")
    row = DocumentText.objects.get(document_kind="incoming", document_id=doc.pk)
    assert row.agency_id == office.agency.pk and row.secrecy_level == Secrecy.NORMAL and row.extracted
    assert row.text == "Đề nghị các xã triển khai cải cách hành chính"
    assert "123/BNV-TCBC" in row.heading and "Nguyễn Văn An" in row.heading
    assert "cai cach hanh chinh" in row.search_text and "bnv tcbc" in row.search_text
    # A metadata-only refresh keeps the extracted text.
    doc.abstract = "Về việc chuyển đổi số"
    document_text_index(kind="incoming", document=doc, extract=False)
    row.refresh_from_db()
    assert "chuyển đổi số" in row.heading and row.text.startswith("Đề nghị")
    with pytest.raises(ValueError):
        document_text_index(kind="other", document=doc)


def test_accent_insensitive_every_word_metadata_and_text(office: Office) -> None:
    doc = incoming(office, body="Triển khai kế hoạch chuyển đổi số tại Hà Giang")
    for query in ("chuyen doi so", "Chuyển đổi số", "CHUYỂN ĐỔI", "ha giang ke hoach", "bao cao to chuc"):
        assert found(office.clerk, query) == [doc.pk], query
    assert found(office.clerk, "123/BNV-TCBC") == [doc.pk]
    assert found(office.clerk, "chuyen doi khongco") == []
    assert found(office.clerk, "") == [] and found(office.clerk, "   ") == []


def test_exact_accents_rank_first(office: Office) -> None:
    folded_only = incoming(office, abstract="Về việc bán hàng lưu động")
    exact = incoming(office, abstract="Về việc bàn hàng rào")
    assert found(office.clerk, "bàn hàng") == [exact.pk, folded_only.pk]
    assert found(office.clerk, "bán hàng") == [folded_only.pk, exact.pk]


def test_secret_and_other_agency_documents_never_appear(office: Office) -> None:
    body = "Phương án bảo vệ bí mật nhà nước tuyệt đối"
    secret = incoming(office, body=body, secrecy=Secrecy.SECRET, present_to=office.leader)
    normal = incoming(office, abstract="Về việc khác", body="Không liên quan")
    from egov.documents.services import incoming_register

    other = incoming_register(actor=office.other_clerk, data=office.data(abstract="Phương án bảo vệ bí mật"))
    document_text_index(kind="incoming", document=other)
    assert found(office.colleague, "bao ve bi mat") == []  # same agency, not involved
    assert found(office.specialist, body) == []
    assert found(office.clerk, "bao ve bi mat") == [secret.pk]  # registered it
    assert found(office.leader, "bảo vệ bí mật") == [secret.pk]  # presented to
    assert found(office.other_clerk, "bao ve bi mat") == [other.pk]
    assert normal.pk not in found(office.clerk, "bao ve")
    assert document_search(user=None, query="bao ve").total == 0


def test_outgoing_secret_only_for_drafter_and_kind_filter(office: Office) -> None:
    public = outgoing(
        office.agency, office.specialist, "Về việc chuyển đổi số", body="Kế hoạch chuyển đổi số"
    )
    secret = outgoing(
        office.agency, office.specialist, "Về việc chuyển đổi số mật", secrecy=Secrecy.TOP_SECRET
    )
    theirs = outgoing(office.other, office.other_clerk, "Về việc chuyển đổi số của sở")
    assert set(found(office.specialist, "chuyen doi so")) == {public.pk, secret.pk}
    assert found(office.colleague, "chuyen doi so") == [public.pk]
    assert found(office.other_clerk, "chuyen doi so") == [theirs.pk]
    doc = incoming(office, abstract="Về việc chuyển đổi số cấp xã")
    assert found(office.colleague, "chuyen doi so", kind="incoming") == [doc.pk]
    assert found(office.colleague, "chuyen doi so", kind="outgoing") == [public.pk]
    assert document_search(user=office.colleague, query="chuyen doi so", kind="bogus").total == 0


@pytest.mark.parametrize(
    "query", ["%", "_", "'", "%%%", "'; DROP TABLE x; --", "a_b%", "50% kế", "\\", "!:*&|"]
)
def test_hostile_queries_are_safe(office: Office, query: str) -> None:
    incoming(office, abstract="Về việc 50 kế hoạch")
    page = document_search(user=office.clerk, query=query)
    words = query_parse(query).words
    if not words:
        assert page.total == 0
    assert page.total <= 1


def test_query_is_capped() -> None:
    parsed = query_parse("kế hoạch " * 200)
    assert len(parsed.text) <= MAX_QUERY_LENGTH and parsed.words == ("ke", "hoach")


def test_snippets_escape_html_and_mark_matches(office: Office) -> None:
    doc = incoming(
        office,
        abstract="<script>alert('x')</script> Về việc kế hoạch",
        body="Mở đầu. " * 40 + "Triển khai <b>kế hoạch</b> chuyển đổi số. " + "Kết thúc. " * 40,
    )
    hit = document_search(user=office.clerk, query="ke hoach").hits[0]
    assert hit.document is not None and hit.document.pk == doc.pk
    assert "<script>" not in hit.heading and "&lt;script&gt;" in hit.heading
    assert "<mark>kế</mark> <mark>hoạch</mark>" in hit.heading
    assert "&lt;b&gt;<mark>kế</mark> <mark>hoạch</mark>&lt;/b&gt;" in hit.snippet
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…") and len(hit.snippet) < 600
    assert hit.url == f"/staff/documents/den/{doc.pk}/"


def test_highlight_matches_word_starts_only() -> None:
    assert str(highlight("Đường Ba Đình", ("dinh",))) == "Đường Ba <mark>Đình</mark>"
    assert str(highlight("xyz", ("ab",), width=10)) == ""


def test_pagination(office: Office) -> None:
    for i in range(25):
        incoming(office, abstract=f"Về việc kế hoạch số {i}")
    first = document_search(user=office.clerk, query="ke hoach", per_page=20)
    second = document_search(user=office.clerk, query="ke hoach", page=2, per_page=20)
    assert (first.total, first.num_pages, len(first.hits), first.has_next) == (25, 2, 20, True)
    assert (len(second.hits), second.has_previous, second.has_next) == (5, True, False)
    assert not {h.document.pk for h in first.hits} & {h.document.pk for h in second.hits}  # type: ignore[union-attr]
    assert document_search(user=office.clerk, query="ke hoach", page=99).number == 2


def test_pending_indexing_and_command(office: Office) -> None:
    doc = office.register(abstract="Về việc chưa lập chỉ mục")
    out = OutgoingDocument.objects.create(
        agency=office.agency, doc_type=DocumentType.objects.get(code="cong_van"), abstract="Dự thảo"
    )
    assert found(office.clerk, "chua lap chi muc") == []
    assert documents_text_pending(limit=1) == 1
    assert documents_text_pending(limit=100) == 1
    assert documents_text_pending() == 0
    assert found(office.clerk, "chua lap chi muc") == [doc.pk]
    assert DocumentText.objects.filter(document_kind="outgoing", document_id=out.pk).exists()
    DocumentText.objects.all().delete()
    call_command("documents_reindex", stdout=__import__("io").StringIO())
    assert DocumentText.objects.count() == 2


def test_draft_made_secret_after_indexing_disappears_for_colleagues(office: Office) -> None:
    """The search decides ordinary rows by the secrecy copied on the row: a draft made secret must
    update that copy in the same transaction, or a colleague would still find it."""
    from egov.documents.services.outgoing import outgoing_draft_update

    draft = outgoing(office.agency, office.specialist, "Về việc phương án bảo vệ kho lưu trữ")
    assert found(office.colleague, "phuong an bao ve") == [draft.pk]
    outgoing_draft_update(actor=office.specialist, document=draft, secrecy=Secrecy.SECRET)
    row = DocumentText.objects.get(document_kind=DocumentKind.OUTGOING, document_id=draft.pk)
    assert row.secrecy_level == Secrecy.SECRET
    assert found(office.colleague, "phuong an bao ve") == []
    assert found(office.specialist, "phuong an bao ve") == [draft.pk]
    # Re-indexing copies the document's secrecy again, never an older one.
    document_text_index(kind=DocumentKind.OUTGOING, document=OutgoingDocument.objects.get(pk=draft.pk))
    assert found(office.colleague, "phuong an bao ve") == []


def test_system_administrator_searches_every_agency(office: Office) -> None:
    from egov.documents.tests.conftest import staff

    admin = staff(office.agency, "system_admin", username="search_admin")
    mine = incoming(office, abstract="Về việc kiểm kê tài sản công")
    theirs = outgoing(office.other, office.other_clerk, "Về việc kiểm kê tài sản công của sở")
    page = document_search(user=admin, query="kiem ke tai san")
    hits = {(h.kind, h.document.pk) for h in page.hits if h.document}
    assert hits == {(DocumentKind.INCOMING, mine.pk), (DocumentKind.OUTGOING, theirs.pk)}
