"""Outgoing documents after approval: signing (egov.signing, PAdES), the paper alternative,
release to the recipients (Decree 30/2020 Art. 16–18), recall and replacement.

Agency signature: `outgoing_sign` applies the leader's personal signature and then the agency's
(the seal laid over the leader's signature, Annex I position 8) in one call, with the leader as
`clerk_actor` of the agency signature — egov.signing lets an agency leader use the agency
certificate (AGENCY_SEAL_ROLES), the use is audited under the leader's name, and the document is
never left half-signed. The clerk's office keeps its part: numbering and release.

Release: internal recipients (agencies in egov) get an unregistered electronic IncomingDocument at
once (services.incoming_receive) with a copy of the signed PDF, which their clerk then registers;
external recipients get one edXML package each (services.exchange), waiting in the outbox. Secret
documents (rule 8) are never delivered electronically: every recipient is marked "to be sent on
paper" (secret-document channel)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.audit.services import audit_record
from egov.core.files.selectors import file_open
from egov.core.files.services import file_copy, file_store
from egov.core.text import nfc
from egov.documents.models import (
    Channel,
    ExchangeStatus,
    IncomingDocument,
    OutgoingDocument,
    OutgoingRecipient,
    RecallNotice,
)
from egov.documents.selectors import has_role
from egov.documents.services.common import outgoing_search_text, refuse
from egov.documents.services.exchange import exchange_package_create, exchange_recall_statuses
from egov.documents.services.incoming import IncomingData, incoming_receive
from egov.documents.services.outgoing import PDF_KINDS, lock_outgoing
from egov.org.models import Role

S = OutgoingDocument.Status
MODES = {m for m in OutgoingDocument.SigningMode.values}


def _user_name(user: Any) -> str:
    return str(getattr(user, "full_name", "") or user.get_full_name() or user.get_username())


def _signed_name(document: OutgoingDocument) -> str:
    return f"{document.doc_type.code}-{document.pk}-signed.pdf"


@transaction.atomic
def outgoing_sign(
    *,
    leader: Any,
    document: OutgoingDocument,
    mode: str = "",
    mode_body: str = "",
    position: str = "",
    personal_passphrase: str | None = None,
    now: datetime | None = None,
) -> OutgoingDocument:
    """The leader signs the approved PDF with their current personal certificate, then the agency
    certificate seals it (see the module docstring). The signed PDF is stored (core.files) and the
    document becomes "signed"; the clerk then numbers it."""
    from egov.signing.selectors import certificate_current_for_agency, certificate_current_for_user
    from egov.signing.services import Appearance, document_sign_personal_then_agency

    now = now or timezone.now()
    document = lock_outgoing(document)
    if document.status != S.APPROVED:
        raise refuse(_("Only an approved draft can be signed."), "not_approved")
    if not has_role(user=leader, agency=document.agency_id, roles=[Role.AGENCY_LEADER]):
        raise refuse(_("Only a leader of the issuing agency can sign its documents."), "not_leader")
    if mode not in MODES:
        raise refuse(_("Choose a valid signing mode."), "mode_invalid")
    if document.pdf_file_id is None:
        raise refuse(_("Upload the PDF version of the document before signing."), "pdf_required")
    personal = certificate_current_for_user(user=leader)
    if personal is None:
        raise refuse(_("You have no valid personal signing certificate."), "no_personal_certificate")
    agency_certificate = certificate_current_for_agency(agency=document.agency)
    if agency_certificate is None:
        raise refuse(_("The agency has no valid signing certificate."), "no_agency_certificate")
    assert document.pdf_file is not None  # noqa: S101 - checked above
    with file_open(document.pdf_file) as fh:
        pdf = fh.read()
    full_name = _user_name(leader)
    position = nfc(position).strip()
    signed = document_sign_personal_then_agency(
        pdf=pdf,
        personal_certificate=personal,
        agency_certificate=agency_certificate,
        signer_actor=leader,
        clerk_actor=leader,
        appearance=Appearance(
            mode=mode,
            mode_body=nfc(mode_body).strip().upper(),
            position=position.upper(),
            full_name=full_name,
        ),
        personal_passphrase=personal_passphrase,
        reason=document.abstract[:200],
        location=document.agency.name,
    )
    upload = SimpleUploadedFile(_signed_name(document), signed, content_type="application/pdf")
    document.signed_file = file_store(upload=upload, user=leader, allowed_kinds=PDF_KINDS, owner=document)
    _mark_signed(document, signer=leader, mode=mode, position=position, now=now)
    audit_record(
        actor=leader, action="documents.outgoing_sign", target=document, from_state=S.APPROVED,
        to_state=document.status,
        data={"mode": mode, "certificate": personal.pk, "agency": agency_certificate.pk},
    )  # fmt: skip
    return document


def _mark_signed(document: OutgoingDocument, *, signer: Any, mode: str, position: str, now: datetime) -> None:
    document.status = S.SIGNED
    document.signer = signer
    document.signer_name = _user_name(signer)[:50] if signer is not None else document.signer_name
    document.signer_position = position[:100]
    document.signing_mode = mode
    document.signed_at = now
    document.search_text = outgoing_search_text(document)
    document.save()


@transaction.atomic
def outgoing_mark_paper_signed(
    *,
    clerk: Any,
    document: OutgoingDocument,
    scanned_pdf: UploadedFile,
    signer: Any,
    mode: str = "",
    position: str = "",
    now: datetime | None = None,
) -> OutgoingDocument:
    """The leader signed the paper original in ink; the clerk stores its scan (PDF) as the signed
    file. `signer` must be a leader of the agency."""
    now = now or timezone.now()
    document = lock_outgoing(document)
    if document.status != S.APPROVED:
        raise refuse(_("Only an approved draft can be signed."), "not_approved")
    if not has_role(user=clerk, agency=document.agency_id, roles=[Role.CLERK]):
        raise refuse(_("Only a clerk of the issuing agency can record a paper signature."), "not_clerk")
    if signer is None or not has_role(user=signer, agency=document.agency_id, roles=[Role.AGENCY_LEADER]):
        raise refuse(_("The signer must be a leader of the issuing agency."), "not_leader")
    if mode not in MODES:
        raise refuse(_("Choose a valid signing mode."), "mode_invalid")
    document.signed_file = file_store(upload=scanned_pdf, user=clerk, allowed_kinds=PDF_KINDS, owner=document)
    document.paper_signed = True
    _mark_signed(document, signer=signer, mode=mode, position=nfc(position).strip(), now=now)
    audit_record(
        actor=clerk, action="documents.outgoing_paper_signed", target=document, from_state=S.APPROVED,
        to_state=document.status, data={"signer": signer.pk},
    )  # fmt: skip
    return document


# -- release ----------------------------------------------------------------------------------------


def incoming_data_for(document: OutgoingDocument, *, received_at: datetime) -> IncomingData:
    """What a receiving agency records about `document` (sender = the issuing agency)."""
    return IncomingData(
        sender_name=document.agency.name[:200],
        sender_code=document.agency.agency_code,
        doc_type=document.doc_type,
        abstract=document.abstract,
        received_at=received_at,
        channel=Channel.ELECTRONIC,
        original_number=f"{document.number:02d}" if document.number else "",
        original_symbol=document.symbol,
        issued_date=document.issued_date,
        signer_name=document.signer_name,
        signer_position=document.signer_position,
        page_count=document.page_count,
        urgency=document.urgency,
        secrecy=document.secrecy,
        due_date=document.due_date,
    )


@transaction.atomic
def outgoing_release(
    *, clerk: Any, document: OutgoingDocument, now: datetime | None = None
) -> OutgoingDocument:
    """Issue a numbered document to its recipients (see the module docstring)."""
    now = now or timezone.now()
    document = lock_outgoing(document)
    if document.status != S.NUMBERED:
        raise refuse(_("Only a signed and numbered document can be released."), "not_numbered")
    if not has_role(user=clerk, agency=document.agency_id, roles=[Role.CLERK]):
        raise refuse(_("Only a clerk of the issuing agency can release its documents."), "not_clerk")
    if document.signed_file_id is None:
        raise refuse(_("The signed document is missing."), "signed_missing")
    rows = list(
        OutgoingRecipient.objects.select_for_update(of=("self",))
        .filter(document=document, delivery=OutgoingRecipient.Delivery.PENDING)
        .select_related("agency")
    )
    counts = {"internal": 0, "external": 0, "paper": 0}
    for row in rows:
        if document.is_secret:
            row.delivery = OutgoingRecipient.Delivery.PAPER
            counts["paper"] += 1
        elif row.kind == OutgoingRecipient.Kind.INTERNAL:
            assert row.agency is not None and document.signed_file is not None  # noqa: S101 - constraint
            copy = file_copy(stored=document.signed_file, user=clerk)
            row.incoming = incoming_receive(
                agency=row.agency,
                data=incoming_data_for(document, received_at=now),
                stored_file=copy,
                actor=clerk,
                now=now,
            )
            row.delivery, row.delivered_at = OutgoingRecipient.Delivery.DELIVERED, now
            counts["internal"] += 1
        else:
            row.package = exchange_package_create(document=document, recipient=row, now=now)
            row.delivery, row.delivered_at = OutgoingRecipient.Delivery.SENT, now
            counts["external"] += 1
        row.save(update_fields=["delivery", "delivered_at", "incoming", "package"])
    document.status, document.released_at = S.RELEASED, now
    document.save(update_fields=["status", "released_at"])
    audit_record(
        actor=clerk, action="documents.outgoing_release", target=document, from_state=S.NUMBERED,
        to_state=document.status, data=counts | {"urgent": document.urgency != "normal"},
    )  # fmt: skip
    from egov.documents.search import document_index_on_commit

    document_index_on_commit(kind="outgoing", document_id=document.pk)
    return document


# -- recall and replacement -------------------------------------------------------------------------


@transaction.atomic
def outgoing_recall(
    *, actor: Any, document: OutgoingDocument, reason: str, now: datetime | None = None
) -> OutgoingDocument:
    """A leader or clerk of the issuing agency recalls a released document: it is frozen; each
    copy delivered inside egov gets a RecallNotice (the receiving side shows it and stops handling),
    and each external recipient is sent an edXML status 13 (recall request)."""
    now = now or timezone.now()
    document = lock_outgoing(document)
    if document.status != S.RELEASED:
        raise refuse(_("Only a released document can be recalled."), "not_released")
    if not has_role(user=actor, agency=document.agency_id, roles=[Role.AGENCY_LEADER, Role.CLERK]):
        raise refuse(
            _("Only a leader or a clerk of the issuing agency can recall its documents."), "not_allowed"
        )
    reason = nfc(reason).strip()
    if not reason:
        raise refuse(_("Enter the reason for the recall."), "reason_required")
    rows = list(OutgoingRecipient.objects.select_for_update().filter(document=document))
    for row in rows:
        if row.incoming_id is not None:
            RecallNotice.objects.get_or_create(
                incoming_id=row.incoming_id,
                defaults={"outgoing": document, "reason": reason[:500], "at": now, "by": actor},
            )
        if row.delivery != OutgoingRecipient.Delivery.PAPER:
            row.delivery = OutgoingRecipient.Delivery.RECALLED
            row.save(update_fields=["delivery"])
    statuses = exchange_recall_statuses(document=document, reason=reason, now=now)
    document.status, document.recalled_at, document.recall_reason = S.RECALLED, now, reason[:500]
    document.save(update_fields=["status", "recalled_at", "recall_reason"])
    audit_record(
        actor=actor, action="documents.outgoing_recall", target=document, from_state=S.RELEASED,
        to_state=document.status, reason=reason, data={"edxml_statuses": len(statuses)},
    )  # fmt: skip
    return document


def recall_notice_for(*, incoming: IncomingDocument) -> RecallNotice | None:
    """The recall notice of an incoming copy, if its sender recalled it (for the incoming page)."""
    return RecallNotice.objects.filter(incoming=incoming).select_related("outgoing").first()


@transaction.atomic
def outgoing_replace(*, actor: Any, old: OutgoingDocument, new: OutgoingDocument) -> OutgoingDocument:
    """Link `new` (a document of the same agency, not yet released) as the replacement of `old`
    (released or recalled)."""
    old = lock_outgoing(old)
    new = lock_outgoing(new)
    if old.agency_id != new.agency_id or old.pk == new.pk:
        raise refuse(_("A document can only be replaced by another document of the same agency."), "agency")
    if old.status not in (S.RELEASED, S.RECALLED):
        raise refuse(_("Only a released or recalled document can be replaced."), "not_released")
    if new.status in (S.RELEASED, S.RECALLED):
        raise refuse(_("The replacing document has already been released."), "already_released")
    if not has_role(user=actor, agency=old.agency_id, roles=[Role.AGENCY_LEADER, Role.CLERK]):
        raise refuse(_("Only a leader or a clerk of the issuing agency can do this."), "not_allowed")
    new.replaces = old
    new.save(update_fields=["replaces"])
    audit_record(actor=actor, action="documents.outgoing_replace", target=new, data={"replaces": old.pk})
    return new


def pending_outbox() -> list[ExchangeStatus]:
    """Status messages produced here and not sent yet (for the transport job)."""
    return list(
        ExchangeStatus.objects.filter(direction=ExchangeStatus.Direction.OUTBOUND, sent_at__isnull=True)
        .select_related("package")
        .order_by("created_at", "pk")
    )
