"""Outgoing documents: drafting, the approval chain, numbering (Decree 30/2020 Art. 10–16) and the
rule-8 guard for the electronic exchange. Signing, release and recall are in `release.py`.

Approval chain: the drafter submits → the head of the drafting unit checks the content → the clerk
checks the format → an agency leader approves. Each step may return the draft (with a comment) to
the drafter; a draft changed after it was submitted goes back to "draft" and must be resubmitted.
Every step locks the document, checks the actor's role in the issuing agency and is audited."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.audit.services import audit_record
from egov.core.files.kinds import FileKind
from egov.core.files.services import file_store
from egov.core.text import nfc
from egov.documents.edxml.validate import AGENCY_CODE_RE
from egov.documents.models import (
    DocumentKind,
    DocumentText,
    DocumentType,
    OutgoingDocument,
    OutgoingRecipient,
    OutgoingReview,
    Secrecy,
    Urgency,
)
from egov.documents.selectors import has_role
from egov.documents.services.common import outgoing_search_text, refuse
from egov.documents.services.numbering import document_number_issue_row, local_year
from egov.org.models import Agency, Department, Role
from egov.org.scoping import current_assignments


@transaction.atomic
def outgoing_number(
    *,
    actor: Any,
    document: OutgoingDocument,
    issuing_abbr: str,
    unit_abbr: str = "",
    now: datetime | None = None,
) -> OutgoingDocument:
    """Give a signed document its number and date (the issuing date is today in Vietnam time; the
    series is the agency's outgoing one for that year, the secret one for secret documents)."""
    now = now or timezone.now()
    document = OutgoingDocument.objects.select_for_update().select_related("doc_type").get(pk=document.pk)
    if document.issued_number_id is not None:
        raise refuse(_("This document already has a number."), "already_numbered")
    if document.status != OutgoingDocument.Status.SIGNED:
        raise refuse(_("A document is numbered only after it has been signed."), "not_signed")
    issued = document_number_issue_row(
        agency=document.agency,
        doc_type=document.doc_type,
        year=local_year(now),
        secret=document.is_secret,
        issuing_abbr=issuing_abbr,
        unit_abbr=unit_abbr,
        actor=actor,
        now=now,
    )
    before = document.status
    document.issued_number = issued
    document.number, document.symbol, document.number_text = issued.number, issued.symbol, issued.text
    document.issued_date = timezone.localdate(now)
    document.status = OutgoingDocument.Status.NUMBERED
    document.search_text = outgoing_search_text(document)
    document.save()
    audit_record(
        actor=actor,
        action="documents.outgoing_number",
        target=document,
        from_state=before,
        to_state=document.status,
        data={"number": issued.text},
    )
    return document


def outgoing_check_exchangeable(document: OutgoingDocument) -> None:
    """Rule 8: a secret document is never sent through the electronic document exchange."""
    if document.is_secret:
        raise refuse(
            _("A secret document cannot be sent through the electronic document exchange."),
            "secret_no_exchange",
        )


# -- drafting ---------------------------------------------------------------------------------------

PDF_KINDS: frozenset[str] = frozenset({FileKind.PDF})
DRAFT_KINDS: frozenset[str] = frozenset({FileKind.PDF, FileKind.DOCX})
EDITABLE = (
    OutgoingDocument.Status.DRAFT,
    OutgoingDocument.Status.SUBMITTED,
    OutgoingDocument.Status.REVIEWED,
    OutgoingDocument.Status.CHECKED,
    OutgoingDocument.Status.APPROVED,
)


@dataclass(frozen=True)
class RecipientInput:
    """An addressee: an agency of egov (`agency`), or one outside it (name, agency code, e-mail)."""

    agency: Agency | None = None
    name: str = ""
    agency_code: str = ""
    email: str = ""


def lock_outgoing(document: OutgoingDocument) -> OutgoingDocument:
    return OutgoingDocument.objects.select_for_update().select_related("doc_type").get(pk=document.pk)


def is_agency_staff(user: Any, agency_id: int) -> bool:
    return current_assignments(user=user).filter(agency_id=agency_id).exists()


def _clean_recipients(items: Iterable[RecipientInput], *, agency: Agency) -> list[OutgoingRecipient]:
    rows: list[OutgoingRecipient] = []
    seen: set[str] = set()
    for item in items:
        if item.agency is not None:
            if item.agency.pk == agency.pk:
                raise refuse(_("The issuing agency cannot be a recipient of its own document."), "self")
            key = f"a{item.agency.pk}"
            row = OutgoingRecipient(
                kind=OutgoingRecipient.Kind.INTERNAL,
                agency=item.agency,
                name=item.agency.name[:200],
                agency_code=item.agency.agency_code,
            )
        else:
            name, code, email = nfc(item.name).strip(), item.agency_code.strip(), item.email.strip()
            if not name:
                raise refuse(_("Enter the name of the receiving agency."), "recipient_name")
            if not AGENCY_CODE_RE.match(code):
                raise refuse(
                    _("The agency code “%(code)s” is not valid (DDD.CC.BB.AXX, 13 characters).")
                    % {"code": code},
                    "recipient_code",
                )
            if email:
                try:
                    validate_email(email)
                except ValidationError as exc:
                    raise refuse(
                        _("The e-mail address “%(email)s” is not valid.") % {"email": email}, "email"
                    ) from exc
            key = f"c{code}"
            row = OutgoingRecipient(
                kind=OutgoingRecipient.Kind.EXTERNAL, name=name[:200], agency_code=code, email=email
            )
        if key not in seen:
            seen.add(key)
            rows.append(row)
    if not rows:
        raise refuse(_("Add at least one recipient."), "recipients_required")
    return rows


def _store_content(document: OutgoingDocument, upload: UploadedFile, actor: Any) -> None:
    stored = file_store(upload=upload, user=actor, allowed_kinds=DRAFT_KINDS, owner=document)
    document.file = stored
    document.pdf_file = stored if stored.kind == FileKind.PDF else None


def _recipients_json(rows: list[OutgoingRecipient]) -> list[dict[str, str]]:
    return [{"organ_id": r.agency_code, "organ_name": r.name} for r in rows]


@transaction.atomic
def outgoing_draft_create(
    *,
    actor: Any,
    agency: Agency,
    doc_type: DocumentType,
    abstract: str,
    file: UploadedFile,
    recipients: Iterable[RecipientInput],
    urgency: str = Urgency.NORMAL,
    secrecy: str = Secrecy.NORMAL,
    drafting_department: Department | None = None,
    description: str = "",
    page_count: int | None = None,
    due_date: date | None = None,
    now: datetime | None = None,
) -> OutgoingDocument:
    """A new draft by any staff member of `agency`. The content is a DOCX or PDF file; only a PDF can
    be signed, so a DOCX draft needs a PDF version (`outgoing_pdf_upload`) before signing (no
    automatic conversion)."""
    now = now or timezone.now()
    if not is_agency_staff(actor, agency.pk):
        raise refuse(_("Only staff of the agency can draft its documents."), "not_staff")
    abstract = nfc(abstract).strip()
    if not abstract:
        raise refuse(_("Enter the abstract of the document."), "abstract_required")
    if doc_type is None or not doc_type.is_active:
        raise refuse(_("Choose the type of the document."), "type_required")
    if urgency not in Urgency.values:
        raise refuse(_("The urgency is not valid."), "urgency_invalid")
    if secrecy not in Secrecy.values:
        raise refuse(_("The secrecy level is not valid."), "secrecy_invalid")
    if drafting_department is not None and drafting_department.agency_id != agency.pk:
        raise refuse(_("The drafting unit does not belong to the agency."), "department_agency")
    if page_count is not None and page_count < 1:
        raise refuse(_("The number of pages must be at least 1."), "pages_invalid")
    rows = _clean_recipients(recipients, agency=agency)
    document = OutgoingDocument.objects.create(
        agency=agency,
        drafting_department=drafting_department,
        doc_type=doc_type,
        abstract=abstract[:500],
        description=nfc(description).strip()[:500],
        urgency=urgency,
        secrecy=secrecy,
        page_count=page_count,
        due_date=due_date,
        created_by=actor,
        recipients=_recipients_json(rows),
    )
    for row in rows:
        row.document = document
    OutgoingRecipient.objects.bulk_create(rows)
    _store_content(document, file, actor)
    document.search_text = outgoing_search_text(document)
    document.save()
    audit_record(
        actor=actor,
        action="documents.outgoing_draft",
        target=document,
        to_state=document.status,
        data={"recipients": len(rows), "file_kind": document.file.kind if document.file else ""},
    )
    return document


def _changed(document: OutgoingDocument, *, actor: Any, now: datetime, what: str) -> None:
    """A draft changed after submission goes back to draft and must be resubmitted."""
    if document.status != OutgoingDocument.Status.DRAFT:
        before = document.status
        document.status = OutgoingDocument.Status.DRAFT
        OutgoingReview.objects.create(
            document=document,
            step=OutgoingReview.Step.CHANGE,
            actor=actor,
            at=now,
            comment=_("Changed after submission (%(what)s): it must be resubmitted.") % {"what": what},
        )
        audit_record(
            actor=actor, action="documents.outgoing_reset", target=document, from_state=before,
            to_state=document.status, data={"changed": what},
        )  # fmt: skip


@transaction.atomic
def outgoing_draft_update(
    *,
    actor: Any,
    document: OutgoingDocument,
    abstract: str | None = None,
    file: UploadedFile | None = None,
    urgency: str | None = None,
    secrecy: str | None = None,
    recipients: Iterable[RecipientInput] | None = None,
    now: datetime | None = None,
) -> OutgoingDocument:
    """The drafter changes the draft. A draft changed after it was submitted (even an approved one)
    returns to "draft" and must be submitted again."""
    now = now or timezone.now()
    document = lock_outgoing(document)
    if document.status not in EDITABLE:
        raise refuse(_("A signed document cannot be changed."), "not_editable")
    if actor.pk != document.created_by_id:
        raise refuse(_("Only the drafter can change the draft."), "not_drafter")
    changed: list[str] = []
    if abstract is not None and nfc(abstract).strip() != document.abstract:
        if not nfc(abstract).strip():
            raise refuse(_("Enter the abstract of the document."), "abstract_required")
        document.abstract = nfc(abstract).strip()[:500]
        changed.append("abstract")
    if urgency is not None and urgency != document.urgency:
        if urgency not in Urgency.values:
            raise refuse(_("The urgency is not valid."), "urgency_invalid")
        document.urgency = urgency
        changed.append("urgency")
    if secrecy is not None and secrecy != document.secrecy:
        if secrecy not in Secrecy.values:
            raise refuse(_("The secrecy level is not valid."), "secrecy_invalid")
        document.secrecy = secrecy
        changed.append("secrecy")
        # The search row keeps a copy of the secrecy that the search relies on: same transaction.
        DocumentText.objects.filter(document_kind=DocumentKind.OUTGOING, document_id=document.pk).update(
            secrecy_level=secrecy
        )
    if recipients is not None:
        rows = _clean_recipients(recipients, agency=document.agency)
        OutgoingRecipient.objects.filter(document=document).delete()
        for row in rows:
            row.document = document
        OutgoingRecipient.objects.bulk_create(rows)
        document.recipients = _recipients_json(rows)
        changed.append("recipients")
    if file is not None:
        _store_content(document, file, actor)
        changed.append("file")
    if not changed:
        return document
    _changed(document, actor=actor, now=now, what=", ".join(changed))
    document.search_text = outgoing_search_text(document)
    document.save()
    audit_record(actor=actor, action="documents.outgoing_update", target=document, data={"changed": changed})
    return document


@transaction.atomic
def outgoing_pdf_upload(
    *, actor: Any, document: OutgoingDocument, pdf: UploadedFile, now: datetime | None = None
) -> OutgoingDocument:
    """The PDF version to sign of a DOCX draft, by the drafter or a clerk (format check). Uploaded
    after the leader's approval it is a change: the draft must be resubmitted."""
    now = now or timezone.now()
    document = lock_outgoing(document)
    if document.status not in EDITABLE:
        raise refuse(_("A signed document cannot be changed."), "not_editable")
    if actor.pk != document.created_by_id and not has_role(
        user=actor, agency=document.agency_id, roles=[Role.CLERK]
    ):
        raise refuse(_("Only the drafter or a clerk can upload the PDF version."), "not_drafter")
    document.pdf_file = file_store(upload=pdf, user=actor, allowed_kinds=PDF_KINDS, owner=document)
    if document.status == OutgoingDocument.Status.APPROVED:
        _changed(document, actor=actor, now=now, what="pdf")
    document.save()
    audit_record(actor=actor, action="documents.outgoing_pdf", target=document, to_state=document.status)
    return document


# -- approval chain ---------------------------------------------------------------------------------

S = OutgoingDocument.Status
# step: (status before, status after, roles, refusal)
STEPS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    OutgoingReview.Step.REVIEW: (S.SUBMITTED, S.REVIEWED, (Role.DEPARTMENT_HEAD,)),
    OutgoingReview.Step.CHECK: (S.REVIEWED, S.CHECKED, (Role.CLERK,)),
    OutgoingReview.Step.APPROVE: (S.CHECKED, S.APPROVED, (Role.AGENCY_LEADER,)),
}


