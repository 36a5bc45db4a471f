"""Demo data: refused outside demo mode, idempotent, sensible positions and scopes."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from egov.accounts.models import User
from egov.core.audit.models import AuditEvent
from egov.org.demo import DEMO_PASSWORD, DemoError, demo_logins_text, demo_province_code, demo_seed
from egov.org.models import AdminUnit, Agency, Department, StaffAssignment
from egov.org.scoping import agencies_visible_to
from egov.org.selectors import staff_roles


def _snapshot() -> tuple[int, ...]:
    return tuple(
        m.objects.count() for m in (AdminUnit, Agency, Department, User, StaffAssignment, AuditEvent)
    )


@pytest.mark.django_db
@override_settings(DEMO_MODE=False)
def test_demo_seed_is_refused_outside_demo_mode() -> None:
    with pytest.raises(DemoError):
        demo_seed()
    with pytest.raises(CommandError, match="EGOV_DEMO_MODE"):
        call_command("demo_seed")
    assert not AdminUnit.objects.exists() and not User.objects.exists()
    assert demo_logins_text() == ""


def test_demo_province_maps_the_pre_2025_code_of_tay_ninh() -> None:
    assert demo_province_code(72) == 80
    assert demo_province_code(80) == 80
    assert demo_province_code(1) == 1


@pytest.mark.django_db
@override_settings(DEMO_MODE=True, EGOV_DEFAULT_PROVINCE_CODE=72)
def test_demo_seed_twice_gives_the_same_result() -> None:
    out = StringIO()
    call_command("demo_seed", stdout=out)
    assert "Tây Ninh (mã 80)" in out.getvalue()
    assert "egov-demo-2026" in out.getvalue()
    first = _snapshot()
    again = demo_seed()
    assert not again.changed
    assert _snapshot() == first

    codes = dict(Agency.objects.values_list("agency_code", "name"))
    assert codes == {
        "000.00.00.H59": "Ủy ban nhân dân tỉnh Tây Ninh",
        "000.00.01.H59": "Sở Tư pháp",
        "000.00.02.H59": "Sở Xây dựng",
        "000.00.03.H59": "Sở Nông nghiệp và Môi trường",
        "000.00.04.H59": "Trung tâm Phục vụ hành chính công tỉnh Tây Ninh",
        "000.01.00.H59": "Ủy ban nhân dân Phường Tân Ninh",
        "000.02.00.H59": "Ủy ban nhân dân Xã Tân Biên",
    }
    for agency in Agency.objects.exclude(kind="province_pc"):
        assert agency.parent is not None and agency.parent.agency_code == "000.00.00.H59"
        assert 1 <= agency.departments.count() <= 2

    users = {u.username: u for u in User.objects.all()}
    assert set(users) == {
        "motcua",
        "motcuaxa",
        "chuyenvien",
        "truongphong",
        "lanhdao",
        "vanthu",
        "quantri",
        "admin",
        "congdan",
    }
    for user in users.values():
        assert user.check_password(DEMO_PASSWORD)
        assert user.full_name
    assert users["congdan"].kind == "citizen" and len(users["congdan"].national_id) == 12
    assert users["admin"].is_superuser and staff_roles(user=users["admin"]) == {"system_admin"}
    assert users["quantri"].is_staff and not users["quantri"].is_superuser
    assert users["quantri"].has_perm("org.change_agency")
    online = StaffAssignment.objects.get(user=users["motcuaxa"])
    assert (online.role, online.agency.agency_code) == ("reception_officer", "000.02.00.H59")
    lanhdao = StaffAssignment.objects.get(user=users["lanhdao"])
    assert (lanhdao.role, lanhdao.title, lanhdao.agency.agency_code) == (
        "agency_leader",
        "Phó Chủ tịch",
        "000.00.00.H59",
    )
    motcua = StaffAssignment.objects.get(user=users["motcua"])
    assert (motcua.role, motcua.agency.kind) == ("reception_officer", "service_centre")
    for name in ("chuyenvien", "truongphong"):
        a = StaffAssignment.objects.select_related("department").get(
            user=users[name], agency__name="Sở Tư pháp"
        )
        assert a.department is not None and a.department.code == "HCTP"

    # The scopes follow: the leader sees the whole province's agencies, the specialist one, the citizen none.
    assert agencies_visible_to(user=users["lanhdao"]).count() == 7
    # The documents demo also makes them specialist and head in the provincial People's Committee's
    # Office, so that a demo outgoing document can go through review there.
    assert set(agencies_visible_to(user=users["chuyenvien"]).values_list("name", flat=True)) == {
        "Sở Tư pháp",
        "Ủy ban nhân dân tỉnh Tây Ninh",
    }
    assert not agencies_visible_to(user=users["congdan"]).exists()

    text = demo_logins_text()
    assert "motcua" in text and "Cán bộ một cửa" in text and "Người dân" in text and DEMO_PASSWORD in text
