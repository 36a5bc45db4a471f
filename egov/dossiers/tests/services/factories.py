"""Test helpers for dossiers (shared with other apps' tests: import from here).

- `make_procedure_version(**overrides)`: a published, in-force ProcedureVersion (24 working hours).
- `make_process(*, procedure, agency, receiving_agency=None)`: a published 4-step process
  (tiep_nhan → tham_dinh → ky_duyet → end) with transitions
  chuyen_tham_dinh, trinh_ky, tra_lai, yeu_cau_bo_sung, phe_duyet, tu_choi.
- `make_staff(*, agency, role, department=None)`: a staff user with a current assignment.
- `make_dossier(**overrides)`: a Dossier row (status PROCESSING by default) with everything it needs;
  `with_task=True` also opens a task at the appraisal step in the competent agency's queue.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

from django.utils import timezone

from egov.catalog.models import Field, Procedure, ProcedureComponent, ProcedureVersion
from egov.core.text import fold
from egov.dossiers.models import Dossier, Task
from egov.org.models import Agency, Department, Role
from egov.org.tests.factories import AgencyFactory, AssignmentFactory, DepartmentFactory
from egov.workflow.models import ProcessDefinition, Step, Transition

_seq = itertools.count(1)


def make_procedure_version(**overrides: Any) -> ProcedureVersion:
    n = next(_seq)
    procedure = overrides.pop("procedure", None)
    if procedure is None:
        field, _ = Field.objects.get_or_create(
            code="TEST", defaults={"name": "Lĩnh vực thử", "search_text": "linh vuc thu"}
        )
        name = f"Thủ tục thử {n}"
        procedure = Procedure.objects.create(
            code=f"9.{n:06d}", name=name, field=field, level="commune", search_text=fold(name)
        )
    agencies = overrides.pop("agencies", None)
    components = overrides.pop("components", None)
    fees = overrides.pop("fees", None)
    values: dict[str, Any] = {
        "procedure": procedure,
        "number": procedure.versions.count() + 1,
        "status": ProcedureVersion.Status.PUBLISHED,
        "valid_from": date(2025, 7, 1),
        "name": procedure.name,
        "deadline_hours": Decimal("24"),
        "published_at": timezone.now(),
    }
    values.update(overrides)
    version = ProcedureVersion.objects.create(**values)
    if agencies:
        version.implementing_agencies.set(agencies)
    for i, (comp_name, mandatory) in enumerate(components or [("Tờ khai", True), ("Bản sao CCCD", False)]):
        ProcedureComponent.objects.create(version=version, order=i, name=comp_name, mandatory=mandatory)
    for fee_name, amount in fees or []:
        version.fees.create(name=fee_name, amount=Decimal(amount))
    return version


def make_process(
    *, procedure: Procedure, agency: Agency, department: Department | None = None, **hours: Decimal
) -> ProcessDefinition:
    definition = ProcessDefinition.objects.create(
        procedure=procedure,
        agency=agency,
        version=ProcessDefinition.objects.filter(procedure=procedure, agency=agency).count() + 1,
        name=f"Quy trình {procedure.code}",
        status=ProcessDefinition.Status.PUBLISHED,
        published_at=timezone.now(),
    )

    def step(code: str, name: str, order: int, role: str, rule: str, h: str, **kw: Any) -> Step:
        return Step.objects.create(
            definition=definition,
            code=code,
            name=name,
            order=order,
            role=role,
            unit_rule=rule,
            hours=Decimal(hours.get(code, h)),
            **kw,
        )

    rule = Step.UnitRule
    reception = step(
        "tiep_nhan", "Tiếp nhận", 1, Role.RECEPTION_OFFICER, rule.RECEIVING_UNIT, "2", is_start=True
    )
    appraisal = step(
        "tham_dinh", "Thẩm định", 2, Role.SPECIALIST, rule.COMPETENT_DEPARTMENT, "8", department=department
    )
    signing = step("ky_duyet", "Ký duyệt", 3, Role.AGENCY_LEADER, rule.AGENCY_LEADER, "4", is_end=True)
    kind = Transition.Kind

    def transition(code: str, k: str, source: Step, target: Step | None, **kw: Any) -> None:
        Transition.objects.create(
            definition=definition, code=code, name=code, kind=k, source=source, target=target, **kw
        )

    transition("chuyen_tham_dinh", kind.FORWARD, reception, appraisal)
    transition("trinh_ky", kind.FORWARD, appraisal, signing)
    transition("yeu_cau_bo_sung", kind.SUPPLEMENT, appraisal, None, requires_comment=True)
    transition("tra_lai", kind.RETURN, signing, appraisal, requires_comment=True)
    transition("phe_duyet", kind.APPROVE, signing, None)
    transition("tu_choi", kind.REFUSE, signing, None, requires_comment=True)
    return definition


def make_staff(*, agency: Agency, role: str, department: Department | None = None) -> Any:
    return AssignmentFactory(agency=agency, role=role, department=department).user


def make_dossier(**overrides: Any) -> Dossier:
    """A Dossier row built directly (no service). Overrides: any Dossier field, plus `version`
    (ProcedureVersion), `with_task` (bool), `now` (aware datetime; default timezone.now())."""
    with_task = overrides.pop("with_task", False)
    now: datetime = overrides.pop("now", None) or timezone.now()
    competent: Agency = overrides.pop("competent_agency", None) or cast(Agency, AgencyFactory())
    receiving = overrides.pop("receiving_agency", None) or competent
    version = overrides.pop("version", None) or overrides.pop("procedure_version", None)
    if version is None:
        version = make_procedure_version(agencies=[competent])
    process = overrides.pop("process", None)
    if process is None:
        process = ProcessDefinition.objects.filter(
            procedure=version.procedure, agency=competent, status=ProcessDefinition.Status.PUBLISHED
        ).first() or make_process(procedure=version.procedure, agency=competent)
    n = next(_seq)
    name = overrides.pop("applicant_name", "Nguyễn Văn An")
    values: dict[str, Any] = {
        "code": f"{competent.agency_code}-{now:%y%m%d}-{9000 + n % 1000:04d}x{n}",
        "procedure_version": version,
        "process": process,
        "status": Dossier.Status.PROCESSING,
        "receiving_agency": receiving,
        "competent_agency": competent,
        "applicant_name": name,
        "applicant_id_number": "001090012345",
        "received_at": now,
        "accepted_at": now,
        "clock_started_at": now,
        "due_at": now + timedelta(days=3),
        "search_text": fold(name),
    }
    values.update(overrides)
    dossier = Dossier.objects.create(**values)
    if with_task:
        step = process.steps.get(code="tham_dinh")
        Task.objects.create(
            dossier=dossier,
            step=step,
            agency=competent,
            department=step.department,
            role=step.role,
            created_at=now,
            due_at=now + timedelta(hours=8),
        )
    return dossier


__all__ = [
    "AgencyFactory",
    "DepartmentFactory",
    "make_dossier",
    "make_procedure_version",
    "make_process",
    "make_staff",
]
