"""Incoming documents: receive, register (rule 9), return. Direction and handling live in
`handling.py`. Every service locks what it changes, checks the actor's role and writes an audit event
in the same transaction; errors are ValidationErrors with Vietnamese messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.audit.services import audit_record
from egov.core.calendar.selectors import due
from egov.core.files.kinds import SCAN_KINDS
from egov.core.files.models import StoredFile
from egov.core.files.services import file_attach, file_store
from egov.core.text import nfc
from egov.documents import conf
from egov.documents.models import Channel, DocumentType, IncomingDocument, NumberSeries, Secrecy, Urgency
from egov.documents.selectors import has_role, registering_agencies
from egov.documents.services.common import (
    agency_users,
    document_context,
    incoming_search_text,
    lock_incoming,
    notify_after_commit,
    refuse,
)
from egov.documents.services.numbering import counter_next, local_year
from egov.org.models import Agency, Role

CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class IncomingData:
    """What the clerk (or the edXML receiver) enters about an incoming document."""

    sender_name: str
    doc_type: DocumentType
    abstract: str
    received_at: datetime | None = None  # default: now
    channel: str = Channel.PAPER
    sender_code: str = ""
    original_number: str = ""
    original_symbol: str = ""
    issued_date: date | None = None
    signer_name: str = ""
    signer_position: str = ""
    page_count: int | None = None
    urgency: str = Urgency.NORMAL
    secrecy: str = Secrecy.NORMAL
    due_date: date | None = None
    note: str = ""


def registration_due(*, received_at: datetime, urgency: str) -> datetime:
    """Rule 9: an urgent document at once; otherwise the day it arrives (a working day, before the
    same-day cut-off) or else by the end of the next working day."""
    if urgency != Urgency.NORMAL:
        return received_at
    return due(start=received_at, hours=8, same_day=True, cutoff=conf.same_day_cutoff())


def _clean(data: IncomingData, *, now: datetime) -> dict[str, Any]:
    received_at = data.received_at or now
    if timezone.is_naive(received_at):
        raise refuse(_("The arrival time must include a time zone."), "naive_datetime")
    values: dict[str, Any] = {
        "sender_name": nfc(data.sender_name).strip(),
        "sender_code": nfc(data.sender_code).strip(),
        "original_number": nfc(data.original_number).strip(),
        "original_symbol": nfc(data.original_symbol).strip(),
        "abstract": nfc(data.abstract).strip(),
        "signer_name": nfc(data.signer_name).strip(),
        "signer_position": nfc(data.signer_position).strip(),
        "note": nfc(data.note).strip(),
        "doc_type": data.doc_type,
        "issued_date": data.issued_date,
        "page_count": data.page_count,
        "urgency": data.urgency,
        "secrecy": data.secrecy,
        "due_date": data.due_date,
        "channel": data.channel,
        "received_at": received_at,
    }
    if not values["sender_name"]:
        raise refuse(_("Enter the issuing body of the document."), "sender_required")
    if not values["abstract"]:
        raise refuse(_("Enter the abstract of the document."), "abstract_required")
    if data.doc_type is None or not data.doc_type.is_active:
        raise refuse(_("Choose the type of the document."), "type_required")
    if data.urgency not in Urgency.values:
        raise refuse(_("The urgency is not valid."), "urgency_invalid")
    if data.secrecy not in Secrecy.values:
        raise refuse(_("The secrecy level is not valid."), "secrecy_invalid")
    if data.channel not in Channel.values:
        raise refuse(_("The channel is not valid."), "channel_invalid")
    if received_at > now + CLOCK_SKEW:
        raise refuse(_("The arrival time cannot be in the future."), "received_future")
    if data.issued_date and data.issued_date > timezone.localdate(received_at):
        raise refuse(_("The document cannot be dated after its arrival."), "issued_after_arrival")
    if data.page_count is not None and data.page_count < 1:
        raise refuse(_("The number of pages must be at least 1."), "pages_invalid")
    if len(values["original_number"]) > 11 or len(values["original_symbol"]) > 30:
        raise refuse(_("The number or the symbol is too long (11 and 30 characters at most)."), "too_long")
    return values


def refuse_if_recalled(document: IncomingDocument) -> None:
    """A copy whose sender recalled it (RecallNotice, services.release.outgoing_recall) is frozen:
    it can no longer be registered, directed, assigned, updated or closed."""
    from egov.documents.models import RecallNotice

    notice = RecallNotice.objects.filter(incoming_id=document.pk).only("pk", "at").first()
    if notice is not None:
        raise refuse(
            _("The sender recalled this document on %(date)s: it can no longer be registered or handled.")
            % {"date": timezone.localtime(notice.at).strftime("%d/%m/%Y")},
            "recalled",
        )


def _series(secrecy: str) -> str:
    return NumberSeries.INCOMING_ARRIVAL if secrecy == Secrecy.NORMAL else NumberSeries.INCOMING_SECRET


def _clerk_agency(actor: Any, agency: Agency | None) -> Agency:
    if agency is not None:
        if not has_role(user=actor, agency=agency, roles=[Role.CLERK]):
            raise refuse(_("Only a clerk of the agency can register its incoming documents."), "not_clerk")
        return agency
    agencies = list(registering_agencies(user=actor)[:2])
    if not agencies:
        raise refuse(_("Only a clerk of the agency can register its incoming documents."), "not_clerk")
    if len(agencies) > 1:
        raise refuse(_("You are a clerk of several agencies: choose the agency."), "agency_ambiguous")
    return agencies[0]


def _check_present_to(leader: Any, *, agency: Agency, secrecy: str) -> None:
    if leader is None:
        if secrecy != Secrecy.NORMAL:
            raise refuse(
                _("Choose the leader to whom this secret document is presented."), "present_to_required"
            )
        return
    if not has_role(user=leader, agency=agency, roles=[Role.AGENCY_LEADER]):
        raise refuse(
            _("The document can only be presented to a leader of the agency."), "present_to_not_leader"
        )


def _store_file(
    *, document: IncomingDocument, file: UploadedFile | None, stored: StoredFile | None, actor: Any
) -> None:
    if file is not None:
        document.file = file_store(upload=file, user=actor, allowed_kinds=SCAN_KINDS, owner=document)
    elif stored is not None:
        document.file = file_attach(stored=stored, owner=document, user=actor)


def _give_arrival_number(document: IncomingDocument, *, actor: Any, now: datetime) -> None:
    document.arrival_year = local_year(now)
    document.arrival_series = _series(document.secrecy)
    document.arrival_number = counter_next(
        agency=document.agency, year=document.arrival_year, series=document.arrival_series
    )
    document.status = IncomingDocument.Status.REGISTERED
    document.registered_by = actor
    document.registered_at = now


def _after_register(document: IncomingDocument) -> None:
    if document.present_immediately:
        leaders = agency_users(agency_id=document.agency_id, roles=[Role.AGENCY_LEADER])
        notify_after_commit(
            users=leaders,
            template="document_urgent",
            key=f"documents:incoming:{document.pk}:urgent",
            context=document_context(document) | {"urgency": document.get_urgency_display()},
        )


@transaction.atomic
def incoming_register(
    *,
    actor: Any,
    data: IncomingData,
    file: UploadedFile | None = None,
    stored_file: StoredFile | None = None,
    agency: Agency | None = None,
    present_to: Any = None,
    now: datetime | None = None,
) -> IncomingDocument:
    """Register a document received on paper (scan upload) or electronically: it gets the next
    arrival number of the agency's register for the year (secret documents: the separate secret
    register), its registration deadline (rule 9), and urgent ones are flagged "present immediately"
    and announced to the agency leaders. `present_to` is the leader the clerk presents it to
    (required for a secret document, which only named people see). `actor` must be a clerk."""
    now = now or timezone.now()
    the_agency = _clerk_agency(actor, agency)
    values = _clean(data, now=now)
    _check_present_to(present_to, agency=the_agency, secrecy=values["secrecy"])
    if values["channel"] == Channel.ELECTRONIC and file is None and stored_file is None:
        raise refuse(_("Attach the electronic document."), "file_required")
    document = IncomingDocument(
        agency=the_agency,
        registration_due=registration_due(received_at=values["received_at"], urgency=values["urgency"]),
        present_immediately=values["urgency"] != Urgency.NORMAL,
        presented_to=present_to,
        **values,
    )
    _give_arrival_number(document, actor=actor, now=now)
    document.search_text = incoming_search_text(document)
    document.save()
    _store_file(document=document, file=file, stored=stored_file, actor=actor)
    if document.file_id:
        document.save(update_fields=["file"])
    audit_record(
        actor=actor,
        action="documents.incoming_register",
        target=document,
        to_state=document.status,
        data={"arrival_number": document.arrival_number, "year": document.arrival_year},
    )
    _after_register(document)
    from egov.documents.search import document_index_on_commit

    document_index_on_commit(kind="incoming", document_id=document.pk)
    return document


@transaction.atomic
def incoming_receive(
    *,
    agency: Agency,
    data: IncomingData,
    stored_file: StoredFile | None = None,
    actor: Any = None,
    now: datetime | None = None,
) -> IncomingDocument:
    """Record a document that arrived electronically (edXML) but is not registered yet: it waits in
    the clerk's queue with its registration deadline; nobody can direct it until it is registered."""
    now = now or timezone.now()
    values = _clean(data, now=now)
    document = IncomingDocument(
        agency=agency,
        status=IncomingDocument.Status.RECEIVED,
        arrival_year=local_year(values["received_at"]),
        arrival_series=_series(values["secrecy"]),
        registration_due=registration_due(received_at=values["received_at"], urgency=values["urgency"]),
        present_immediately=values["urgency"] != Urgency.NORMAL,
        **values,
    )
    document.search_text = incoming_search_text(document)
    document.save()
    if stored_file is not None:
        _store_file(document=document, file=None, stored=stored_file, actor=actor)
        document.save(update_fields=["file"])
    audit_record(actor=actor, action="documents.incoming_receive", target=document, to_state=document.status)
    from egov.documents.search import document_index_on_commit

    document_index_on_commit(kind="incoming", document_id=document.pk)
    return document


