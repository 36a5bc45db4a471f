"""Reads of process definitions (no writes here)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

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
