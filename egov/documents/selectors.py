"""Reads of the documents app. `documents_visible_to` is the one rule for who sees an incoming
document; every list, page, export, search and file download goes through it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from egov.core.calendar.selectors import add_working_days
from egov.core.text import fold
from egov.documents.models import (
    Direction,
    DirectionRecipient,
    HandlerAssignment,
    IncomingDocument,
    OutgoingDocument,
    OutgoingRecipient,
    RecallNotice,
    Secrecy,
)
from egov.org.models import Agency, Role
from egov.org.scoping import current_assignments, staff_scope


def _own_agency_ids(user: Any) -> tuple[bool, set[int]]:
    """(everything, agency ids): the agencies where `user` holds a current position. Documents are
    kept per agency: a leader of a parent agency does not read the registers of its sub-agencies."""
    scope = staff_scope(user=user)
    ids = set(scope.agency_ids) | set(scope.tree_root_ids) | {a for a, _ in scope.departments}
    return scope.everything, ids


def _involved(user: Any) -> Q:
    """The people a secret document is shown to: the clerk who registered it, the leader it was
    presented to, the leader who directed it, the lead person, the handler, and the people named on
    its current direction slip."""
    named = DirectionRecipient.objects.filter(document=OuterRef("pk"), user_id=user.pk, current=True)
    directed = Direction.objects.filter(document=OuterRef("pk"), directed_by_id=user.pk)
    return (
        Q(registered_by_id=user.pk)
        | Q(presented_to_id=user.pk)
        | Q(directed_by_id=user.pk)
        | Q(lead_user_id=user.pk)
        | Q(handler_id=user.pk)
        | Q(Exists(named))
        | Q(Exists(directed))
    )


def documents_visible_to(*, user: Any) -> QuerySet[IncomingDocument]:
    """Incoming documents `user` may see: those of the agencies where they hold a current position
    (all agencies for system administrators); secret ones (any secrecy above normal) only when the
    user is personally involved (see `_involved`), whatever their role."""
    qs = IncomingDocument.objects.all()
    if user is None or not getattr(user, "is_authenticated", False):
        return qs.none()
    everything, agency_ids = _own_agency_ids(user)
    if not everything and not agency_ids:
        return qs.none()
    if not everything:
        qs = qs.filter(agency_id__in=sorted(agency_ids))
    return qs.filter(Q(secrecy=Secrecy.NORMAL) | _involved(user))


def outgoing_visible_to(*, user: Any) -> QuerySet[OutgoingDocument]:
    """Outgoing documents of the user's agencies; secret ones only for their drafter and signer."""
    qs = OutgoingDocument.objects.all()
    if user is None or not getattr(user, "is_authenticated", False):
        return qs.none()
    everything, agency_ids = _own_agency_ids(user)
    if not everything and not agency_ids:
        return qs.none()
    if not everything:
        qs = qs.filter(agency_id__in=sorted(agency_ids))
    from egov.documents.models.release import OutgoingReview

    # A secret draft must reach the people who check, approve, number and release it: the clerks
    # and leaders of the issuing agency, the head of the drafting unit, and anyone who reviewed it.
    office = current_assignments(user=user, roles=[Role.CLERK, Role.AGENCY_LEADER]).values("agency_id")
    heads = current_assignments(user=user, roles=[Role.DEPARTMENT_HEAD]).values("department_id")
    reviewed = OutgoingReview.objects.filter(document=OuterRef("pk"), actor_id=user.pk)
    return qs.filter(
        Q(secrecy=Secrecy.NORMAL)
        | Q(created_by_id=user.pk)
        | Q(signer_id=user.pk)
        | Q(agency_id__in=office)
        | Q(drafting_department_id__in=heads)
        | Exists(reviewed)
    )


# -- roles ------------------------------------------------------------------------------------------


