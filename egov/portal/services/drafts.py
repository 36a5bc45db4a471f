"""Drafts: start, save (autosave keeps whatever was typed), attach and detach files, discard."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from egov.catalog.models import ProcedureComponent, ProcedureVersion
from egov.core.audit.services import audit_record
from egov.core.files.kinds import SCAN_KINDS
from egov.core.files.models import StoredFile
from egov.core.files.services import file_copy, file_store
from egov.core.text import nfc
from egov.org.models import Agency
from egov.portal.models import Draft, DraftAttachment
from egov.portal.selectors import data_store_file_for

APPLICANT_KEYS = ("on_behalf", "name", "id_number", "phone", "email", "address", "unit_id")
DELIVERY_CHOICES = ("online", "post", "counter")
ONLINE_LEVELS = (ProcedureVersion.OnlineLevel.FULL, ProcedureVersion.OnlineLevel.PARTIAL)
ATTACHMENT_KINDS = SCAN_KINDS


def _citizen(user: Any) -> None:
    if not getattr(user, "is_authenticated", False) or getattr(user, "kind", "") != "citizen":
        raise ValidationError(_("Log in with a citizen account to submit dossiers online."), code="denied")


def _lock_open(*, user: Any, draft_id: Any) -> Draft:
    draft = (
        Draft.objects.select_for_update()
        .select_related("procedure_version")
        .filter(pk=draft_id, user_id=getattr(user, "pk", None) or 0)
        .first()
    )
    if draft is None:
        raise Draft.DoesNotExist
    if draft.status != Draft.Status.OPEN:
        raise ValidationError(_("This draft has already been submitted or discarded."), code="not_open")
    return draft


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value).strip()[:2000]
    if isinstance(value, list):
        return [_clean(v) for v in value][:100]
    if isinstance(value, bool | int | float) or value is None:
        return value
    return nfc(str(value)).strip()[:2000]


# A declaration form that names its requester (người yêu cầu) is where the applicant is entered:
# the page then does not ask for the same details twice (applicant key → e-form field).
APPLICANT_FROM_EFORM = {
    "name": "requester_name",
    "id_number": "requester_id_number",
    "phone": "requester_phone",
    "email": "requester_email",
    "address": "requester_address",
}


def applicant_in_eform(schema: dict[str, Any]) -> bool:
    names = {f.get("name") for s in schema.get("sections", []) for f in s.get("fields", [])}
    return {"requester_name", "requester_id_number"} <= names


def _display_phone(phone: str) -> str:
    return "0" + phone[3:] if phone.startswith("+84") else phone


def _profile_applicant(user: Any) -> dict[str, Any]:
    return {
        "on_behalf": False,
        "name": user.get_full_name(),
        "id_number": getattr(user, "national_id", ""),
        "phone": _display_phone(getattr(user, "phone", "")),
        "email": user.email,
        "address": getattr(user, "address_line", ""),
        "unit_id": getattr(user, "commune_id", None),
    }


def _profile_answers(user: Any, schema: dict[str, Any]) -> dict[str, Any]:
    """Pre-fill the requester part of the declaration form from the citizen's profile."""
    if not applicant_in_eform(schema):
        return {}
    profile = _profile_applicant(user)
    answers = {field: profile[key] for key, field in APPLICANT_FROM_EFORM.items() if profile.get(key)}
    commune = getattr(user, "commune", None)
    if commune is not None:
        answers["requester_commune"] = commune.code
    return answers


def _applicant_from_answers(answers: dict[str, Any], on_behalf: bool) -> dict[str, Any]:
    applicant: dict[str, Any] = {key: answers.get(field, "") for key, field in APPLICANT_FROM_EFORM.items()}
    applicant["on_behalf"] = on_behalf
    return applicant


@transaction.atomic
def draft_start(*, user: Any, version: ProcedureVersion, agency: Agency) -> Draft:
    """The open draft of `user` for this procedure and agency, or a new one pre-filled from the
    profile. Only procedures offered online, at an agency that implements them."""
    _citizen(user)
    if version.online_level not in ONLINE_LEVELS or version.status != ProcedureVersion.Status.PUBLISHED:
        raise ValidationError(_("This procedure cannot be submitted online."), code="not_online")
    if not version.implementing_agencies.filter(pk=agency.pk).exists():
        raise ValidationError(_("This agency does not implement the procedure."), code="not_implementing")
    existing = (
        Draft.objects.select_for_update()
        .filter(user=user, procedure_version=version, agency=agency, status=Draft.Status.OPEN)
        .first()
    )
    if existing is not None:
        return existing
    draft = Draft.objects.create(
        user=user,
        procedure_version=version,
        agency=agency,
        applicant=_profile_applicant(user),
        answers=_profile_answers(user, version.eform_schema or {}),
    )
    audit_record(actor=user, action="draft.start", target=draft, to_state=draft.status)
    return draft


