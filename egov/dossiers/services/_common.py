"""Shared pieces of the dossier services: errors, audit, notifications, permissions, task opening."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.audit.services import audit_fields, audit_record
from egov.dossiers.deadlines import step_due
from egov.dossiers.models import Dossier, Handover, Task
from egov.dossiers.public_status import forget as public_status_forget
from egov.org.models import Role
from egov.org.scoping import current_assignments
from egov.workflow.models import Step

MANAGER_ROLES = (Role.DEPARTMENT_HEAD.value, Role.AGENCY_LEADER.value, Role.AGENCY_ADMIN.value)
OPEN_STATUSES = (
    Dossier.Status.RECEIVED,
    Dossier.Status.PROCESSING,
    Dossier.Status.SUPPLEMENT_REQUESTED,
    Dossier.Status.AWAITING_PAYMENT,
)


class DossierConflict(ValidationError):
    """Someone else changed the dossier or task first (concurrent action)."""


def conflict() -> DossierConflict:
    return DossierConflict(
        _("The dossier has already been handled by another officer. Reload the page to see its state."),
        code="conflict",
    )


def denied() -> ValidationError:
    return ValidationError(_("You are not allowed to act on this dossier."), code="forbidden")


def audit(
    *,
    actor: Any,
    action: str,
    dossier: Dossier,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
    on_behalf_of: Any = None,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=dossier,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data={"code": dossier.code, **(data or {})},
        on_behalf_of=on_behalf_of,
    )
    # The public status page caches answers per process; this process drops its copy on commit
    # (other workers' copies expire after EGOV_PUBLIC_STATUS_CACHE_SECONDS).
    code = dossier.code
    transaction.on_commit(lambda: public_status_forget(code))


def audit_event(
    *,
    actor: Any,
    action: str,
    dossier: Dossier,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Like `audit`, but returns the event fields for a later `audit_record_many` (one chain lock
    for several events of the same transaction)."""
    return audit_fields(
        actor=actor,
        action=action,
        target=dossier,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data={"code": dossier.code, **(data or {})},
    )


def notify_on_commit(*, dossier: Dossier, template: str, event: str, context: dict[str, Any]) -> None:
    """Queue e-mail and SMS to the applicant after commit (outbox rows with unique keys)."""
    from egov.notifications.services import notification_enqueue

    targets = [("email", dossier.applicant_email), ("sms", dossier.applicant_phone)]
    if dossier.applicant_user_id is not None:
        # An online applicant's account chooses its channels (profile: notification preferences).
        user = dossier.applicant_user
        targets = [
            (channel, recipient)
            for channel, recipient in targets
            if getattr(user, "notify_email" if channel == "email" else "notify_sms", True)
        ]
    full = {"code": dossier.code, "applicant_name": dossier.applicant_name, **context}

    def send() -> None:
        for channel, recipient in targets:
            if recipient:
                notification_enqueue(
                    channel=channel,
                    recipient=recipient,
                    template=template,
                    context=full,
                    idempotency_key=f"dossier:{dossier.code}:{event}:{channel}",
                )

    transaction.on_commit(send)


def local_text(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y") if value else ""


def can_work_queue(*, user: Any, agency_id: int, department_id: int | None, role: str) -> bool:
    """Whether `user` holds a current assignment with `role` in the queue's agency (and department)."""
    if user is None or not getattr(user, "is_active", False):
        return False
    if user.is_superuser:
        return True
    qs = current_assignments(user=user, roles=[role]).filter(agency_id=agency_id)
    if department_id is not None:
        qs = qs.filter(Q(department_id=department_id) | Q(department__isnull=True))
    return qs.exists()


def is_manager_of(*, user: Any, agency_id: int) -> bool:
    if user is None or not getattr(user, "is_active", False):
        return False
    if user.is_superuser:
        return True
    return current_assignments(user=user, roles=MANAGER_ROLES).filter(agency_id=agency_id).exists()


def is_dossier_staff(*, user: Any, dossier: Dossier) -> bool:
    """Staff of the receiving or competent agency, or of an agency holding an open task."""
    if user is None or not getattr(user, "is_active", False):
        return False
    if user.is_superuser:
        return True
    task_agencies = Task.objects.filter(dossier=dossier, status=Task.Status.OPEN).values("agency_id")
    return (
        current_assignments(user=user)
        .filter(
            Q(agency_id__in=[dossier.receiving_agency_id, dossier.competent_agency_id])
            | Q(agency_id__in=task_agencies)
        )
        .exists()
    )


def can_act(*, user: Any, task: Task) -> bool:
    if task.assignee_id is not None:
        return bool(task.assignee_id == user.pk or user.is_superuser)
    return can_work_queue(
        user=user, agency_id=task.agency_id, department_id=task.department_id, role=task.role
    )


def queue_for(*, step: Step, dossier: Dossier) -> tuple[int, int | None]:
    """(agency id, department id) of the queue that receives a task at `step`."""
    rule = Step.UnitRule
    if step.unit_rule == rule.RECEIVING_UNIT:
        return dossier.receiving_agency_id, step.department_id
    if step.unit_rule == rule.OTHER_AGENCY and step.other_agency_id is not None:
        return step.other_agency_id, step.department_id
    return dossier.competent_agency_id, step.department_id


def task_open(*, dossier: Dossier, step: Step, now: datetime, assignee: Any = None) -> Task:
    agency_id, department_id = queue_for(step=step, dossier=dossier)
    return Task.objects.create(
        dossier=dossier,
        step=step,
        agency_id=agency_id,
        department_id=department_id,
        role=step.role,
        assignee=assignee,
        created_at=now,
        due_at=step_due(start=now, hours=step.hours),
    )


def handover_add(*, task: Task, actor: Any, now: datetime, to_task: Task | None, note: str = "") -> Handover:
    return Handover.objects.create(
        dossier_id=task.dossier_id,
        at=now,
        from_agency_id=task.agency_id,
        from_user=actor,
        to_agency_id=to_task.agency_id if to_task else None,
        to_user=to_task.assignee if to_task else None,
        step_name=task.step.name,
        timeliness=task.timeliness,
        note=note[:500],
    )


def cancel_open_tasks(*, dossier: Dossier, actor: Any, now: datetime) -> int:
    return Task.objects.filter(dossier=dossier, status=Task.Status.OPEN).update(
        status=Task.Status.CANCELLED, completed_at=now, completed_by=actor
    )


def lock_dossier(dossier: Dossier | int) -> Dossier:
    pk = dossier if isinstance(dossier, int) else dossier.pk
    return Dossier.objects.select_for_update().select_related("procedure_version").get(pk=pk)


def require(condition: bool, message: str, code: str, field: str | None = None) -> None:
    if not condition:
        error = ValidationError(message, code=code)
        raise ValidationError({field: error}) if field else error
