"""Helpers shared by the document services: locking, notifications after commit, search text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from egov.core.text import fold
from egov.documents.models import IncomingDocument, OutgoingDocument
from egov.org.models import StaffAssignment


def lock_incoming(document: IncomingDocument) -> IncomingDocument:
    """The document re-read under SELECT … FOR UPDATE (state checks happen on this copy)."""
    return IncomingDocument.objects.select_for_update().get(pk=document.pk)


def refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def incoming_search_text(document: IncomingDocument) -> str:
    parts = [
        str(document.arrival_number or ""),
        document.number_symbol,
        document.sender_name,
        document.sender_code,
        document.doc_type.name if document.doc_type_id else "",
        document.abstract,
        document.signer_name,
        document.note,
    ]
    return fold(" ".join(p for p in parts if p))[:1000]


def outgoing_search_text(document: OutgoingDocument) -> str:
    names = " ".join(str(r.get("organ_name", "")) for r in document.recipients if isinstance(r, dict))
    parts = [
        document.number_text,
        document.doc_type.name if document.doc_type_id else "",
        document.abstract,
        document.signer_name,
        names,
    ]
    return fold(" ".join(p for p in parts if p))[:1000]


def agency_users(*, agency_id: int, roles: Iterable[str], department_id: int | None = None) -> list[Any]:
    """Active users holding one of `roles` in the agency today (ordered by id)."""
    today = timezone.localdate()
    qs = StaffAssignment.objects.filter(agency_id=agency_id, role__in=list(roles)).select_related("user")
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    users = {a.user for a in qs if a.is_current(today) and a.user.is_active}
    return sorted(users, key=lambda u: u.pk)


def notify_after_commit(*, users: Iterable[Any], template: str, key: str, context: dict[str, Any]) -> int:
    """Queue one e-mail per user with an address, after commit, each with its own idempotency key.
    Returns how many will be queued."""
    from egov.notifications.services import notification_enqueue

    targets = [u for u in users if u is not None and str(getattr(u, "email", "") or "")]

    def send() -> None:
        for user in targets:
            notification_enqueue(
                channel="email",
                recipient=user.email,
                template=template,
                context=context,
                idempotency_key=f"{key}:{user.pk}",
            )

    if targets:
        transaction.on_commit(send)
    return len(targets)


def document_context(document: IncomingDocument) -> dict[str, Any]:
    return {
        "arrival_number": document.arrival_number or "",
        "number_symbol": document.number_symbol,
        "sender": document.sender_name,
        "abstract": document.abstract,
        "deadline": document.deadline.strftime("%d/%m/%Y") if document.deadline else "",
    }
