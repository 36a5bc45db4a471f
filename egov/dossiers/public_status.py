"""What a citizen may see about a dossier without logging in: no staff names, no comments, the
applicant's name masked. Two queries at most: the dossier (with its procedure) and its hand-overs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from egov.dossiers.models import Dossier, Handover

CODE_MAX_LENGTH = 40

# Plain words for citizens (the staff labels say more than a citizen needs).
PUBLIC_STATUS = {
    "draft": _("Not yet submitted"),
    "submitted": _("Submitted, waiting for the one-stop unit to receive it"),
    "received": _("Received, waiting to be processed"),
    "refused": _("Not accepted (see the refusal slip)"),
    "processing": _("Being processed"),
    "supplement_requested": _("More documents are needed from you"),
    "awaiting_payment": _("Waiting for you to pay fees or taxes"),
    "withdrawn": _("Withdrawn at your request"),
    "stopped": _("Processing stopped"),
    "resolved": _("Result ready: please collect it"),
    "returned": _("Result handed over"),
    "closed": pgettext_lazy("dossier status", "Closed"),
}


@dataclass(frozen=True)
class PublicStep:
    name: str
    at: datetime


@dataclass(frozen=True)
class PublicStatus:
    code: str
    status: str
    status_label: str
    procedure_name: str
    applicant_masked: str
    received_at: datetime | None
    due_at: datetime | None
    resolved_at: datetime | None
    returned_at: datetime | None
    steps: tuple[PublicStep, ...]


def mask_name(name: str) -> str:
    """'Nguyễn Văn An' → 'Nguyễn V** A**': the first word, then the initial of every other word."""
    words = name.split()
    if not words:
        return ""
    return " ".join([words[0], *(w[0] + "**" for w in words[1:])])


def normalise_code(raw: str) -> str:
    """Drop spaces (codes get typed with them); case is kept, the lookup also tries upper case."""
    return "".join(raw.split())[:CODE_MAX_LENGTH]


def public_status(*, code: str) -> PublicStatus | None:
    code = normalise_code(code)
    if not code:
        return None
    dossier = (
        Dossier.objects.filter(Q(code=code) | Q(code=code.upper()))
        .exclude(status=Dossier.Status.DRAFT)
        .select_related("procedure_version")
        .only(
            "pk",
            "code",
            "status",
            "applicant_name",
            "received_at",
            "due_at",
            "resolved_at",
            "returned_at",
            "procedure_version__name",
        )
        .first()
    )
    if dossier is None:
        return None
    steps = tuple(
        PublicStep(name=step_name, at=at)
        for step_name, at in Handover.objects.filter(dossier_id=dossier.pk)
        .order_by("at", "pk")
        .values_list("step_name", "at")
    )
    return PublicStatus(
        code=dossier.code,
        status=dossier.status,
        status_label=str(PUBLIC_STATUS.get(dossier.status, dossier.get_status_display())),
        procedure_name=dossier.procedure_version.name,
        applicant_masked=mask_name(dossier.applicant_name),
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        resolved_at=dossier.resolved_at,
        returned_at=dossier.returned_at,
        steps=steps,
    )
