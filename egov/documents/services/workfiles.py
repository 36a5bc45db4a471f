"""Writes for work files (Decree 30/2020 Arts. 28–31; DOMAIN §3.7): the yearly file list (drafted by
the clerk, approved by the agency leader), opening a file from the approved list, adding documents,
closing (totals computed; a closed file no longer changes) and the transfer to the agency archive."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.audit.services import audit_record
from egov.core.text import nfc
from egov.documents.models import (
    FileList,
    IncomingDocument,
    OutgoingDocument,
    TransferBatch,
    WorkFile,
    WorkFileItem,
)
from egov.documents.selectors import documents_visible_to, outgoing_visible_to
from egov.documents.services.common import refuse
from egov.documents.workfile_selectors import KEEPER_ROLES, LIST_ROLES, user_keeps
from egov.org.models import Agency, Department, Role

Status = WorkFile.Status


def _require(*, actor: Any, agency_id: int, roles: Sequence[str], message: str) -> None:
    if not user_keeps(user=actor, agency_id=agency_id, roles=roles):
        raise refuse(message, "forbidden")


def _lock_list(file_list: FileList) -> FileList:
    return FileList.objects.select_for_update().get(pk=file_list.pk)


def _lock_file(workfile: WorkFile) -> WorkFile:
    return WorkFile.objects.select_for_update().get(pk=workfile.pk)


@transaction.atomic
def file_list_create(*, actor: Any, agency: Agency, year: int, note: str = "") -> FileList:
    """A clerk (or the agency leader) starts the file list of `year` for their agency."""
    _require(
        actor=actor, agency_id=agency.pk, roles=LIST_ROLES,
        message=_("Only the clerk or the leader of the agency may draw up its file list."),
    )  # fmt: skip
    if not 2000 <= year <= 2100:
        raise refuse(_("The year is not valid."), "year_invalid")
    if FileList.objects.filter(agency=agency, year=year).exists():
        raise refuse(_("The file list of %(year)s already exists.") % {"year": year}, "duplicate")
    file_list = FileList.objects.create(agency=agency, year=year, note=nfc(note.strip()), created_by=actor)
    audit_record(actor=actor, action="documents.file_list.create", target=file_list, to_state="draft")
    return file_list


@dataclass(frozen=True)
class EntryData:
    code: str
    title: str
    retention_years: int | None = None  # None = permanent
    section: str = ""
    department: Department | None = None
    creator: Any = None
    rights: str = WorkFile.Rights.PUBLIC
    language: str = "Tiếng Việt"
    description: str = ""
    note: str = ""


@transaction.atomic
def file_list_add_entry(*, actor: Any, file_list: FileList, data: EntryData) -> WorkFile:
    """Add a planned file to a draft list (the clerk or the leader), or to an approved one as a
    supplement (the leader only). The file number/symbol is unique per agency and year."""
    _require(
        actor=actor, agency_id=file_list.agency_id, roles=LIST_ROLES,
        message=_("Only the clerk or the leader of the agency may draw up its file list."),
    )  # fmt: skip
    locked = _lock_list(file_list)
    supplement = locked.status != FileList.Status.DRAFT
    if supplement and not user_keeps(user=actor, agency_id=locked.agency_id, roles=[Role.AGENCY_LEADER]):
        raise refuse(
            _("The file list is already approved; only the leader of the agency may add a file to it."),
            "approved",
        )
    code, title = nfc(data.code.strip()), nfc(data.title.strip())
    if not code or not title:
        raise refuse(_("Enter the file number/symbol and the title."), "required")
    if len(title) > 500:
        raise refuse(_("The title may have at most 500 characters."), "too_long")
    if data.department is not None and data.department.agency_id != locked.agency_id:
        raise refuse(_("The unit does not belong to the agency."), "department_agency")
    if data.creator is not None and not user_keeps(user=data.creator, agency_id=locked.agency_id):
        raise refuse(_("The person in charge is not a staff member of the agency."), "creator_agency")
    if WorkFile.objects.filter(agency_id=locked.agency_id, year=locked.year, code__iexact=code).exists():
        raise refuse(
            _("The file number/symbol “%(code)s” is already used in %(year)s.")
            % {"code": code, "year": locked.year},
            "duplicate",
        )
    last = locked.files.aggregate(m=Max("position"))["m"] or 0
    workfile = WorkFile.objects.create(
        file_list=locked, agency_id=locked.agency_id, year=locked.year, position=last + 1, code=code,
        title=title,
        retention_years=data.retention_years, section=nfc(data.section.strip()), department=data.department,
        creator=data.creator, rights=data.rights, language=nfc(data.language.strip()) or "Tiếng Việt",
        description=nfc(data.description.strip()), note=nfc(data.note.strip()),
    )  # fmt: skip
    audit_record(
        actor=actor, action="documents.workfile.plan", target=workfile, to_state=Status.PLANNED,
        data={"supplement": supplement},
    )  # fmt: skip
    return workfile


@transaction.atomic
def file_list_approve(*, actor: Any, file_list: FileList, now: datetime | None = None) -> FileList:
    """The agency leader approves the list (it must hold at least one file)."""
    _require(
        actor=actor, agency_id=file_list.agency_id, roles=[Role.AGENCY_LEADER],
        message=_("Only the leader of the agency may approve its file list."),
    )  # fmt: skip
    locked = _lock_list(file_list)
    if locked.status == FileList.Status.APPROVED:
        raise refuse(_("The file list is already approved."), "approved")
    if not locked.files.exists():
        raise refuse(_("The file list is empty: add at least one file first."), "empty")
    locked.status = FileList.Status.APPROVED
    locked.approved_by = actor
    locked.approved_at = now or timezone.now()
    locked.save(update_fields=["status", "approved_by", "approved_at"])
    audit_record(
        actor=actor,
        action="documents.file_list.approve",
        target=locked,
        from_state="draft",
        to_state="approved",
    )
    return locked


@transaction.atomic
def workfile_open(*, actor: Any, workfile: WorkFile, start_date: date | None = None) -> WorkFile:
    """Open a planned file of an approved list; the opener becomes the person in charge if none."""
    _require(
        actor=actor, agency_id=workfile.agency_id, roles=KEEPER_ROLES,
        message=_("You are not a staff member of the agency that keeps this file."),
    )  # fmt: skip
    locked = _lock_file(workfile)
    if locked.file_list.status != FileList.Status.APPROVED:
        raise refuse(_("The file list is not approved yet."), "list_draft")
    if locked.status != Status.PLANNED:
        raise refuse(_("This file is already open or closed."), "state")
    locked.status = Status.OPEN
    locked.opened_at = timezone.now()
    locked.start_date = start_date or timezone.localdate()
    if locked.creator_id is None:
        locked.creator = actor
    locked.save(update_fields=["status", "opened_at", "start_date", "creator"])
    audit_record(
        actor=actor,
        action="documents.workfile.open",
        target=locked,
        from_state=Status.PLANNED,
        to_state=Status.OPEN,
    )
    return locked


def _check_open(workfile: WorkFile) -> None:
    if workfile.status == Status.CLOSED:
        raise refuse(_("This file is closed; it can no longer be changed."), "closed")
    if workfile.status != Status.OPEN:
        raise refuse(_("Open the file before adding documents."), "not_open")


@transaction.atomic
def workfile_add_document(
    *,
    actor: Any,
    workfile: WorkFile,
    incoming: IncomingDocument | None = None,
    outgoing: OutgoingDocument | None = None,
    page_count: int | None = None,
) -> WorkFileItem:
    """Add one document the actor may see (secret ones only for those involved) to an open file of
    the same agency, at the end; a document is in a file at most once."""
    if (incoming is None) == (outgoing is None):
        raise refuse(_("Choose one incoming or one outgoing document."), "document_required")
    _require(
        actor=actor, agency_id=workfile.agency_id, roles=KEEPER_ROLES,
        message=_("You are not a staff member of the agency that keeps this file."),
    )  # fmt: skip
    locked = _lock_file(workfile)
    _check_open(locked)
    doc: IncomingDocument | OutgoingDocument
    if incoming is not None:
        visible = documents_visible_to(user=actor).filter(pk=incoming.pk, agency_id=locked.agency_id).exists()
        doc, dup = incoming, locked.items.filter(incoming_id=incoming.pk).exists()
    else:
        assert outgoing is not None  # noqa: S101 - checked above
        visible = outgoing_visible_to(user=actor).filter(pk=outgoing.pk, agency_id=locked.agency_id).exists()
        doc, dup = outgoing, locked.items.filter(outgoing_id=outgoing.pk).exists()
    if not visible:
        raise refuse(
            _("You may not file this document (it is not visible to you in this agency)."), "not_visible"
        )
    if dup:
        raise refuse(_("This document is already in the file."), "duplicate")
    pages = page_count if page_count is not None else (doc.page_count or 0)
    if pages < 0 or pages > 32767:
        raise refuse(_("The number of pages is not valid."), "pages_invalid")
    last = locked.items.aggregate(m=Max("position"))["m"] or 0
    item = WorkFileItem.objects.create(
        workfile=locked, incoming=incoming, outgoing=outgoing, position=last + 1, page_count=pages,
        added_by=actor, added_at=timezone.now(),
    )  # fmt: skip
    audit_record(
        actor=actor, action="documents.workfile.add_document", target=locked,
        data={"item": item.pk, "incoming": getattr(incoming, "pk", None),
              "outgoing": getattr(outgoing, "pk", None)},
    )  # fmt: skip
    return item


@transaction.atomic
def workfile_remove_document(*, actor: Any, item: WorkFileItem) -> None:
    _require(
        actor=actor, agency_id=item.workfile.agency_id, roles=KEEPER_ROLES,
        message=_("You are not a staff member of the agency that keeps this file."),
    )  # fmt: skip
    locked = _lock_file(item.workfile)
    _check_open(locked)
    audit_record(
        actor=actor, action="documents.workfile.remove_document", target=locked, data={"item": item.pk}
    )
    WorkFileItem.objects.filter(pk=item.pk, workfile=locked).delete()


@transaction.atomic
def workfile_close(*, actor: Any, workfile: WorkFile, end_date: date | None = None) -> WorkFile:
    """Close an open file holding at least one document: totals computed, end date set."""
    _require(
        actor=actor, agency_id=workfile.agency_id, roles=KEEPER_ROLES,
        message=_("You are not a staff member of the agency that keeps this file."),
    )  # fmt: skip
    locked = _lock_file(workfile)
    _check_open(locked)
    totals = locked.items.aggregate(n=Count("*"), pages=Sum("page_count"))
    if not totals["n"]:
        raise refuse(_("The file holds no document; add documents before closing it."), "empty")
    end = end_date or timezone.localdate()
    if locked.start_date and end < locked.start_date:
        raise refuse(_("The end date cannot be before the start date."), "dates")
    locked.status = Status.CLOSED
    locked.end_date = end
    locked.closed_at = timezone.now()
    locked.closed_by = actor
    locked.doc_total = totals["n"]
    locked.page_total = totals["pages"] or 0
    locked.save(update_fields=["status", "end_date", "closed_at", "closed_by", "doc_total", "page_total"])
    audit_record(
        actor=actor, action="documents.workfile.close", target=locked, from_state=Status.OPEN,
        to_state=Status.CLOSED,
        data={"doc_total": locked.doc_total, "page_total": locked.page_total},
    )  # fmt: skip
    return locked


@transaction.atomic
def archive_transfer_record(
    *, actor: Any, agency: Agency, workfiles: Sequence[WorkFile], note: str = "", now: datetime | None = None
) -> TransferBatch:
    """Record one hand-over of closed files to the agency archive (clerk or leader)."""
    _require(
        actor=actor, agency_id=agency.pk, roles=LIST_ROLES,
        message=_("Only the clerk or the leader of the agency may transfer files to the archive."),
    )  # fmt: skip
    if not workfiles:
        raise refuse(_("Choose at least one file to transfer."), "empty")
    locked = list(
        WorkFile.objects.select_for_update().filter(pk__in=[w.pk for w in workfiles]).order_by("pk")
    )
    for w in locked:
        if w.agency_id != agency.pk:
            raise refuse(_("A file belongs to another agency."), "other_agency")
        if w.status != Status.CLOSED:
            raise refuse(_("File %(code)s is not closed.") % {"code": w.code}, "not_closed")
        if w.transferred_at is not None:
            raise refuse(_("File %(code)s is already transferred.") % {"code": w.code}, "transferred")
    at = now or timezone.now()
    batch = TransferBatch.objects.create(
        agency=agency, transferred_at=at, transferred_by=actor, file_count=len(locked),
        page_total=sum(w.page_total for w in locked), note=nfc(note.strip()),
    )  # fmt: skip
    WorkFile.objects.filter(pk__in=[w.pk for w in locked]).update(transferred_at=at, transfer_batch=batch)
    audit_record(
        actor=actor, action="documents.workfile.transfer", target=batch,
        data={"files": [w.pk for w in locked]}, to_state="transferred",
    )  # fmt: skip
    return batch
