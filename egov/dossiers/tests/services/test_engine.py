from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from egov.core.audit.models import AuditEvent
from egov.core.audit.selectors import audit_chain_verify
from egov.dossiers.models import Dossier, Handover, SupplementationRequest, Task
from egov.dossiers.services import (
    DossierConflict,
    dossier_mark_paid,
    task_claim,
    task_delegate,
    task_reassign,
    task_transition,
)
from egov.dossiers.tests.services.conftest import World, vn
from egov.dossiers.tests.services.factories import make_staff
from egov.org.models import Role
from egov.workflow.models import Step


def _open(d: Dossier) -> Task:
    return d.tasks.get(status=Task.Status.OPEN)


def test_happy_path_timeliness_per_step_and_dossier(world: World) -> None:
    d = world.receive(now=vn(2026, 3, 2, 8, 0))  # Mon; due Thu 05/03 17:00
    t1 = _open(d)
    assert t1.due_at == vn(2026, 3, 3, 8, 30)  # 8 working hours (7 on Monday from 08:00)
    task_claim(actor=world.specialist, task_id=t1.pk, now=vn(2026, 3, 2, 9, 0))
    t2 = task_transition(
        actor=world.specialist, task_id=t1.pk, transition_code="trinh_ky", now=vn(2026, 3, 3, 8, 30, 45)
    )
    t1.refresh_from_db()
    assert t1.timeliness == "on_time"  # same minute as the due time
    assert t2.step.code == "ky_duyet" and t2.due_at == vn(2026, 3, 3, 14, 30, 45)
    end = task_transition(
        actor=world.leader, task_id=t2.pk, transition_code="phe_duyet", now=vn(2026, 3, 3, 14, 31)
    )
    assert end.timeliness == "late"
    d.refresh_from_db()
    assert d.status == Dossier.Status.AWAITING_PAYMENT  # 50 000 đ fee not collected
    assert d.timeliness == "early" and d.resolved_at == vn(2026, 3, 3, 14, 31)
    assert Handover.objects.filter(dossier=d).count() == 3
    dossier_mark_paid(actor=world.officer, dossier=d, amount=50000)  # type: ignore[arg-type]
    d.refresh_from_db()
    assert d.status == Dossier.Status.RESOLVED
    actions = list(AuditEvent.objects.filter(object_id=str(d.pk)).values_list("action", flat=True))
    assert {"dossier.receive", "dossier.accept", "task.forward", "task.approve", "dossier.payment"} <= set(
        actions
    )
    assert audit_chain_verify().ok


def test_dossier_late_and_step_early(world: World) -> None:
    d = world.receive(now=vn(2026, 3, 2, 8, 0))
    t = _open(d)
    nxt = task_transition(
        actor=world.specialist, task_id=t.pk, transition_code="trinh_ky", now=vn(2026, 3, 2, 10, 0)
    )
    t.refresh_from_db()
    assert t.timeliness == "early"
    task_transition(
        actor=world.leader, task_id=nxt.pk, transition_code="tu_choi", comment="Sai", now=vn(2026, 3, 6, 8)
    )
    d.refresh_from_db()
    assert d.status == Dossier.Status.REFUSED and d.timeliness == "late"


def test_requirements_and_unknown_transition(world: World) -> None:
    d = world.receive(now=vn(2026, 3, 2, 8, 0))
    t = _open(d)
    with pytest.raises(ValidationError):
        task_transition(actor=world.specialist, task_id=t.pk, transition_code="phe_duyet")
    with pytest.raises(ValidationError) as exc:
        task_transition(
            actor=world.specialist, task_id=t.pk, transition_code="yeu_cau_bo_sung", now=vn(2026, 3, 2, 9)
        )
    assert "comment" in exc.value.message_dict


def test_other_agency_staff_denied(world: World) -> None:
    d = world.receive(now=vn(2026, 3, 2, 8, 0))
    t = _open(d)
    for actor in (world.outsider, world.leader, world.officer):  # wrong agency / wrong role
        with pytest.raises(ValidationError) as exc:
            task_transition(actor=actor, task_id=t.pk, transition_code="trinh_ky")
        assert exc.value.code == "forbidden"
        with pytest.raises(ValidationError):
            task_claim(actor=actor, task_id=t.pk)


