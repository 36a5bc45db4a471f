"""A receiving agency with two units and its staff, another agency, and helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest

from egov.documents.models import DocumentType, IncomingDocument
from egov.documents.services import IncomingData, incoming_register
from egov.documents.services.types import document_types_ensure
from egov.org.models import Agency, Department, Role
from egov.org.tests.factories import AgencyFactory, AssignmentFactory, DepartmentFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


def staff(agency: Agency, role: str, department: Department | None = None, **user: Any) -> Any:
    if user:
        return AssignmentFactory(
            agency=agency, role=role, department=department, user__username=user["username"]
        ).user
    return AssignmentFactory(agency=agency, role=role, department=department).user


@dataclass
class Office:
    agency: Agency
    other: Agency
    vp: Department
    kt: Department
    clerk: Any
    leader: Any
    head: Any
    specialist: Any
    kt_head: Any
    kt_specialist: Any
    colleague: Any
    other_clerk: Any
    other_leader: Any

    def data(self, **overrides: Any) -> IncomingData:
        values: dict[str, Any] = {
            "sender_name": "Bộ Nội vụ",
            "doc_type": DocumentType.objects.get(code="cong_van"),
            "abstract": "Về việc báo cáo tình hình tổ chức bộ máy năm 2026",
            "original_number": "123",
            "original_symbol": "BNV-TCBC",
            "received_at": vn(2026, 3, 2, 9, 0),
        }
        values.update(overrides)
        return IncomingData(**values)

    def register(
        self, now: datetime | None = None, present_to: Any = None, **overrides: Any
    ) -> IncomingDocument:
        return incoming_register(
            actor=self.clerk,
            data=self.data(**overrides),
            present_to=present_to,
            now=now or vn(2026, 3, 2, 9, 30),
        )


def build_office() -> Office:
    document_types_ensure()
    agency = cast(Agency, AgencyFactory(name="Ủy ban nhân dân tỉnh Thử", agency_code="000.00.00.H98"))
    other = cast(Agency, AgencyFactory(name="Sở Thử", agency_code="000.00.01.H98"))
    vp = cast(Department, DepartmentFactory(agency=agency, name="Văn phòng", code="VP"))
    kt = cast(Department, DepartmentFactory(agency=agency, name="Phòng Kinh tế", code="KT"))
    return Office(
        agency=agency,
        other=other,
        vp=vp,
        kt=kt,
        clerk=staff(agency, Role.CLERK, vp),
        leader=staff(agency, Role.AGENCY_LEADER),
        head=staff(agency, Role.DEPARTMENT_HEAD, vp),
        specialist=staff(agency, Role.SPECIALIST, vp),
        kt_head=staff(agency, Role.DEPARTMENT_HEAD, kt),
        kt_specialist=staff(agency, Role.SPECIALIST, kt),
        colleague=staff(agency, Role.SPECIALIST, vp),
        other_clerk=staff(other, Role.CLERK),
        other_leader=staff(other, Role.AGENCY_LEADER),
    )


@pytest.fixture
def office(db: None) -> Office:
    return build_office()
