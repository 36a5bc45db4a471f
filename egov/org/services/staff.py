"""Writes for staff assignments (positions held by a staff member, effective-dated)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from egov.core.audit.services import audit_record
from egov.core.text import nfc
from egov.org.models import Agency, Department, Role, StaffAssignment
from egov.org.models.staff import check_department_agency
from egov.org.models.units import check_period


def staff_assignment_create(
    *,
    user: Any,
    agency: Agency,
    role: str,
    valid_from: date,
    department: Department | None = None,
    title: str = "",
    valid_to: date | None = None,
    actor: Any = None,
) -> StaffAssignment:
    """Give a staff member a position. The department, if any, must belong to the agency."""
    if getattr(user, "kind", "") != "staff" and not user.is_superuser:
        raise ValidationError(
            {"user": _("Only staff accounts can hold a position in an agency.")}, code="assignment_not_staff"
        )
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")}, code="assignment_role")
    check_department_agency(department=department, agency_id=agency.pk)
    check_period(valid_from=valid_from, valid_to=valid_to)
    assignment = StaffAssignment(
        user=user,
        agency=agency,
        department=department,
        role=role,
        title=" ".join(nfc(title).split()),
        valid_from=valid_from,
        valid_to=valid_to,
    )
    assignment.full_clean()
    with transaction.atomic():
        assignment.save()
        audit_record(
            actor=actor,
            action="org.staff_assignment_create",
            target=assignment,
            to_state=role,
            data={"user": user.pk, "agency": agency.pk, "department": department.pk if department else None},
        )
    return assignment


def staff_assignment_end(
    *, assignment: StaffAssignment, valid_to: date, reason: str = "", actor: Any = None
) -> StaffAssignment:
    """Close an open position on `valid_to` (the last day it counts). Moving staff lose old rights."""
    check_period(valid_from=assignment.valid_from, valid_to=valid_to)
    with transaction.atomic():
        locked = StaffAssignment.objects.select_for_update().get(pk=assignment.pk)
        old = str(locked.valid_to or "")
        locked.valid_to = valid_to
        locked.save(update_fields=["valid_to"])
        audit_record(
            actor=actor,
            action="org.staff_assignment_end",
            target=locked,
            from_state=old,
            to_state=valid_to.isoformat(),
            reason=nfc(reason),
        )
    assignment.valid_to = valid_to
    return assignment
