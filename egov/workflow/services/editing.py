"""Drafting a process definition: create it, add/update/remove steps and transitions.

Only drafts can change; a published (or retired) definition is immutable and a new version is
drafted instead (see egov.workflow.services.publishing.process_new_version).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from egov.catalog.models import Procedure
from egov.core.audit.services import audit_record
from egov.org.models import Agency, Department
from egov.workflow.guards import unknown_guards
from egov.workflow.models import ProcessDefinition, Step, Transition

STEP_FIELDS = frozenset(
    {
        "code",
        "name",
        "order",
        "role",
        "unit_rule",
        "department",
        "other_agency",
        "hours",
        "is_start",
        "is_end",
    }
)
TRANSITION_FIELDS = frozenset(
    {"code", "name", "kind", "source", "target", "guards", "requires_comment", "requires_attachment"}
)


def lock_draft(definition: ProcessDefinition) -> ProcessDefinition:
    """Re-read `definition` under a row lock and refuse anything but a draft."""
    locked = ProcessDefinition.objects.select_for_update().get(pk=definition.pk)
    if locked.status != ProcessDefinition.Status.DRAFT:
        raise ValidationError(
            _("A published process cannot be changed; draft a new version instead."), code="immutable"
        )
    return locked


def next_version(*, procedure: Procedure, agency: Agency) -> int:
    current = ProcessDefinition.objects.filter(procedure=procedure, agency=agency).aggregate(m=Max("version"))
    return int(current["m"] or 0) + 1


def process_create_draft(*, actor: Any, procedure: Procedure, agency: Agency, name: str) -> ProcessDefinition:
    """A new empty draft, numbered one above the highest version for the procedure and agency."""
    name = (name or "").strip() or procedure.name[:300]
    with transaction.atomic():
        # Serialise numbering per procedure: lock the procedure row.
        Procedure.objects.select_for_update().filter(pk=procedure.pk).first()
        definition = ProcessDefinition(
            procedure=procedure,
            agency=agency,
            version=next_version(procedure=procedure, agency=agency),
            name=name,
            status=ProcessDefinition.Status.DRAFT,
        )
        definition.full_clean()
        definition.save()
        audit_record(
            actor=actor,
            action="workflow.process_create_draft",
            target=definition,
            to_state=definition.status,
            data={"version": definition.version, "procedure": procedure.code, "agency": agency.pk},
        )
    return definition


def _check_step(step: Step, definition: ProcessDefinition) -> None:
    if step.department_id is not None and step.department is not None:
        if step.department.agency_id != definition.agency_id:
            raise ValidationError(
                {"department": _("The department does not belong to the agency of the process.")},
                code="department_agency",
            )
    step.full_clean(exclude=["definition"])


def _step_data(step: Step) -> dict[str, Any]:
    return {
        "code": step.code,
        "name": step.name,
        "order": step.order,
        "role": step.role,
        "unit_rule": step.unit_rule,
        "hours": str(step.hours),
        "is_start": step.is_start,
        "is_end": step.is_end,
    }


def step_add(
    *,
    actor: Any,
    definition: ProcessDefinition,
    code: str,
    name: str,
    role: str,
    unit_rule: str,
    hours: Decimal | int | str,
    order: int | None = None,
    department: Department | None = None,
    other_agency: Agency | None = None,
    is_start: bool = False,
    is_end: bool = False,
) -> Step:
    with transaction.atomic():
        locked = lock_draft(definition)
        if order is None:
            order = int(locked.steps.aggregate(m=Max("order"))["m"] or 0) + 10
        step = Step(
            definition=locked,
            code=code,
            name=name,
            order=order,
            role=role,
            unit_rule=unit_rule,
            department=department,
            other_agency=other_agency,
            hours=Decimal(str(hours)),
            is_start=is_start,
            is_end=is_end,
        )
        _check_step(step, locked)
        if locked.steps.filter(code=step.code).exists():
            raise ValidationError({"code": _("Another step already has this code.")}, code="step_code")
        step.save()
        audit_record(actor=actor, action="workflow.step_add", target=locked, data=_step_data(step))
    return step


def step_update(*, actor: Any, step: Step, **changes: Any) -> Step:
    """Change some fields of a draft step (names as in STEP_FIELDS)."""
    unknown = set(changes) - STEP_FIELDS
    if unknown:
        raise TypeError(f"Unknown step fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = lock_draft(step.definition)
        step = Step.objects.select_for_update().get(pk=step.pk)
        before = _step_data(step)
        for key, value in changes.items():
            setattr(step, key, Decimal(str(value)) if key == "hours" else value)
        _check_step(step, locked)
        if locked.steps.filter(code=step.code).exclude(pk=step.pk).exists():
            raise ValidationError({"code": _("Another step already has this code.")}, code="step_code")
        step.save()
        audit_record(
            actor=actor,
            action="workflow.step_update",
            target=locked,
            data={"before": before, "after": _step_data(step)},
        )
    return step


def step_remove(*, actor: Any, step: Step) -> None:
    """Remove a draft step together with the transitions into and out of it."""
    with transaction.atomic():
        locked = lock_draft(step.definition)
        data = _step_data(step)
        Transition.objects.filter(definition=locked, target=step).delete()
        Transition.objects.filter(definition=locked, source=step).delete()
        step.delete()
        audit_record(actor=actor, action="workflow.step_remove", target=locked, data=data)


def _check_transition(tr: Transition, definition: ProcessDefinition) -> None:
    errors: dict[str, Any] = {}
    if tr.source_id is not None and tr.source.definition_id != definition.pk:
        errors["source"] = _("The step belongs to another process.")
    if tr.target_id is not None and tr.target is not None and tr.target.definition_id != definition.pk:
        errors["target"] = _("The step belongs to another process.")
    if not isinstance(tr.guards, list):
        errors["guards"] = _("Conditions must be a list of names.")
    else:
        unknown = unknown_guards(tr.guards)
        if unknown:
            errors["guards"] = _("Unknown conditions: %(names)s.") % {"names": ", ".join(unknown)}
    if errors:
        raise ValidationError(errors, code="transition")
    tr.full_clean(exclude=["definition"])


def _transition_data(tr: Transition) -> dict[str, Any]:
    return {
        "code": tr.code,
        "name": tr.name,
        "kind": tr.kind,
        "source": tr.source_id,
        "target": tr.target_id,
        "guards": list(tr.guards) if isinstance(tr.guards, list) else tr.guards,
        "requires_comment": tr.requires_comment,
        "requires_attachment": tr.requires_attachment,
    }


def transition_add(
    *,
    actor: Any,
    definition: ProcessDefinition,
    code: str,
    name: str,
    kind: str,
    source: Step,
    target: Step | None = None,
    guards: list[str] | None = None,
    requires_comment: bool = False,
    requires_attachment: bool = False,
) -> Transition:
    with transaction.atomic():
        locked = lock_draft(definition)
        tr = Transition(
            definition=locked,
            code=code,
            name=name,
            kind=kind,
            source=source,
            target=target,
            guards=list(guards or []),
            requires_comment=requires_comment,
            requires_attachment=requires_attachment,
        )
        _check_transition(tr, locked)
        if locked.transitions.filter(code=tr.code).exists():
            raise ValidationError(
                {"code": _("Another transition already has this code.")}, code="transition_code"
            )
        tr.save()
        audit_record(actor=actor, action="workflow.transition_add", target=locked, data=_transition_data(tr))
    return tr


def transition_update(*, actor: Any, transition: Transition, **changes: Any) -> Transition:
    unknown = set(changes) - TRANSITION_FIELDS
    if unknown:
        raise TypeError(f"Unknown transition fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = lock_draft(transition.definition)
        tr = Transition.objects.select_for_update().get(pk=transition.pk)
        before = _transition_data(tr)
        for key, value in changes.items():
            setattr(tr, key, list(value or []) if key == "guards" else value)
        _check_transition(tr, locked)
        if locked.transitions.filter(code=tr.code).exclude(pk=tr.pk).exists():
            raise ValidationError(
                {"code": _("Another transition already has this code.")}, code="transition_code"
            )
        tr.save()
        audit_record(
            actor=actor,
            action="workflow.transition_update",
            target=locked,
            data={"before": before, "after": _transition_data(tr)},
        )
    return tr


def transition_remove(*, actor: Any, transition: Transition) -> None:
    with transaction.atomic():
        locked = lock_draft(transition.definition)
        data = _transition_data(transition)
        transition.delete()
        audit_record(actor=actor, action="workflow.transition_remove", target=locked, data=data)
