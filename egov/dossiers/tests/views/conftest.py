"""Fixtures for the staff dossier views: a service centre receiving for a department."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from egov.catalog.models import Field, Procedure
from egov.core.text import fold
from egov.dossiers.tests.services.factories import make_procedure_version, make_process, make_staff
from egov.org.models import Agency, Role
from egov.org.tests.factories import AgencyFactory

PROCEDURE_NAME = "Chứng thực bản sao từ bản chính giấy tờ, văn bản"


@pytest.fixture
def counter(db: Any) -> SimpleNamespace:
    centre = AgencyFactory.create(kind=Agency.Kind.SERVICE_CENTRE, name="Trung tâm Phục vụ hành chính công")
    department = AgencyFactory.create(name="Sở Tư pháp")
    field, _ = Field.objects.get_or_create(
        code="CT", defaults={"name": "Chứng thực", "search_text": "chung thuc"}
    )
    procedure = Procedure.objects.create(
        code="2.000815",
        name=PROCEDURE_NAME,
        field=field,
        level="commune",
        search_text=fold(f"2.000815 {PROCEDURE_NAME}"),
    )
    version = make_procedure_version(
        procedure=procedure,
        agencies=[department],
        components=[("Bản chính giấy tờ cần chứng thực", True), ("Giấy ủy quyền", False)],
        fees=[("Lệ phí chứng thực", "2000")],
    )
    make_process(procedure=procedure, agency=department)
    return SimpleNamespace(
        centre=centre,
        department=department,
        procedure=procedure,
        version=version,
        officer=make_staff(agency=centre, role=Role.RECEPTION_OFFICER),
        specialist=make_staff(agency=department, role=Role.SPECIALIST),
    )


def intake_post(counter: SimpleNamespace, key: str = "tok-1", **overrides: str) -> dict[str, str]:
    data = {
        "token": key,
        "procedure_version": str(counter.version.pk),
        "applicant_kind": "person",
        "applicant_name": "Nguyễn Văn Bình",
        "applicant_id_number": "001090012345",
        "applicant_phone": "0912345678",
        "applicant_email": "",
        "applicant_address": "12 Lê Lợi",
        "sets": "1",
        "delivery": "counter",
        "fees_collected": "2000",
        "action": "receive",
    }
    for component in counter.version.components.all():
        data[f"comp-{component.pk}-on"] = "1"
        data[f"comp-{component.pk}-form"] = "original"
        data[f"comp-{component.pk}-copies"] = "1"
    data.update(overrides)
    return data
