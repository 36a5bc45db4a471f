"""Staff home page and the organisation admin."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from egov.accounts.tests.factories import StaffFactory, UserFactory
from egov.org.models import Role
from egov.org.tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    CommuneFactory,
    DepartmentFactory,
    ProvinceFactory,
)

pytestmark = pytest.mark.django_db

VI = {"Accept-Language": "vi"}


def _staff_with_positions(n: int = 2, code: str = "000.00.01.H59") -> object:
    user = StaffFactory.create(full_name="Trần Văn Minh")
    agency = AgencyFactory.create(name="Sở Tư pháp", agency_code=code)
    department = DepartmentFactory.create(agency=agency, name="Phòng Hành chính tư pháp")
    AssignmentFactory.create(
        user=user, agency=agency, department=department, role=Role.SPECIALIST, title="Chuyên viên chính"
    )
    AssignmentFactory.create(
        user=user, agency=AgencyFactory.create(name="Trung tâm PVHCC"), role=Role.RECEPTION_OFFICER
    )
    for _ in range(n - 2):
        AssignmentFactory.create(
            user=user, agency=AgencyFactory.create(), department=DepartmentFactory.create(), role=Role.CLERK
        )
    # An ended position is not shown.
    AssignmentFactory.create(
        user=user,
        agency=AgencyFactory.create(name="Cơ quan cũ"),
        role=Role.CLERK,
        valid_to=date(2025, 12, 31),
    )
    return user


def test_staff_home_lists_positions_and_tiles(client: Client) -> None:
    user = _staff_with_positions()
    client.force_login(user)  # type: ignore[arg-type]
    response = client.get(reverse("staff-home"), headers=VI)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Xin chào, Trần Văn Minh" in body
    assert "Sở Tư pháp" in body and "Phòng Hành chính tư pháp" in body and "Chuyên viên chính" in body
    assert "000.00.01.H59" in body
    assert "Chuyên viên" in body and "Cán bộ một cửa" in body
    assert "Cơ quan cũ" not in body
    assert "Tiếp nhận hồ sơ" in body and "Hồ sơ cần xử lý" in body
    # The tiles link to the counter, the inbox and the outgoing documents; nothing is "coming" now.
    assert 'href="/staff/dossiers/new/"' in body and 'href="/staff/dossiers/"' in body
    assert 'href="/staff/documents/di/"' in body
    assert "Sắp có" not in body and "Sẽ có cùng phân hệ một cửa." not in body
    tiles = body[body.index('id="work-heading"') :]
    assert "Văn bản đến" not in tiles  # a clerk tile, and this user is no clerk
    assert "Lịch làm việc" in body


def test_staff_home_without_position_says_so(client: Client) -> None:
    client.force_login(StaffFactory.create())
    body = client.get(reverse("staff-home"), headers=VI).content.decode()
    assert "Bạn chưa giữ vị trí nào" in body


def test_staff_home_forbidden_for_citizens(client: Client) -> None:
    citizen = UserFactory.create()
    AssignmentFactory.create(user=citizen, role=Role.AGENCY_LEADER)
    client.force_login(citizen)
    assert client.get(reverse("staff-home")).status_code == 403


def test_staff_home_query_count_does_not_grow_with_positions(
    client: Client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    few, many = _staff_with_positions(2), _staff_with_positions(6, code="000.00.02.H59")
    counts = []
    for user in (few, many):
        client.force_login(user)  # type: ignore[arg-type]
        client.get(reverse("staff-home"))  # warm the session
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("staff-home")).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(6):
        client.get(reverse("staff-home"))


def test_admin_pages_render_in_vietnamese(client: Client) -> None:
    root = StaffFactory.create(is_superuser=True, is_staff=True)
    client.force_login(root)
    commune = CommuneFactory.create(name="Phường Tân Ninh")
    AssignmentFactory.create(agency=AgencyFactory.create(unit=commune))
    for name in ("adminunit", "agency", "department", "staffassignment"):
        response = client.get(reverse(f"admin:org_{name}_changelist"), headers=VI)
        assert response.status_code == 200, name
    found = client.get(
        reverse("admin:org_adminunit_changelist"), {"q": "tan NINH"}, headers=VI
    ).content.decode()
    assert "Phường Tân Ninh" in found
    assert client.get(reverse("admin:org_agency_add"), headers=VI).status_code == 200


def test_admin_is_scoped_for_an_agency_administrator(client: Client) -> None:
    from django.contrib.auth.models import Permission

    commune_pc = AgencyFactory.create(name="UBND xã Tân Biên")
    other = AgencyFactory.create(name="UBND xã Khác")
    mine = AssignmentFactory.create(agency=commune_pc, role=Role.CLERK)
    theirs = AssignmentFactory.create(agency=other, role=Role.CLERK)
    admin_user = StaffFactory.create(is_staff=True)
    admin_user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="org",
            codename__in=["view_agency", "change_agency", "view_staffassignment"],
        )
    )
    AssignmentFactory.create(user=admin_user, agency=commune_pc, role=Role.AGENCY_ADMIN)
    client.force_login(admin_user)
    agencies = client.get(reverse("admin:org_agency_changelist"), headers=VI).content.decode()
    assert "UBND xã Tân Biên" in agencies and "UBND xã Khác" not in agencies
    assert client.get(reverse("admin:org_agency_change", args=[commune_pc.pk])).status_code == 200
    assert (
        client.get(reverse("admin:org_agency_change", args=[other.pk])).status_code == 302
    )  # "does not exist"
    assert client.get(reverse("admin:org_staffassignment_change", args=[mine.pk])).status_code == 200
    assert client.get(reverse("admin:org_staffassignment_change", args=[theirs.pk])).status_code == 302
    current = client.get(reverse("admin:org_staffassignment_changelist"), {"validity": "current"}).status_code
    assert current == 200


def test_admin_shows_the_vietnamese_code_error(client: Client) -> None:
    root = StaffFactory.create(is_superuser=True, is_staff=True)
    client.force_login(root)
    province = ProvinceFactory.create()
    data = {
        "name": "Sở Thử",
        "short_name": "",
        "kind": "department",
        "agency_code": "000.00.01.h59",
        "unit": province.pk,
        "valid_from": "01/07/2025",
        "departments-TOTAL_FORMS": "0",
        "departments-INITIAL_FORMS": "0",
        "code_history-TOTAL_FORMS": "0",
        "code_history-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:org_agency_add"), data, headers=VI)
    assert response.status_code == 200
    assert "Mã định danh cơ quan phải gồm 13 ký tự" in response.content.decode()
    data["agency_code"] = "000.00.01.H59"
    data.update(
        {"departments-TOTAL_FORMS": "1", "departments-0-code": "VP", "departments-0-name": " Văn phòng  Sở"}
    )
    response = client.post(reverse("admin:org_agency_add"), data, headers=VI)
    assert response.status_code == 302, response.content.decode()[:2000]
    from egov.core.audit.models import AuditEvent
    from egov.org.models import Agency

    agency = Agency.objects.get(agency_code="000.00.01.H59")
    assert agency.search_text == "so thu 000.00.01.h59"
    assert list(agency.departments.values_list("code", "name")) == [("VP", "Văn phòng Sở")]
    assert AuditEvent.objects.filter(action="org.agency_create", actor_id=root.pk).exists()
