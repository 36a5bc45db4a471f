"""Status pushes to the (simulated) national portal through the outbox: once per change, retries,
permanent failures, authentication errors, stale retries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from egov.dossiers.models import Dossier, Task
from egov.dossiers.services import (
    dossier_accept_online,
    dossier_mark_paid,
    dossier_request_supplement_at_intake,
    task_transition,
)
from egov.dossiers.tests.services.conftest import World
from egov.nationalportal.models import NationalDossierLink
from egov.nationalportal.services import national_pull, national_push_pending
from egov.nationalportal.simulator import DvcqgSimulator
from egov.nationalportal.testing import sample_item, sim_fail_pushes, sim_seed, sim_status
from egov.notifications.models import OutboxMessage
from egov.notifications.services import outbox_sweep

pytestmark = pytest.mark.django_db
Status = OutboxMessage.Status


def _pulled(sim: DvcqgSimulator, world: World) -> tuple[Dossier, str]:
    [code] = sim_seed(
        sim.url, [sample_item(procedure_code=world.version.procedure.code, agency_code="000.00.31.H59")]
    )
    assert national_pull() == 1
    return Dossier.objects.get(national_link__remote_code=code), code


def _pushes(sim: DvcqgSimulator, code: str) -> list[dict[str, Any]]:
    pushes: list[dict[str, Any]] = sim_status(sim.url, code)["pushes"]
    return pushes


def _make_due() -> None:
    OutboxMessage.objects.filter(status=Status.PENDING).update(next_attempt_at=timezone.now())


def test_accept_is_pushed_once_even_when_the_job_runs_twice(sim: DvcqgSimulator, world: World) -> None:
    d, code = _pulled(sim, world)
    assert national_push_pending() == 0  # nothing changed since the pull
    dossier_accept_online(actor=world.officer, dossier=d)
    assert national_push_pending() == 1
    assert national_push_pending() == 0
    message = OutboxMessage.objects.get()
    assert (message.channel, message.recipient) == ("dvcqg", code)
    assert message.idempotency_key == f"dvcqg:{code}:processing:2"
    assert outbox_sweep() == 1 and outbox_sweep() == 0
    [push] = _pushes(sim, code)
    assert push["TrangThaiHoSo"] == "4" and push["SoHoSoTinh"] == d.code and push["NgayTiepNhan"]
    assert push["idempotency_key"] == message.idempotency_key
    link = NationalDossierLink.objects.get()
    assert (link.last_pushed_status, link.last_pushed_seq) == ("processing", 2)
    assert link.last_pushed_at is not None
    # The worker died after the portal accepted: the retry is acknowledged as a duplicate.
    OutboxMessage.objects.filter(pk=message.pk).update(status=Status.PENDING)
    assert outbox_sweep() == 1
    assert len(_pushes(sim, code)) == 1


def test_supplement_at_intake_and_resolution_are_pushed(sim: DvcqgSimulator, world: World) -> None:
    d, code = _pulled(sim, world)
    dossier_request_supplement_at_intake(
        actor=world.officer, dossier=d, items=["Bản sao CCCD"], reason="Thiếu giấy tờ"
    )
    national_push_pending()
    outbox_sweep()
    [push] = _pushes(sim, code)
    assert (push["TrangThaiHoSo"], push["LyDo"], push["GiayToBoSung"]) == (
        "5",
        "Thiếu giấy tờ",
        ["Bản sao CCCD"],
    )

    # A second dossier goes all the way to "resolved".
    d2, code2 = _pulled(sim, world)
    dossier_accept_online(actor=world.officer, dossier=d2)
    national_push_pending()
    task = d2.tasks.get(status=Task.Status.OPEN)
    t2 = task_transition(actor=world.specialist, task_id=task.pk, transition_code="trinh_ky")
    task_transition(actor=world.leader, task_id=t2.pk, transition_code="phe_duyet")
    national_push_pending()  # awaiting payment
    dossier_mark_paid(actor=world.officer, dossier=d2, amount=50000)  # type: ignore[arg-type]
    national_push_pending()  # resolved
    national_push_pending()
    outbox_sweep()
    outbox_sweep()
    assert [p["TrangThaiHoSo"] for p in _pushes(sim, code2)] == ["4", "6", "9"]
    assert NationalDossierLink.objects.get(remote_code=code2).last_pushed_status == "resolved"


def test_temporary_failures_are_retried_with_backoff(sim: DvcqgSimulator, world: World) -> None:
    d, code = _pulled(sim, world)
    sim_fail_pushes(sim.url, 2, 503)
    dossier_accept_online(actor=world.officer, dossier=d)
    national_push_pending()
    assert outbox_sweep() == 1
    message = OutboxMessage.objects.get()
    assert message.status == Status.PENDING and message.attempts == 1 and "503" in message.last_error
    assert message.next_attempt_at > timezone.now() + timedelta(seconds=50)  # backoff: 1 minute
    assert outbox_sweep() == 0  # not due yet
    national_push_pending()  # the job again: nothing new queued
    _make_due()
    outbox_sweep()
    _make_due()
    outbox_sweep()
    message.refresh_from_db()
    assert message.status == Status.SENT and message.attempts == 3
    assert len(_pushes(sim, code)) == 1
    assert OutboxMessage.objects.count() == 1


def test_permanent_refusal_fails_the_row(sim: DvcqgSimulator, world: World) -> None:
    d, code = _pulled(sim, world)
    sim_fail_pushes(sim.url, 1, 400)
    dossier_accept_online(actor=world.officer, dossier=d)
    national_push_pending()
    outbox_sweep()
    message = OutboxMessage.objects.get()
    assert message.status == Status.FAILED and message.attempts == 1 and "400" in message.last_error
    assert NationalDossierLink.objects.get().last_pushed_status == "submitted"
    assert _pushes(sim, code) == []


def test_authentication_failure_is_temporary(sim: DvcqgSimulator, world: World, settings: Any) -> None:
    d, code = _pulled(sim, world)
    dossier_accept_online(actor=world.officer, dossier=d)
    national_push_pending()
    settings.EGOV_DVCQG_SECRET = "wrong"
    outbox_sweep()
    message = OutboxMessage.objects.get()
    assert message.status == Status.PENDING and "401" in message.last_error
    settings.EGOV_DVCQG_SECRET = "test-secret"
    _make_due()
    outbox_sweep()
    message.refresh_from_db()
    assert message.status == Status.SENT and len(_pushes(sim, code)) == 1


def test_going_back_to_an_earlier_status_is_pushed_again(sim: DvcqgSimulator, world: World) -> None:
    d, code = _pulled(sim, world)
    dossier_accept_online(actor=world.officer, dossier=d)
    national_push_pending()
    task = d.tasks.get(status=Task.Status.OPEN)
    task_transition(
        actor=world.specialist, task_id=task.pk, transition_code="yeu_cau_bo_sung", comment="Thiếu"
    )
    national_push_pending()
    from egov.dossiers.services import dossier_supplement_complete

    dossier_supplement_complete(actor=world.officer, dossier=Dossier.objects.get(pk=d.pk))
    national_push_pending()
    outbox_sweep()
    keys = list(OutboxMessage.objects.order_by("id").values_list("idempotency_key", flat=True))
    assert keys == [
        f"dvcqg:{code}:processing:2",
        f"dvcqg:{code}:supplement_requested:3",
        f"dvcqg:{code}:processing:4",
    ]
    assert [p["TrangThaiHoSo"] for p in _pushes(sim, code)] == ["4", "5", "4"]


def test_a_retry_overtaken_by_a_later_change_is_not_sent(sim: DvcqgSimulator, world: World) -> None:
    d, code = _pulled(sim, world)
    sim_fail_pushes(sim.url, 1, 503)
    dossier_accept_online(actor=world.officer, dossier=d)
    national_push_pending()
    outbox_sweep()  # processing: 503, waits
    task = d.tasks.get(status=Task.Status.OPEN)
    task_transition(
        actor=world.specialist, task_id=task.pk, transition_code="yeu_cau_bo_sung", comment="Thiếu"
    )
    national_push_pending()
    outbox_sweep()  # supplement_requested: sent
    _make_due()
    outbox_sweep()  # the stale processing push is dropped
    assert [p["TrangThaiHoSo"] for p in _pushes(sim, code)] == ["5"]
    stale = OutboxMessage.objects.get(idempotency_key=f"dvcqg:{code}:processing:2")
    assert stale.status == Status.SENT and stale.provider_message_id == "superseded"
    assert NationalDossierLink.objects.get().last_pushed_status == "supplement_requested"