def test_claimed_task_only_for_assignee_and_conflict(world: World) -> None:
    d = world.receive(now=vn(2026, 3, 2, 8, 0))
    t = _open(d)
    other_specialist = make_staff(agency=world.agency, role=Role.SPECIALIST)
    task_claim(actor=world.specialist, task_id=t.pk)
    with pytest.raises(DossierConflict):
        task_claim(actor=other_specialist, task_id=t.pk)
    with pytest.raises(ValidationError):
        task_transition(actor=other_specialist, task_id=t.pk, transition_code="trinh_ky")
    task_transition(actor=world.specialist, task_id=t.pk, transition_code="trinh_ky")
    with pytest.raises(DossierConflict):
        task_transition(actor=world.specialist, task_id=t.pk, transition_code="trinh_ky")


def test_delegate_and_reassign(world: World) -> None:
    d = world.receive(now=vn(2026, 3, 2, 8, 0))
    t = _open(d)
    colleague = make_staff(agency=world.agency, role=Role.SPECIALIST)
    task_claim(actor=world.specialist, task_id=t.pk)
    with pytest.raises(ValidationError):
        task_delegate(actor=world.specialist, task_id=t.pk, to_user=world.outsider)
    task_delegate(actor=world.specialist, task_id=t.pk, to_user=colleague)
    t.refresh_from_db()
    assert t.assignee == colleague and t.delegated_from == world.specialist
    task_transition(actor=colleague, task_id=t.pk, transition_code="trinh_ky")
    event = AuditEvent.objects.filter(action="task.forward").latest("pk")
    assert event.on_behalf_of_id == world.specialist.pk  # type: ignore[attr-defined]
    t2 = _open(d)
    with pytest.raises(ValidationError):
        task_reassign(actor=world.specialist, task_id=t2.pk, to_user=world.leader)
    task_reassign(actor=world.leader, task_id=t2.pk, to_user=world.leader)
    t2.refresh_from_db()
    assert t2.assignee == world.leader


def test_rule3_supplement_slip_within_3_working_days(world: World) -> None:
    d = world.receive(now=vn(2026, 3, 2, 8, 0))  # Mon → slip by Thu 05/03 17:00
    t = _open(d)
    with pytest.raises(ValidationError) as exc:
        task_transition(
            actor=world.specialist,
            task_id=t.pk,
            transition_code="yeu_cau_bo_sung",
            comment="Thiếu",
            now=vn(2026, 3, 5, 17, 1),
        )
    assert exc.value.code == "supplement_too_late"
    task_transition(
        actor=world.specialist,
        task_id=t.pk,
        transition_code="yeu_cau_bo_sung",
        comment="Bản sao sổ đỏ",
        now=vn(2026, 3, 5, 16, 0),
    )
    d.refresh_from_db()
    assert d.status == Dossier.Status.SUPPLEMENT_REQUESTED and not d.tasks.filter(status="open").exists()
    req = SupplementationRequest.objects.get(dossier=d)
    assert req.stage == "appraisal" and req.step is not None and req.step.code == "tham_dinh"


def test_other_agency_step_goes_to_that_agency_queue(world: World) -> None:
    signing = world.process.steps.get(code="ky_duyet")
    tax = Step.objects.create(
        definition=world.process,
        code="thue",
        name="Cơ quan thuế",
        order=4,
        role=Role.SPECIALIST,
        unit_rule=Step.UnitRule.OTHER_AGENCY,
        other_agency=world.other,
        hours=4,
    )
    world.process.transitions.create(
        code="chuyen_thue", name="Chuyển thuế", kind="forward", source=signing, target=tax
    )
    d = world.receive(now=vn(2026, 3, 2, 8, 0))
    assert d.code.startswith(world.agency.agency_code)  # same receiving and competent unit
    t = _open(d)
    t2 = task_transition(actor=world.specialist, task_id=t.pk, transition_code="trinh_ky")
    t3 = task_transition(actor=world.leader, task_id=t2.pk, transition_code="chuyen_thue")
    assert t3.agency == world.other
    task_claim(actor=world.outsider, task_id=t3.pk)  # liên thông: staff of the other agency may act
