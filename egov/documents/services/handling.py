"""Direction slip and handling of incoming documents (Decree 30/2020 Art. 24; DOMAIN §3.4):
the agency leader directs (lead unit or person, coordinators, for information, deadlines), the head
of the lead unit names a handler, the handler reports progress and closes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.audit.services import audit_record
from egov.core.text import nfc
from egov.documents.models import (
    Direction,
    DirectionRecipient,
    HandlerAssignment,
    HandlingUpdate,
    IncomingDocument,
    OutgoingDocument,
)
from egov.documents.selectors import has_role, user_may_handle
from egov.documents.services.common import (
    agency_users,
    document_context,
    lock_incoming,
    notify_after_commit,
    refuse,
)
from egov.documents.services.incoming import refuse_if_recalled
from egov.org.models import Department, Role
from egov.org.scoping import current_assignments

Status = IncomingDocument.Status


@dataclass(frozen=True)
class Addressee:
    """A unit or a person named on the direction slip, with its own deadline when it has one."""

    department: Department | None = None
    user: Any = None
    deadline: date | None = None


def _as_addressee(item: Any) -> Addressee:
    if isinstance(item, Addressee):
        return item
    if isinstance(item, Department):
        return Addressee(department=item)
    return Addressee(user=item)


def _check_addressee(a: Addressee, *, agency_id: int, today: date) -> None:
    if (a.department is None) == (a.user is None):
        raise refuse(_("Each recipient must be either a unit or a person."), "recipient_invalid")
    if a.department is not None and a.department.agency_id != agency_id:
        raise refuse(
            _("The unit “%(name)s” does not belong to the receiving agency.") % {"name": a.department.name},
            "recipient_other_agency",
        )
    if a.user is not None and not current_assignments(user=a.user).filter(agency_id=agency_id).exists():
        raise refuse(
            _("“%(name)s” is not a staff member of the receiving agency.")
            % {"name": a.user.get_full_name() or a.user.get_username()},
            "recipient_other_agency",
        )
    if a.deadline is not None and a.deadline < today:
        raise refuse(_("A deadline cannot be in the past."), "deadline_past")


def _key(a: Addressee) -> tuple[str, int]:
    return ("d", a.department.pk) if a.department is not None else ("u", a.user.pk)


@transaction.atomic
def incoming_direct(
    *,
    actor: Any,
    document: IncomingDocument,
    lead_unit: Department | None = None,
    lead_user: Any = None,
    coordinators: Sequence[Any] = (),
    for_information: Sequence[Any] = (),
    deadline: date | None = None,
    comment: str = "",
    now: datetime | None = None,
) -> IncomingDocument:
    """The agency leader's direction (part 1 of the slip). A later direction replaces the current one
    while nobody has started handling. Refuses an unregistered document (rule 9), a copy recalled
    by its sender, and non-leaders."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    document = lock_incoming(document)
    refuse_if_recalled(document)
    if document.status == Status.RECEIVED:
        raise refuse(
            _("This document has not been registered yet, so it cannot be assigned."), "not_registered"
        )
    if document.status not in (Status.REGISTERED, Status.ASSIGNED):
        raise refuse(_("This document can no longer be directed."), "not_directable")
    if not has_role(user=actor, agency=document.agency_id, roles=[Role.AGENCY_LEADER]):
        raise refuse(_("Only a leader of the receiving agency can direct this document."), "not_leader")
    if (lead_unit is None) == (lead_user is None):
        raise refuse(_("Choose one lead: a unit or a person."), "lead_required")
    if deadline is None:
        deadline = document.due_date
    if deadline is not None and deadline < today:
        raise refuse(_("The handling deadline cannot be in the past."), "deadline_past")
    lead = Addressee(department=lead_unit, user=lead_user, deadline=deadline)
    parts: list[tuple[str, Addressee]] = [(DirectionRecipient.Part.LEAD, lead)]
    parts += [(DirectionRecipient.Part.COORDINATE, _as_addressee(x)) for x in coordinators]
    parts += [(DirectionRecipient.Part.INFORM, _as_addressee(x)) for x in for_information]
    if document.is_secret and any(a.department is not None for _p, a in parts):
        raise refuse(
            _("A secret document can only be assigned to named people, not to units."), "secret_needs_people"
        )
    seen: set[tuple[str, int]] = set()
    for _part, a in parts:
        _check_addressee(a, agency_id=document.agency_id, today=today)
        if _key(a) in seen:
            raise refuse(_("The same unit or person is named twice on the slip."), "recipient_duplicate")
        seen.add(_key(a))

    before = document.status
    direction = Direction.objects.create(
        document=document, directed_by=actor, directed_at=now, comment=nfc(comment).strip(), deadline=deadline
    )
    DirectionRecipient.objects.filter(document=document, current=True).update(current=False)
    DirectionRecipient.objects.bulk_create(
        [
            DirectionRecipient(
                direction=direction, document=document, part=part, department=a.department, user=a.user,
                deadline=a.deadline,
            )
            for part, a in parts
        ]
    )  # fmt: skip
    document.status = Status.ASSIGNED
    document.directed_by, document.directed_at = actor, now
    document.lead_department, document.lead_user = lead_unit, lead_user
    document.handler = lead_user
    document.deadline = deadline
    document.reminded_at = document.overdue_notified_at = None
    document.save()
    audit_record(
        actor=actor,
        action="documents.incoming_direct",
        target=document,
        from_state=before,
        to_state=document.status,
        reason=direction.comment,
        data={
            "lead_department": getattr(lead_unit, "pk", None),
            "lead_user": getattr(lead_user, "pk", None),
            "deadline": deadline.isoformat() if deadline else None,
            "recipients": len(parts),
        },
    )
    targets = [lead_user] if lead_user is not None else _unit_heads(document)
    notify_after_commit(
        users=targets,
        template="document_assigned",
        key=f"documents:incoming:{document.pk}:direction:{direction.pk}",
        context=document_context(document),
    )
    from egov.documents.services.exchange import exchange_status_for

    exchange_status_for(document=document, code="04")  # edXML arrivals only
    return document