@transaction.atomic
def outgoing_submit(
    *, actor: Any, document: OutgoingDocument, now: datetime | None = None
) -> OutgoingDocument:
    """The drafter submits the draft to the head of the drafting unit."""
    now = now or timezone.now()
    document = lock_outgoing(document)
    if document.status != S.DRAFT:
        raise refuse(_("Only a draft can be submitted."), "not_draft")
    if actor.pk != document.created_by_id:
        raise refuse(_("Only the drafter can submit the draft."), "not_drafter")
    document.status, document.submitted_by = S.SUBMITTED, actor
    document.save(update_fields=["status", "submitted_by"])
    OutgoingReview.objects.create(document=document, step=OutgoingReview.Step.SUBMIT, actor=actor, at=now)
    audit_record(
        actor=actor, action="documents.outgoing_submit", target=document, from_state=S.DRAFT,
        to_state=document.status,
    )  # fmt: skip
    return document


def _may_step(actor: Any, document: OutgoingDocument, roles: tuple[str, ...]) -> bool:
    department_id = None
    if roles == (Role.DEPARTMENT_HEAD,) and document.drafting_department_id is not None:
        department_id = document.drafting_department_id
    return has_role(user=actor, agency=document.agency_id, roles=roles, department_id=department_id)


@transaction.atomic
def outgoing_decide(
    *,
    actor: Any,
    document: OutgoingDocument,
    step: str,
    approve: bool,
    comment: str = "",
    now: datetime | None = None,
) -> OutgoingDocument:
    """One step of the chain: `review` (head of the drafting unit, content), `check` (clerk,
    format), `approve` (agency leader). `approve=False` returns the draft to the drafter (a comment
    is required)."""
    if step not in STEPS:
        raise ValueError(f"unknown step {step!r}")
    now = now or timezone.now()
    before, after, roles = STEPS[step]
    document = lock_outgoing(document)
    if document.status != before:
        raise refuse(_("The document is not at this step of the approval."), "wrong_step")
    if not _may_step(actor, document, roles):
        raise refuse(_("You cannot take this step for this document."), "not_allowed")
    comment = nfc(comment).strip()
    if not approve and not comment:
        raise refuse(_("Enter what must be corrected."), "comment_required")
    document.status = after if approve else S.DRAFT
    document.save(update_fields=["status"])
    OutgoingReview.objects.create(
        document=document,
        step=step if approve else OutgoingReview.Step.RETURN,
        actor=actor,
        at=now,
        comment=comment,
    )
    audit_record(
        actor=actor, action=f"documents.outgoing_{step}", target=document, from_state=before,
        to_state=document.status, reason=comment, data={"approve": approve},
    )  # fmt: skip
    return document


