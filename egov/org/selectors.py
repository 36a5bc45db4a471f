"""Reads for the organisation: current positions and roles of a staff member, staff home data,
administrative units and agencies."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from egov.core.text import fold
from egov.org.home import tiles_for
from egov.org.models import AdminUnit, Agency, StaffAssignment
from egov.org.scoping import current_assignments


def staff_assignments(*, user: Any, on: date | None = None) -> QuerySet[StaffAssignment]:
    """Current positions of `user` with agency, unit and department loaded (one query)."""
    if getattr(user, "kind", "") != "staff" and not getattr(user, "is_superuser", False):
        return StaffAssignment.objects.none()
    return (
        current_assignments(user=user, on=on)
        .select_related("agency", "agency__unit", "department")
        .order_by("agency__name", "role", "pk")
    )


def staff_roles(*, user: Any, on: date | None = None) -> set[str]:
    """Role codes of the current assignments of `user` (empty for citizens and anonymous users)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    if getattr(user, "kind", "") != "staff" and not user.is_superuser:
        return set()
    return set(current_assignments(user=user, on=on).order_by().values_list("role", flat=True).distinct())


def staff_home_context(*, user: Any) -> dict[str, Any]:
    """What the staff home page shows: positions held today, roles, and tiles for each role."""
    today = timezone.localdate()
    assignments = list(staff_assignments(user=user, on=today))
    roles = {a.role for a in assignments}
    if user.is_superuser:
        roles.add("system_admin")
    return {
        "today": today,
        "assignments": assignments,
        "roles": sorted(roles),
        "tiles": tiles_for(roles=roles),
        "display_name": user.get_full_name() or user.get_username(),
    }


def admin_units_current(*, on: date | None = None) -> QuerySet[AdminUnit]:
    day = on or timezone.localdate()
    return AdminUnit.objects.filter(valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def admin_unit_search(*, query: str, on: date | None = None) -> QuerySet[AdminUnit]:
    """Accent-insensitive search over current units ("tan ninh" finds "Phường Tân Ninh")."""
    return admin_units_current(on=on).filter(search_text__contains=fold(query)).select_related("parent")


def province_get(*, code: int | str, on: date | None = None) -> AdminUnit | None:
    """A provincial unit by its 2025 code (80 or "80")."""
    return (
        admin_units_current(on=on)
        .filter(kind__in=[AdminUnit.Kind.PROVINCE, AdminUnit.Kind.CITY], code=f"{int(code):02d}")
        .first()
    )


def agency_by_code(*, code: str, on: date | None = None) -> Agency | None:
    """The agency holding `code` on `on` (today by default)."""
    day = on or timezone.localdate()
    return (
        Agency.objects.filter(agency_code=code.strip(), valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("unit")
        .first()
    )


def unit_successors(*, unit: AdminUnit) -> QuerySet[AdminUnit]:
    return unit.successors.all().order_by("code")


def unit_predecessors(*, unit: AdminUnit) -> QuerySet[AdminUnit]:
    return unit.predecessors.all().order_by("code")