def _unit_heads(document: IncomingDocument) -> list[Any]:
    if document.lead_department_id is None:
        return []
    return agency_users(
        agency_id=document.agency_id, roles=[Role.DEPARTMENT_HEAD], department_id=document.lead_department_id
    )


@transaction.atomic
def incoming_assign_handler(
    *,
    actor: Any,
    document: IncomingDocument,
    specialist: Any,
    deadline: date | None = None,
    comment: str = "",
    now: datetime | None = None,
) -> IncomingDocument:
    """The head of the lead unit names the handler (part 2 of the slip), with a deadline no later
    than the leader's."""
    now = now or timezone.now()
    document = lock_incoming(document)
    refuse_if_recalled(document)
    if document.status == Status.RECEIVED:
        raise refuse(
            _("This document has not been registered yet, so it cannot be assigned."), "not_registered"
        )
    if not document.is_open:
        raise refuse(_("This document is not waiting for a handler."), "not_open")
    if document.lead_department_id is None:
        raise refuse(_("This document was assigned to a person, not to a unit."), "no_lead_unit")
    if not has_role(
        user=actor,
        agency=document.agency_id,
        roles=[Role.DEPARTMENT_HEAD],
        department_id=document.lead_department_id,
    ):
        raise refuse(_("Only the head of the lead unit can name the handler."), "not_unit_head")
    if specialist is None or not (
        current_assignments(user=specialist)
        .filter(agency_id=document.agency_id, department_id=document.lead_department_id)
        .exists()
    ):
        raise refuse(_("The handler must be a staff member of the lead unit."), "handler_other_unit")
    today = timezone.localdate(now)
    if deadline is not None and deadline < today:
        raise refuse(_("The handling deadline cannot be in the past."), "deadline_past")
    if deadline is not None and document.deadline is not None and deadline > document.deadline:
        raise refuse(
            _("The handler's deadline cannot be later than the leader's deadline (%(date)s).")
            % {"date": document.deadline.strftime("%d/%m/%Y")},
            "deadline_after_lead",
        )
    assignment = HandlerAssignment.objects.create(
        document=document, assigned_by=actor, assigned_at=now, handler=specialist,
        deadline=deadline or document.deadline, comment=nfc(comment).strip(),
    )  # fmt: skip
    previous = document.handler_id
    document.handler = specialist
    document.save(update_fields=["handler"])
    audit_record(
        actor=actor,
        action="documents.incoming_assign_handler",
        target=document,
        from_state=document.status,
        to_state=document.status,
        data={"handler": specialist.pk, "previous": previous, "deadline": str(assignment.deadline or "")},
    )
    notify_after_commit(
        users=[specialist],
        template="document_assigned",
        key=f"documents:incoming:{document.pk}:handler:{assignment.pk}",
        context=document_context(document),
    )
    return document


