"""Supplementation during appraisal (Decree 118/2025 Art. 19(5)) and its expiry."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.catalog.models import ProcedureVersion
from egov.core.calendar.selectors import add_working_hours, working_time_between
from egov.core.text import nfc
from egov.dossiers.deadlines import SUPPLEMENT_EXPIRY_DAYS, dossier_due
from egov.dossiers.models import Dossier, DossierComponent, SupplementationRequest
from egov.dossiers.services._common import (
    audit,
    can_work_queue,
    cancel_open_tasks,
    denied,
    lock_dossier,
    require,
    task_open,
)
from egov.dossiers.services.intake import INTAKE_ROLES, start_process
from egov.dossiers.types import ComponentInput


@transaction.atomic
def dossier_supplement_complete(
    *,
    actor: Any,
    dossier: Dossier,
    components: list[ComponentInput] | None = None,
    now: datetime | None = None,
) -> Dossier:
    """The applicant brought the missing documents; the one-stop unit re-accepts the dossier.

    restart (default, Decree 118 Art. 19(5)): clock_started_at = now and due_at = the FULL period
    counted again from now. pause (sector law): due_at moves by the working time spent waiting.
    Processing resumes with a task at the step that asked (intake requests restart the process).
    """
    now = now or timezone.now()
    locked = lock_dossier(dossier)
    require(
        locked.status == Dossier.Status.SUPPLEMENT_REQUESTED,
        _("This dossier is not waiting for supplementation."),
        "invalid_state",
    )
    if not any(
        can_work_queue(user=actor, agency_id=locked.receiving_agency_id, department_id=None, role=r)
        for r in INTAKE_ROLES
    ):
        raise denied()
    request = locked.supplementations.filter(completed_at__isnull=True, closed_at__isnull=True).latest(
        "requested_at"
    )
    request.completed_at = now
    request.save(update_fields=["completed_at"])
    DossierComponent.objects.bulk_create(
        DossierComponent(
            dossier=locked,
            procedure_component_id=c.procedure_component_id,
            name=nfc(c.name).strip(),
            form=c.form,
            copies=c.copies,
            file_id=c.file_id,
        )
        for c in components or []
    )
    version = locked.procedure_version
    before = locked.status
    if version.supplementation_mode == ProcedureVersion.SupplementationMode.PAUSE and locked.due_at:
        paused = working_time_between(a=request.requested_at, b=now)
        hours = Decimal(paused.total_seconds()) / Decimal(3600)
        locked.due_at = add_working_hours(start=locked.due_at, hours=float(hours))
    else:
        locked.clock_started_at = now
        locked.due_at = dossier_due(version=version, start=now)
    if locked.accepted_at is None:
        locked.accepted_at = now
    locked.status = Dossier.Status.PROCESSING
    locked.save(update_fields=["due_at", "clock_started_at", "accepted_at", "status", "updated_at"])
    if request.step_id is not None:
        task_open(dossier=locked, step=request.step, now=now)  # type: ignore[arg-type]
    else:
        start_process(dossier=locked, actor=actor, now=now)
    audit(
        actor=actor,
        action="dossier.supplement_complete",
        dossier=locked,
        from_state=before,
        to_state=locked.status,
        data={
            "mode": version.supplementation_mode,
            "due_at": locked.due_at.isoformat() if locked.due_at else "",
        },
    )
    return locked


def supplement_close_expired(now: datetime | None = None) -> int:
    """Close dossiers whose open supplementation request is older than 15 *calendar* days
    (Decree 118 Art. 19(5) counts "15 ngày"). Safe to run twice: each dossier is locked and
    re-checked. Periodic job: egov.dossiers.periodic.supplement_close_expired."""
    now = now or timezone.now()
    limit = now - timedelta(days=SUPPLEMENT_EXPIRY_DAYS)
    ids = list(
        SupplementationRequest.objects.filter(
            completed_at__isnull=True,
            closed_at__isnull=True,
            requested_at__lt=limit,
            dossier__status=Dossier.Status.SUPPLEMENT_REQUESTED,
        ).values_list("dossier_id", flat=True)
    )
    closed = 0
    for dossier_id in ids:
        with transaction.atomic():
            dossier = lock_dossier(dossier_id)
            if dossier.status != Dossier.Status.SUPPLEMENT_REQUESTED:
                continue
            dossier.supplementations.filter(completed_at__isnull=True, closed_at__isnull=True).update(
                closed_at=now
            )
            cancel_open_tasks(dossier=dossier, actor=None, now=now)
            dossier.status = Dossier.Status.CLOSED
            dossier.save(update_fields=["status", "updated_at"])
            audit(
                actor=None,
                action="dossier.supplement_expired",
                dossier=dossier,
                from_state=Dossier.Status.SUPPLEMENT_REQUESTED,
                to_state=Dossier.Status.CLOSED,
                reason=_("Not supplemented within %(days)d days.") % {"days": SUPPLEMENT_EXPIRY_DAYS},
            )
            closed += 1
    return closed
