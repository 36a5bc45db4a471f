from __future__ import annotations

from egov.core.audit.selectors import audit_chain_verify
from egov.dossiers.models import Task
from egov.dossiers.periodic import tasks_warn_and_escalate
from egov.dossiers.public_status import forget, mask_name, public_status
from egov.dossiers.selectors import (
    dossier_for_staff,
    dossiers_due_soon,
    dossiers_overdue,
    inbox_for,
)
from egov.dossiers.services import task_claim, task_transition
from egov.dossiers.tests.services.conftest import World, vn
from egov.dossiers.tests.services.factories import make_dossier, make_staff
from egov.notifications.models import OutboxMessage
from egov.org.models import Role
from egov.workflow.models import Step


def test_inbox_scoped_and_fixed_queries(world: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        world.receive(now=vn(2026, 3, 2, 8, 0))
    with django_assert_max_num_queries(12):
        page = inbox_for(user=world.specialist)
        _ = [
            (t.dossier.code, t.dossier.procedure_version.procedure.name, t.assignee, t.step.name)
            for t in page.tasks
        ]
    assert page.total == 3
    for _ in range(5):
        world.receive(now=vn(2026, 3, 2, 9, 0))
    with django_assert_max_num_queries(12):
        page = inbox_for(user=world.specialist, per_page=5, page=2)
        _ = [
            (t.dossier.code, t.dossier.procedure_version.procedure.name, t.assignee, t.step.name)
            for t in page.tasks
        ]
    assert page.total == 8 and len(page.tasks) == 3 and page.pages == 2
    assert inbox_for(user=world.outsider).total == 0
    assert inbox_for(user=world.leader).total == 0  # wrong role for the appraisal queue
    task_claim(actor=world.specialist, task_id=page.tasks[0].pk)
    colleague = make_staff(agency=world.agency, role=Role.SPECIALIST)
    assert inbox_for(user=colleague).total == 7


def test_dossier_for_staff_scoping_and_lien_thong(world: World) -> None:
    d = world.receive(now=vn(2026, 3, 2, 8, 0))
    assert dossier_for_staff(user=world.officer, code=d.code) == d
    assert dossier_for_staff(user=world.outsider, code=d.code) is None
    signing = world.process.steps.get(code="ky_duyet")
    tax = Step.objects.create(
        definition=world.process,
        code="thue",
        name="Thuế",
        order=4,
        role=Role.SPECIALIST,
        unit_rule=Step.UnitRule.OTHER_AGENCY,
        other_agency=world.other,
        hours=4,
    )
    world.process.transitions.create(
        code="chuyen_thue", name="Thuế", kind="forward", source=signing, target=tax
    )
    t2 = task_transition(
        actor=world.specialist, task_id=d.tasks.get(status="open").pk, transition_code="trinh_ky"
    )
    task_transition(actor=world.leader, task_id=t2.pk, transition_code="chuyen_thue")
    assert dossier_for_staff(user=world.outsider, code=d.code) == d
    assert inbox_for(user=world.outsider).total == 1


def test_public_status_one_query(world: World, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    d = world.receive(now=vn(2026, 3, 2, 8, 0))
    forget()
    with django_assert_num_queries(1):
        status = public_status(code=d.code)
    assert status is not None and status.applicant_masked == "Nguyễn V** A**" and len(status.steps) == 1
    assert status.procedure_name == world.version.procedure.name and status.due_at == d.due_at
    assert public_status(code="nope") is None
    assert mask_name("Lê Thị Minh Châu") == "Lê T** M** C**"


def test_due_soon_and_overdue(world: World) -> None:
    d = make_dossier(competent_agency=world.agency, version=world.version, due_at=vn(2026, 3, 3, 17, 0))
    assert list(dossiers_due_soon(user=world.specialist, now=vn(2026, 3, 3, 9, 0))) == [d]
    assert list(dossiers_overdue(user=world.specialist, now=vn(2026, 3, 4, 9, 0))) == [d]
    assert list(dossiers_overdue(user=world.outsider, now=vn(2026, 3, 4, 9, 0))) == []


def test_warn_then_escalate_once(world: World, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    d = world.receive(now=vn(2026, 3, 2, 8, 0))
    t = d.tasks.get(status="open")  # due Tue 03/03 08:30
    head = make_staff(agency=world.agency, role=Role.DEPARTMENT_HEAD)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks_warn_and_escalate(now=vn(2026, 3, 2, 16, 0)) == 0
        assert tasks_warn_and_escalate(now=vn(2026, 3, 3, 7, 45)) == 1
        assert tasks_warn_and_escalate(now=vn(2026, 3, 3, 7, 50)) == 0
        assert tasks_warn_and_escalate(now=vn(2026, 3, 3, 9, 0)) == 1
        assert tasks_warn_and_escalate(now=vn(2026, 3, 3, 10, 0)) == 0
    t.refresh_from_db()
    assert t.warned_at == vn(2026, 3, 3, 7, 45) and t.escalated_at == vn(2026, 3, 3, 9, 0)
    assert OutboxMessage.objects.filter(idempotency_key=f"task:{t.pk}:warn:{world.specialist.pk}").exists()
    assert OutboxMessage.objects.filter(idempotency_key=f"task:{t.pk}:escalate:{head.pk}").exists()
    assert Task.objects.filter(pk=t.pk, status="open").exists()
    assert audit_chain_verify().ok
