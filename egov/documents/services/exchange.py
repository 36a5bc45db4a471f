"""The electronic document exchange (Decision 28/2018/QĐ-TTg, QCVN 102:2016 edXML) seen from the
documents app: OutgoingDocument → edXML package; edXML package → IncomingDocument; status messages
both ways. Packages and statuses are stored (ExchangePackage, ExchangeStatus); those produced here
wait in the outbox (`sent_at` empty) until egov.documents.axis sends them to the exchange axis,
which also fetches what the axis holds for our agencies and hands it to `exchange_import` /
`exchange_status_receive`.

Status messages produced by the receiving side: 01 on import, 02 on refusal, then 03 (accepted =
registered), 04 (assigned = directed), 06 (completed = closed) by `exchange_statuses_pending`
(periodic, idempotent) or `exchange_status_for` (explicit); 13 (recall request) by the sender on
recall. A status received (`exchange_status_receive`) updates the recipient's delivery state."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.files.selectors import file_open
from egov.documents import edxml
from egov.documents.models import (
    URGENCY_PRIORITY,
    ExchangePackage,
    ExchangeStatus,
    IncomingDocument,
    OutgoingDocument,
    OutgoingRecipient,
    Urgency,
)
from egov.documents.services.common import refuse
from egov.documents.services.outgoing import outgoing_check_exchangeable
from egov.org.models import Agency

# Incoming status → the status codes the sender is owed (in order).
CODES_BY_STATUS: dict[str, tuple[str, ...]] = {
    IncomingDocument.Status.REGISTERED: ("03",),
    IncomingDocument.Status.ASSIGNED: ("03", "04"),
    IncomingDocument.Status.IN_PROGRESS: ("03", "04"),
    IncomingDocument.Status.DONE: ("03", "04", "06"),
    IncomingDocument.Status.RETURNED: ("02",),
}
DELIVERY_BY_CODE = {
    "01": OutgoingRecipient.Delivery.ARRIVED,
    "02": OutgoingRecipient.Delivery.REFUSED,
    "03": OutgoingRecipient.Delivery.ACCEPTED,
    "04": OutgoingRecipient.Delivery.ASSIGNED,
    "06": OutgoingRecipient.Delivery.COMPLETED,
}


# How far a delivery has gone: a status message only ever moves a recipient forward. A refusal
# (02) ends it from any earlier step.
DELIVERY_STEP = {
    OutgoingRecipient.Delivery.ARRIVED: 1,
    OutgoingRecipient.Delivery.ACCEPTED: 2,
    OutgoingRecipient.Delivery.ASSIGNED: 3,
    OutgoingRecipient.Delivery.COMPLETED: 4,
    OutgoingRecipient.Delivery.REFUSED: 5,
}


def document_id_of(document: OutgoingDocument) -> str:
    if document.issued_date is None:
        raise refuse(_("Only a numbered document can be exchanged."), "not_numbered")
    return edxml.document_id_for(document.agency.agency_code, document.issued_date, document.number_text)


def _organization(agency: Agency) -> edxml.Organization:
    return edxml.Organization(organ_id=agency.agency_code, organ_name=agency.name[:200])


def envelope_for(
    *, document: OutgoingDocument, recipients: list[OutgoingRecipient], pdf: bytes, now: datetime
) -> edxml.Envelope:
    """The edXML envelope of a numbered, signed document, with the signed PDF attached."""
    assert document.issued_date is not None  # noqa: S101 - document_id_of checks it
    mode = f"{document.signing_mode} " if document.signing_mode else ""
    business = edxml.Bussiness()
    if document.replaces_id is not None and document.replaces is not None and document.replaces.issued_date:
        business = edxml.Bussiness(
            bussiness_doc_type=edxml.BUSINESS_REPLACE,
            replacement_info_list=[
                edxml.ReplacementInfo(
                    document_id=document_id_of(document.replaces),
                    organ_ids=[r.agency_code for r in recipients],
                )
            ],
        )
    return edxml.Envelope(
        sender=_organization(document.agency),
        recipients=[
            edxml.Organization(organ_id=r.agency_code, organ_name=r.name, email=r.email) for r in recipients
        ],
        code=edxml.Code(code_number=f"{document.number:02d}", code_notation=document.symbol),
        promulgation_info=edxml.PromulgationInfo(promulgation_date=document.issued_date),
        subject=document.abstract,
        document_type=edxml.DocumentType(type=1, type_name=document.doc_type.name),
        content=document.description,
        signer_info=edxml.SignerInfo(
            competence=f"{mode}{document.signer_position}".strip()[:100],
            position=document.signer_position,
            full_name=document.signer_name,
        ),
        due_date=document.due_date,
        to_places=[r.name for r in recipients],
        other_info=edxml.OtherInfo(
            priority=URGENCY_PRIORITY.get(Urgency(document.urgency), 0),
            page_amount=document.page_count,
            promulgation_amount=document.copies,
        ),
        document_id=document_id_of(document),
        trace_headers=[edxml.TraceHeader(organ_id=document.agency.agency_code, timestamp=now)],
        bussiness=business,
        attachments=[
            edxml.Attachment(
                content_id=uuid.uuid4().hex,
                name=f"{document.number_text.replace('/', '_')}.pdf",
                content_type="application/pdf",
                data=pdf,
            )
        ],
        secrecy=document.secrecy,
    )


def exchange_package_create(
    *, document: OutgoingDocument, recipient: OutgoingRecipient, now: datetime | None = None
) -> ExchangePackage:
    """Build and store the outbound package of `document` for one external recipient. Secret
    documents are refused twice: here (rule 8) and by edxml.envelope_build."""
    now = now or timezone.now()
    outgoing_check_exchangeable(document)
    if document.signed_file is None:
        raise refuse(_("The signed document is missing."), "signed_missing")
    with file_open(document.signed_file) as fh:
        pdf = fh.read()
    envelope = envelope_for(document=document, recipients=[recipient], pdf=pdf, now=now)
    try:
        body = edxml.envelope_build(envelope)
    except edxml.EdxmlError as exc:
        raise refuse(str(exc), f"edxml_{exc.code}") from exc
    return ExchangePackage.objects.create(
        direction=ExchangePackage.Direction.OUTBOUND,
        agency=document.agency,
        status=ExchangePackage.Status.READY,
        document_id=envelope.document_id,
        sender_code=document.agency.agency_code,
        recipient_codes=recipient.agency_code,
        urgent=document.urgency != Urgency.NORMAL,
        outgoing=document,
        body=body,
        created_at=now,
    )


# -- status messages --------------------------------------------------------------------------------


def status_row_create(
    *,
    package: ExchangePackage | None,
    agency: Agency,
    response_for: edxml.ResponseFor | None,
    code: str,
    description: str,
    now: datetime,
) -> ExchangeStatus:
    """Build (when the addressee is known) and store one outbound status; idempotent per package
    and code."""
    body = ""
    if response_for is not None:
        message = edxml.StatusMessage(
            response_for=response_for,
            sender=_organization(agency),
            status_code=code,
            timestamp=now,
            description=description[:500],
        )
        body = edxml.status_build(message).decode("utf-8")
    values = {
        "document_id": response_for.document_id if response_for else "",
        "description": description[:500],
        "body": body,
        "created_at": now,
    }
    if package is None:
        return ExchangeStatus.objects.create(
            direction=ExchangeStatus.Direction.OUTBOUND, organ_id=agency.agency_code, code=code, **values
        )
    try:
        with transaction.atomic():
            row, _created = ExchangeStatus.objects.get_or_create(
                package=package,
                direction=ExchangeStatus.Direction.OUTBOUND,
                organ_id=agency.agency_code,
                code=code,
                defaults=values,
            )
    except IntegrityError:  # a concurrent call made it
        row = ExchangeStatus.objects.get(
            package=package,
            direction=ExchangeStatus.Direction.OUTBOUND,
            organ_id=agency.agency_code,
            code=code,
        )
    return row


def response_for_envelope(envelope: edxml.Envelope) -> edxml.ResponseFor:
    code = "/".join(x for x in (envelope.code.code_number, envelope.code.code_notation) if x)
    return edxml.ResponseFor(
        organ_id=envelope.sender.organ_id,
        code=code,
        promulgation_date=envelope.promulgation_info.promulgation_date,
        document_id=envelope.document_id,
    )


def _inbound_response_for(package: ExchangePackage) -> edxml.ResponseFor | None:
    try:
        return response_for_envelope(edxml.envelope_parse(bytes(package.body)))
    except edxml.EdxmlError:
        return None


def exchange_status_for(
    *, document: IncomingDocument, code: str, description: str = "", now: datetime | None = None
) -> ExchangeStatus | None:
    """The status message `code` about an incoming document that came by edXML (None otherwise),
    made once. For the incoming services to call after register (03), direction (04), closing (06)."""
    package = (
        ExchangePackage.objects.filter(
            direction=ExchangePackage.Direction.INBOUND,
            incoming=document,
            status=ExchangePackage.Status.RECEIVED,
        )
        .select_related("agency")
        .first()
    )
    if package is None:
        return None
    return status_row_create(
        package=package,
        agency=package.agency,
        response_for=_inbound_response_for(package),
        code=code,
        description=description or edxml.status_label(code),
        now=now or timezone.now(),
    )


def exchange_statuses_pending(*, now: datetime | None = None) -> int:
    """Emit the status messages owed for imported documents by their current status (03 registered,
    04 directed, 06 done, 02 returned). Idempotent; returns how many were made."""
    now = now or timezone.now()
    made = 0
    packages = (
        ExchangePackage.objects.filter(
            direction=ExchangePackage.Direction.INBOUND,
            status=ExchangePackage.Status.RECEIVED,
            incoming__isnull=False,
        )
        .exclude(incoming__status=IncomingDocument.Status.RECEIVED)
        .select_related("incoming", "agency")
        .prefetch_related("statuses")
        .order_by("pk")
    )
    for package in packages.iterator(chunk_size=200):
        assert package.incoming is not None  # noqa: S101 - filtered
        have = {s.code for s in package.statuses.all() if s.direction == ExchangeStatus.Direction.OUTBOUND}
        missing = [c for c in CODES_BY_STATUS.get(package.incoming.status, ()) if c not in have]
        if not missing:
            continue
        response_for = _inbound_response_for(package)
        for code in missing:
            status_row_create(
                package=package,
                agency=package.agency,
                response_for=response_for,
                code=code,
                description=edxml.status_label(code),
                now=now,
            )
            made += 1
    return made


def exchange_recall_statuses(
    *, document: OutgoingDocument, reason: str, now: datetime
) -> list[ExchangeStatus]:
    """Status 13 (recall request) for every outbound package of `document`."""
    rows = []
    for package in ExchangePackage.objects.filter(
        outgoing=document, direction=ExchangePackage.Direction.OUTBOUND
    ).order_by("pk"):
        response_for = edxml.ResponseFor(
            organ_id=document.agency.agency_code,
            code=document.number_text,
            promulgation_date=document.issued_date,
            document_id=package.document_id,
        )
        rows.append(
            status_row_create(
                package=package, agency=document.agency, response_for=response_for, code="13",
                description=reason, now=now,
            )
        )  # fmt: skip
    return rows


@transaction.atomic
def exchange_status_receive(*, agency: Agency, message: bytes, now: datetime | None = None) -> ExchangeStatus:
    """Record a status message received from the exchange about one of our packages: a package we
    sent (its recipient's delivery state follows: 01 arrived … 06 completed) or one we received (13
    recall request). Idempotent per package, sender and code."""
    now = now or timezone.now()
    try:
        status = edxml.status_parse(message)
    except edxml.EdxmlError as exc:
        raise refuse(
            _("The status message cannot be read: %(error)s") % {"error": exc}, "status_invalid"
        ) from exc
    sender = status.sender.organ_id
    document_id = status.response_for.document_id
    package = ExchangePackage.objects.filter(
        agency=agency,
        direction=ExchangePackage.Direction.OUTBOUND,
        document_id=document_id,
        recipient_codes__contains=sender,
    ).first()
    if package is None:
        package = ExchangePackage.objects.filter(
            agency=agency,
            direction=ExchangePackage.Direction.INBOUND,
            document_id=document_id,
            sender_code=sender,
        ).first()
    if package is None:
        raise refuse(
            _("The status message is about a document this agency did not exchange."), "status_unknown"
        )
    row, created = ExchangeStatus.objects.get_or_create(
        package=package,
        direction=ExchangeStatus.Direction.INBOUND,
        organ_id=sender,
        code=status.status_code,
        defaults={
            "document_id": document_id,
            "description": status.description[:500],
            "body": message.decode("utf-8"),
            "created_at": now,
        },
    )
    delivery = DELIVERY_BY_CODE.get(status.status_code)
    if created and delivery is not None and package.direction == ExchangePackage.Direction.OUTBOUND:
        # Forward only: a late 01 never moves an accepted recipient back to "arrived".
        later = [d for d, step in DELIVERY_STEP.items() if step >= DELIVERY_STEP.get(delivery, 0)]
        OutgoingRecipient.objects.filter(package=package).exclude(
            delivery__in=[OutgoingRecipient.Delivery.RECALLED, *later]
        ).update(delivery=delivery)
    return row
