"""Writes for agencies, their code history and their departments."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egov.core.audit.services import audit_record
from egov.core.text import fold, nfc
from egov.org.models import AdminUnit, Agency, AgencyCodeHistory, Department, agency_code_validator

CODE_TAKEN_MESSAGE = _("Another current agency already has this agency code.")


def _clean(text: str) -> str:
    return " ".join(nfc(text).split())


def agency_search_text(*, name: str, short_name: str, agency_code: str) -> str:
    return fold(" ".join(part for part in (name, short_name, agency_code) if part))


def agency_code_normalise(code: str) -> str:
    """Strip spaces and check the form DDD.CC.BB.AXX (raises ValidationError with a clear message)."""
    value = (code or "").strip()
    agency_code_validator(value)
    return value


def _check_code_free(*, code: str, exclude_pk: int | None, on: date) -> None:
    """No other agency that is still current on `on` (or later) may hold the code."""
    clash = Agency.objects.select_for_update().filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on), agency_code=code
    )
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"agency_code": CODE_TAKEN_MESSAGE}, code="agency_code_taken")


def agency_create(
    *,
    name: str,
    kind: str,
    agency_code: str,
    unit: AdminUnit,
    valid_from: date,
    short_name: str = "",
    parent: Agency | None = None,
    valid_to: date | None = None,
    actor: Any = None,
) -> Agency:
    code = agency_code_normalise(agency_code)
    agency = Agency(
        name=_clean(name),
        short_name=_clean(short_name),
        kind=kind,
        agency_code=code,
        unit=unit,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    agency.search_text = agency_search_text(name=agency.name, short_name=agency.short_name, agency_code=code)
    agency.full_clean(validate_constraints=False)
    with transaction.atomic():
        _check_code_free(code=code, exclude_pk=None, on=valid_from)
        agency.save()
        audit_record(actor=actor, action="org.agency_create", target=agency, to_state=code)
    return agency


def agency_update(
    *,
    agency: Agency,
    actor: Any = None,
    name: str | None = None,
    short_name: str | None = None,
    kind: str | None = None,
    parent: Agency | None = None,
    clear_parent: bool = False,
    valid_to: date | None = None,
) -> Agency:
    """Change the descriptive fields of an agency. A new code goes through `agency_code_change`."""
    before = {"name": agency.name, "short_name": agency.short_name, "kind": agency.kind}
    if name is not None:
        agency.name = _clean(name)
    if short_name is not None:
        agency.short_name = _clean(short_name)
    if kind is not None:
        agency.kind = kind
    if clear_parent:
        agency.parent = None
    elif parent is not None:
        if _is_descendant_or_self(candidate=parent, agency=agency):
            raise ValidationError(
                {"parent": _("The parent agency cannot be the agency itself or one of its sub-agencies.")},
                code="agency_parent_cycle",
            )
        agency.parent = parent
    if valid_to is not None:
        agency.valid_to = valid_to
    agency.search_text = agency_search_text(
        name=agency.name, short_name=agency.short_name, agency_code=agency.agency_code
    )
    agency.full_clean(validate_constraints=False)
    with transaction.atomic():
        agency.save()
        audit_record(
            actor=actor,
            action="org.agency_update",
            target=agency,
            data={"before": before, "parent": agency.parent_id, "valid_to": str(agency.valid_to or "")},
        )
    return agency


def _is_descendant_or_self(*, candidate: Agency, agency: Agency) -> bool:
    if agency.pk is None:
        return False
    node: Agency | None = candidate
    seen: set[int] = set()
    while node is not None and node.pk not in seen:
        if node.pk == agency.pk:
            return True
        seen.add(node.pk)
        node = node.parent
    return False


def agency_code_change(
    *, agency: Agency, new_code: str, changed_on: date, reason: str = "", actor: Any = None
) -> AgencyCodeHistory:
    """Give an agency a new electronic ID (e.g. after a merger) and keep the old one in its history."""
    code = agency_code_normalise(new_code)
    if code == agency.agency_code:
        raise ValidationError({"new_code": _("The new code is the same as the current one.")}, code="same")
    with transaction.atomic():
        _check_code_free(code=code, exclude_pk=agency.pk, on=changed_on)
        entry = AgencyCodeHistory.objects.create(
            agency=agency,
            old_code=agency.agency_code,
            new_code=code,
            changed_on=changed_on,
            reason=nfc(reason),
        )
        old = agency.agency_code
        agency.agency_code = code
        agency.search_text = agency_search_text(
            name=agency.name, short_name=agency.short_name, agency_code=code
        )
        agency.save(update_fields=["agency_code", "search_text"])
        audit_record(
            actor=actor,
            action="org.agency_code_change",
            target=agency,
            from_state=old,
            to_state=code,
            reason=nfc(reason),
        )
    return entry


def department_create(*, agency: Agency, name: str, code: str, actor: Any = None) -> Department:
    department = Department(agency=agency, name=_clean(name), code=code.strip())
    department.full_clean()
    with transaction.atomic():
        department.save()
        audit_record(actor=actor, action="org.department_create", target=department, to_state=department.code)
    return department


def department_update(
    *, department: Department, name: str | None = None, code: str | None = None, actor: Any = None
) -> Department:
    before = {"name": department.name, "code": department.code}
    if name is not None:
        department.name = _clean(name)
    if code is not None:
        department.code = code.strip()
    department.full_clean()
    with transaction.atomic():
        department.save(update_fields=["name", "code"])
        audit_record(
            actor=actor,
            action="org.department_update",
            target=department,
            data={"before": before, "after": {"name": department.name, "code": department.code}},
        )
    return department
