"""Reads of process definitions (no writes here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.signals import post_delete, post_save

from egov.catalog.models import Procedure
from egov.org.models import Agency, Role
from egov.org.scoping import agencies_visible_to, user_can_see_agency
from egov.workflow.models import ProcessDefinition, Step, Transition

EDITOR_ROLES = (Role.AGENCY_ADMIN.value, Role.SYSTEM_ADMIN.value)


def process_published_for(*, procedure: Procedure, agency: Agency) -> ProcessDefinition | None:
    return ProcessDefinition.objects.filter(
        procedure=procedure, agency=agency, status=ProcessDefinition.Status.PUBLISHED
    ).first()


def start_step(definition: ProcessDefinition) -> Step | None:
    return definition.steps.filter(is_start=True).order_by("order", "pk").first()


def transitions_from(step: Step) -> QuerySet[Transition]:
    return Transition.objects.filter(source=step).select_related("target").order_by("pk")


def process_list_for(*, user: Any) -> QuerySet[ProcessDefinition]:
    """Definitions of the agencies `user` may see, newest first per procedure and agency."""
    return (
        ProcessDefinition.objects.filter(agency__in=agencies_visible_to(user=user))
        .select_related("procedure", "agency")
        .annotate(step_count=Count("steps", distinct=True))
        .order_by("procedure__code", "agency__name", "-version")
    )


def process_get_for(*, user: Any, pk: int) -> ProcessDefinition | None:
    """One definition if `user` may see its agency, else None."""
    return process_list_for(user=user).filter(pk=pk).first()


def process_can_edit(*, user: Any, agency: Agency) -> bool:
    """Agency administrators (for their agency tree), system administrators and superusers."""
    if getattr(user, "is_superuser", False):
        return True
    return user_can_see_agency(user=user, agency=agency, roles=EDITOR_ROLES)


def editable_agencies(*, user: Any) -> QuerySet[Agency]:
    return agencies_visible_to(user=user, roles=EDITOR_ROLES)


def process_steps(definition: ProcessDefinition) -> list[Step]:
    return list(definition.steps.select_related("department", "other_agency").order_by("order", "pk"))


def process_transitions(definition: ProcessDefinition) -> list[Transition]:
    return list(
        definition.transitions.select_related("source", "target").order_by("source__order", "source_id", "pk")
    )


# --- published definitions, cached in memory ----------------------------------------------------


@dataclass(frozen=True)
class ProcessShape:
    """What intake needs of a definition: its start step, the first forward transition out of it
    (with a target) and whether a step goes to another agency (liên thông)."""

    start: Step | None
    forward: Transition | None
    interagency: bool


_SHAPES: dict[tuple[int, Any], ProcessShape] = {}
_SHAPES_MAX = 4096


def _shape_query(definition_id: int) -> ProcessShape:
    steps = list(Step.objects.filter(definition_id=definition_id).order_by("order", "pk"))
    start = next((s for s in steps if s.is_start), None)
    forward = None
    if start is not None:
        forward = (
            Transition.objects.filter(source=start, kind=Transition.Kind.FORWARD, target__isnull=False)
            .select_related("target")
            .order_by("pk")
            .first()
        )
    interagency = any(s.unit_rule == Step.UnitRule.OTHER_AGENCY for s in steps)
    return ProcessShape(start=start, forward=forward, interagency=interagency)


def process_shape(definition: ProcessDefinition) -> ProcessShape:
    """The shape of `definition`. A published (or later) definition is immutable, so its shape is
    kept in memory, keyed by id and publication time; drafts are always read afresh. Treat the
    returned steps and transitions as read-only: they are shared between callers and threads."""
    if definition.status == ProcessDefinition.Status.DRAFT:
        return _shape_query(definition.pk)
    key = (definition.pk, definition.published_at)
    shape = _SHAPES.get(key)
    if shape is None:
        shape = _shape_query(definition.pk)
        if len(_SHAPES) >= _SHAPES_MAX:
            _SHAPES.clear()
        _SHAPES[key] = shape
    return shape


def process_shape_cache_clear(**_: Any) -> None:
    _SHAPES.clear()


for _model in (ProcessDefinition, Step, Transition):
    post_save.connect(
        process_shape_cache_clear, sender=_model, dispatch_uid=f"process_shape_{_model.__name__}"
    )
    post_delete.connect(
        process_shape_cache_clear, sender=_model, dispatch_uid=f"process_shape_del_{_model.__name__}"
    )