def has_role(
    *, user: Any, agency: Agency | int, roles: Iterable[str], department_id: int | None = None
) -> bool:
    """Whether `user` holds one of `roles` in `agency` today (and in `department_id` when given)."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    qs = current_assignments(user=user, roles=roles).filter(agency_id=agency_id)
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    return qs.exists()


def registering_agencies(*, user: Any) -> QuerySet[Agency]:
    """Agencies where `user` is a clerk today (where they may register incoming documents)."""
    ids = current_assignments(user=user, roles=[Role.CLERK]).values("agency_id")
    return Agency.objects.filter(pk__in=ids).order_by("name")


def incoming_actions_for(*, user: Any, document: IncomingDocument, recalled: bool | None = None) -> set[str]:
    """What `user` may do on `document` now: register (a clerk of the receiving agency, on an
    electronic arrival not registered yet), direct, assign, progress, close. Nothing on a copy its
    sender recalled (`recalled`: whether it was, when the caller already knows; else looked up)."""
    actions: set[str] = set()
    status = IncomingDocument.Status
    if recalled is None:
        recalled = RecallNotice.objects.filter(incoming_id=document.pk).exists()
    if recalled:
        return actions
    if document.status == status.RECEIVED and has_role(
        user=user, agency=document.agency_id, roles=[Role.CLERK]
    ):
        actions.add("register")
    if document.status in (status.REGISTERED, status.ASSIGNED) and has_role(
        user=user, agency=document.agency_id, roles=[Role.AGENCY_LEADER]
    ):
        actions.add("direct")
    if document.is_open and document.lead_department_id is not None:
        if has_role(
            user=user,
            agency=document.agency_id,
            roles=[Role.DEPARTMENT_HEAD],
            department_id=document.lead_department_id,
        ):
            actions.add("assign")
    if document.is_open and user_may_handle(user=user, document=document):
        actions.add("progress")
    if document.is_open and user_may_handle(user=user, document=document, closing=True):
        actions.add("close")
    return actions


def user_may_handle(*, user: Any, document: IncomingDocument, closing: bool = False) -> bool:
    """The handler, the lead person and the head of the lead unit; when `closing`, also the leader
    who directed it (who may close a document that needs no further action)."""
    if user is None or user.pk is None:
        return False
    if user.pk in (document.handler_id, document.lead_user_id):
        return True
    if closing and user.pk == document.directed_by_id:
        return True
    return document.lead_department_id is not None and has_role(
        user=user,
        agency=document.agency_id,
        roles=[Role.DEPARTMENT_HEAD],
        department_id=document.lead_department_id,
    )


# -- lists ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IncomingFilter:
    date_from: date | None = None
    date_to: date | None = None
    status: str = ""
    urgency: str = ""
    query: str = ""


def _local_start(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.min))


def incoming_list(*, user: Any, filters: IncomingFilter | None = None) -> QuerySet[IncomingDocument]:
    """The incoming register as `user` may see it, filtered, newest first; accent-insensitive search
    over the metadata (search_text), exact-accent matches of the abstract first."""
    f = filters or IncomingFilter()
    recalled = RecallNotice.objects.filter(incoming_id=OuterRef("pk"))
    qs = (
        documents_visible_to(user=user)
        .select_related("doc_type", "agency", "lead_department", "lead_user", "handler")
        .annotate(is_recalled=Exists(recalled))
    )
    if f.date_from:
        qs = qs.filter(received_at__gte=_local_start(f.date_from))
    if f.date_to:
        qs = qs.filter(received_at__lt=_local_start(f.date_to + timedelta(days=1)))
    if f.status:
        qs = qs.filter(status=f.status)
    if f.urgency:
        qs = qs.filter(urgency=f.urgency)
    if f.query.strip():
        return incoming_search(qs=qs, query=f.query)
    return qs.order_by("-received_at", "-pk")


def incoming_search(*, qs: QuerySet[IncomingDocument], query: str) -> QuerySet[IncomingDocument]:
    """Every folded word must appear in search_text; documents whose abstract, issuing body or number
    contain the query exactly as typed (with its accents) come first."""
    from django.db.models import Case, IntegerField, Value, When

    words = fold(query).split()
    for word in words[:8]:
        qs = qs.filter(search_text__contains=word)
    exact = query.strip()
    rank = Case(
        When(
            Q(abstract__contains=exact) | Q(sender_name__contains=exact) | Q(original_symbol__contains=exact),
            then=Value(0),
        ),
        default=Value(1),
        output_field=IntegerField(),
    )
    return qs.annotate(exact_rank=rank).order_by("exact_rank", "-received_at", "-pk")


def outgoing_search(*, user: Any, query: str) -> QuerySet[OutgoingDocument]:
    from django.db.models import Case, IntegerField, Value, When

    qs = outgoing_visible_to(user=user).select_related("doc_type")
    for word in fold(query).split()[:8]:
        qs = qs.filter(search_text__contains=word)
    exact = query.strip()
    rank = Case(When(abstract__contains=exact, then=Value(0)), default=Value(1), output_field=IntegerField())
    return qs.annotate(exact_rank=rank).order_by("exact_rank", "-pk")


def incoming_get(*, user: Any, pk: int) -> IncomingDocument | None:
    return (
        documents_visible_to(user=user)
        .select_related(
            "doc_type", "agency", "file", "registered_by", "directed_by", "lead_department", "lead_user",
            "handler", "reply",
        )
        .filter(pk=pk)
        .first()
    )  # fmt: skip


def incoming_recall(*, document: IncomingDocument) -> RecallNotice | None:
    """The sender's recall of this copy, for the incoming page, in one query: who (`by`), when,
    why, the recalled outgoing document, and the replacement the sender linked to it, if any
    (`has_replacement`; `replacement_number`: its number and symbol once numbered, else "";
    `replacement_copy_id`: its copy delivered to the same agency, once released)."""
    replacements = OutgoingDocument.objects.filter(replaces_id=OuterRef("outgoing_id")).order_by("-pk")
    copies = OutgoingRecipient.objects.filter(
        document__replaces_id=OuterRef("outgoing_id"),
        incoming__agency_id=document.agency_id,
    ).order_by("-pk")
    return (
        RecallNotice.objects.filter(incoming_id=document.pk)
        .select_related("outgoing", "by")
        .annotate(
            has_replacement=Exists(replacements),
            replacement_number=Subquery(replacements.exclude(number_text="").values("number_text")[:1]),
            replacement_copy_id=Subquery(copies.values("incoming_id")[:1]),
        )
        .first()
    )


def incoming_history(*, document: IncomingDocument) -> dict[str, Any]:
    """The direction slip (3 parts) and the handling history of one document."""
    directions = list(
        Direction.objects.filter(document=document)
        .select_related("directed_by")
        .prefetch_related("recipients__department", "recipients__user")
        .order_by("directed_at", "pk")
    )
    assignments = list(
        HandlerAssignment.objects.filter(document=document)
        .select_related("assigned_by", "handler")
        .order_by("assigned_at", "pk")
    )
    updates = list(document.updates.select_related("author", "reply").order_by("at", "pk"))
    direction = directions[-1] if directions else None
    order = {part: i for i, part in enumerate(DirectionRecipient.Part.values)}
    slip = sorted(direction.recipients.all(), key=lambda r: (order[r.part], r.pk)) if direction else []
    return {
        "direction": direction,
        "slip_recipients": slip,
        "directions": directions,
        "assignments": assignments,
        "assignment": assignments[-1] if assignments else None,
        "updates": updates,
    }


# -- deadlines --------------------------------------------------------------------------------------


def deadline_instant(d: date) -> datetime:
    """End of office hours of the deadline day; a non-working day moves to the next working day."""
    eve = timezone.make_aware(datetime.combine(d - timedelta(days=1), time(12, 0)))
    return add_working_days(start=eve, n=1)


def overdue_list(
    *, user: Any, today: date | None = None, department_id: int | None = None, handler_id: int | None = None
) -> QuerySet[IncomingDocument]:
    """Open documents whose handling deadline has passed, for the overdue page (by unit and handler)."""
    day = today or timezone.localdate()
    qs = documents_visible_to(user=user).filter(
        status__in=[IncomingDocument.Status.ASSIGNED, IncomingDocument.Status.IN_PROGRESS],
        deadline__lt=day,
    )
    if department_id is not None:
        qs = qs.filter(lead_department_id=department_id)
    if handler_id is not None:
        qs = qs.filter(handler_id=handler_id)
    return qs.select_related("doc_type", "lead_department", "lead_user", "handler").order_by(
        "lead_department__name", "handler_id", "deadline", "pk"
    )
