"""The process engine: claim, reassign, delegate and move tasks along the published process.

Every change locks the task row (SELECT … FOR UPDATE) and re-checks it inside the transaction, so
two officers acting at once produce exactly one transition; the other gets `DossierConflict`.
"""

from __future__ import annotations

import importlib
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.text import nfc
from egov.dossiers.deadlines import supplement_slip_deadline, timeliness_of
from egov.dossiers.models import Dossier, SupplementationRequest, Task
from egov.dossiers.services._common import (
    audit,
    can_act,
    can_work_queue,
    conflict,
    denied,
    handover_add,
    is_manager_of,
    local_text,
    lock_dossier,
    notify_on_commit,
    require,
    task_open,
)
from egov.workflow.models import Transition


def _lock_open_task(task_id: int) -> Task:
    task = Task.objects.select_for_update().filter(pk=task_id).first()
    if task is None:
        raise ValidationError(_("This task does not exist."), code="not_found")
    if task.status != Task.Status.OPEN:
        raise conflict()
    return task


def _check_guards(*, names: list[str], dossier: Dossier, task: Task, actor: Any) -> None:
    """Run the transition's named guards from the egov.workflow.guards registry (looked up lazily)."""
    if not names:
        return
    module = importlib.import_module("egov.workflow.guards")
    evaluate = getattr(module, "evaluate_guards", None)
    if evaluate is not None:
        evaluate(names, dossier=dossier, task=task, actor=actor)
        return
    reasons: list[str] = module.guards_failing(names, dossier=dossier, task=task, actor=actor)
    if reasons:
        raise ValidationError(reasons, code="guard")


@transaction.atomic
def task_claim(*, actor: Any, task_id: int, now: datetime | None = None) -> Task:
    """Take a task from the unit queue."""
    task = _lock_open_task(task_id)
    if task.assignee_id is not None:
        if task.assignee_id == actor.pk:
            return task
        raise conflict()
    if not can_act(user=actor, task=task):
        raise denied()
    task.assignee = actor
    task.save(update_fields=["assignee"])
    audit(actor=actor, action="task.claim", dossier=task.dossier, data={"task": task.pk})
    return task


def _check_target(*, task: Task, to_user: Any) -> None:
    if not can_work_queue(
        user=to_user, agency_id=task.agency_id, department_id=task.department_id, role=task.role
    ):
        raise ValidationError(
            {"to_user": _("This person does not hold the role needed for this step in this unit.")},
        )


@transaction.atomic
def task_reassign(*, actor: Any, task_id: int, to_user: Any) -> Task:
    """A head of the unit gives the task to another officer (or back to the queue with None)."""
    task = _lock_open_task(task_id)
    if not is_manager_of(user=actor, agency_id=task.agency_id):
        raise denied()
    if to_user is not None:
        _check_target(task=task, to_user=to_user)
    before = task.assignee_id
    task.assignee = to_user
    task.delegated_from = None
    task.save(update_fields=["assignee", "delegated_from"])
    audit(
        actor=actor,
        action="task.reassign",
        dossier=task.dossier,
        data={"task": task.pk, "from_user": before, "to_user": getattr(to_user, "pk", None)},
    )
    return task


@transaction.atomic
def task_delegate(*, actor: Any, task_id: int, to_user: Any) -> Task:
    """The assignee (or a head of the unit) lets a colleague act for them; the original assignee
    stays in `delegated_from` and audit records name them as `on_behalf_of`."""
    task = _lock_open_task(task_id)
    owner = task.assignee
    if owner is None or not (owner.pk == actor.pk or is_manager_of(user=actor, agency_id=task.agency_id)):
        raise denied()
    _check_target(task=task, to_user=to_user)
    task.delegated_from = task.delegated_from or owner
    task.assignee = to_user
    task.save(update_fields=["assignee", "delegated_from"])
    audit(
        actor=actor,
        action="task.delegate",
        dossier=task.dossier,
        data={"task": task.pk, "to_user": to_user.pk},
        on_behalf_of=task.delegated_from,
    )
    return task


