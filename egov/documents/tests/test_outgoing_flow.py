"""Drafting, the approval chain, signing and numbering of outgoing documents."""
# ruff: noqa: F811 - the fixtures imported from test_outgoing_fixtures are parameters here

from __future__ import annotations

import io
import tempfile
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.core.audit.models import AuditEvent
from egov.core.files.selectors import file_open
from egov.documents.models import OutgoingDocument, OutgoingRecipient, OutgoingReview, Secrecy
from egov.documents.services import (
    RecipientInput,
    outgoing_approve,
    outgoing_draft_update,
    outgoing_format_check,
    outgoing_issue_number,
    outgoing_mark_paper_signed,
    outgoing_pdf_upload,
    outgoing_review,
    outgoing_sign,
    outgoing_submit,
)
from egov.documents.tests.test_outgoing_fixtures import (  # noqa: F401 - fixtures
    World,
    approved,
    draft,
    numbered,
    out_ca,
    out_pdf,
    pdf_upload,
    signed,
    world,
)
from egov.signing.testing import pdfsig
from egov.signing.validation import pdf_validate

pytestmark = pytest.mark.django_db
S = OutgoingDocument.Status


def docx_upload() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Override PartName="/word/document.xml" ContentType="{main}"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(
        "du-thao.docx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def test_draft_keeps_recipients_and_the_pdf(world: World) -> None:
    doc = draft(world)
    assert doc.status == S.DRAFT and doc.created_by == world.specialist
    assert doc.pdf_file_id == doc.file_id
    rows = list(OutgoingRecipient.objects.filter(document=doc).order_by("pk"))
    assert [(r.kind, r.agency_code) for r in rows] == [
        ("internal", world.other.agency_code),
        ("external", "000.00.00.G09"),
    ]
    assert all(r.delivery == OutgoingRecipient.Delivery.PENDING for r in rows)
    assert AuditEvent.objects.filter(action="documents.outgoing_draft").count() == 1


def test_draft_refusals(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        draft(world, actor=world.other_clerk)
    assert exc.value.code == "not_staff"
    with pytest.raises(ValidationError) as exc:
        draft(world, recipients=[RecipientInput(name="Bộ X", agency_code="12345")])
    assert exc.value.code == "recipient_code"
    assert "12345" in exc.value.messages[0]
    with pytest.raises(ValidationError) as exc:
        draft(world, recipients=[])
    assert exc.value.code == "recipients_required"
    with pytest.raises(ValidationError) as exc:
        draft(world, recipients=[RecipientInput(agency=world.agency)])
    assert exc.value.code == "self"
    with pytest.raises(ValidationError):
        draft(
            world,
            file=SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png"),
        )
    assert not OutgoingDocument.objects.exists()


def test_chain_with_roles_and_returns(world: World) -> None:
    doc = draft(world)
    with pytest.raises(ValidationError) as exc:
        outgoing_submit(actor=world.colleague, document=doc)
    assert exc.value.code == "not_drafter"
    doc = outgoing_submit(actor=world.specialist, document=doc)
    # The head of another unit cannot check a draft of the office; nor can the clerk skip the step.
    for actor, fn in ((world.kt_head, outgoing_review), (world.clerk, outgoing_format_check)):
        with pytest.raises(ValidationError):
            fn(actor=actor, document=doc, approve=True)
    with pytest.raises(ValidationError) as exc:
        outgoing_review(actor=world.head, document=doc, approve=False)
    assert exc.value.code == "comment_required"
    doc = outgoing_review(actor=world.head, document=doc, approve=False, comment="Sửa căn cứ pháp lý")
    assert doc.status == S.DRAFT
    doc = approved(world, doc)
    assert doc.status == S.APPROVED
    steps = list(OutgoingReview.objects.filter(document=doc).values_list("step", flat=True))
    assert steps == ["submit", "return", "submit", "review", "check", "approve"]
    # Another agency's leader cannot approve.
    other = approved(world, draft(world, abstract="Văn bản thứ hai"))
    assert other.status == S.APPROVED
    doc2 = outgoing_submit(actor=world.specialist, document=draft(world, abstract="Ba"))
    doc2 = outgoing_review(actor=world.head, document=doc2, approve=True)
    doc2 = outgoing_format_check(actor=world.clerk, document=doc2, approve=True)
    with pytest.raises(ValidationError) as exc:
        outgoing_approve(actor=world.other_leader, document=doc2, approve=True)
    assert exc.value.code == "not_allowed"


def test_changed_approved_draft_must_be_resubmitted(world: World) -> None:
    doc = approved(world, draft(world))
    doc = outgoing_draft_update(
        actor=world.specialist, document=doc, abstract="Về việc thành lập Tổ công tác mới"
    )
    assert doc.status == S.DRAFT
    assert OutgoingReview.objects.filter(document=doc, step="change").exists()
    with pytest.raises(ValidationError) as exc:
        signed(world, doc)
    assert exc.value.code == "not_approved"
    # No change → no reset.
    doc = approved(world, doc)
    doc = outgoing_draft_update(actor=world.specialist, document=doc, abstract=doc.abstract)
    assert doc.status == S.APPROVED


def test_docx_draft_needs_a_pdf_before_signing(world: World) -> None:
    doc = approved(world, draft(world, file=docx_upload()))
    assert doc.pdf_file_id is None
    with pytest.raises(ValidationError) as exc:
        signed(world, doc)
    assert exc.value.code == "pdf_required"
    doc = outgoing_pdf_upload(actor=world.clerk, document=doc, pdf=pdf_upload(world.pdf))
    assert doc.status == S.DRAFT  # a new PDF after approval is a change
    doc = signed(world, approved(world, doc))
    assert doc.status == S.SIGNED


def test_sign_personal_then_agency_and_pdfsig(world: World) -> None:
    doc = signed(world, approved(world, draft(world)))
    assert doc.status == S.SIGNED and doc.signer == world.leader and doc.signing_mode == "KT."
    assert doc.signer_name == "Phạm Văn Hùng" and doc.signer_position == "Phó Chủ tịch"
    assert doc.signed_file is not None and doc.signed_file.owner_id == str(doc.pk)
    with file_open(doc.signed_file) as fh:
        data = fh.read()
    reports = pdf_validate(pdf=data, trust_roots=[world.ca_pem])
    assert len(reports) == 2 and all(r.ok for r in reports)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(data)
        tmp.flush()
        result = pdfsig(tmp.name)
    assert result.valid == [True, True], result.output
    assert "Signature is Valid" in result.output
    assert AuditEvent.objects.filter(action="documents.outgoing_sign").count() == 1


def test_sign_refusals(world: World) -> None:
    doc = approved(world, draft(world))
    for actor in (world.clerk, world.other_leader, world.specialist):
        with pytest.raises(ValidationError) as exc:
            outgoing_sign(leader=actor, document=doc, mode="KT.")
        assert exc.value.code == "not_leader"
    with pytest.raises(ValidationError) as exc:
        outgoing_sign(leader=world.leader, document=doc, mode="XX.")
    assert exc.value.code == "mode_invalid"
    from egov.signing.models import SigningCertificate

    SigningCertificate.objects.filter(owner_user=world.leader).update(is_active=False)
    with pytest.raises(ValidationError) as exc:
        outgoing_sign(leader=world.leader, document=doc, mode="")
    assert exc.value.code == "no_personal_certificate"
    assert OutgoingDocument.objects.get(pk=doc.pk).status == S.APPROVED


def test_paper_signature_and_numbering(world: World) -> None:
    doc = approved(world, draft(world, secrecy=Secrecy.SECRET))
    with pytest.raises(ValidationError) as exc:
        outgoing_mark_paper_signed(
            clerk=world.specialist, document=doc, scanned_pdf=pdf_upload(world.pdf), signer=world.leader
        )
    assert exc.value.code == "not_clerk"
    with pytest.raises(ValidationError) as exc:
        outgoing_mark_paper_signed(
            clerk=world.clerk, document=doc, scanned_pdf=pdf_upload(world.pdf), signer=world.head
        )
    assert exc.value.code == "not_leader"
    scan = pdf_upload(world.pdf, "ban-giay.pdf")
    doc = outgoing_mark_paper_signed(
        clerk=world.clerk,
        document=doc,
        scanned_pdf=scan,
        signer=world.leader,
        mode="TM.",
        position="Chủ tịch",
    )
    assert doc.paper_signed and doc.status == S.SIGNED
    with pytest.raises(ValidationError) as exc:
        outgoing_issue_number(clerk=world.other_clerk, document=doc, issuing_abbr="UBND")
    assert exc.value.code == "not_clerk"
    doc = outgoing_issue_number(clerk=world.clerk, document=doc, issuing_abbr="UBND")
    assert doc.status == S.NUMBERED and doc.number_text == "01/QĐ-UBND"  # the secret series
    plain = numbered(world)
    assert plain.number_text == "01/QĐ-UBND" and plain.issued_number is not None
    assert doc.issued_number is not None and doc.issued_number.series == "outgoing_secret"
    assert plain.issued_number.series == "outgoing"
