"""JSON export and import of process definitions (round trip: export → import gives an equal draft).

Format ``egov.workflow/1``::

    {"format": "egov.workflow/1", "name": "...", "procedure": "1.001193", "agency": "000.00.00.H99",
     "version": 2,
     "steps": [{"code", "name", "order", "role", "unit_rule", "department": dept code | null,
                "other_agency": agency code | null, "hours": "8", "is_start", "is_end"}],
     "transitions": [{"code", "name", "kind", "source": step code, "target": step code | null,
                      "guards": [names], "requires_comment", "requires_attachment"}]}

Departments are matched by code inside the importing agency, other agencies by agency code.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from egov.catalog.models import Procedure
from egov.core.audit.services import audit_record
from egov.org.models import Agency, Department
from egov.workflow.models import ProcessDefinition, Step
from egov.workflow.services.editing import process_create_draft, step_add, transition_add

FORMAT = "egov.workflow/1"


def process_export(definition: ProcessDefinition) -> dict[str, Any]:
    steps = list(definition.steps.select_related("department", "other_agency").order_by("order", "pk"))
    codes = {s.pk: s.code for s in steps}
    transitions = definition.transitions.order_by("source__order", "pk")
    return {
        "format": FORMAT,
        "name": definition.name,
        "procedure": definition.procedure.code,
        "agency": definition.agency.agency_code,
        "version": definition.version,
        "steps": [
            {
                "code": s.code,
                "name": s.name,
                "order": s.order,
                "role": s.role,
                "unit_rule": s.unit_rule,
                "department": s.department.code if s.department else None,
                "other_agency": s.other_agency.agency_code if s.other_agency else None,
                "hours": f"{s.hours.normalize():f}",
                "is_start": s.is_start,
                "is_end": s.is_end,
            }
            for s in steps
        ],
        "transitions": [
            {
                "code": t.code,
                "name": t.name,
                "kind": t.kind,
                "source": codes[t.source_id],
                "target": codes[t.target_id] if t.target_id else None,
                "guards": list(t.guards),
                "requires_comment": t.requires_comment,
                "requires_attachment": t.requires_attachment,
            }
            for t in transitions
        ],
    }


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{key}: {' '.join(str(m) for m in msgs)}" for key, msgs in exc.message_dict.items())
    return " ".join(str(m) for m in exc.messages)


def _fail(label: str, message: str) -> ValidationError:
    return ValidationError(f"{label}: {message}", code="import")


def _bool(value: Any) -> bool:
    return value is True or value in ("true", "1", 1)


def _lookup_department(agency: Agency, code: Any, label: str) -> Department | None:
    if code in (None, ""):
        return None
    department = Department.objects.filter(agency=agency, code=str(code)).first()
    if department is None:
        raise _fail(label, _("no department with code “%(code)s” in this agency") % {"code": code})
    return department


def _lookup_agency(code: Any, label: str) -> Agency | None:
    if code in (None, ""):
        return None
    agency = Agency.objects.filter(agency_code=str(code)).order_by("valid_to", "-pk").first()
    if agency is None:
        raise _fail(label, _("no agency with code “%(code)s”") % {"code": code})
    return agency


def _import_steps(actor: Any, definition: ProcessDefinition, rows: Any) -> dict[str, Step]:
    if not isinstance(rows, list):
        raise ValidationError(_("“steps” must be a list."), code="import")
    by_code: dict[str, Step] = {}
    for index, row in enumerate(rows, start=1):
        label = _("Step %(index)d") % {"index": index}
        if not isinstance(row, dict):
            raise _fail(label, _("must be an object"))
        label = _("Step %(index)d (%(code)s)") % {"index": index, "code": row.get("code", "?")}
        try:
            hours = Decimal(str(row.get("hours", "")))
        except InvalidOperation:
            raise _fail(label, _("hours must be a number")) from None
        try:
            order = int(row.get("order", index * 10))
        except (TypeError, ValueError):
            raise _fail(label, _("order must be a whole number")) from None
        try:
            step = step_add(
                actor=actor,
                definition=definition,
                code=str(row.get("code", "")),
                name=str(row.get("name", "")),
                order=order,
                role=str(row.get("role", "")),
                unit_rule=str(row.get("unit_rule", "")),
                hours=hours,
                department=_lookup_department(definition.agency, row.get("department"), label),
                other_agency=_lookup_agency(row.get("other_agency"), label),
                is_start=_bool(row.get("is_start")),
                is_end=_bool(row.get("is_end")),
            )
        except ValidationError as exc:
            if getattr(exc, "code", None) == "import":
                raise
            raise _fail(label, _messages(exc)) from None
        by_code[step.code] = step
    return by_code


def _import_transitions(actor: Any, definition: ProcessDefinition, rows: Any, steps: dict[str, Step]) -> None:
    if not isinstance(rows, list):
        raise ValidationError(_("“transitions” must be a list."), code="import")
    for index, row in enumerate(rows, start=1):
        label = _("Transition %(index)d") % {"index": index}
        if not isinstance(row, dict):
            raise _fail(label, _("must be an object"))
        label = _("Transition %(index)d (%(code)s)") % {"index": index, "code": row.get("code", "?")}
        source = steps.get(str(row.get("source")))
        if source is None:
            raise _fail(label, _("unknown source step “%(code)s”") % {"code": row.get("source")})
        target_code = row.get("target")
        target = None
        if target_code not in (None, ""):
            target = steps.get(str(target_code))
            if target is None:
                raise _fail(label, _("unknown target step “%(code)s”") % {"code": target_code})
        guards = row.get("guards") or []
        if not isinstance(guards, list):
            raise _fail(label, _("conditions must be a list of names"))
        try:
            transition_add(
                actor=actor,
                definition=definition,
                code=str(row.get("code", "")),
                name=str(row.get("name", "")),
                kind=str(row.get("kind", "")),
                source=source,
                target=target,
                guards=[str(g) for g in guards],
                requires_comment=_bool(row.get("requires_comment")),
                requires_attachment=_bool(row.get("requires_attachment")),
            )
        except ValidationError as exc:
            raise _fail(label, _messages(exc)) from None


def process_import(
    *, actor: Any, data: dict[str, Any], procedure: Procedure, agency: Agency
) -> ProcessDefinition:
    """Create a new draft for `procedure` and `agency` from exported data. All or nothing: any
    error (naming the step or transition) rolls the whole import back."""
    if not isinstance(data, dict):
        raise ValidationError(_("The file does not contain a process definition."), code="import")
    if data.get("format") != FORMAT:
        raise ValidationError(
            _("Unknown format “%(format)s”; expected “%(expected)s”.")
            % {"format": data.get("format"), "expected": FORMAT},
            code="import",
        )
    with transaction.atomic():
        definition = process_create_draft(
            actor=actor, procedure=procedure, agency=agency, name=str(data.get("name") or "")[:300]
        )
        steps = _import_steps(actor, definition, data.get("steps", []))
        _import_transitions(actor, definition, data.get("transitions", []), steps)
        audit_record(
            actor=actor,
            action="workflow.process_import",
            target=definition,
            data={"steps": len(steps), "source_version": data.get("version")},
        )
    return definition
