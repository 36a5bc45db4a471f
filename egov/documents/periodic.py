"""Periodic job of the documents app (register in egov.core.periodic.PERIODIC_JOBS):

- egov.documents.periodic.documents_remind

Safe to run twice at once: reminded_at / overdue_notified_at are set by conditional updates, and
the outbox keys are unique.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from egov.core.calendar.selectors import add_working_hours
from egov.documents import conf
from egov.documents.models import IncomingDocument
from egov.documents.selectors import deadline_instant
from egov.documents.services.common import agency_users, document_context, notify_after_commit
from egov.org.models import Role

OPEN = (IncomingDocument.Status.ASSIGNED, IncomingDocument.Status.IN_PROGRESS)


def _handlers(document: IncomingDocument) -> list[object]:
    if document.handler is not None:
        return [document.handler]
    if document.lead_user is not None:
        return [document.lead_user]
    if document.lead_department_id is not None:
        return agency_users(
            agency_id=document.agency_id,
            roles=[Role.DEPARTMENT_HEAD],
            department_id=document.lead_department_id,
        )
    return []


def documents_remind(now: datetime | None = None) -> int:
    """Remind the handler once when an open document's deadline is within EGOV_DOCUMENT_REMIND_HOURS
    working hours (default 8); tell the directing leader once when it is overdue. Returns the number
    of documents handled."""
    now = now or timezone.now()
    horizon = add_working_hours(start=now, hours=conf.remind_hours())
    handled = 0
    # Deadlines are dates: look a little wider in SQL, decide exactly with the calendar.
    base = IncomingDocument.objects.filter(status__in=OPEN, deadline__isnull=False).select_related(
        "handler", "lead_user", "directed_by"
    )
    last_day = timezone.localdate(horizon) + timedelta(days=1)
    for document in base.filter(reminded_at__isnull=True, deadline__lte=last_day).order_by("pk"):
        assert document.deadline is not None  # noqa: S101 - filtered above
        end = deadline_instant(document.deadline)
        if not (now < end <= horizon):
            continue
        with transaction.atomic():
            if not IncomingDocument.objects.filter(pk=document.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                continue
            notify_after_commit(
                users=_handlers(document),
                template="document_due_soon",
                key=f"documents:incoming:{document.pk}:due_soon",
                context=document_context(document),
            )
            handled += 1
    today = timezone.localdate(now)
    for document in base.filter(overdue_notified_at__isnull=True, deadline__lte=today).order_by("pk"):
        assert document.deadline is not None  # noqa: S101 - filtered above
        if deadline_instant(document.deadline) > now:
            continue
        with transaction.atomic():
            updated = IncomingDocument.objects.filter(
                pk=document.pk, overdue_notified_at__isnull=True
            ).update(overdue_notified_at=now)
            if not updated:
                continue
            leaders = [document.directed_by] if document.directed_by else []
            notify_after_commit(
                users=leaders or agency_users(agency_id=document.agency_id, roles=[Role.AGENCY_LEADER]),
                template="document_overdue",
                key=f"documents:incoming:{document.pk}:overdue",
                context=document_context(document),
            )
            handled += 1
    return handled