def _finish_dossier(*, dossier: Dossier, transition: Transition, now: datetime) -> None:
    kind = Transition.Kind
    if transition.kind == kind.REFUSE:
        dossier.status = Dossier.Status.REFUSED
    else:
        paid = dossier.fees_collected >= dossier.fees_due
        dossier.status = Dossier.Status.RESOLVED if paid else Dossier.Status.AWAITING_PAYMENT
    dossier.resolved_at = now
    dossier.timeliness = timeliness_of(done_at=now, due_at=dossier.due_at)


@transaction.atomic
def task_transition(
    *,
    actor: Any,
    task_id: int,
    transition_code: str,
    comment: str = "",
    attachment_id: Any = None,
    now: datetime | None = None,
) -> Task:
    """Move the dossier along `transition_code` from the task's step. Returns the new open task, or
    the closed task when the process ended (approve / refuse / supplementation)."""
    now = now or timezone.now()
    dossier_id = Task.objects.filter(pk=task_id).values_list("dossier_id", flat=True).first()
    if dossier_id is None:
        raise ValidationError(_("This task does not exist."), code="not_found")
    dossier = lock_dossier(dossier_id)  # lock order everywhere: dossier, then its tasks
    task = _lock_open_task(task_id)
    if not can_act(user=actor, task=task):
        raise denied()
    transition = (
        Transition.objects.select_related("target", "source")
        .filter(definition_id=task.step.definition_id, source_id=task.step_id, code=transition_code)
        .first()
    )
    require(transition is not None, _("This action is not available at this step."), "invalid_transition")
    assert transition is not None  # noqa: S101 - narrowed for mypy; require() raised otherwise
    comment = nfc(comment).strip()
    if transition.requires_comment:
        require(bool(comment), _("A comment is required for this action."), "required", "comment")
    if transition.requires_attachment:
        require(attachment_id is not None, _("Attach a document for this action."), "required", "attachment")
    _check_guards(names=list(transition.guards or []), dossier=dossier, task=task, actor=actor)
    if transition.kind == Transition.Kind.SUPPLEMENT:
        require(
            dossier.received_at is None or now <= supplement_slip_deadline(dossier.received_at),
            _(
                "Supplementation can only be requested within 3 working days of reception "
                "(Decree 118/2025, Art. 19(5))."
            ),
            "supplement_too_late",
        )
    task.status = Task.Status.DONE
    task.completed_at = now
    task.completed_by = actor
    task.outcome = transition.code
    task.comment = comment
    task.timeliness = timeliness_of(done_at=now, due_at=task.due_at)
    task.save(update_fields=["status", "completed_at", "completed_by", "outcome", "comment", "timeliness"])
    before = dossier.status
    nxt: Task | None = None
    if transition.kind == Transition.Kind.SUPPLEMENT:
        resume = transition.target or task.step
        request = SupplementationRequest.objects.create(
            dossier=dossier,
            stage=SupplementationRequest.Stage.APPRAISAL,
            step=resume,
            items=[line.strip() for line in comment.splitlines() if line.strip()],
            reason=comment,
            requested_at=now,
            requested_by=actor,
        )
        dossier.status = Dossier.Status.SUPPLEMENT_REQUESTED
        notify_on_commit(
            dossier=dossier,
            template="dossier_supplement_requested",
            event=f"supplement-{request.pk}",
            context={"items": request.items, "reason": comment},
        )
    elif transition.target is not None:
        nxt = task_open(dossier=dossier, step=transition.target, now=now)
        dossier.status = Dossier.Status.PROCESSING
    else:
        _finish_dossier(dossier=dossier, transition=transition, now=now)
        if dossier.status == Dossier.Status.RESOLVED:
            notify_on_commit(
                dossier=dossier,
                template="dossier_result_ready",
                event="result-ready",
                context={"procedure": dossier.procedure_version.name, "resolved_at": local_text(now)},
            )
    dossier.save(update_fields=["status", "resolved_at", "timeliness", "updated_at"])
    handover_add(task=task, actor=actor, now=now, to_task=nxt, note=comment)
    audit(
        actor=actor,
        action=f"task.{transition.kind}",
        dossier=dossier,
        from_state=before,
        to_state=dossier.status,
        reason=comment,
        data={
            "task": task.pk,
            "step": task.step.code,
            "transition": transition.code,
            "timeliness": task.timeliness,
            "attachment": str(attachment_id) if attachment_id else "",
        },
        on_behalf_of=task.delegated_from,
    )
    return nxt or task
