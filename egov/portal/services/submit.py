"""Submission of a draft: it becomes a dossier in SUBMITTED at the competent agency's reception
queue (Decree 118 Art. 17: the officer is alerted within 2 hours and accepts or asks for correction
within 8 working hours; the processing period starts at acceptance)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.catalog.models import ProcedureVersion
from egov.core.audit.services import audit_record
from egov.core.files.services import file_attach
from egov.dossiers.models import Dossier
from egov.dossiers.services import dossier_receive
from egov.dossiers.services._common import local_text, notify_on_commit
from egov.dossiers.types import ApplicantData, ComponentInput, IntakeData
from egov.portal.models import Draft, DraftAttachment


@dataclass
class DraftCheck:
    """What still stops a draft from being submitted; `ok` when nothing does."""

    eform: Any = None  # the bound e-form (with its errors), or None when the version has no form
    applicant: dict[str, str] = field(default_factory=dict)
    missing_components: list[str] = field(default_factory=list)
    missing_authorisation: bool = False
    assurance: str = ""
    eform_data: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return (
            (self.eform is None or not self.eform.errors)
            and not self.applicant
            and not self.missing_components
            and not self.missing_authorisation
            and not self.assurance
        )


def _eform(version: ProcedureVersion, answers: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    if not version.eform_schema:
        return None, {}
    from egov.portal.eforms import eform_build

    form = eform_build(version.eform_schema, raw=answers)
    return form, (form.cleaned_eform_data() if form.is_valid() else {})


def _applicant_problems(draft: Draft, user: Any) -> dict[str, str]:
    a = draft.applicant
    problems: dict[str, str] = {}
    if not str(a.get("name", "")).strip():
        problems["name"] = _("Enter the applicant's full name.")
    id_number = str(a.get("id_number", "")).strip()
    if not (len(id_number) == 12 and id_number.isdigit()):
        problems["id_number"] = _("The personal ID number must have exactly 12 digits.")
    elif not a.get("on_behalf") and user.national_id and id_number != user.national_id:
        problems["id_number"] = _(
            "This ID number is not the one of your account. If you submit for someone else, "
            "tick “I am submitting on behalf of someone else”."
        )
    if not (str(a.get("phone", "")).strip() or str(a.get("email", "")).strip()):
        problems["phone"] = _("Give a phone number or an e-mail address so that we can contact you.")
    if draft.delivery == "post" and not draft.delivery_address.strip():
        problems["delivery_address"] = _("Give the address where the result should be posted.")
    return problems


def draft_problems(*, draft: Draft, user: Any, assurance_level: int) -> DraftCheck:
    version = draft.procedure_version
    form, data = _eform(version, draft.answers)
    attachments = list(draft.attachments.all())  # one query (or the prefetched rows)
    attached = {a.procedure_component_id for a in attachments if not a.is_authorisation}
    check = DraftCheck(
        eform=form,
        eform_data=data,
        applicant=_applicant_problems(draft, user),
        missing_components=[
            c.name
            for c in version.components.filter(mandatory=True).order_by("order", "pk")
            if c.pk not in attached
        ],
        missing_authorisation=bool(draft.applicant.get("on_behalf"))
        and not any(a.is_authorisation for a in attachments),
    )
    if assurance_level < version.requires_assurance_level:
        check.assurance = _(
            "This procedure requires a level-%(level)d electronic identification (VNeID). "
            "Log in again with VNeID level %(level)d to submit it."
        ) % {"level": version.requires_assurance_level}
    return check


def _unit_id(draft: Draft) -> int | None:
    if draft.applicant.get("unit_id"):
        return int(draft.applicant["unit_id"])
    code = draft.answers.get("requester_commune")
    if not code:
        return None
    from egov.org.models import AdminUnit

    return AdminUnit.objects.filter(code=str(code)).values_list("pk", flat=True).first()


def _intake_data(draft: Draft, user: Any, attachments: list[DraftAttachment]) -> IntakeData:
    a = draft.applicant
    components = [
        ComponentInput(
            name=att.procedure_component.name,
            form=att.procedure_component.form,
            copies=1,
            procedure_component_id=att.procedure_component_id,
            file_id=att.file_id,
        )
        for att in attachments
        if att.procedure_component is not None
    ]
    return IntakeData(
        procedure_version_id=draft.procedure_version_id,
        applicant=ApplicantData(
            name=str(a.get("name", "")),
            id_number=str(a.get("id_number", "")),
            phone=str(a.get("phone", "")),
            email=str(a.get("email", "")),
            address=str(a.get("address", "")),
            unit_id=_unit_id(draft),
            user_id=user.pk,
        ),
        components=components,
        channel=Dossier.Channel.ONLINE,
        delivery=draft.delivery,
        delivery_address=draft.delivery_address,
        competent_agency_id=draft.agency_id,
    )


def _after_commit(dossier: Dossier) -> None:
    notify_on_commit(
        dossier=dossier,
        template="dossier_submitted_online",
        event="submitted-online",
        context={
            "procedure": dossier.procedure_version.name,
            "submitted_at": local_text(dossier.submitted_at),
        },
    )
    try:
        from egov.dossiers.services.online_alert import online_dossier_alert
    except ImportError:  # pragma: no cover - the reception alert module is optional
        return
    dossier_id = dossier.pk
    transaction.on_commit(lambda: online_dossier_alert(dossier_id=dossier_id))


@transaction.atomic
def draft_submit(*, user: Any, draft_id: Any, assurance_level: int, now: datetime | None = None) -> Dossier:
    """Submit once: a second click (or a concurrent request) gets the same dossier back."""
    now = now or timezone.now()
    draft = (
        Draft.objects.select_for_update()
        .select_related("procedure_version")
        .filter(pk=draft_id, user_id=getattr(user, "pk", None) or 0)
        .first()
    )
    if draft is None:
        raise Draft.DoesNotExist
    if draft.status == Draft.Status.SUBMITTED and draft.dossier_id:
        return Dossier.objects.get(pk=draft.dossier_id)
    if draft.status != Draft.Status.OPEN:
        raise ValidationError(_("This draft has been discarded."), code="not_open")
    check = draft_problems(draft=draft, user=user, assurance_level=assurance_level)
    if not check.ok:
        raise ValidationError(
            check.assurance or _("The dossier is not complete yet. Correct the points shown."),
            code="assurance" if check.assurance else "incomplete",
        )
    attachments = list(draft.attachments.select_related("procedure_component", "file"))
    dossier = dossier_receive(
        actor=user, receiving_agency=draft.agency, data=_intake_data(draft, user, attachments), now=now
    )
    authorisation = next((a.file for a in attachments if a.is_authorisation), None)
    for att in attachments:
        file_attach(stored=att.file, owner=dossier, user=user)
    dossier.eform_data = check.eform_data
    dossier.on_behalf = bool(draft.applicant.get("on_behalf"))
    dossier.authorisation_file = authorisation
    dossier.save(update_fields=["eform_data", "on_behalf", "authorisation_file", "updated_at"])
    draft.status = Draft.Status.SUBMITTED
    draft.dossier = dossier
    draft.save(update_fields=["status", "dossier", "updated_at"])
    audit_record(
        actor=user,
        action="draft.submit",
        target=draft,
        from_state=Draft.Status.OPEN,
        to_state=Draft.Status.SUBMITTED,
        data={"dossier": dossier.code},
    )
    _after_commit(dossier)
    return dossier