@transaction.atomic
def incoming_register_received(
    *, actor: Any, document: IncomingDocument, present_to: Any = None, now: datetime | None = None
) -> IncomingDocument:
    """Register a document recorded by `incoming_receive` (gives its arrival number). The row is
    locked first, so a second click gets "already registered" with the number the first one got; a
    copy recalled by its sender is refused."""
    now = now or timezone.now()
    document = lock_incoming(document)
    refuse_if_recalled(document)
    if document.status == IncomingDocument.Status.RETURNED:
        raise refuse(_("This document was returned to the sender."), "not_received")
    if document.status != IncomingDocument.Status.RECEIVED:
        raise refuse(
            _("This document is already registered, arrival number %(number)s.")
            % {"number": document.arrival_number},
            "already_registered",
        )
    _clerk_agency(actor, document.agency)
    _check_present_to(present_to, agency=document.agency, secrecy=document.secrecy)
    document.presented_to = present_to
    _give_arrival_number(document, actor=actor, now=now)
    document.search_text = incoming_search_text(document)
    document.save()
    audit_record(
        actor=actor,
        action="documents.incoming_register",
        target=document,
        from_state=IncomingDocument.Status.RECEIVED,
        to_state=document.status,
        data={"arrival_number": document.arrival_number, "year": document.arrival_year},
    )
    _after_register(document)
    from egov.documents.services.exchange import exchange_status_for

    exchange_status_for(document=document, code="03")  # edXML arrivals only
    return document


@transaction.atomic
def incoming_return(
    *, actor: Any, document: IncomingDocument, reason: str, now: datetime | None = None
) -> IncomingDocument:
    """The clerk returns a document that is not directed yet (wrong addressee, failed integrity)."""
    from egov.documents.models import HandlingUpdate

    now = now or timezone.now()
    document = lock_incoming(document)
    reason = nfc(reason).strip()
    if document.status not in (IncomingDocument.Status.RECEIVED, IncomingDocument.Status.REGISTERED):
        raise refuse(_("Only a document that has not been directed can be returned."), "not_returnable")
    _clerk_agency(actor, document.agency)
    if not reason:
        raise refuse(_("Enter the reason for returning the document."), "reason_required")
    before = document.status
    document.status = IncomingDocument.Status.RETURNED
    document.closed_at = now
    document.save(update_fields=["status", "closed_at"])
    HandlingUpdate.objects.create(
        document=document, kind=HandlingUpdate.Kind.RETURN, author=actor, at=now, note=reason
    )
    audit_record(
        actor=actor, action="documents.incoming_return", target=document, from_state=before,
        to_state=document.status, reason=reason,
    )  # fmt: skip
    return document
