"""Periodic jobs of the dossiers app (register the dotted paths in egov.core.periodic.PERIODIC_JOBS):

- egov.dossiers.periodic.tasks_warn_and_escalate
- egov.dossiers.periodic.supplement_close_expired
- egov.dossiers.periodic.online_alerts_sweep

All take no argument (`now` defaults to the current time), return how many items they handled, and
are safe to run twice at once (conditional updates: warned_at / escalated_at are set only once).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from egov.core.audit.services import audit_record
from egov.core.calendar.selectors import add_working_hours
from egov.dossiers.models import Task
from egov.dossiers.services.supplementation import supplement_close_expired
from egov.org.models import Role, StaffAssignment

DEFAULT_WARN_HOURS = 1.0  # setting EGOV_TASK_WARN_WORKING_HOURS


def _recipients(task: Task, *, roles: tuple[str, ...]) -> list[Any]:
    qs = StaffAssignment.objects.filter(agency_id=task.agency_id, role__in=roles).select_related("user")
    today = timezone.localdate()
    users = {a.user for a in qs if a.is_current(today) and a.user.is_active}
    return sorted(users, key=lambda u: u.pk)


def _notify(*, users: list[Any], template: str, key: str, context: dict[str, Any]) -> None:
    from egov.notifications.services import notification_enqueue

    def send() -> None:
        for user in users:
            if user.email:
                notification_enqueue(
                    channel="email",
                    recipient=user.email,
                    template=template,
                    context=context,
                    idempotency_key=f"{key}:{user.pk}",
                )

    transaction.on_commit(send)


def _context(task: Task) -> dict[str, Any]:
    return {
        "code": task.dossier.code,
        "step": task.step.name,
        "due_at": timezone.localtime(task.due_at).strftime("%H:%M %d/%m/%Y"),
    }


def tasks_warn_and_escalate(now: datetime | None = None) -> int:
    """Warn the assignee (or the queue) when an open task is due within
    EGOV_TASK_WARN_WORKING_HOURS working hours (default 1); escalate overdue tasks to the unit's
    department heads and agency leaders. Returns warnings + escalations sent."""
    now = now or timezone.now()
    hours = float(getattr(settings, "EGOV_TASK_WARN_WORKING_HOURS", DEFAULT_WARN_HOURS))
    horizon = add_working_hours(start=now, hours=hours)
    handled = 0
    base = Task.objects.filter(status=Task.Status.OPEN).select_related("dossier", "step", "assignee")
    for task in base.filter(warned_at__isnull=True, due_at__gt=now, due_at__lte=horizon):
        with transaction.atomic():
            if not Task.objects.filter(pk=task.pk, warned_at__isnull=True).update(warned_at=now):
                continue
            users = [task.assignee] if task.assignee else _recipients(task, roles=(task.role,))
            _notify(users=users, template="task_due_soon", key=f"task:{task.pk}:warn", context=_context(task))
            handled += 1
    for task in base.filter(escalated_at__isnull=True, due_at__lte=now):
        with transaction.atomic():
            if not Task.objects.filter(pk=task.pk, escalated_at__isnull=True).update(escalated_at=now):
                continue
            users = _recipients(task, roles=(Role.DEPARTMENT_HEAD.value, Role.AGENCY_LEADER.value))
            _notify(
                users=users, template="task_escalated", key=f"task:{task.pk}:escalate", context=_context(task)
            )
            audit_record(
                actor=None,
                action="task.escalate",
                target=task.dossier,
                data={"code": task.dossier.code, "task": task.pk, "to": [u.pk for u in users]},
            )
            handled += 1
    return handled


def online_alerts_sweep(now: datetime | None = None) -> int:
    """Rule 5a: alert the reception officers of every online dossier still waiting without an alert
    (national-portal pulls, a crash between the submission and its on_commit alert), then report
    once to the leaders every dossier still waiting past the 8 working hours. Returns the number of
    dossiers alerted or escalated. Safe to run twice at once (conditional update / locked check)."""
    from django.db.models import CharField, Exists, OuterRef
    from django.db.models.functions import Cast

    from egov.core.audit.models import AuditEvent
    from egov.dossiers.models import Dossier
    from egov.dossiers.reception_selectors import RECEIVED, late_q, waiting_online
    from egov.dossiers.services.online_alert import (
        ESCALATE_ACTION,
        online_dossier_alert,
        online_dossier_escalate,
    )

    now = now or timezone.now()
    handled = 0
    waiting = waiting_online()
    for pk in (
        waiting.filter(online_alerted_at__isnull=True).order_by(RECEIVED, "pk").values_list("pk", flat=True)
    ):
        handled += 1 if online_dossier_alert(dossier_id=pk, now=now) else 0
    escalated = AuditEvent.objects.filter(
        action=ESCALATE_ACTION,
        object_type=Dossier._meta.label_lower,
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
    )
    late = waiting.filter(late_q(now=now)).exclude(Exists(escalated)).order_by(RECEIVED, "pk")
    for pk in late.values_list("pk", flat=True):
        handled += 1 if online_dossier_escalate(dossier_id=pk, now=now) else 0
    return handled


__all__ = ["online_alerts_sweep", "supplement_close_expired", "tasks_warn_and_escalate"]