def outgoing_review(**kwargs: Any) -> OutgoingDocument:
    return outgoing_decide(step=OutgoingReview.Step.REVIEW, **kwargs)


def outgoing_format_check(**kwargs: Any) -> OutgoingDocument:
    return outgoing_decide(step=OutgoingReview.Step.CHECK, **kwargs)


def outgoing_approve(**kwargs: Any) -> OutgoingDocument:
    return outgoing_decide(step=OutgoingReview.Step.APPROVE, **kwargs)


@transaction.atomic
def outgoing_issue_number(
    *,
    clerk: Any,
    document: OutgoingDocument,
    issuing_abbr: str,
    unit_abbr: str = "",
    now: datetime | None = None,
) -> OutgoingDocument:
    """The clerk gives a signed document its number and date (`outgoing_number`); the unit
    abbreviation of a Công văn defaults to the drafting unit's code."""
    if not has_role(user=clerk, agency=document.agency_id, roles=[Role.CLERK]):
        raise refuse(_("Only a clerk of the issuing agency can number its documents."), "not_clerk")
    if not unit_abbr and document.drafting_department_id is not None:
        department = Department.objects.filter(pk=document.drafting_department_id).first()
        unit_abbr = department.code if department is not None else ""
    return outgoing_number(
        actor=clerk, document=document, issuing_abbr=issuing_abbr, unit_abbr=unit_abbr, now=now
    )
