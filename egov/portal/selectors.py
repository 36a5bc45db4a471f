"""Portal reads. A citizen sees only their own drafts, dossiers and files."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from egov.core.audit.models import AuditEvent
from egov.core.files.models import StoredFile
from egov.dossiers.models import Dossier, SupplementationRequest
from egov.dossiers.selectors import dossiers_owned_by
from egov.portal.models import Draft


def drafts_open_for(*, user: Any) -> QuerySet[Draft]:
    if not getattr(user, "is_authenticated", False):
        return Draft.objects.none()
    return (
        Draft.objects.filter(user_id=user.pk, status=Draft.Status.OPEN)
        .select_related("procedure_version", "agency")
        .order_by("-updated_at")
    )


def draft_for(*, user: Any, draft_id: Any) -> Draft | None:
    """The citizen's own draft (any status), or None: another person's draft does not exist."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Draft.objects.select_related("procedure_version__procedure", "agency", "dossier")
        .prefetch_related("attachments__file")
        .filter(pk=draft_id, user_id=user.pk)
        .first()
    )


def _store_q(user: Any) -> Q:
    results = dossiers_owned_by(user=user).filter(result_file__isnull=False).values("result_file_id")
    return Q(uploaded_by_id=user.pk) | Q(pk__in=results)


def data_store_files(*, user: Any) -> QuerySet[StoredFile]:
    """Kho dữ liệu của tôi: files the citizen uploaded and the results of their dossiers."""
    if not getattr(user, "is_authenticated", False):
        return StoredFile.objects.none()
    return StoredFile.objects.filter(_store_q(user)).order_by("-created_at", "pk")


def data_store_file_for(*, user: Any, file_id: Any) -> StoredFile | None:
    try:
        wanted = uuid.UUID(str(file_id))
    except ValueError:  # not a file id at all
        return None
    return data_store_files(user=user).filter(pk=wanted).first()


def my_dossier(*, user: Any, code: str) -> Dossier | None:
    return (
        dossiers_owned_by(user=user)
        .select_related("procedure_version__procedure", "competent_agency", "receiving_agency", "result_file")
        .filter(code=code)
        .first()
    )


# Plain-language timeline: audit actions on a dossier → what the citizen reads (no staff names).
TIMELINE_TEXT: dict[str, Any] = {
    "dossier.receive": _("The dossier was registered in the system."),
    "dossier.accept": _("The dossier was accepted as valid; the processing period starts."),
    "dossier.refuse_at_intake": _("The dossier was refused at reception."),
    "dossier.refuse_at_counter": _("The dossier was refused at reception."),
    "dossier.supplement_at_intake": _("You were asked to supplement the dossier."),
    "dossier.supplement_at_counter": _("You were asked to supplement the dossier."),
    "task.supplement": _("You were asked to supplement the dossier."),
    "dossier.supplement_submit_online": _("You sent the supplementary documents online."),
    "dossier.supplement_complete": _("The supplemented dossier was accepted; the period starts again."),
    "dossier.supplement_expired": _("The dossier was closed: it was not supplemented in time."),
    "task.forward": _("The dossier moved to the next processing step."),
    "task.return": _("The dossier was sent back for review."),
    "task.approve": _("The result was approved."),
    "task.refuse": _("The competent agency decided to refuse."),
    "dossier.apologise": _("The agency apologised for the delay and set a new appointment."),
    "dossier.payment": _("A fee payment was recorded."),
    "dossier.fee_paid": _("Your online fee payment was received."),
    "dossier.stop": _("Processing was stopped at your request."),
    "dossier.withdraw": _("The dossier was withdrawn."),
    "dossier.return": _("The result was handed over."),
    "dossier.rate": _("You rated the service. Thank you."),
}


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    action: str
    to_state: str
    reason: str

    @property
    def text(self) -> str:
        return str(TIMELINE_TEXT.get(self.action, self.action))


def dossier_timeline(*, dossier: Dossier) -> list[TimelineEntry]:
    """The dossier's own events, oldest first (one query, no staff names)."""
    events = (
        AuditEvent.objects.filter(object_type="dossiers.dossier", object_id=str(dossier.pk))
        .filter(action__in=list(TIMELINE_TEXT))
        .order_by("created_at", "id")
        .values_list("created_at", "action", "to_state", "reason")
    )
    return [TimelineEntry(at=a, action=b, to_state=c, reason=d) for a, b, c, d in events]


def open_supplementation(*, dossier: Dossier) -> SupplementationRequest | None:
    if dossier.status != Dossier.Status.SUPPLEMENT_REQUESTED:
        return None
    return (
        dossier.supplementations.filter(completed_at__isnull=True, closed_at__isnull=True)
        .order_by("-requested_at")
        .first()
    )
