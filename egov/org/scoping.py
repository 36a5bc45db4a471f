"""The one place that decides what a staff member may see.

Every list, inbox, dashboard and API that shows agency-owned data filters it through
`scope_queryset` (or `agencies_visible_to`). The rules, evaluated on a date (today by default):

* only assignments current on that date count: valid_from <= on and (valid_to is empty or >= on);
* superusers and holders of a current `system_admin` assignment see everything;
* `agency_leader` and `agency_admin` see their agency and all its sub-agencies (children,
  grandchildren …);
* `reception_officer`, `clerk` see their own agency;
* `specialist` and `department_head` see their own agency; when they are attached to a department
  and the data has a department (`department_field`), only that department's items;
* citizens, inactive and anonymous users, and staff without a current assignment see nothing.

`roles` narrows the assignments that count (e.g. only reception_officer for the counter inbox).
Superusers are not narrowed by `roles`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from egov.org.models import Agency, Role, StaffAssignment

M = TypeVar("M", bound=Model)

AGENCY_TREE_ROLES = frozenset({Role.AGENCY_LEADER.value, Role.AGENCY_ADMIN.value})
DEPARTMENT_ROLES = frozenset({Role.SPECIALIST.value, Role.DEPARTMENT_HEAD.value})
EVERYTHING_ROLES = frozenset({Role.SYSTEM_ADMIN.value})


@dataclass(frozen=True)
class Scope:
    """What one user may see on one date (computed from their current assignments)."""

    everything: bool = False
    agency_ids: frozenset[int] = frozenset()  # whole agency
    tree_root_ids: frozenset[int] = frozenset()  # agency and its descendants
    departments: frozenset[tuple[int, int]] = frozenset()  # (agency id, department id)

    @property
    def nothing(self) -> bool:
        return not (self.everything or self.agency_ids or self.tree_root_ids or self.departments)


def current_assignments(
    *, user: Any, on: date | None = None, roles: Iterable[str] | None = None
) -> QuerySet[StaffAssignment]:
    """Assignments of `user` current on `on` (today by default), optionally of some roles only."""
    if user is None or user.pk is None:
        return StaffAssignment.objects.none()
    day = on or timezone.localdate()
    qs = StaffAssignment.objects.filter(user_id=user.pk, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )
    if roles is not None:
        qs = qs.filter(role__in=sorted(set(roles)))
    return qs


def _is_staff_account(user: Any) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and (getattr(user, "kind", "") == "staff" or user.is_superuser)
    )


def staff_scope(*, user: Any, roles: Iterable[str] | None = None, on: date | None = None) -> Scope:
    """The scope of `user` (one query for the assignments; none for superusers and citizens)."""
    if not _is_staff_account(user):
        return Scope()
    if user.is_superuser:
        return Scope(everything=True)
    wanted = None if roles is None else set(roles)
    rows = current_assignments(user=user, on=on, roles=wanted).values_list(
        "role", "agency_id", "department_id"
    )
    agency_ids: set[int] = set()
    tree_roots: set[int] = set()
    departments: set[tuple[int, int]] = set()
    for role, agency_id, department_id in rows:
        if role in EVERYTHING_ROLES:
            return Scope(everything=True)
        if role in AGENCY_TREE_ROLES:
            tree_roots.add(agency_id)
        elif role in DEPARTMENT_ROLES and department_id is not None:
            departments.add((agency_id, department_id))
        else:
            agency_ids.add(agency_id)
    return Scope(
        agency_ids=frozenset(agency_ids),
        tree_root_ids=frozenset(tree_roots),
        departments=frozenset(departments),
    )


def agency_subtree(root_ids: Iterable[int]) -> RawSQL:
    """A subquery of the ids of the given agencies and all their descendants (recursive CTE,
    the same SQL on SQLite and PostgreSQL). Use as `filter(agency__in=agency_subtree([...]))`."""
    ids = sorted({int(i) for i in root_ids})
    table = Agency._meta.db_table
    placeholders = ", ".join(["%s"] * len(ids)) or "NULL"
    sql = (
        f"WITH RECURSIVE org_tree(id) AS ("  # noqa: S608 - table name from model meta, values are params
        f"SELECT id FROM {table} WHERE id IN ({placeholders}) "
        f"UNION SELECT child.id FROM {table} child INNER JOIN org_tree ON child.parent_id = org_tree.id"
        f") SELECT id FROM org_tree"
    )
    return RawSQL(sql, ids)  # noqa: S611 - no user input in the SQL text


def scope_filter(
    scope: Scope, *, agency_field: str = "agency", department_field: str | None = None
) -> Q | None:
    """The filter for a scope: None means no restriction; an empty Q() is never returned."""
    if scope.everything:
        return None
    q = Q(pk__in=[])
    whole = set(scope.agency_ids)
    if department_field is None:
        whole |= {agency_id for agency_id, _ in scope.departments}
    if whole:
        q |= Q(**{f"{agency_field}__in": sorted(whole)})
    if scope.tree_root_ids:
        q |= Q(**{f"{agency_field}__in": agency_subtree(scope.tree_root_ids)})
    if department_field is not None:
        for agency_id, department_id in sorted(scope.departments):
            q |= Q(**{agency_field: agency_id, department_field: department_id})
    return q


def scope_queryset(
    qs: QuerySet[M],
    *,
    user: Any,
    agency_field: str = "agency",
    department_field: str | None = None,
    roles: Iterable[str] | None = None,
    on: date | None = None,
) -> QuerySet[M]:
    """Filter `qs` to what `user` may see. `agency_field` is the lookup path of the owning agency
    ("agency", "dossier__competent_agency", or "pk" for Agency itself); `department_field` the path of
    the department, when items are kept per department."""
    scope = staff_scope(user=user, roles=roles, on=on)
    if scope.nothing:
        return qs.none()
    q = scope_filter(scope, agency_field=agency_field, department_field=department_field)
    return qs if q is None else qs.filter(q)


def agencies_visible_to(
    *, user: Any, roles: Iterable[str] | None = None, on: date | None = None
) -> QuerySet[Agency]:
    """The agencies whose data `user` may see (department-level staff: their agency)."""
    return scope_queryset(Agency.objects.all(), user=user, agency_field="pk", roles=roles, on=on)


def user_can_see_agency(
    *, user: Any, agency: Agency, roles: Iterable[str] | None = None, on: date | None = None
) -> bool:
    """Object-level check with the same rules (for detail views)."""
    return agencies_visible_to(user=user, roles=roles, on=on).filter(pk=agency.pk).exists()
