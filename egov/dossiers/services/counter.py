"""Refusal (form 03) and supplementation request (form 02) at the counter: the dossier is created
with that outcome, so it has a code and a slip to print, but no processing clock."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.text import nfc
from egov.dossiers.models import Dossier, SupplementationRequest
from egov.dossiers.services._common import audit, notify_on_commit, require
from egov.dossiers.services.intake import _check_receiver, create_dossier
from egov.dossiers.types import IntakeData
from egov.org.models import Agency


@transaction.atomic
def dossier_refuse_at_counter(
    *, actor: Any, receiving_agency: Agency, data: IntakeData, reason: str, now: datetime | None = None
) -> Dossier:
    """Form 03 at the counter: record the refused dossier (code, applicant, reason); no clock."""
    now = now or timezone.now()
    reason = nfc(reason).strip()
    require(bool(reason), _("Give the reason for refusing the dossier."), "required", "reason")
    _check_receiver(actor=actor, agency_id=receiving_agency.pk)
    dossier = create_dossier(
        actor=actor,
        receiving_agency=receiving_agency,
        data=data,
        now=now,
        status=Dossier.Status.REFUSED,
        check_components=False,
    )
    audit(
        actor=actor,
        action="dossier.refuse_at_counter",
        dossier=dossier,
        from_state="",
        to_state=dossier.status,
        reason=reason,
    )
    return dossier


@transaction.atomic
def dossier_request_supplement_at_counter(
    *,
    actor: Any,
    receiving_agency: Agency,
    data: IntakeData,
    items: list[str],
    reason: str,
    now: datetime | None = None,
) -> Dossier:
    """Form 02 at the counter: the dossier waits for the applicant to come back with the complete
    set; `dossier_supplement_complete` then accepts it and starts the clock."""
    now = now or timezone.now()
    reason = nfc(reason).strip()
    clean = [nfc(i).strip() for i in items if nfc(i).strip()]
    require(bool(clean), _("List the documents to supplement."), "required", "items")
    require(bool(reason), _("Give the reason for the supplementation request."), "required", "reason")
    _check_receiver(actor=actor, agency_id=receiving_agency.pk)
    dossier = create_dossier(
        actor=actor,
        receiving_agency=receiving_agency,
        data=data,
        now=now,
        status=Dossier.Status.SUPPLEMENT_REQUESTED,
        check_components=False,
    )
    request = SupplementationRequest.objects.create(
        dossier=dossier,
        stage=SupplementationRequest.Stage.INTAKE,
        items=clean,
        reason=reason,
        requested_at=now,
        requested_by=actor,
    )
    audit(
        actor=actor,
        action="dossier.supplement_at_counter",
        dossier=dossier,
        to_state=dossier.status,
        reason=reason,
        data={"items": clean},
    )
    notify_on_commit(
        dossier=dossier,
        template="dossier_supplement_requested",
        event=f"supplement-{request.pk}",
        context={"items": clean, "reason": reason},
    )
    return dossier
