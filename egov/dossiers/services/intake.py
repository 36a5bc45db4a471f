"""Reception (tiếp nhận): counter, post and national portal intake, online acceptance, refusal at
intake (form 03) and supplementation at intake (form 02)."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Sum
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.catalog.models import FeeItem, ProcedureComponent, ProcedureVersion
from egov.core.audit.services import audit_record_many
from egov.core.text import fold, nfc
from egov.dossiers.codes import code_prefix_for, get_code_generator
from egov.dossiers.deadlines import dossier_due, step_due, timeliness_of
from egov.dossiers.models import Dossier, DossierComponent, SupplementationRequest, Task
from egov.dossiers.services._common import (
    audit,
    audit_event,
    can_work_queue,
    conflict,
    denied,
    handover_add,
    local_text,
    lock_dossier,
    notify_on_commit,
    queue_for,
    require,
)
from egov.dossiers.types import IntakeData
from egov.org.models import Agency, Role
from egov.workflow.models import ProcessDefinition
from egov.workflow.selectors import ProcessShape, process_shape

PHONE_RE = re.compile(r"^(\+84|0)\d{9,10}$")
ID_RE = re.compile(r"^\d{12}$")
INTAKE_ROLES = (Role.RECEPTION_OFFICER.value, Role.CLERK.value)


# Mandatory components and total fee of a published version (immutable once published), by id.
_VERSION_FACTS: dict[int, tuple[tuple[tuple[int, str], ...], Decimal]] = {}


def _version_facts(version: ProcedureVersion) -> tuple[tuple[tuple[int, str], ...], Decimal]:
    """((pk, name) of the mandatory components, total fee); cached for published versions."""
    published = version.status == ProcedureVersion.Status.PUBLISHED
    facts = _VERSION_FACTS.get(version.pk) if published else None
    if facts is None:
        mandatory = tuple((c.pk, c.name) for c in version.components.filter(mandatory=True))
        fees = version.fees.aggregate(total=Sum("amount"))["total"] or Decimal(0)
        facts = (mandatory, fees)
        if published:
            if len(_VERSION_FACTS) >= 4096:
                _VERSION_FACTS.clear()
            _VERSION_FACTS[version.pk] = facts
    return facts


def _version_facts_clear(**_: Any) -> None:
    _VERSION_FACTS.clear()


for _model in (ProcedureVersion, ProcedureComponent, FeeItem):
    post_save.connect(_version_facts_clear, sender=_model, dispatch_uid=f"intake_facts_{_model.__name__}")
    post_delete.connect(_version_facts_clear, sender=_model, dispatch_uid=f"intake_facts_d_{_model.__name__}")


def _check_receiver(*, actor: Any, agency_id: int) -> None:
    if not any(
        can_work_queue(user=actor, agency_id=agency_id, department_id=None, role=r) for r in INTAKE_ROLES
    ):
        raise denied()


def _validate(
    *,
    data: IntakeData,
    version: ProcedureVersion | None,
    competent: Agency | None,
    today: Any,
    check_components: bool = True,
) -> None:
    errors: dict[str, list[ValidationError]] = {}

    def add(field: str, message: str, code: str) -> None:
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    if version is None:
        add("procedure_version_id", _("This procedure does not exist."), "unknown_procedure")
    elif (
        version.status != ProcedureVersion.Status.PUBLISHED
        or version.valid_from > today
        or (version.valid_to is not None and version.valid_to < today)
    ):
        add("procedure_version_id", _("This procedure version is not in force."), "not_in_force")
    elif competent is None:
        add("competent_agency_id", _("This agency does not implement the procedure."), "not_implementing")
    elif check_components:
        ticked = {c.procedure_component_id for c in data.components}
        missing = [name for pk, name in _version_facts(version)[0] if pk not in ticked]
        if missing:
            add(
                "components",
                _("Mandatory documents are missing: %(names)s.") % {"names": "; ".join(missing)},
                "missing_components",
            )
    applicant = data.applicant
    if not nfc(applicant.name).strip():
        add("applicant_name", _("Enter the applicant's name."), "required")
    if applicant.kind == Dossier.ApplicantKind.PERSON and not ID_RE.match(applicant.id_number.strip()):
        add("applicant_id_number", _("The personal ID number must have exactly 12 digits."), "invalid_id")
    phone = re.sub(r"[\s.-]", "", applicant.phone)
    if phone and not PHONE_RE.match(phone):
        add("applicant_phone", _("Enter a valid Vietnamese phone number, e.g. 0912345678."), "invalid_phone")
    if applicant.email:
        try:
            validate_email(applicant.email.strip())
        except ValidationError:
            add("applicant_email", _("Enter a valid e-mail address."), "invalid_email")
    if errors:
        raise ValidationError(errors)


def _competent(*, version: ProcedureVersion, data: IntakeData, receiving: Agency) -> Agency | None:
    agencies = version.implementing_agencies.all()
    if data.competent_agency_id is not None:
        return agencies.filter(pk=data.competent_agency_id).first()
    found = list(agencies[:2])
    if len(found) == 1:
        return found[0]
    return agencies.filter(pk=receiving.pk).first()


def _published_process(
    *, version: ProcedureVersion, competent: Agency
) -> tuple[ProcessDefinition, ProcessShape]:
    process = ProcessDefinition.objects.filter(
        procedure_id=version.procedure_id, agency=competent, status=ProcessDefinition.Status.PUBLISHED
    ).first()
    shape = process_shape(process) if process else None
    if process is None or shape is None or shape.start is None:
        raise ValidationError(
            {"competent_agency_id": _("The competent agency has no published process for this procedure.")},
        )
    return process, shape


def _start_tasks(
    *, dossier: Dossier, shape: ProcessShape, actor: Any, now: datetime
) -> tuple[Task, Task | None]:
    """The start (reception) task, already completed by the receiving officer, and the next step's
    open task, inserted with one statement."""
    start = shape.start
    if start is None:
        raise ValidationError(
            {"competent_agency_id": _("The competent agency has no published process for this procedure.")},
        )
    forward = shape.forward
    agency_id, department_id = queue_for(step=start, dossier=dossier)
    due_at = step_due(start=now, hours=start.hours)
    first = Task(
        dossier=dossier,
        step=start,
        agency_id=agency_id,
        department_id=department_id,
        role=start.role,
        assignee=actor,
        created_at=now,
        due_at=due_at,
        status=Task.Status.DONE,
        completed_at=now,
        completed_by=actor,
        outcome=forward.code if forward else "",
        timeliness=timeliness_of(done_at=now, due_at=due_at),
    )
    nxt = None
    if forward is not None and forward.target is not None:
        target = forward.target
        agency_id, department_id = queue_for(step=target, dossier=dossier)
        nxt = Task(
            dossier=dossier,
            step=target,
            agency_id=agency_id,
            department_id=department_id,
            role=target.role,
            created_at=now,
            due_at=step_due(start=now, hours=target.hours),
        )
    Task.objects.bulk_create([first, nxt] if nxt is not None else [first])
    return first, nxt


def start_process(*, dossier: Dossier, actor: Any, now: datetime) -> Task | None:
    """Open the start (reception) task, complete it at once by the receiving officer, and hand the
    dossier to the next step's queue (form 06 row)."""
    process = dossier.process
    if process is None:
        raise ValidationError(_("The dossier has no process."), code="no_process")
    first, nxt = _start_tasks(dossier=dossier, shape=process_shape(process), actor=actor, now=now)
    handover_add(task=first, actor=actor, now=now, to_task=nxt)
    return nxt


