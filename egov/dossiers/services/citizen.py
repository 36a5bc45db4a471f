"""What the applicant does online on their own dossier: send the supplement that was asked for,
and withdraw. The owner rule is `dossiers_owned_by` (Dossier.applicant_user)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.files.models import StoredFile
from egov.core.files.services import file_attach
from egov.core.text import nfc
from egov.dossiers.models import Dossier, DossierComponent, SupplementationRequest
from egov.dossiers.services._common import (
    audit,
    cancel_open_tasks,
    denied,
    lock_dossier,
    notify_on_commit,
    require,
)

WITHDRAWABLE = (
    Dossier.Status.SUBMITTED,
    Dossier.Status.RECEIVED,
    Dossier.Status.PROCESSING,
    Dossier.Status.SUPPLEMENT_REQUESTED,
)


@dataclass(frozen=True)
class SupplementFile:
    name: str  # what the file is (one of the requested items, or free text)
    file: StoredFile


def _check_owner(*, actor: Any, dossier: Dossier) -> None:
    if not getattr(actor, "is_authenticated", False) or dossier.applicant_user_id != actor.pk:
        raise denied()


@transaction.atomic
def dossier_supplement_submit_online(
    *,
    actor: Any,
    dossier: Dossier,
    files: list[SupplementFile],
    note: str = "",
    now: datetime | None = None,
) -> SupplementationRequest:
    """The applicant sends the requested documents online. The dossier stays waiting until the
    one-stop unit checks them and re-accepts it (`dossier_supplement_complete`, which restarts the
    clock); the officers are told by the reception queue and the audit trail."""
    now = now or timezone.now()
    locked = lock_dossier(dossier)
    _check_owner(actor=actor, dossier=locked)
    require(
        locked.status == Dossier.Status.SUPPLEMENT_REQUESTED,
        _("This dossier is not waiting for supplementation."),
        "invalid_state",
    )
    request = (
        locked.supplementations.select_for_update()
        .filter(completed_at__isnull=True, closed_at__isnull=True)
        .order_by("-requested_at")
        .first()
    )
    if request is None:
        raise ValidationError(_("This dossier is not waiting for supplementation."), code="invalid_state")
    require(
        request.submitted_online_at is None,
        _("You have already sent the supplement. Please wait for the one-stop unit to check it."),
        "already_sent",
    )
    require(bool(files), _("Attach at least one document."), "required", "files")
    for item in files:
        require(
            item.file.uploaded_by_id == actor.pk,
            _("You can only attach your own documents."),
            "not_owner",
            "files",
        )
    components = []
    for item in files:
        stored = file_attach(stored=item.file, owner=locked, user=actor)
        components.append(
            DossierComponent(
                dossier=locked,
                name=nfc(item.name).strip()[:500] or stored.original_name,
                form="copy",
                copies=1,
                file=stored,
            )
        )
    DossierComponent.objects.bulk_create(components)
    request.submitted_online_at = now
    request.applicant_note = nfc(note).strip()[:2000]
    request.save(update_fields=["submitted_online_at", "applicant_note"])
    audit(
        actor=actor,
        action="dossier.supplement_submit_online",
        dossier=locked,
        from_state=locked.status,
        to_state=locked.status,
        data={"files": [str(c.file_id) for c in components]},
    )
    notify_on_commit(
        dossier=locked,
        template="dossier_supplement_received",
        event=f"supplement-sent-{request.pk}",
        context={"procedure": locked.procedure_version.name},
    )
    return request


@transaction.atomic
def dossier_withdraw_by_applicant(
    *, actor: Any, dossier: Dossier, reason: str, now: datetime | None = None
) -> Dossier:
    """The applicant withdraws their dossier (any time before the decision)."""
    now = now or timezone.now()
    reason = nfc(reason).strip()
    require(bool(reason), _("Tell us why you withdraw the dossier."), "required", "reason")
    locked = lock_dossier(dossier)
    _check_owner(actor=actor, dossier=locked)
    require(
        locked.status in WITHDRAWABLE,
        _("This dossier can no longer be withdrawn: a decision has been made."),
        "invalid_state",
    )
    before = locked.status
    cancel_open_tasks(dossier=locked, actor=actor, now=now)
    locked.status = Dossier.Status.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    audit(
        actor=actor,
        action="dossier.withdraw",
        dossier=locked,
        from_state=before,
        to_state=locked.status,
        reason=reason[:2000],
        data={"by": "applicant"},
    )
    return locked
