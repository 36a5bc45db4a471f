"""A small dated world for the reports tests: two communes (A, B), three fields, staff in A."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from egov.catalog.models import Field, Procedure, ProcedureVersion
from egov.core.text import fold
from egov.dossiers.models import Dossier, Task
from egov.dossiers.tests.services.factories import make_dossier, make_procedure_version, make_staff
from egov.org.models import Agency, Role
from egov.org.tests.factories import AgencyFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


@dataclass
class World:
    a: Agency
    b: Agency
    versions: dict[str, ProcedureVersion]
    fields: dict[str, Field]
    leader: Any
    specialist: Any
    officer: Any
    dossiers: dict[str, Dossier]


def procedure_version(code: str, name: str, field: Field, **kw: Any) -> ProcedureVersion:
    procedure = Procedure.objects.create(
        code=code, name=name, field=field, level="commune", search_text=fold(f"{code} {name}")
    )
    return make_procedure_version(procedure=procedure, **kw)


def resolved(
    version: ProcedureVersion, agency: Agency, received: datetime, done: datetime, timeliness: str, **kw: Any
) -> Dossier:
    return make_dossier(
        version=version,
        competent_agency=agency,
        now=received,
        status=Dossier.Status.RESOLVED,
        resolved_at=done,
        timeliness=timeliness,
        **kw,
    )


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


@pytest.fixture
def world(db: Any) -> World:
    a = AgencyFactory.create(name="UBND xã Alpha")
    b = AgencyFactory.create(name="UBND xã Beta")
    fields = {
        code: Field.objects.create(code=code, name=name, search_text=fold(name))
        for code, name in (("HT", "Hộ tịch"), ("CT", "Chứng thực"), ("DD", "Đất đai"))
    }
    versions = {
        "HT": procedure_version("1.001193", "Đăng ký khai sinh", fields["HT"], agencies=[a, b]),
        "CT": procedure_version("2.000815", "Chứng thực bản sao từ bản chính", fields["CT"], agencies=[a]),
        "DD": procedure_version("1.004227", "Đăng ký đất đai lần đầu", fields["DD"], agencies=[a]),
    }
    officer = make_staff(agency=a, role=Role.RECEPTION_OFFICER)
    specialist = make_staff(agency=a, role=Role.SPECIALIST)
    leader = make_staff(agency=a, role=Role.AGENCY_LEADER)
    ht, ct, dd = versions["HT"], versions["CT"], versions["DD"]
    d = {
        # Agency A. d2 is received at 06:00 local on 3 March, i.e. 2 March in UTC.
        "d1": resolved(ht, a, vn(2026, 3, 2, 9), vn(2026, 3, 5, 10), "early", received_by=officer),
        "d2": resolved(ht, a, vn(2026, 3, 3, 6), vn(2026, 3, 6, 16), "on_time", received_by=officer),
        "d3": resolved(ct, a, vn(2026, 3, 10, 8), vn(2026, 4, 2, 9), "on_time"),
        "d4": resolved(dd, a, vn(2026, 4, 1, 8), vn(2026, 4, 20, 15), "late", received_by=officer),
        "d5": make_dossier(version=dd, competent_agency=a, now=vn(2026, 4, 2, 14), received_by=officer),
        # Agency B.
        "e1": resolved(ht, b, vn(2026, 3, 2, 10), vn(2026, 3, 3, 10), "late"),
    }
    task_dossier = make_dossier(version=ht, competent_agency=a, now=vn(2026, 3, 4, 8), with_task=True)
    Task.objects.filter(dossier=task_dossier).update(
        status=Task.Status.DONE, completed_at=vn(2026, 3, 4, 15), completed_by=specialist, timeliness="early"
    )
    d["t1"] = task_dossier
    return World(a, b, versions, fields, leader, specialist, officer, d)