@transaction.atomic
def draft_save(
    *,
    user: Any,
    draft_id: Any,
    applicant: dict[str, Any],
    answers: dict[str, Any],
    delivery: str,
    delivery_address: str = "",
) -> Draft:
    """Save what the citizen typed, valid or not (validation happens at submission)."""
    draft = _lock_open(user=user, draft_id=draft_id)
    draft.answers = {str(k)[:100]: v if v is True else _clean(v) for k, v in answers.items()}
    schema = draft.procedure_version.eform_schema or {}
    if applicant_in_eform(schema):
        applicant = _applicant_from_answers(draft.answers, bool(applicant.get("on_behalf")))
    draft.applicant = {k: _clean(applicant.get(k)) for k in APPLICANT_KEYS if k in applicant}
    draft.applicant["on_behalf"] = bool(applicant.get("on_behalf"))
    draft.delivery = delivery if delivery in DELIVERY_CHOICES else "online"
    draft.delivery_address = nfc(delivery_address).strip()[:300]
    draft.save(update_fields=["applicant", "answers", "delivery", "delivery_address", "updated_at"])
    return draft


def _as_id(value: Any) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def _component(draft: Draft, component_id: Any) -> ProcedureComponent:
    pk = _as_id(component_id)
    found = (
        ProcedureComponent.objects.filter(pk=pk, version_id=draft.procedure_version_id).first()
        if pk
        else None
    )
    if found is None:
        raise ValidationError(_("This document is not part of the procedure."), code="unknown_component")
    return found


@transaction.atomic
def draft_attach(
    *,
    user: Any,
    draft_id: Any,
    component_id: Any = None,
    authorisation: bool = False,
    upload: UploadedFile | None = None,
    reuse_file_id: Any = None,
) -> DraftAttachment:
    """Attach a new upload, or a copy of a file from the citizen's data store, to a required
    component (or as the authorisation document). It replaces the previous file of that slot."""
    draft = _lock_open(user=user, draft_id=draft_id)
    component = None if authorisation else _component(draft, component_id)
    stored: StoredFile
    if upload is not None:
        stored = file_store(upload=upload, user=user, allowed_kinds=ATTACHMENT_KINDS)
    elif reuse_file_id:
        source = data_store_file_for(user=user, file_id=reuse_file_id)
        if source is None:
            raise ValidationError(_("This file is not in your data store."), code="not_owner")
        stored = file_copy(stored=source, user=user)
    else:
        raise ValidationError(_("Choose a file to upload."), code="required")
    slot = DraftAttachment.objects.filter(draft=draft)
    slot = slot.filter(is_authorisation=True) if authorisation else slot.filter(procedure_component=component)
    slot.delete()
    attachment = DraftAttachment.objects.create(
        draft=draft, procedure_component=component, is_authorisation=authorisation, file=stored
    )
    draft.save(update_fields=["updated_at"])
    audit_record(
        actor=user,
        action="draft.attach",
        target=draft,
        data={
            "component": component.pk if component else None,
            "authorisation": authorisation,
            "file": str(stored.pk),
            "reused_from": str(reuse_file_id) if reuse_file_id and upload is None else "",
        },
    )
    return attachment


@transaction.atomic
def draft_detach(*, user: Any, draft_id: Any, attachment_id: Any) -> None:
    draft = _lock_open(user=user, draft_id=draft_id)
    deleted, _rows = DraftAttachment.objects.filter(draft=draft, pk=_as_id(attachment_id) or 0).delete()
    if deleted:
        audit_record(actor=user, action="draft.detach", target=draft, data={"attachment": str(attachment_id)})


@transaction.atomic
def draft_discard(*, user: Any, draft_id: Any) -> Draft:
    draft = _lock_open(user=user, draft_id=draft_id)
    draft.status = Draft.Status.DISCARDED
    draft.save(update_fields=["status", "updated_at"])
    audit_record(actor=user, action="draft.discard", target=draft, from_state="open", to_state=draft.status)
    return draft
