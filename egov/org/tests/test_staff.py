"""Staff assignments: several positions per user, effective dates, department within the agency."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from egov.accounts.tests.factories import StaffFactory, UserFactory
from egov.core.audit.models import AuditEvent
from egov.org import selectors, services
from egov.org.models import Role, StaffAssignment
from egov.org.tests.factories import AgencyFactory, AssignmentFactory, DepartmentFactory

pytestmark = pytest.mark.django_db

D = date(2025, 7, 1)
ON = date(2026, 3, 2)


def test_role_codes_are_exactly_the_agreed_ones() -> None:
    assert Role.values == [
        "reception_officer",
        "specialist",
        "department_head",
        "agency_leader",
        "clerk",
        "agency_admin",
        "system_admin",
    ]
    with translation.override("vi"):
        labels = [str(label) for label in Role.labels]
    assert labels == [
        "Cán bộ một cửa",
        "Chuyên viên",
        "Lãnh đạo phòng",
        "Lãnh đạo cơ quan",
        "Văn thư",
        "Quản trị cơ quan",
        "Quản trị hệ thống",
    ]


def test_one_user_may_hold_several_positions() -> None:
    user = StaffFactory.create()
    ubnd, so = AgencyFactory.create(), AgencyFactory.create()
    phong = DepartmentFactory.create(agency=so)
    a1 = services.staff_assignment_create(
        user=user, agency=ubnd, role=Role.AGENCY_LEADER, title=" Phó  Chủ tịch ", valid_from=D
    )
    services.staff_assignment_create(
        user=user, agency=so, department=phong, role=Role.DEPARTMENT_HEAD, valid_from=D
    )
    services.staff_assignment_create(
        user=user, agency=ubnd, role=Role.CLERK, valid_from=D, valid_to=date(2025, 12, 31)
    )
    assert a1.title == "Phó Chủ tịch"
    assert selectors.staff_roles(user=user, on=ON) == {"agency_leader", "department_head"}
    assert selectors.staff_roles(user=user, on=date(2025, 8, 1)) == {
        "agency_leader",
        "department_head",
        "clerk",
    }
    assert selectors.staff_roles(user=user, on=date(2025, 6, 30)) == set()
    assert [a.role for a in selectors.staff_assignments(user=user, on=ON)] == sorted(
        ["agency_leader", "department_head"],
        key=lambda r: (ubnd.name if r == "agency_leader" else so.name, r),
    )
    assert AuditEvent.objects.filter(action="org.staff_assignment_create").count() == 3


def test_department_must_belong_to_the_agency() -> None:
    user = StaffFactory.create()
    agency, other = AgencyFactory.create(), AgencyFactory.create()
    foreign = DepartmentFactory.create(agency=other)
    with translation.override("vi"), pytest.raises(ValidationError) as err:
        services.staff_assignment_create(
            user=user, agency=agency, department=foreign, role=Role.SPECIALIST, valid_from=D
        )
    assert "Phòng/ban không thuộc cơ quan đã chọn." in str(err.value)
    unsaved = StaffAssignment(
        user=user, agency=agency, department=foreign, role=Role.SPECIALIST, valid_from=D
    )
    with pytest.raises(ValidationError) as err2:
        unsaved.full_clean()
    assert "department" in err2.value.message_dict
    assert not StaffAssignment.objects.exists()


def test_citizens_cannot_hold_positions() -> None:
    citizen = UserFactory.create()
    with translation.override("vi"), pytest.raises(ValidationError) as err:
        services.staff_assignment_create(
            user=citizen, agency=AgencyFactory.create(), role=Role.CLERK, valid_from=D
        )
    assert "Chỉ tài khoản cán bộ mới được giữ vị trí trong cơ quan." in str(err.value)


def test_unknown_role_and_reversed_period_are_refused() -> None:
    user, agency = StaffFactory.create(), AgencyFactory.create()
    with pytest.raises(ValidationError):
        services.staff_assignment_create(user=user, agency=agency, role="mayor", valid_from=D)
    with pytest.raises(ValidationError):
        services.staff_assignment_create(
            user=user, agency=agency, role=Role.CLERK, valid_from=D, valid_to=date(2025, 1, 1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffAssignment.objects.create(
            user=user, agency=agency, role="clerk", valid_from=D, valid_to=date(2025, 1, 1)
        )


def test_ending_a_position_removes_the_role_from_the_next_day() -> None:
    assignment = AssignmentFactory.create(role=Role.CLERK)
    services.staff_assignment_end(assignment=assignment, valid_to=date(2026, 3, 1), reason="Chuyển công tác")
    assignment.refresh_from_db()
    assert assignment.valid_to == date(2026, 3, 1)
    assert selectors.staff_roles(user=assignment.user, on=date(2026, 3, 1)) == {"clerk"}
    assert selectors.staff_roles(user=assignment.user, on=ON) == set()
    event = AuditEvent.objects.get(action="org.staff_assignment_end")
    assert (event.to_state, event.reason) == ("2026-03-01", "Chuyển công tác")
    with pytest.raises(ValidationError):
        services.staff_assignment_end(assignment=assignment, valid_to=date(2020, 1, 1))


def test_staff_roles_of_citizens_and_anonymous_users_are_empty() -> None:
    from django.contrib.auth.models import AnonymousUser

    citizen = UserFactory.create()
    AssignmentFactory.create(user=citizen, role=Role.CLERK)  # a stray row must not give rights
    assert selectors.staff_roles(user=citizen) == set()
    assert list(selectors.staff_assignments(user=citizen)) == []
    assert selectors.staff_roles(user=AnonymousUser()) == set()