@transaction.atomic
def dossier_receive(
    *, actor: Any, receiving_agency: Agency, data: IntakeData, now: datetime | None = None
) -> Dossier:
    """Receive a valid dossier (counter, post, national portal; `channel="online"` creates a
    SUBMITTED dossier waiting for `dossier_accept_online`).

    The counter path is one transaction without savepoints: the dossier row is inserted already
    accepted, both tasks with one INSERT, and the two audit events ("receive", then "accept") are
    appended at the end with one chain lock, so the chain and the code counter stay locked only for
    the last few statements."""
    now = now or timezone.now()
    if data.channel == Dossier.Channel.ONLINE:
        return create_dossier(
            actor=actor,
            receiving_agency=receiving_agency,
            data=data,
            now=now,
            status=Dossier.Status.SUBMITTED,
        )
    _check_receiver(actor=actor, agency_id=receiving_agency.pk)
    dossier, components, shape = _prepare(
        actor=actor, receiving_agency=receiving_agency, data=data, now=now, status=Dossier.Status.RECEIVED
    )
    dossier.accepted_at = now
    dossier.clock_started_at = now
    dossier.due_at = dossier_due(version=dossier.procedure_version, start=now)
    _assign_code(dossier, shape=shape, data=data, now=now)
    dossier.status = Dossier.Status.PROCESSING
    dossier.save(force_insert=True)
    received = audit_event(
        actor=actor, action="dossier.receive", dossier=dossier, to_state=Dossier.Status.RECEIVED
    )
    _save_components(dossier, components)
    first, nxt = _start_tasks(dossier=dossier, shape=shape, actor=actor, now=now)
    handover_add(task=first, actor=actor, now=now, to_task=nxt)
    accepted = audit_event(
        actor=actor,
        action="dossier.accept",
        dossier=dossier,
        from_state=Dossier.Status.RECEIVED,
        to_state=dossier.status,
        data={"due_at": dossier.due_at.isoformat()},
    )
    audit_record_many([received, accepted])
    _notify_received(dossier)
    return dossier


