"""Catalogue import and export as one document per procedure (schema: egov/catalog/README.md).

`catalog_document()` builds the document from the database; `catalog_import(document=...)` loads it
back in one transaction (idempotent by code + version number; only drafts are updated). The
Excel format (egov.catalog.xlsx) converts to and from the same document.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from egov.catalog import services
from egov.catalog.models import Field, Procedure, ProcedureVersion
from egov.catalog.selectors import procedures_with_versions
from egov.core.audit.services import audit_record
from egov.org.models import Agency

FORMAT = "egov.catalog/1"


class CatalogImportError(Exception):
    """The file cannot be imported; the message names the record and the field."""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _version_document(v: ProcedureVersion) -> dict[str, Any]:
    return {
        "number": v.number,
        "status": v.status,
        "valid_from": v.valid_from.isoformat(),
        "valid_to": v.valid_to.isoformat() if v.valid_to else None,
        "name": v.name,
        "legal_basis": v.legal_basis,
        "deadline_hours": str(v.deadline_hours),
        "same_day": v.same_day,
        "cutoff": v.cutoff.strftime("%H:%M") if v.cutoff else None,
        "supplementation_mode": v.supplementation_mode,
        "online_level": v.online_level,
        "requires_assurance_level": v.requires_assurance_level,
        "eform_schema": v.eform_schema,
        "agencies": sorted(a.agency_code for a in v.implementing_agencies.all()),
        "components": [
            {"order": c.order, "name": c.name, "form": c.form, "copies": c.copies, "mandatory": c.mandatory}
            for c in v.components.all()
        ],
        "fees": [
            {"kind": f.kind, "name": f.name, "amount": str(f.amount), "note": f.note} for f in v.fees.all()
        ],
        "result_types": [{"code": r.code, "name": r.name} for r in v.result_types.all()],
    }


def catalog_document() -> dict[str, Any]:
    """The whole catalogue as a JSON-serialisable document."""
    return {
        "format": FORMAT,
        "procedures": [
            {
                "code": p.code,
                "name": p.name,
                "field": {"code": p.field.code, "name": p.field.name},
                "level": p.level,
                "versions": [_version_document(v) for v in p.versions.all()],
            }
            for p in procedures_with_versions()
        ],
    }


def catalog_export_json() -> str:
    return json.dumps(catalog_document(), ensure_ascii=False, indent=2)


# --- import ------------------------------------------------------------------------------------


def _fail(where: str, field: str, message: str) -> CatalogImportError:
    return CatalogImportError(
        _("%(where)s, field “%(field)s”: %(message)s") % {"where": where, "field": field, "message": message}
    )


def _get(record: dict[str, Any], key: str, where: str, *, required: bool = True, default: Any = None) -> Any:
    value = record.get(key, default)
    if required and (value is None or value == ""):
        raise _fail(where, key, _("a value is required"))
    return value


def _date(value: Any, where: str, key: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise _fail(where, key, _("not a date (YYYY-MM-DD): %(value)s") % {"value": value}) from None


def _time(value: Any, where: str, key: str) -> time | None:
    if value in (None, ""):
        return None
    if isinstance(value, time):
        return value
    try:
        return time.fromisoformat(str(value))
    except ValueError:
        raise _fail(where, key, _("not a time (HH:MM): %(value)s") % {"value": value}) from None


def _decimal(value: Any, where: str, key: str) -> Decimal:
    try:
        return Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise _fail(where, key, _("not a number: %(value)s") % {"value": value}) from None


def _int(value: Any, where: str, key: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _fail(where, key, _("not a whole number: %(value)s") % {"value": value}) from None


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "có", "x"}
    return bool(value)


def _rules(doc: dict[str, Any], where: str) -> dict[str, Any]:
    schema = doc.get("eform_schema") or {}
    if isinstance(schema, str):
        try:
            schema = json.loads(schema)
        except ValueError:
            raise _fail(where, "eform_schema", _("not valid JSON")) from None
    return {
        "name": _get(doc, "name", where),
        "valid_from": _date(_get(doc, "valid_from", where), where, "valid_from"),
        "valid_to": _date(doc.get("valid_to"), where, "valid_to"),
        "legal_basis": doc.get("legal_basis") or "",
        "deadline_hours": _decimal(doc.get("deadline_hours") or 0, where, "deadline_hours"),
        "same_day": _bool(doc.get("same_day")),
        "cutoff": _time(doc.get("cutoff"), where, "cutoff"),
        "supplementation_mode": doc.get("supplementation_mode")
        or ProcedureVersion.SupplementationMode.RESTART,
        "online_level": doc.get("online_level") or ProcedureVersion.OnlineLevel.INFO,
        "requires_assurance_level": _int(
            doc.get("requires_assurance_level") or 1, where, "requires_assurance_level"
        ),
        "eform_schema": schema,
    }


def _at(item: dict[str, Any], where: str, kind: str, i: int) -> str:
    return str(item.get("_where") or f"{where}, {kind}[{i}]")


def _items(doc: dict[str, Any], where: str) -> dict[str, Any]:
    components = [
        {
            "order": _int(c.get("order") or 0, _at(c, where, "components", i), "order"),
            "name": _get(c, "name", _at(c, where, "components", i)),
            "form": c.get("form") or "original",
            "copies": _int(c.get("copies") or 1, _at(c, where, "components", i), "copies"),
            "mandatory": _bool(c.get("mandatory", True)),
        }
        for i, c in enumerate(doc.get("components") or [])
    ]
    fees = [
        {
            "kind": f.get("kind") or "fee",
            "name": _get(f, "name", _at(f, where, "fees", i)),
            "amount": _decimal(
                _get(f, "amount", _at(f, where, "fees", i)), _at(f, where, "fees", i), "amount"
            ),
            "note": f.get("note") or "",
        }
        for i, f in enumerate(doc.get("fees") or [])
    ]
    results = [
        {"code": r.get("code") or "", "name": _get(r, "name", _at(r, where, "result_types", i))}
        for i, r in enumerate(doc.get("result_types") or [])
    ]
    agencies = []
    for code in doc.get("agencies") or []:
        agency = Agency.objects.filter(agency_code=str(code).strip()).first()
        if agency is None:
            raise _fail(where, "agencies", _("unknown agency code %(code)s") % {"code": code})
        agencies.append(agency)
    return {"components": components, "fees": fees, "result_types": results, "agencies": agencies}


def _wrap(where: str, error: ValidationError) -> CatalogImportError:
    if hasattr(error, "error_dict"):
        key, messages = next(iter(error.message_dict.items()))
        return _fail(where, key, " ".join(messages))
    return CatalogImportError(f"{where}: {' '.join(error.messages)}")


def _import_version(
    procedure: Procedure, doc: dict[str, Any], where: str, actor: Any, result: ImportResult
) -> None:
    number = _int(_get(doc, "number", where), where, "number")
    where = doc.get("_where") or _("%(where)s, version %(number)s") % {"where": where, "number": number}
    status = doc.get("status") or ProcedureVersion.Status.DRAFT
    if status not in ProcedureVersion.Status.values:
        raise _fail(where, "status", _("unknown status %(value)s") % {"value": status})
    existing = procedure.versions.filter(number=number).first()
    if existing is not None and existing.status != ProcedureVersion.Status.DRAFT:
        result.unchanged += 1  # published versions are immutable: the file cannot change them
        return
    rules, items = _rules(doc, where), _items(doc, where)
    try:
        if existing is None:
            version = ProcedureVersion(procedure=procedure, number=number, **rules)
            version.full_clean()
            version.save()
            result.created += 1
        else:
            version = services.procedure_version_update(version=existing, actor=actor, **rules)
            result.updated += 1
        services.procedure_version_set_items(version=version, actor=actor, **items)
        if status != ProcedureVersion.Status.DRAFT:
            problems = services.version_publish_problems(version)
            if problems:
                raise ValidationError(problems)
            version.status = status
            version.save(update_fields=["status"])
    except ValidationError as error:
        raise _wrap(where, error) from None
    audit_record(actor=actor, action="catalog.version.import", target=version, to_state=status)


def _import_procedure(doc: dict[str, Any], index: int, actor: Any, result: ImportResult) -> None:
    where = _("Procedure no. %(index)s") % {"index": index + 1}
    code = str(_get(doc, "code", where)).strip()
    where = doc.get("_where") or f"{where} ({code})"
    field_doc = _get(doc, "field", where)
    if not isinstance(field_doc, dict):
        raise _fail(where, "field", _("must be an object with code and name"))
    try:
        field = Field.objects.filter(code=_get(field_doc, "code", where)).first() or services.field_create(
            code=field_doc["code"], name=_get(field_doc, "name", where), actor=actor
        )
        procedure = Procedure.objects.filter(code=code).first()
        values = {"name": _get(doc, "name", where), "field": field, "level": _get(doc, "level", where)}
        if procedure is None:
            procedure = services.procedure_create(code=code, actor=actor, **values)
        elif any(getattr(procedure, k) != v for k, v in values.items()):
            services.procedure_update(procedure=procedure, actor=actor, **values)
    except ValidationError as error:
        raise _wrap(where, error) from None
    for version_doc in doc.get("versions") or []:
        _import_version(procedure, version_doc, where, actor, result)


def catalog_import(*, document: Any, actor: Any = None) -> ImportResult:
    """Load a catalogue document: all or nothing. Raises CatalogImportError naming the record/field."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise CatalogImportError(
            _("Not a catalogue file: the format must be %(format)s.") % {"format": FORMAT}
        )
    result = ImportResult()
    with transaction.atomic():
        for index, procedure_doc in enumerate(document.get("procedures") or []):
            _import_procedure(procedure_doc, index, actor, result)
    return result


def catalog_import_json(*, text: str, actor: Any = None) -> ImportResult:
    try:
        document = json.loads(text)
    except ValueError as error:
        raise CatalogImportError(_("The file is not valid JSON: %(error)s") % {"error": error}) from None
    return catalog_import(document=document, actor=actor)
