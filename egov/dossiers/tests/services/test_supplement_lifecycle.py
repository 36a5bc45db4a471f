from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from egov.core.files.models import StoredFile
from egov.dossiers.deadlines import apology_last_day
from egov.dossiers.models import Dossier, Task
from egov.dossiers.services import (
    dossier_apologise,
    dossier_request_supplement_at_intake,
    dossier_result_attach,
    dossier_return,
    dossier_stop,
    dossier_supplement_complete,
    dossier_withdraw,
    supplement_close_expired,
    task_transition,
)
from egov.dossiers.tests.services.conftest import World, build_world, vn
from egov.dossiers.tests.services.factories import make_dossier


def _ask(world: World, d: Dossier, at) -> None:  # type: ignore[no-untyped-def]
    t = d.tasks.get(status=Task.Status.OPEN)
    task_transition(
        actor=world.specialist, task_id=t.pk, transition_code="yeu_cau_bo_sung", comment="Sổ hộ khẩu", now=at
    )


def test_rule3_restart_full_period_from_reacceptance(world: World) -> None:
    d = world.receive(now=vn(2026, 3, 2, 8, 0))
    _ask(world, d, vn(2026, 3, 3, 10, 0))
    done = dossier_supplement_complete(actor=world.officer, dossier=d, now=vn(2026, 3, 9, 9, 0))
    assert done.status == Dossier.Status.PROCESSING
    assert done.clock_started_at == vn(2026, 3, 9, 9, 0)
    assert done.due_at == vn(2026, 3, 12, 17, 0)  # full 3 working days again
    assert d.tasks.get(status=Task.Status.OPEN).step.code == "tham_dinh"
    with pytest.raises(ValidationError):
        dossier_supplement_complete(actor=world.officer, dossier=d)


@pytest.mark.django_db
def test_pause_mode_extends_by_paused_working_time() -> None:
    w = build_world(supplementation_mode="pause")
    d = w.receive(now=vn(2026, 3, 2, 8, 0))  # due Thu 05/03 17:00
    _ask(w, d, vn(2026, 3, 3, 10, 0))
    # paused: Tue 10:00-11:30 + 13:30-17:00 (5 h) + Wed 07:30-10:00 (2.5 h) = 7.5 working hours
    done = dossier_supplement_complete(actor=w.officer, dossier=d, now=vn(2026, 3, 4, 10, 0))
    assert done.clock_started_at == vn(2026, 3, 2, 8, 0)
    assert done.due_at is not None and vn(2026, 3, 6, 8, 0) < done.due_at <= vn(2026, 3, 6, 17, 0)


def test_rule3_close_after_15_calendar_days(world: World) -> None:
    d = world.receive(now=vn(2026, 3, 2, 8, 0), channel=Dossier.Channel.ONLINE)
    dossier_request_supplement_at_intake(
        actor=world.officer, dossier=d, items=["Tờ khai"], reason="Thiếu", now=vn(2026, 3, 2, 10, 0)
    )
    assert supplement_close_expired(now=vn(2026, 3, 17, 10, 0)) == 0  # exactly 15 days: not yet
    assert supplement_close_expired(now=vn(2026, 3, 17, 10, 1)) == 1
    assert supplement_close_expired(now=vn(2026, 3, 18, 10, 1)) == 0
    d.refresh_from_db()
    assert d.status == Dossier.Status.CLOSED
    assert d.supplementations.get().closed_at == vn(2026, 3, 17, 10, 1)


def test_intake_supplement_complete_starts_process(world: World) -> None:
    d = world.receive(now=vn(2026, 3, 2, 8, 0), channel=Dossier.Channel.ONLINE)
    dossier_request_supplement_at_intake(actor=world.officer, dossier=d, items=["Tờ khai"], reason="Thiếu")
    done = dossier_supplement_complete(actor=world.officer, dossier=d, now=vn(2026, 3, 4, 8, 0))
    assert done.accepted_at == vn(2026, 3, 4, 8, 0) and done.due_at == vn(2026, 3, 9, 17, 0)
    assert done.tasks.get(status="open").step.code == "tham_dinh"