def _prepare(
    *,
    actor: Any,
    receiving_agency: Agency,
    data: IntakeData,
    now: datetime,
    status: str,
    check_components: bool = True,
) -> tuple[Dossier, list[DossierComponent], ProcessShape]:
    """Validate `data`; the unsaved dossier (without its code) and components."""
    online = data.channel == Dossier.Channel.ONLINE
    version = (
        ProcedureVersion.objects.select_related("procedure").filter(pk=data.procedure_version_id).first()
    )
    competent = _competent(version=version, data=data, receiving=receiving_agency) if version else None
    _validate(
        data=data,
        version=version,
        competent=competent,
        today=timezone.localdate(now),
        check_components=check_components,
    )
    if version is None or competent is None:  # pragma: no cover - _validate raised already
        raise ValidationError(_("This procedure does not exist."))
    process, shape = _published_process(version=version, competent=competent)
    applicant = data.applicant
    name = nfc(applicant.name).strip()
    submitted_at = now if data.channel in (Dossier.Channel.ONLINE, Dossier.Channel.POST) else None
    fees = _version_facts(version)[1]
    dossier = Dossier(
        procedure_version=version,
        process=process,
        status=status,
        channel=data.channel,
        receiving_agency=receiving_agency,
        competent_agency=competent,
        applicant_kind=applicant.kind,
        applicant_name=name,
        applicant_id_number=applicant.id_number.strip(),
        organisation_tax_code=applicant.tax_code.strip(),
        applicant_phone=re.sub(r"[\s.-]", "", applicant.phone),
        applicant_email=applicant.email.strip(),
        applicant_address=nfc(applicant.address).strip(),
        applicant_unit_id=applicant.unit_id,
        applicant_user_id=applicant.user_id,
        sets=data.sets,
        delivery=data.delivery,
        delivery_address=nfc(data.delivery_address).strip(),
        fees_due=fees,
        fees_collected=data.fees_collected,
        submitted_at=submitted_at,
        received_at=now,
        received_by=None if online else actor,
    )
    components = [
        DossierComponent(
            procedure_component_id=c.procedure_component_id,
            name=nfc(c.name).strip(),
            form=c.form,
            copies=c.copies,
            file_id=c.file_id,
        )
        for c in data.components
    ]
    return dossier, components, shape


def _assign_code(dossier: Dossier, *, shape: ProcessShape, data: IntakeData, now: datetime) -> None:
    prefix = code_prefix_for(
        receiving_agency=dossier.receiving_agency,
        competent_agency=dossier.competent_agency,
        interagency=shape.interagency,
    )
    code = get_code_generator().next_code(prefix=prefix, day=timezone.localdate(now))
    dossier.code = code
    dossier.search_text = fold(f"{code} {dossier.applicant_name} {data.applicant.id_number}")[:400]


def _save_components(dossier: Dossier, components: list[DossierComponent]) -> None:
    if components:
        for c in components:
            c.dossier = dossier
        DossierComponent.objects.bulk_create(components)


def create_dossier(
    *,
    actor: Any,
    receiving_agency: Agency,
    data: IntakeData,
    now: datetime,
    status: str,
    check_components: bool = True,
) -> Dossier:
    """Validate `data` and create the dossier row (code, components, audit) with `status`."""
    dossier, components, shape = _prepare(
        actor=actor,
        receiving_agency=receiving_agency,
        data=data,
        now=now,
        status=status,
        check_components=check_components,
    )
    _assign_code(dossier, shape=shape, data=data, now=now)
    dossier.save(force_insert=True)
    _save_components(dossier, components)
    audit(actor=actor, action="dossier.receive", dossier=dossier, to_state=dossier.status)
    return dossier


