"""Agencies: the 13-character agency code, uniqueness among current agencies, code history, departments."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from egov.core.audit.models import AuditEvent
from egov.org import selectors, services
from egov.org.models import Agency, AgencyCodeHistory, agency_code_validator
from egov.org.tests.factories import AgencyFactory, DepartmentFactory, ProvinceFactory

VI_CODE = "Mã định danh cơ quan phải gồm 13 ký tự theo dạng DDD.CC.BB.AXX"
D = date(2025, 7, 1)


@pytest.mark.parametrize("code", ["000.00.00.H30", "000.00.04.G14", "000.00.00.H59", "123.45.67.Z99"])
def test_valid_agency_codes(code: str) -> None:
    agency_code_validator(code)


@pytest.mark.parametrize(
    "code",
    [
        "000.00.00.H3",  # 12 characters
        "000.00.00.H300",  # 14 characters
        "000.00.00.h30",  # lower-case letter
        "000-00-00-H30",  # wrong separators
        "000.00.00H.30",  # separator moved
        "000,00,00,H30",
        "0A0.00.00.H30",  # letter in a digit position
        "000.0B.00.H30",
        "000.00.00.HH0",  # letter where a digit belongs
        "000.00.00.130",  # digit where the letter belongs
        " 000.00.00.H30",
        "",
    ],
)
def test_invalid_agency_codes_get_a_vietnamese_message(code: str) -> None:
    with translation.override("vi"), pytest.raises(ValidationError) as err:
        agency_code_validator(code)
    assert VI_CODE in err.value.messages[0]
    assert "000.00.00.H59" in err.value.messages[0]


@pytest.mark.django_db
def test_agency_create_normalises_searches_and_audits() -> None:
    province = ProvinceFactory.create(code="80", name="Tây Ninh")
    agency = services.agency_create(
        name="  Ủy ban nhân dân   tỉnh Tây Ninh ",
        short_name="UBND tỉnh",
        kind=Agency.Kind.PROVINCE_PC,
        agency_code=" 000.00.00.H59 ",
        unit=province,
        valid_from=D,
    )
    assert agency.name == "Ủy ban nhân dân tỉnh Tây Ninh"
    assert agency.agency_code == "000.00.00.H59"
    assert agency.search_text == "uy ban nhan dan tinh tay ninh ubnd tinh 000.00.00.h59"
    assert selectors.agency_by_code(code="000.00.00.H59", on=date(2026, 1, 5)) == agency
    assert AuditEvent.objects.filter(action="org.agency_create", object_id=str(agency.pk)).exists()


@pytest.mark.django_db
def test_agency_create_refuses_a_bad_code_with_the_vietnamese_message() -> None:
    province = ProvinceFactory.create()
    with translation.override("vi"), pytest.raises(ValidationError) as err:
        services.agency_create(
            name="Sở Thử",
            kind=Agency.Kind.DEPARTMENT,
            agency_code="000.00.01.h59",
            unit=province,
            valid_from=D,
        )
    assert VI_CODE in str(err.value)
    assert not Agency.objects.exists()


@pytest.mark.django_db
def test_agency_code_is_unique_among_current_agencies_only() -> None:
    old = AgencyFactory.create(
        agency_code="000.00.00.H30", valid_to=date(2025, 6, 30), valid_from=date(2020, 1, 1)
    )
    # The code of an agency that ended may be reused ...
    current = services.agency_create(
        name="Cơ quan mới", kind=Agency.Kind.OTHER, agency_code="000.00.00.H30", unit=old.unit, valid_from=D
    )
    # ... but not while another current agency holds it: service, then the database.
    with translation.override("vi"), pytest.raises(ValidationError) as err:
        services.agency_create(
            name="Trùng mã", kind=Agency.Kind.OTHER, agency_code="000.00.00.H30", unit=old.unit, valid_from=D
        )
    assert "Một cơ quan khác đang sử dụng mã định danh này." in str(err.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Agency.objects.create(
            name="Lách", kind="other", agency_code="000.00.00.H30", unit=old.unit, valid_from=D
        )
    assert Agency.objects.filter(agency_code="000.00.00.H30").count() == 2
    assert selectors.agency_by_code(code="000.00.00.H30", on=date(2025, 1, 1)) == old
    assert selectors.agency_by_code(code="000.00.00.H30", on=date(2025, 8, 1)) == current


@pytest.mark.django_db
def test_agency_code_change_keeps_the_history() -> None:
    agency = AgencyFactory.create(agency_code="000.00.00.H41")
    AgencyFactory.create(agency_code="000.00.00.H42")
    entry = services.agency_code_change(
        agency=agency,
        new_code="000.00.00.H59",
        changed_on=D,
        reason="Sáp nhập tỉnh theo Nghị quyết 202/2025/QH15",
    )
    agency.refresh_from_db()
    assert agency.agency_code == "000.00.00.H59"
    assert "000.00.00.h59" in agency.search_text
    assert (entry.old_code, entry.new_code, entry.changed_on) == ("000.00.00.H41", "000.00.00.H59", D)
    assert list(AgencyCodeHistory.objects.filter(agency=agency)) == [entry]
    event = AuditEvent.objects.get(action="org.agency_code_change")
    assert (event.from_state, event.to_state) == ("000.00.00.H41", "000.00.00.H59")
    with pytest.raises(ValidationError):
        services.agency_code_change(agency=agency, new_code="000.00.00.H42", changed_on=D)  # taken
    with pytest.raises(ValidationError):
        services.agency_code_change(agency=agency, new_code="000.00.00.H59", changed_on=D)  # same
    with pytest.raises(ValidationError):
        services.agency_code_change(agency=agency, new_code="H59", changed_on=D)  # malformed
    assert AgencyCodeHistory.objects.count() == 1


@pytest.mark.django_db
def test_agency_tree_cannot_loop() -> None:
    root = AgencyFactory.create()
    child = AgencyFactory.create(parent=root)
    grandchild = AgencyFactory.create(parent=child)
    with pytest.raises(ValidationError):
        services.agency_update(agency=root, parent=grandchild)
    with pytest.raises(ValidationError):
        services.agency_update(agency=root, parent=root)
    services.agency_update(agency=grandchild, parent=root, name="Đơn vị chuyển")
    grandchild.refresh_from_db()
    assert (grandchild.parent_id, grandchild.name) == (root.pk, "Đơn vị chuyển")


@pytest.mark.django_db
def test_departments_have_unique_codes_per_agency() -> None:
    agency = AgencyFactory.create()
    department = services.department_create(agency=agency, name=" Phòng  Hành chính tư pháp", code="HCTP")
    assert department.name == "Phòng Hành chính tư pháp"
    with pytest.raises(ValidationError):
        services.department_create(agency=agency, name="Trùng", code="HCTP")
    services.department_create(
        agency=AgencyFactory.create(), name="Phòng khác", code="HCTP"
    )  # other agency: fine
    services.department_update(department=department, name="Phòng Hộ tịch")
    department.refresh_from_db()
    assert department.name == "Phòng Hộ tịch"
    assert DepartmentFactory.create(agency=agency).agency == agency
    assert AuditEvent.objects.filter(action__startswith="org.department_").count() == 3
