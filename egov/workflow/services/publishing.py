"""Publishing a draft and drafting a new version of a published definition."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.audit.services import audit_record
from egov.workflow.models import ProcessDefinition
from egov.workflow.services.checks import CheckResult, process_check
from egov.workflow.services.editing import lock_draft
from egov.workflow.services.transfer import process_export, process_import


class PublishError(ValidationError):
    """Publishing refused; `.result` holds every failing check."""

    def __init__(self, result: CheckResult) -> None:
        super().__init__([p.message for p in result.problems], code="publish_checks")
        self.result = result


def process_publish(*, actor: Any, definition: ProcessDefinition) -> ProcessDefinition:
    """Run every publish check; publish the draft and retire the previously published version."""
    with transaction.atomic():
        locked = lock_draft(definition)
        result = process_check(locked)
        if not result.ok:
            raise PublishError(result)
        previous = (
            ProcessDefinition.objects.select_for_update()
            .filter(
                procedure_id=locked.procedure_id,
                agency_id=locked.agency_id,
                status=ProcessDefinition.Status.PUBLISHED,
            )
            .first()
        )
        if previous is not None:
            previous.status = ProcessDefinition.Status.RETIRED
            previous.save(update_fields=["status"])
            audit_record(
                actor=actor,
                action="workflow.process_retire",
                target=previous,
                from_state=ProcessDefinition.Status.PUBLISHED,
                to_state=ProcessDefinition.Status.RETIRED,
                reason=_("Replaced by version %(version)d.") % {"version": locked.version},
            )
        locked.status = ProcessDefinition.Status.PUBLISHED
        locked.published_at = timezone.now()
        locked.published_by = actor if getattr(actor, "pk", None) else None
        locked.save(update_fields=["status", "published_at", "published_by"])
        audit_record(
            actor=actor,
            action="workflow.process_publish",
            target=locked,
            from_state=ProcessDefinition.Status.DRAFT,
            to_state=ProcessDefinition.Status.PUBLISHED,
            data={
                "version": locked.version,
                "total_hours": str(result.total_hours),
                "notes": [str(n) for n in result.notes],
            },
        )
    return locked


def process_new_version(*, actor: Any, definition: ProcessDefinition) -> ProcessDefinition:
    """Copy a published (or retired) definition into a new draft for the same procedure and agency."""
    definition = ProcessDefinition.objects.select_related("procedure", "agency").get(pk=definition.pk)
    if definition.status == ProcessDefinition.Status.DRAFT:
        raise ValidationError(_("This version is still a draft; edit it instead."), code="is_draft")
    existing = (
        ProcessDefinition.objects.filter(
            procedure_id=definition.procedure_id,
            agency_id=definition.agency_id,
            status=ProcessDefinition.Status.DRAFT,
        )
        .order_by("-version")
        .first()
    )
    if existing is not None:
        raise ValidationError(
            _("Draft version %(version)d already exists; edit or publish it first.")
            % {"version": existing.version},
            code="draft_exists",
        )
    with transaction.atomic():
        data = process_export(definition)
        draft = process_import(
            actor=actor, data=data, procedure=definition.procedure, agency=definition.agency
        )
        audit_record(
            actor=actor,
            action="workflow.process_new_version",
            target=draft,
            to_state=draft.status,
            data={"from_version": definition.version, "version": draft.version},
        )
    return draft
