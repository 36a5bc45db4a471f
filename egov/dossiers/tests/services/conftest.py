"""Fixtures for the dossier service tests: one commune agency with a one-stop officer, a specialist,
a leader, a published procedure (24 working hours, 2 components, 1 fee) and its process."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest

from egov.catalog.models import ProcedureVersion
from egov.dossiers.models import Dossier
from egov.dossiers.services import dossier_receive
from egov.dossiers.tests.services.factories import make_procedure_version, make_process, make_staff
from egov.dossiers.types import ApplicantData, ComponentInput, IntakeData
from egov.org.models import Agency, Role
from egov.org.tests.factories import AgencyFactory
from egov.workflow.models import ProcessDefinition

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=VN)


@dataclass
class World:
    agency: Agency
    other: Agency
    version: ProcedureVersion
    process: ProcessDefinition
    officer: Any
    specialist: Any
    leader: Any
    outsider: Any

    def intake(self, **overrides: Any) -> IntakeData:
        mandatory = self.version.components.get(mandatory=True)
        values: dict[str, Any] = {
            "procedure_version_id": self.version.pk,
            "applicant": ApplicantData(
                name="Nguyễn Văn An", id_number="001090012345", phone="0912345678", email="an@example.vn"
            ),
            "components": [ComponentInput(name=mandatory.name, procedure_component_id=mandatory.pk)],
        }
        values.update(overrides)
        return IntakeData(**values)

    def receive(self, now: datetime | None = None, **overrides: Any) -> Dossier:
        return dossier_receive(
            actor=self.officer, receiving_agency=self.agency, data=self.intake(**overrides), now=now
        )


def build_world(**version_overrides: Any) -> World:
    agency = cast(Agency, AgencyFactory(agency_code="000.00.31.H59"))
    other = cast(Agency, AgencyFactory(agency_code="000.00.32.H59"))
    version = make_procedure_version(agencies=[agency], fees=[("Lệ phí", "50000")], **version_overrides)
    process = make_process(procedure=version.procedure, agency=agency)
    return World(
        agency=agency,
        other=other,
        version=version,
        process=process,
        officer=make_staff(agency=agency, role=Role.RECEPTION_OFFICER),
        specialist=make_staff(agency=agency, role=Role.SPECIALIST),
        leader=make_staff(agency=agency, role=Role.AGENCY_LEADER),
        outsider=make_staff(agency=other, role=Role.SPECIALIST),
    )


@pytest.fixture
def world(db: None) -> World:
    return build_world()
