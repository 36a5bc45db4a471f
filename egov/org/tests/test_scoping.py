"""Every scope rule, with its denials: who sees which agencies and which items.

Tree used below (UBND tỉnh → Sở Tư pháp → Trung tâm trợ giúp pháp lý; UBND tỉnh → UBND xã; another
province's PC apart). Items are staff assignments of other people: they carry an agency and a
department, like dossiers and documents will.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from egov.accounts.tests.factories import StaffFactory, UserFactory
from egov.org.models import Agency, Department, Role, StaffAssignment
from egov.org.scoping import agencies_visible_to, scope_queryset, staff_scope, user_can_see_agency
from egov.org.tests.factories import AgencyFactory, AssignmentFactory, DepartmentFactory

pytestmark = pytest.mark.django_db

ON = date(2026, 3, 2)
START = date(2025, 7, 1)


@dataclass
class World:
    province_pc: Agency
    justice: Agency
    legal_aid: Agency  # child of justice
    commune_pc: Agency
    other_pc: Agency  # another province
    civil: Department  # in justice
    office: Department  # in justice
    items: dict[str, StaffAssignment]


@pytest.fixture
def world() -> World:
    province_pc = AgencyFactory.create(name="UBND tỉnh", kind="province_pc")
    justice = AgencyFactory.create(name="Sở Tư pháp", parent=province_pc)
    legal_aid = AgencyFactory.create(name="Trung tâm trợ giúp pháp lý", parent=justice)
    commune_pc = AgencyFactory.create(name="UBND xã", kind="commune_pc", parent=province_pc)
    other_pc = AgencyFactory.create(name="UBND tỉnh khác", kind="province_pc")
    civil = DepartmentFactory.create(agency=justice, name="Phòng Hành chính tư pháp")
    office = DepartmentFactory.create(agency=justice, name="Văn phòng Sở")
    owner = StaffFactory.create(username="owner")
    items = {
        "province": AssignmentFactory.create(user=owner, agency=province_pc),
        "justice": AssignmentFactory.create(user=owner, agency=justice),
        "justice_civil": AssignmentFactory.create(user=owner, agency=justice, department=civil),
        "justice_office": AssignmentFactory.create(user=owner, agency=justice, department=office),
        "legal_aid": AssignmentFactory.create(user=owner, agency=legal_aid),
        "commune": AssignmentFactory.create(user=owner, agency=commune_pc),
        "other": AssignmentFactory.create(user=owner, agency=other_pc),
    }
    return World(province_pc, justice, legal_aid, commune_pc, other_pc, civil, office, items)


def _staff(role: str, agency: Agency, department: Department | None = None, **period: date | None) -> object:
    user = StaffFactory.create()
    AssignmentFactory.create(
        user=user,
        agency=agency,
        department=department,
        role=role,
        valid_from=period.get("valid_from") or START,
        valid_to=period.get("valid_to"),
    )
    return user


def _agencies(user: object, **kw: object) -> set[str]:
    return set(agencies_visible_to(user=user, on=ON, **kw).values_list("name", flat=True))  # type: ignore[arg-type]


def _items(world: World, user: object, **kw: object) -> set[str]:
    qs = scope_queryset(
        StaffAssignment.objects.filter(user__username="owner"),
        user=user,
        on=ON,
        **kw,  # type: ignore[arg-type]
    )
    names = {v.pk: k for k, v in world.items.items()}
    return {names[pk] for pk in qs.values_list("pk", flat=True)}


ALL_AGENCIES = {"UBND tỉnh", "Sở Tư pháp", "Trung tâm trợ giúp pháp lý", "UBND xã", "UBND tỉnh khác"}
ALL_ITEMS = {"province", "justice", "justice_civil", "justice_office", "legal_aid", "commune", "other"}
JUSTICE_ITEMS = {"justice", "justice_civil", "justice_office"}


# Everything ---------------------------------------------------------------------------------------


def test_superuser_sees_everything_without_an_assignment(world: World) -> None:
    root = StaffFactory.create(is_superuser=True)
    assert _agencies(root) == ALL_AGENCIES
    assert _items(world, root) == ALL_ITEMS
    assert _items(world, root, roles=["clerk"]) == ALL_ITEMS  # superusers are not narrowed


def test_system_admin_sees_everything(world: World) -> None:
    admin = _staff(Role.SYSTEM_ADMIN, world.commune_pc)
    assert _agencies(admin) == ALL_AGENCIES
    assert _items(world, admin, department_field="department") == ALL_ITEMS


def test_system_admin_role_filtered_out_sees_nothing(world: World) -> None:
    admin = _staff(Role.SYSTEM_ADMIN, world.commune_pc)
    assert _agencies(admin, roles=["reception_officer"]) == set()


def test_expired_system_admin_sees_nothing(world: World) -> None:
    admin = _staff(Role.SYSTEM_ADMIN, world.commune_pc, valid_to=date(2026, 3, 1))
    assert _agencies(admin) == set()
    assert _items(world, admin) == set()


# Agency and its descendants -----------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.AGENCY_LEADER, Role.AGENCY_ADMIN])
def test_leaders_and_agency_admins_see_their_agency_and_all_descendants(world: World, role: str) -> None:
    leader = _staff(role, world.province_pc)
    assert _agencies(leader) == ALL_AGENCIES - {"UBND tỉnh khác"}  # grandchild included, other province not
    assert _items(world, leader, department_field="department") == ALL_ITEMS - {"other"}


@pytest.mark.parametrize("role", [Role.AGENCY_LEADER, Role.AGENCY_ADMIN])
def test_leaders_do_not_see_parents_or_siblings(world: World, role: str) -> None:
    director = _staff(role, world.justice)
    assert _agencies(director) == {"Sở Tư pháp", "Trung tâm trợ giúp pháp lý"}
    assert _items(world, director) == JUSTICE_ITEMS | {"legal_aid"}


# Own agency only ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.RECEPTION_OFFICER, Role.CLERK])
def test_officers_and_clerks_see_their_own_agency_only(world: World, role: str) -> None:
    user = _staff(role, world.justice)
    assert _agencies(user) == {"Sở Tư pháp"}  # not the child agency
    assert _items(world, user, department_field="department") == JUSTICE_ITEMS


@pytest.mark.parametrize("role", [Role.SPECIALIST, Role.DEPARTMENT_HEAD])
def test_department_staff_without_department_see_the_agency(world: World, role: str) -> None:
    user = _staff(role, world.justice)
    assert _agencies(user) == {"Sở Tư pháp"}
    assert _items(world, user, department_field="department") == JUSTICE_ITEMS


# Department level ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.SPECIALIST, Role.DEPARTMENT_HEAD])
def test_department_staff_see_only_their_department_items(world: World, role: str) -> None:
    user = _staff(role, world.justice, world.civil)
    assert _agencies(user) == {"Sở Tư pháp"}
    assert _items(world, user, department_field="department") == {
        "justice_civil"
    }  # not office, not agency-wide
    # Data kept per agency only (no department field): the whole agency.
    assert _items(world, user) == JUSTICE_ITEMS


def test_other_department_is_denied(world: World) -> None:
    user = _staff(Role.SPECIALIST, world.justice, world.office)
    assert "justice_civil" not in _items(world, user, department_field="department")


# Dates --------------------------------------------------------------------------------------------


def test_expired_assignment_is_denied(world: World) -> None:
    user = _staff(Role.AGENCY_LEADER, world.province_pc, valid_to=date(2026, 3, 1))
    assert _agencies(user) == set()
    assert _items(world, user) == set()


def test_future_assignment_is_denied(world: World) -> None:
    user = _staff(Role.CLERK, world.justice, valid_from=date(2026, 3, 3))
    assert _agencies(user) == set()
    assert _items(world, user) == set()


def test_first_and_last_day_count(world: World) -> None:
    first = _staff(Role.CLERK, world.justice, valid_from=ON)
    last = _staff(Role.CLERK, world.justice, valid_to=ON)
    assert _agencies(first) == _agencies(last) == {"Sở Tư pháp"}


def test_default_date_is_today(world: World) -> None:
    current = _staff(Role.CLERK, world.justice)
    ended = _staff(Role.CLERK, world.justice, valid_to=date(2025, 12, 31))
    assert set(agencies_visible_to(user=current).values_list("name", flat=True)) == {"Sở Tư pháp"}
    assert not agencies_visible_to(user=ended).exists()


# Other agencies, several positions, roles filter -------------------------------------------------


def test_other_agency_is_denied(world: World) -> None:
    user = _staff(Role.CLERK, world.commune_pc)
    assert _items(world, user) == {"commune"}
    assert not user_can_see_agency(user=user, agency=world.justice, on=ON)
    assert not user_can_see_agency(user=user, agency=world.province_pc, on=ON)  # not the parent either
    assert user_can_see_agency(user=user, agency=world.commune_pc, on=ON)


def test_several_positions_add_up_and_roles_narrow_them(world: World) -> None:
    user = StaffFactory.create()
    AssignmentFactory.create(user=user, agency=world.commune_pc, role=Role.RECEPTION_OFFICER)
    AssignmentFactory.create(user=user, agency=world.justice, department=world.civil, role=Role.SPECIALIST)
    assert _agencies(user) == {"UBND xã", "Sở Tư pháp"}
    assert _items(world, user, department_field="department") == {"commune", "justice_civil"}
    assert _agencies(user, roles=["reception_officer"]) == {"UBND xã"}
    assert _items(world, user, roles=["specialist"], department_field="department") == {"justice_civil"}
    assert _agencies(user, roles=["clerk"]) == set()


def test_nested_agency_path(world: World) -> None:
    leader = _staff(Role.AGENCY_LEADER, world.justice)
    departments = scope_queryset(
        Department.objects.all(), user=leader, agency_field="agency", on=ON
    ).values_list("name", flat=True)
    assert set(departments) == {"Phòng Hành chính tư pháp", "Văn phòng Sở"}
    via_department = scope_queryset(
        StaffAssignment.objects.filter(department__isnull=False),
        user=leader,
        agency_field="department__agency",
        on=ON,
    )
    assert via_department.count() == 2


# Nobody else ----------------------------------------------------------------------------------------


def test_citizen_sees_nothing_even_with_a_stray_assignment(world: World) -> None:
    citizen = UserFactory.create()
    AssignmentFactory.create(user=citizen, agency=world.province_pc, role=Role.AGENCY_LEADER)
    assert _agencies(citizen) == set()
    assert _items(world, citizen) == set()
    assert staff_scope(user=citizen).nothing


def test_anonymous_and_inactive_users_see_nothing(world: World) -> None:
    assert _agencies(AnonymousUser()) == set()
    inactive = _staff(Role.AGENCY_LEADER, world.province_pc)
    inactive.is_active = False  # type: ignore[attr-defined]
    assert _items(world, inactive) == set()
    inactive_root = StaffFactory.create(is_superuser=True, is_active=False)
    assert _agencies(inactive_root) == set()


def test_staff_without_assignment_sees_nothing(world: World) -> None:
    assert _items(world, StaffFactory.create()) == set()


# Cost -----------------------------------------------------------------------------------------------


def test_scope_costs_one_query_plus_the_filtered_query(world: World) -> None:
    leader = _staff(Role.AGENCY_LEADER, world.province_pc)
    with CaptureQueriesContext(connection) as ctx:
        qs = scope_queryset(StaffAssignment.objects.all(), user=leader, on=ON, department_field="department")
        list(qs)
    assert len(ctx.captured_queries) == 2
    with CaptureQueriesContext(connection) as ctx:
        list(agencies_visible_to(user=StaffFactory.build(is_superuser=True, is_active=True)))
    assert len(ctx.captured_queries) == 1
