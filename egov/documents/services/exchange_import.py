"""Receiving an edXML package (QCVN 102:2016): the package → an unregistered electronic incoming
document with its PDF, the package kept, status 01 for the sender; a package that cannot be
accepted is kept as refused with a status 02. The statuses themselves are in services.exchange."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.files.services import file_store
from egov.documents import edxml
from egov.documents.models import (
    URGENCY_PRIORITY,
    Channel,
    DocumentType,
    ExchangePackage,
    IncomingDocument,
    Urgency,
)
from egov.documents.services.common import refuse
from egov.documents.services.exchange import response_for_envelope, status_row_create
from egov.documents.services.incoming import IncomingData, incoming_receive
from egov.documents.services.outgoing import PDF_KINDS
from egov.org.models import Agency

PRIORITY_URGENCY = {v: k for k, v in URGENCY_PRIORITY.items()}


def _refused(
    *, agency: Agency, package: bytes, envelope: edxml.Envelope | None, error: str, now: datetime
) -> None:
    with transaction.atomic():
        row = ExchangePackage.objects.create(
            direction=ExchangePackage.Direction.INBOUND,
            agency=agency,
            status=ExchangePackage.Status.REFUSED,
            document_id=envelope.document_id if envelope else "",
            sender_code=envelope.sender.organ_id if envelope else "",
            recipient_codes=agency.agency_code,
            body=package,
            error=error[:500],
            created_at=now,
        )
        response_for = (
            response_for_envelope(envelope) if envelope is not None and envelope.document_id else None
        )
        try:
            status_row_create(
                package=row, agency=agency, response_for=response_for, code="02", description=error, now=now
            )
        except edxml.EdxmlError:
            status_row_create(
                package=row, agency=agency, response_for=None, code="02", description=error, now=now
            )


def _doc_type(name: str) -> DocumentType | None:
    found = (
        DocumentType.objects.filter(name__iexact=name.strip(), is_active=True).first()
        if name.strip()
        else None
    )
    return found or DocumentType.objects.filter(code="cong_van").first()


def _pdf(envelope: edxml.Envelope) -> edxml.Attachment | None:
    for attachment in envelope.attachments:
        if attachment.content_type == "application/pdf" or attachment.name.lower().endswith(".pdf"):
            return attachment
    return None


def exchange_import(
    *, agency: Agency, package: bytes, actor: Any = None, now: datetime | None = None
) -> IncomingDocument:
    """Receive an edXML package addressed to `agency`: an unregistered electronic incoming document
    (its clerk registers it) with the PDF attached, the package kept, and status 01 produced for the
    sender. A package that cannot be accepted raises a ValidationError with a Vietnamese message
    and leaves a refused package with a status 02."""
    now = now or timezone.now()
    envelope: edxml.Envelope | None = None
    try:
        envelope = edxml.envelope_parse(package)
        if agency.agency_code not in {r.organ_id for r in envelope.recipients}:
            raise refuse(_("The package is not addressed to this agency."), "not_addressed")
        if ExchangePackage.objects.filter(
            agency=agency,
            direction=ExchangePackage.Direction.INBOUND,
            status=ExchangePackage.Status.RECEIVED,
            document_id=envelope.document_id,
        ).exists():
            raise refuse(_("This document has already been received."), "duplicate")
        attachment = _pdf(envelope)
        if attachment is None:
            raise refuse(_("The package carries no PDF document."), "no_pdf")
        with transaction.atomic():
            return _receive(
                agency=agency, envelope=envelope, attachment=attachment, package=package, actor=actor, now=now
            )
    except edxml.EdxmlError as exc:
        message = _("The edXML package cannot be read: %(error)s") % {"error": exc}
        _refused(agency=agency, package=package, envelope=envelope, error=message, now=now)
        raise refuse(message, "edxml_invalid") from exc
    except ValidationError as exc:
        if getattr(exc, "code", "") != "duplicate":
            _refused(agency=agency, package=package, envelope=envelope, error=" ".join(exc.messages), now=now)
        raise


def _receive(
    *,
    agency: Agency,
    envelope: edxml.Envelope,
    attachment: edxml.Attachment,
    package: bytes,
    actor: Any,
    now: datetime,
) -> IncomingDocument:
    doc_type = _doc_type(envelope.document_type.type_name)
    if doc_type is None:
        raise refuse(_("Choose the type of the document."), "type_required")
    upload = SimpleUploadedFile(
        attachment.name or "document.pdf", attachment.data, content_type="application/pdf"
    )
    stored = file_store(upload=upload, user=actor, allowed_kinds=PDF_KINDS)
    signer = envelope.signer_info or edxml.SignerInfo()
    data = IncomingData(
        sender_name=envelope.sender.organ_name or envelope.sender.organ_id,
        sender_code=envelope.sender.organ_id,
        doc_type=doc_type,
        abstract=envelope.subject,
        received_at=now,
        channel=Channel.ELECTRONIC,
        original_number=envelope.code.code_number,
        original_symbol=envelope.code.code_notation,
        issued_date=envelope.promulgation_info.promulgation_date,
        signer_name=signer.full_name[:50],
        signer_position=signer.position[:100],
        page_count=envelope.other_info.page_amount or None,
        urgency=PRIORITY_URGENCY.get(envelope.other_info.priority, Urgency.NORMAL),
        due_date=envelope.due_date,
    )
    document = incoming_receive(agency=agency, data=data, stored_file=stored, actor=actor, now=now)
    row = ExchangePackage.objects.create(
        direction=ExchangePackage.Direction.INBOUND,
        agency=agency,
        status=ExchangePackage.Status.RECEIVED,
        document_id=envelope.document_id,
        sender_code=envelope.sender.organ_id,
        recipient_codes=agency.agency_code,
        urgent=data.urgency != Urgency.NORMAL,
        incoming=document,
        body=package,
        created_at=now,
    )
    status_row_create(
        package=row,
        agency=agency,
        response_for=response_for_envelope(envelope),
        code="01",
        description=edxml.status_label("01"),
        now=now,
    )
    return document