def _check_handler(actor: Any, document: IncomingDocument, *, closing: bool = False) -> None:
    refuse_if_recalled(document)
    if document.status == Status.RECEIVED:
        raise refuse(
            _("This document has not been registered yet, so it cannot be assigned."), "not_registered"
        )
    if not document.is_open:
        raise refuse(_("This document is not being handled."), "not_open")
    if not user_may_handle(user=actor, document=document, closing=closing):
        raise refuse(_("Only the people handling this document can update it."), "not_handler")


@transaction.atomic
def incoming_progress(
    *, actor: Any, document: IncomingDocument, note: str, now: datetime | None = None
) -> HandlingUpdate:
    """A progress note by the handler (part 3 of the slip); the document moves to in progress."""
    now = now or timezone.now()
    document = lock_incoming(document)
    _check_handler(actor, document)
    text = nfc(note).strip()
    if not text:
        raise refuse(_("Enter the progress note."), "note_required")
    update = HandlingUpdate.objects.create(
        document=document, kind=HandlingUpdate.Kind.PROGRESS, author=actor, at=now, note=text
    )
    before = document.status
    if before != Status.IN_PROGRESS:
        document.status = Status.IN_PROGRESS
        document.save(update_fields=["status"])
    audit_record(
        actor=actor, action="documents.incoming_progress", target=document, from_state=before,
        to_state=document.status, reason=text,
    )  # fmt: skip
    return update


@transaction.atomic
def incoming_close(
    *,
    actor: Any,
    document: IncomingDocument,
    note: str = "",
    reply_to: OutgoingDocument | None = None,
    now: datetime | None = None,
) -> IncomingDocument:
    """Close the handling, optionally with the outgoing document that replies (tracking register)."""
    now = now or timezone.now()
    document = lock_incoming(document)
    _check_handler(actor, document, closing=True)
    if reply_to is not None and reply_to.agency_id != document.agency_id:
        raise refuse(_("The reply must be a document of the same agency."), "reply_other_agency")
    text = nfc(note).strip()
    before = document.status
    HandlingUpdate.objects.create(
        document=document, kind=HandlingUpdate.Kind.CLOSE, author=actor, at=now, note=text, reply=reply_to
    )
    document.status = Status.DONE
    document.closed_at = now
    document.reply = reply_to
    document.save(update_fields=["status", "closed_at", "reply"])
    audit_record(
        actor=actor, action="documents.incoming_close", target=document, from_state=before,
        to_state=document.status, reason=text, data={"reply": getattr(reply_to, "pk", None)},
    )  # fmt: skip
    from egov.documents.services.exchange import exchange_status_for

    exchange_status_for(document=document, code="06")  # edXML arrivals only
    return document


def recipients_of(direction: Direction) -> dict[str, Iterable[DirectionRecipient]]:
    rows = list(direction.recipients.all())
    return {part: [r for r in rows if r.part == part] for part in DirectionRecipient.Part.values}