def test_rule5_apology_previous_working_day_and_once(world: World) -> None:
    d = world.receive(now=vn(2026, 2, 13, 10, 0))  # due Wed 25/02/2026 17:00
    assert apology_last_day(d.due_at).isoformat() == "2026-02-24"  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as exc:
        dossier_apologise(
            actor=world.specialist,
            dossier=d,
            reason="Chờ xác minh",
            new_due_at=vn(2026, 3, 2, 17),
            now=vn(2026, 2, 25, 7, 30),
        )
    assert exc.value.code == "too_late"
    with pytest.raises(ValidationError):
        dossier_apologise(
            actor=world.outsider, dossier=d, reason="x", new_due_at=vn(2026, 3, 2, 17), now=vn(2026, 2, 24, 9)
        )
    done = dossier_apologise(
        actor=world.specialist,
        dossier=d,
        reason="Chờ xác minh",
        new_due_at=vn(2026, 3, 2, 17),
        now=vn(2026, 2, 24, 16, 59),
    )
    assert done.original_due_at == vn(2026, 2, 25, 17, 0) and done.due_at == vn(2026, 3, 2, 17, 0)
    assert done.extension_count == 1
    with pytest.raises(ValidationError) as exc:
        dossier_apologise(
            actor=world.specialist,
            dossier=d,
            reason="Lần hai",
            new_due_at=vn(2026, 3, 5, 17),
            now=vn(2026, 2, 24, 17),
        )
    assert exc.value.code == "already_extended"


def test_rule5_previous_working_day_skips_tet(world: World) -> None:
    d = make_dossier(competent_agency=world.agency, version=world.version, due_at=vn(2026, 2, 23, 17, 0))
    assert apology_last_day(d.due_at).isoformat() == "2026-02-13"  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        dossier_apologise(
            actor=world.specialist,
            dossier=d,
            reason="x",
            new_due_at=vn(2026, 3, 2, 17),
            now=vn(2026, 2, 16, 9),
        )
    dossier_apologise(
        actor=world.specialist, dossier=d, reason="x", new_due_at=vn(2026, 3, 2, 17), now=vn(2026, 2, 13, 17)
    )


def test_stop_and_withdraw_close_tasks(world: World) -> None:
    d1 = world.receive(now=vn(2026, 3, 2, 8, 0))
    with pytest.raises(ValidationError):
        dossier_stop(actor=world.outsider, dossier=d1, reason="Xin dừng")
    stopped = dossier_stop(actor=world.officer, dossier=d1, reason="Xin dừng")
    assert stopped.status == Dossier.Status.STOPPED and not d1.tasks.filter(status="open").exists()
    d2 = world.receive(now=vn(2026, 3, 2, 8, 0))
    assert dossier_withdraw(actor=world.officer, dossier=d2, reason="Rút").status == Dossier.Status.WITHDRAWN
    with pytest.raises(ValidationError):
        dossier_withdraw(actor=world.officer, dossier=d2, reason="Rút")


def test_result_and_return(world: World) -> None:
    d = world.receive(now=vn(2026, 3, 2, 8, 0), fees_collected=Decimal(50000))
    t = d.tasks.get(status="open")
    t2 = task_transition(actor=world.specialist, task_id=t.pk, transition_code="trinh_ky")
    stored = StoredFile.objects.create(
        original_name="kq.pdf",
        kind="pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        storage_name="x1",
    )
    dossier_result_attach(actor=world.leader, dossier=d, file_id=stored.pk)
    task_transition(actor=world.leader, task_id=t2.pk, transition_code="phe_duyet")
    d.refresh_from_db()
    assert d.status == Dossier.Status.RESOLVED and d.result_file_id == stored.pk
    with pytest.raises(ValidationError):
        dossier_return(actor=world.officer, dossier=d, method="post")  # tracking number required
    done = dossier_return(
        actor=world.officer,
        dossier=d,
        method="counter",
        receiver_name="Nguyễn Văn An",
        receiver_id_number="001090012345",
    )
    assert done.status == Dossier.Status.RETURNED and done.returned_at is not None
    assert done.return_receiver_name == "Nguyễn Văn An"
