"""Writes to the procedure catalogue. Every write runs in one transaction with its audit event.

A published ProcedureVersion is immutable: change the rules by creating a new draft version
(procedure_version_create_draft) and publishing it (procedure_version_publish).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.catalog.models import (
    FeeItem,
    Field,
    Procedure,
    ProcedureComponent,
    ProcedureVersion,
    ResultType,
)
from egov.core.audit.services import audit_record
from egov.core.text import fold, nfc

# Fields of a version that a draft may change (everything else is identity or workflow state).
VERSION_EDITABLE = (
    "name",
    "valid_from",
    "valid_to",
    "legal_basis",
    "deadline_hours",
    "same_day",
    "cutoff",
    "supplementation_mode",
    "online_level",
    "requires_assurance_level",
    "eform_schema",
)


def _clean_text(value: Any) -> Any:
    return nfc(value).strip() if isinstance(value, str) else value


def field_create(*, code: str, name: str, actor: Any = None) -> Field:
    field = Field(code=_clean_text(code), name=_clean_text(name))
    field.search_text = fold(f"{field.code} {field.name}")
    field.full_clean()
    with transaction.atomic():
        field.save()
        audit_record(actor=actor, action="catalog.field.create", target=field, data={"code": field.code})
    return field


def _procedure_fill(procedure: Procedure) -> None:
    procedure.code = _clean_text(procedure.code)
    procedure.name = _clean_text(procedure.name)
    procedure.search_text = fold(f"{procedure.code} {procedure.name}")
    procedure.full_clean()


def procedure_create(*, code: str, name: str, field: Field, level: str, actor: Any = None) -> Procedure:
    """A new procedure identity. The code must have the national form N.NNNNNN."""
    procedure = Procedure(code=code, name=name, field=field, level=level)
    _procedure_fill(procedure)
    with transaction.atomic():
        procedure.save()
        audit_record(
            actor=actor, action="catalog.procedure.create", target=procedure, data={"code": procedure.code}
        )
    return procedure


def procedure_update(*, procedure: Procedure, actor: Any = None, **changes: Any) -> Procedure:
    """Rename or reclassify a procedure (name, field, level); the code never changes."""
    unknown = set(changes) - {"name", "field", "level"}
    if unknown:
        raise ValidationError(_("These procedure fields cannot be changed: %(names)s") % {"names": unknown})
    for key, value in changes.items():
        setattr(procedure, key, value)
    _procedure_fill(procedure)
    with transaction.atomic():
        procedure.save()
        audit_record(
            actor=actor,
            action="catalog.procedure.update",
            target=procedure,
            data={"changed": sorted(changes)},
        )
    return procedure


def _lock_procedure(procedure: Procedure) -> Procedure:
    return Procedure.objects.select_for_update().get(pk=procedure.pk)


def _apply_version_changes(version: ProcedureVersion, changes: dict[str, Any]) -> None:
    unknown = set(changes) - set(VERSION_EDITABLE)
    if unknown:
        raise ValidationError(
            _("These version fields cannot be changed: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    for key, value in changes.items():
        setattr(version, key, _clean_text(value))
    if not version.same_day:
        version.cutoff = None
    version.full_clean(exclude=["procedure"])


def _copy_items(*, source: ProcedureVersion, target: ProcedureVersion) -> None:
    ProcedureComponent.objects.bulk_create(
        ProcedureComponent(
            version=target,
            order=c.order,
            name=c.name,
            form=c.form,
            copies=c.copies,
            mandatory=c.mandatory,
            blank_form_id=c.blank_form_id,
        )
        for c in source.components.all()
    )
    FeeItem.objects.bulk_create(
        FeeItem(version=target, kind=f.kind, name=f.name, amount=f.amount, note=f.note)
        for f in source.fees.all()
    )
    ResultType.objects.bulk_create(
        ResultType(version=target, code=r.code, name=r.name) for r in source.result_types.all()
    )
    target.implementing_agencies.set(source.implementing_agencies.all())


def procedure_version_create_draft(
    *, procedure: Procedure, actor: Any = None, copy_latest: bool = True, **values: Any
) -> ProcedureVersion:
    """A new draft with the next version number. With `copy_latest`, rules, components, fees,
    result types and agencies are copied from the latest version; `values` override the rules."""
    with transaction.atomic():
        procedure = _lock_procedure(procedure)
        latest = procedure.versions.order_by("-number").first()
        number = (procedure.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = ProcedureVersion(procedure=procedure, number=number, status=ProcedureVersion.Status.DRAFT)
        version.name = procedure.name
        version.valid_from = timezone.localdate()
        version.deadline_hours = 0  # type: ignore[assignment]
        if copy_latest and latest is not None:
            for key in VERSION_EDITABLE:
                setattr(version, key, getattr(latest, key))
            version.valid_to = None
            if latest.valid_from >= version.valid_from:
                version.valid_from = latest.valid_from + timedelta(days=1)
        _apply_version_changes(version, values)
        version.save()
        if copy_latest and latest is not None:
            _copy_items(source=latest, target=version)
        audit_record(
            actor=actor,
            action="catalog.version.create_draft",
            target=version,
            to_state=version.status,
            data={"code": procedure.code, "number": number, "copied_from": getattr(latest, "number", None)},
        )
    return version


def _lock_draft(version: ProcedureVersion) -> ProcedureVersion:
    locked = ProcedureVersion.objects.select_for_update().select_related("procedure").get(pk=version.pk)
    if locked.status != ProcedureVersion.Status.DRAFT:
        raise ValidationError(
            _(
                "Version %(number)s of procedure %(code)s is published and cannot be changed; "
                "create a new version."
            )
            % {"number": locked.number, "code": locked.procedure.code}
        )
    return locked


def procedure_version_update(
    *, version: ProcedureVersion, actor: Any = None, **changes: Any
) -> ProcedureVersion:
    """Change the rules of a draft. A published or retired version is immutable."""
    with transaction.atomic():
        locked = _lock_draft(version)
        _apply_version_changes(locked, changes)
        locked.save()
        audit_record(
            actor=actor, action="catalog.version.update", target=locked, data={"changed": sorted(changes)}
        )
    return locked


def procedure_version_set_items(
    *,
    version: ProcedureVersion,
    actor: Any = None,
    components: list[dict[str, Any]] | None = None,
    fees: list[dict[str, Any]] | None = None,
    result_types: list[dict[str, Any]] | None = None,
    agencies: list[Any] | None = None,
) -> ProcedureVersion:
    """Replace the components, fees, result types and/or implementing agencies of a draft."""
    with transaction.atomic():
        locked = _lock_draft(version)
        if components is not None:
            locked.components.all().delete()
            rows = [
                ProcedureComponent(version=locked, **{k: _clean_text(v) for k, v in c.items()})
                for c in components
            ]
            for row in rows:
                row.full_clean(exclude=["version"])
            ProcedureComponent.objects.bulk_create(rows)
        if fees is not None:
            locked.fees.all().delete()
            fee_rows = [FeeItem(version=locked, **{k: _clean_text(v) for k, v in f.items()}) for f in fees]
            for fee in fee_rows:
                fee.full_clean(exclude=["version"])
            FeeItem.objects.bulk_create(fee_rows)
        if result_types is not None:
            locked.result_types.all().delete()
            results = [
                ResultType(version=locked, **{k: _clean_text(v) for k, v in r.items()}) for r in result_types
            ]
            for result in results:
                result.full_clean(exclude=["version"])
            ResultType.objects.bulk_create(results)
        if agencies is not None:
            locked.implementing_agencies.set(agencies)
        audit_record(actor=actor, action="catalog.version.set_items", target=locked)
    return locked


def version_publish_problems(version: ProcedureVersion) -> list[str]:
    """Why `version` cannot be published yet (empty when it can)."""
    problems = []
    if not version.same_day and not version.deadline_hours > 0:
        problems.append(_("The deadline must be more than 0 working hours unless resolved the same day."))
    if version.same_day and version.cutoff is None:
        problems.append(_("A same-day procedure needs a cut-off time."))
    if not version.components.exists():
        problems.append(_("At least one required component is needed."))
    if version.valid_from is None:
        problems.append(_("The date the version takes effect is missing."))
    from egov.portal.eforms import schema_problems  # local import: the engine lives with the portal

    problems += schema_problems(version.eform_schema)
    return problems


def procedure_version_publish(*, version: ProcedureVersion, actor: Any = None) -> ProcedureVersion:
    """Publish a draft. The previously published version ends the day before the new one starts,
    and is retired if that end date has passed."""
    with transaction.atomic():
        _lock_procedure(version.procedure)
        locked = _lock_draft(version)
        problems = version_publish_problems(locked)
        earlier = list(
            ProcedureVersion.objects.select_for_update()
            .filter(procedure_id=locked.procedure_id, status=ProcedureVersion.Status.PUBLISHED)
            .exclude(pk=locked.pk)
        )
        if any(p.valid_from >= locked.valid_from for p in earlier):
            problems.append(_("The version must take effect after the currently published version."))
        if problems:
            raise ValidationError(problems)
        today = timezone.localdate()
        end = locked.valid_from - timedelta(days=1)
        for previous in earlier:
            if previous.valid_to is None or previous.valid_to > end:
                previous.valid_to = end
            from_state = previous.status
            if previous.valid_to < today:
                previous.status = ProcedureVersion.Status.RETIRED
            previous.save(update_fields=["valid_to", "status"])
            audit_record(
                actor=actor,
                action="catalog.version.close",
                target=previous,
                from_state=from_state,
                to_state=previous.status,
                data={"valid_to": previous.valid_to.isoformat()},
            )
        locked.status = ProcedureVersion.Status.PUBLISHED
        locked.published_at = timezone.now()
        locked.published_by = actor if getattr(actor, "pk", None) else None
        locked.save(update_fields=["status", "published_at", "published_by"])
        audit_record(
            actor=actor,
            action="catalog.version.publish",
            target=locked,
            from_state=ProcedureVersion.Status.DRAFT,
            to_state=locked.status,
            data={"code": locked.procedure.code, "number": locked.number},
        )
    return locked
