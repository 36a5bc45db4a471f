"""Fixtures and helpers for the outgoing-document tests (imported by test_outgoing_*, test_release*,
test_exchange*): the `office` world plus signing material for its leader and both agencies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.documents.models import DocumentType, OutgoingDocument, Secrecy, Urgency
from egov.documents.services import (
    RecipientInput,
    outgoing_approve,
    outgoing_draft_create,
    outgoing_format_check,
    outgoing_issue_number,
    outgoing_review,
    outgoing_sign,
    outgoing_submit,
)
from egov.documents.tests.conftest import Office, build_office
from egov.signing import images
from egov.signing.certs import DemoCA, ca_create, pem_of, pkcs12_issue
from egov.signing.services import seal_image_upload, signature_image_upload, upload_pkcs12
from egov.signing.testing import sample_pdf

PASS = "mat-khau-1"
EXTERNAL_CODE = "000.00.00.G09"


@pytest.fixture(scope="session")
def out_ca() -> DemoCA:
    return ca_create(name="egov documents test CA")


@pytest.fixture(scope="session")
def out_pdf() -> bytes:
    return sample_pdf()


@dataclass
class World:
    o: Office
    pdf: bytes
    ca_pem: str

    def __getattr__(self, name: str) -> Any:
        return getattr(self.o, name)


def _agency_cert(ca: DemoCA, agency: Any) -> None:
    upload_pkcs12(
        actor=None,
        agency=agency,
        passphrase=PASS,
        data=pkcs12_issue(ca=ca, common_name=agency.name, organisation=agency.name, passphrase=PASS),
    )


@pytest.fixture
def world(db: None, out_ca: DemoCA, out_pdf: bytes) -> World:
    office = build_office()
    leader = office.leader
    leader.full_name = "Phạm Văn Hùng"
    leader.save()
    upload_pkcs12(
        actor=leader,
        owner_user=leader,
        data=pkcs12_issue(
            ca=out_ca, common_name="Phạm Văn Hùng", organisation=office.agency.name, passphrase=PASS
        ),
        passphrase=PASS,
    )
    _agency_cert(out_ca, office.agency)
    _agency_cert(out_ca, office.other)
    signature_image_upload(actor=leader, user=leader, data=images.signature_png(full_name="Phạm Văn Hùng"))
    seal_image_upload(
        actor=None, agency=office.agency, data=images.seal_png(name=office.agency.name, short_name="UBND")
    )
    return World(office, out_pdf, pem_of([out_ca.cert]))


def pdf_upload(data: bytes, name: str = "du-thao.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def draft(w: World, *, external: bool = True, **kw: Any) -> OutgoingDocument:
    values: dict[str, Any] = {
        "actor": w.specialist,
        "agency": w.agency,
        "doc_type": DocumentType.objects.get(code="quyet_dinh"),
        "abstract": "Về việc thành lập Tổ công tác chuyển đổi số",
        "file": pdf_upload(w.pdf),
        "recipients": [RecipientInput(agency=w.other)]
        + (
            [RecipientInput(name="Bộ Nội vụ", agency_code=EXTERNAL_CODE, email="vanthu@moha.gov.vn")]
            if external
            else []
        ),
        "drafting_department": w.vp,
        "urgency": Urgency.URGENT,
        "secrecy": Secrecy.NORMAL,
        "page_count": 1,
    }
    values.update(kw)
    return outgoing_draft_create(**values)


def approved(w: World, doc: OutgoingDocument) -> OutgoingDocument:
    doc = outgoing_submit(actor=w.specialist, document=doc)
    doc = outgoing_review(actor=w.head, document=doc, approve=True)
    doc = outgoing_format_check(actor=w.clerk, document=doc, approve=True)
    return outgoing_approve(actor=w.leader, document=doc, approve=True)


def signed(w: World, doc: OutgoingDocument) -> OutgoingDocument:
    return outgoing_sign(
        leader=w.leader, document=doc, mode="KT.", mode_body="Chủ tịch", position="Phó Chủ tịch"
    )


def numbered(w: World, **kw: Any) -> OutgoingDocument:
    doc = signed(w, approved(w, draft(w, **kw)))
    return outgoing_issue_number(clerk=w.clerk, document=doc, issuing_abbr="UBND")
