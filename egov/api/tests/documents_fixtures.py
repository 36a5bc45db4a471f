"""Fixtures for the document API tests: the documents app's `Office` (an agency with two units and
its staff, and another agency), incoming documents registered and directed through the services,
outgoing drafts and a released document (paper-signed, so no signing certificates are needed)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.documents.models import DocumentType, IncomingDocument, OutgoingDocument, Secrecy
from egov.documents.search import documents_reindex
from egov.documents.services import (
    Addressee,
    RecipientInput,
    incoming_assign_handler,
    incoming_direct,
    incoming_progress,
    outgoing_approve,
    outgoing_draft_create,
    outgoing_format_check,
    outgoing_issue_number,
    outgoing_mark_paper_signed,
    outgoing_release,
    outgoing_review,
    outgoing_submit,
)
from egov.documents.tests.conftest import Office, build_office, vn
from egov.signing.testing import sample_pdf

NOW = vn(2026, 3, 2, 10, 0)
DEADLINE = date(2026, 3, 20)


@pytest.fixture(scope="session")
def doc_pdf() -> bytes:
    return sample_pdf()


@pytest.fixture
def office(db: None) -> Office:
    return build_office()


def pdf_upload(data: bytes, name: str = "van-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def directed(office: Office, document: IncomingDocument, *, handler: Any = None) -> IncomingDocument:
    """Direct to the VP unit (KT coordinating, the VP head for information), then the VP head names
    `handler` (default: the VP specialist), who records progress."""
    handler = handler or office.specialist
    document = incoming_direct(
        actor=office.leader, document=document, lead_unit=office.vp, coordinators=[office.kt],
        for_information=[Addressee(user=office.kt_head)], deadline=DEADLINE,
        comment="Văn phòng chủ trì tham mưu.", now=NOW,
    )  # fmt: skip
    document = incoming_assign_handler(
        actor=office.head, document=document, specialist=handler, deadline=DEADLINE, now=NOW
    )
    incoming_progress(actor=handler, document=document, note="Đang tổng hợp số liệu.", now=NOW)
    document.refresh_from_db()
    return document


def draft(office: Office, pdf: bytes, **overrides: Any) -> OutgoingDocument:
    values: dict[str, Any] = {
        "actor": office.specialist,
        "agency": office.agency,
        "doc_type": DocumentType.objects.get(code="quyet_dinh"),
        "abstract": "Về việc thành lập Tổ công tác chuyển đổi số",
        "file": pdf_upload(pdf),
        "recipients": [RecipientInput(agency=office.other)],
        "drafting_department": office.vp,
        "secrecy": Secrecy.NORMAL,
        "page_count": 1,
    }
    values.update(overrides)
    return outgoing_draft_create(**values)


def released(office: Office, pdf: bytes, **overrides: Any) -> OutgoingDocument:
    """A draft taken through the whole chain, signed on paper, numbered and released: the copy for
    the other agency arrives there as an incoming document."""
    doc = draft(office, pdf, **overrides)
    doc = outgoing_submit(actor=office.specialist, document=doc)
    doc = outgoing_review(actor=office.head, document=doc, approve=True)
    doc = outgoing_format_check(actor=office.clerk, document=doc, approve=True)
    doc = outgoing_approve(actor=office.leader, document=doc, approve=True)
    doc = outgoing_mark_paper_signed(
        clerk=office.clerk, document=doc, scanned_pdf=pdf_upload(pdf, "ban-ky.pdf"), signer=office.leader,
        mode="KT.", position="Phó Chủ tịch",
    )  # fmt: skip
    doc = outgoing_issue_number(clerk=office.clerk, document=doc, issuing_abbr="UBND")
    return outgoing_release(clerk=office.clerk, document=doc)


def index_all() -> None:
    """The search rows (the services index on commit, which tests inside a transaction never reach)."""
    documents_reindex(extract=False)
