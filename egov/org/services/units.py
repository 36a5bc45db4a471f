"""Writes for administrative units: create, update, close, and successor links."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from egov.core.audit.services import audit_record
from egov.core.text import fold, nfc
from egov.org.models import AdminUnit, UnitSuccession
from egov.org.models.units import check_district_rule, check_period


def _clean_name(name: str) -> str:
    return " ".join(nfc(name).split())


def admin_unit_create(
    *,
    code: str,
    name: str,
    kind: str,
    valid_from: date,
    parent: AdminUnit | None = None,
    valid_to: date | None = None,
    actor: Any = None,
) -> AdminUnit:
    """Create one unit. Refuses a district starting on or after 1 July 2025 (rule 12)."""
    check_district_rule(kind=kind, valid_from=valid_from)
    clean_name = _clean_name(name)
    unit = AdminUnit(
        code=code.strip(),
        name=clean_name,
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        search_text=fold(clean_name),
    )
    unit.full_clean()
    with transaction.atomic():
        unit.save()
        audit_record(actor=actor, action="org.admin_unit_create", target=unit, to_state=kind)
    return unit


def admin_unit_update(
    *,
    unit: AdminUnit,
    actor: Any = None,
    name: str | None = None,
    valid_to: date | None = None,
    clear_valid_to: bool = False,
) -> AdminUnit:
    """Rename a unit or set its end date. Kind, code and start date are history and stay fixed."""
    changes: dict[str, Any] = {}
    if name is not None and _clean_name(name) != unit.name:
        changes["name"] = [unit.name, _clean_name(name)]
        unit.name = _clean_name(name)
        unit.search_text = fold(unit.name)
    if clear_valid_to or (valid_to is not None and valid_to != unit.valid_to):
        new_to = None if clear_valid_to else valid_to
        changes["valid_to"] = [str(unit.valid_to or ""), str(new_to or "")]
        unit.valid_to = new_to
    if not changes:
        return unit
    check_district_rule(kind=unit.kind, valid_from=unit.valid_from)
    check_period(valid_from=unit.valid_from, valid_to=unit.valid_to)
    with transaction.atomic():
        unit.save(update_fields=["name", "search_text", "valid_to"])
        audit_record(actor=actor, action="org.admin_unit_update", target=unit, data=changes)
    return unit


def admin_unit_succession_add(
    *,
    predecessor: AdminUnit,
    successor: AdminUnit,
    relation: str,
    effective_on: date,
    actor: Any = None,
    close_predecessor: bool = False,
) -> UnitSuccession:
    """Link an old unit to its successor; optionally end the old unit the day before `effective_on`."""
    if predecessor.pk == successor.pk:
        raise ValidationError(_("A unit cannot be its own successor."), code="succession_self")
    if relation not in UnitSuccession.Relation.values:
        raise ValidationError(_("Unknown succession relation."), code="succession_relation")
    with transaction.atomic():
        link, created = UnitSuccession.objects.get_or_create(
            predecessor=predecessor,
            successor=successor,
            defaults={"relation": relation, "effective_on": effective_on},
        )
        if not created and (link.relation, link.effective_on) != (relation, effective_on):
            link.relation = relation
            link.effective_on = effective_on
            link.save(update_fields=["relation", "effective_on"])
        if close_predecessor and predecessor.valid_to is None:
            predecessor.valid_to = effective_on - timedelta(days=1)
            check_period(valid_from=predecessor.valid_from, valid_to=predecessor.valid_to)
            predecessor.save(update_fields=["valid_to"])
        audit_record(
            actor=actor,
            action="org.admin_unit_succession_add",
            target=predecessor,
            to_state=relation,
            data={"successor": successor.pk, "effective_on": effective_on.isoformat()},
        )
    return link