def _notify_received(dossier: Dossier) -> None:
    notify_on_commit(
        dossier=dossier,
        template="dossier_received",
        event="received",
        context={"procedure": dossier.procedure_version.name, "due_at": local_text(dossier.due_at)},
    )


def _accept(*, dossier: Dossier, actor: Any, now: datetime) -> None:
    before = dossier.status
    dossier.accepted_at = now
    dossier.clock_started_at = now
    dossier.due_at = dossier_due(version=dossier.procedure_version, start=now)
    dossier.status = Dossier.Status.PROCESSING
    dossier.received_by = dossier.received_by or actor
    dossier.save(
        update_fields=["accepted_at", "clock_started_at", "due_at", "status", "received_by", "updated_at"]
    )
    start_process(dossier=dossier, actor=actor, now=now)
    audit(
        actor=actor,
        action="dossier.accept",
        dossier=dossier,
        from_state=before,
        to_state=dossier.status,
        data={"due_at": dossier.due_at.isoformat()},
    )
    _notify_received(dossier)


@transaction.atomic
def dossier_accept_online(*, actor: Any, dossier: Dossier, now: datetime | None = None) -> Dossier:
    """Valid acceptance of an online dossier (form 01): the processing clock starts now."""
    now = now or timezone.now()
    locked = lock_dossier(dossier)
    if locked.status != Dossier.Status.SUBMITTED:
        raise conflict()
    _check_receiver(actor=actor, agency_id=locked.receiving_agency_id)
    _accept(dossier=locked, actor=actor, now=now)
    return locked


def _close_at_intake(
    *, actor: Any, dossier: Dossier, status: str, action: str, reason: str, now: datetime
) -> Dossier:
    locked = lock_dossier(dossier)
    require(
        locked.status in (Dossier.Status.SUBMITTED, Dossier.Status.RECEIVED),
        _("Only a dossier waiting for reception can be refused or sent back at intake."),
        "invalid_state",
    )
    _check_receiver(actor=actor, agency_id=locked.receiving_agency_id)
    before = locked.status
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    audit(actor=actor, action=action, dossier=locked, from_state=before, to_state=status, reason=reason)
    return locked


@transaction.atomic
def dossier_refuse_at_intake(
    *, actor: Any, dossier: Dossier, reason: str, now: datetime | None = None
) -> Dossier:
    """Form 03: refusal to receive, with a mandatory reason."""
    reason = nfc(reason).strip()
    require(bool(reason), _("Give the reason for refusing the dossier."), "required", "reason")
    locked = _close_at_intake(
        actor=actor,
        dossier=dossier,
        status=Dossier.Status.REFUSED,
        action="dossier.refuse_at_intake",
        reason=reason,
        now=now or timezone.now(),
    )
    # The applicant learns it by e-mail/SMS (an online applicant is not at the counter).
    notify_on_commit(dossier=locked, template="dossier_refused", event="refused", context={"reason": reason})
    return locked


@transaction.atomic
def dossier_request_supplement_at_intake(
    *, actor: Any, dossier: Dossier, items: list[str], reason: str, now: datetime | None = None
) -> SupplementationRequest:
    """Form 02: one complete list of what is missing, with the reason."""
    now = now or timezone.now()
    reason = nfc(reason).strip()
    clean = [nfc(i).strip() for i in items if nfc(i).strip()]
    require(bool(clean), _("List the documents to supplement."), "required", "items")
    require(bool(reason), _("Give the reason for the supplementation request."), "required", "reason")
    locked = _close_at_intake(
        actor=actor,
        dossier=dossier,
        status=Dossier.Status.SUPPLEMENT_REQUESTED,
        action="dossier.supplement_at_intake",
        reason=reason,
        now=now,
    )
    request = SupplementationRequest.objects.create(
        dossier=locked,
        stage=SupplementationRequest.Stage.INTAKE,
        items=clean,
        reason=reason,
        requested_at=now,
        requested_by=actor,
    )
    notify_on_commit(
        dossier=locked,
        template="dossier_supplement_requested",
        event=f"supplement-{request.pk}",
        context={"items": clean, "reason": reason},
    )
    return request
