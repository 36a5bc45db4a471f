"""Alerts within 2 hours (Decree 118 Art. 17(2)) and the escalation past 8 working hours."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from egov.core.audit.models import AuditEvent
from egov.core.audit.selectors import audit_chain_verify
from egov.dossiers.models import Dossier
from egov.dossiers.periodic import online_alerts_sweep
from egov.dossiers.services import online_alert as oa
from egov.dossiers.services.online_alert import online_dossier_alert, online_dossier_escalate
from egov.dossiers.tests.reception.conftest import World, build_world, online, submit, vn
from egov.dossiers.tests.services.factories import make_staff
from egov.notifications.models import OutboxMessage
from egov.org.models import Role, StaffAssignment


def _alerts(d: Dossier) -> list[tuple[str, str]]:
    rows = OutboxMessage.objects.filter(idempotency_key__startswith=f"dossier:{d.code}:online-alert:")
    return sorted((m.channel, m.recipient) for m in rows)


def _escalations(d: Dossier) -> list[tuple[str, str]]:
    rows = OutboxMessage.objects.filter(idempotency_key__startswith=f"dossier:{d.code}:online-escalate:")
    return sorted((m.channel, m.recipient) for m in rows)


@pytest.mark.django_db
def test_alert_reaches_every_reception_officer_once(world: World) -> None:
    clerk = make_staff(agency=world.agency, role=Role.CLERK)
    clerk.phone = "0987654321"
    clerk.save(update_fields=["phone"])
    gone = make_staff(agency=world.agency, role=Role.RECEPTION_OFFICER)
    StaffAssignment.objects.filter(user=gone).update(valid_to=timezone.localdate().replace(year=2025))
    inactive = make_staff(agency=world.agency, role=Role.RECEPTION_OFFICER)
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    make_staff(agency=world.other, role=Role.RECEPTION_OFFICER)
    d = submit(world, now=vn(2026, 3, 2, 8, 0))
    at = vn(2026, 3, 2, 8, 1)

    assert online_dossier_alert(dossier_id=d.pk, now=at) == 2
    expected = sorted([("email", world.officer.email), ("email", clerk.email), ("sms", "+84987654321")])
    assert [c for c, _ in _alerts(d)] == [c for c, _ in expected]
    assert {r for _, r in _alerts(d)} >= {world.officer.email, clerk.email}
    d.refresh_from_db()
    assert d.online_alerted_at == at
    event = AuditEvent.objects.get(action="dossier.online_alert", object_id=str(d.pk))
    assert event.data["to"] == sorted([world.officer.pk, clerk.pk])

    # A second run (the sweep, another worker): nothing more.
    assert online_dossier_alert(dossier_id=d.pk, now=vn(2026, 3, 2, 8, 2)) == 0
    assert len(_alerts(d)) == 3
    assert AuditEvent.objects.filter(action="dossier.online_alert").count() == 1
    d.refresh_from_db()
    assert d.online_alerted_at == at


@pytest.mark.django_db
def test_message_names_the_dossier_and_the_limit(world: World) -> None:
    from egov.notifications.rendering import message_render

    d = submit(world, now=vn(2026, 3, 6, 14, 0))
    online_dossier_alert(dossier_id=d.pk, now=vn(2026, 3, 6, 14, 1))
    message = OutboxMessage.objects.get(channel="email", recipient=world.officer.email)
    assert message.context["due_at"] == "14:30 09/03/2026"
    ctx = {"site_name": "egov", **message.context}
    rendered = message_render(channel="email", template=message.template, context=ctx)
    assert d.code in rendered.subject and "chờ tiếp nhận" in rendered.subject
    assert "14:30 09/03/2026" in rendered.body
    assert f"/staff/dossiers/tiep-nhan-truc-tuyen/{d.code}/" in rendered.body
    sms = message_render(channel="sms", template=message.template, context=ctx)
    assert d.code in sms.sms_text


@pytest.mark.django_db
def test_no_alert_for_a_handled_or_counter_dossier(world: World) -> None:
    counter = world.receive(now=vn(2026, 3, 2, 8, 0))
    assert online_dossier_alert(dossier_id=counter.pk) == 0
    accepted = online(world, at=vn(2026, 3, 2, 8, 0), status=Dossier.Status.PROCESSING)
    assert online_dossier_alert(dossier_id=accepted.pk) == 0
    assert online_dossier_alert(dossier_id=999_999) == 0
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_agency_without_reception_officer_alerts_its_leaders(world: World) -> None:
    StaffAssignment.objects.filter(user=world.officer).delete()
    d = submit(world, now=vn(2026, 3, 2, 8, 0))
    assert online_dossier_alert(dossier_id=d.pk) == 1
    assert _alerts(d) == [("email", world.leader.email)]
    assert AuditEvent.objects.get(action="dossier.online_alert").data["fallback"] is True


@pytest.mark.django_db
def test_one_bad_address_does_not_block_the_others(world: World) -> None:
    broken = make_staff(agency=world.agency, role=Role.RECEPTION_OFFICER)
    type(broken).objects.filter(pk=broken.pk).update(email="", phone="12")  # not a phone number
    d = submit(world, now=vn(2026, 3, 2, 8, 0))
    assert online_dossier_alert(dossier_id=d.pk) == 1
    assert _alerts(d) == [("email", world.officer.email)]


@pytest.mark.django_db
def test_alert_is_safe_from_on_commit(world: World, django_capture_on_commit_callbacks: Any) -> None:
    """What the portal does right after a submission: the alert runs after the commit."""
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        d = submit(world, now=timezone.now())
        transaction.on_commit(lambda: online_dossier_alert(dossier_id=d.pk))
    d.refresh_from_db()
    assert d.online_alerted_at is not None
    assert _alerts(d) == [("email", world.officer.email)]


@pytest.mark.django_db
def test_alert_never_raises(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    d = submit(world, now=vn(2026, 3, 2, 8, 0))

    def boom(**_: Any) -> int:
        raise RuntimeError("database went away")

    monkeypatch.setattr(oa, "_alert", boom)
    monkeypatch.setattr(oa, "_escalate", boom)
    with caplog.at_level(logging.ERROR, logger="egov.dossiers.services.online_alert"):
        assert online_dossier_alert(dossier_id=d.pk) == 0
        assert online_dossier_escalate(dossier_id=d.pk) == 0
    assert "online dossier alert failed" in caplog.text
    d.refresh_from_db()
    assert d.online_alerted_at is None  # the sweep will try again


@pytest.mark.django_db
def test_sweep_alerts_unalerted_dossiers_then_escalates_once(world: World) -> None:
    first = submit(world, now=vn(2026, 3, 2, 8, 0))  # limit Tue 03/03 08:30
    portal = online(world, at=vn(2026, 3, 2, 9, 0), channel=Dossier.Channel.NATIONAL_PORTAL)
    done = online(world, at=vn(2026, 3, 2, 8, 0))
    Dossier.objects.filter(pk=done.pk).update(online_alerted_at=vn(2026, 3, 2, 8, 1))

    assert online_alerts_sweep(now=vn(2026, 3, 2, 9, 30)) == 2
    assert _alerts(first) and _alerts(portal) and not _alerts(done)
    assert online_alerts_sweep(now=vn(2026, 3, 2, 9, 31)) == 0

    # Tue 03/03 09:00: first (limit 08:30) and done (limit 08:30) are late; portal (09:30) is not.
    assert online_alerts_sweep(now=vn(2026, 3, 3, 9, 0)) == 2
    assert _escalations(first) == [("email", world.leader.email)]
    assert _escalations(done) == [("email", world.leader.email)]
    assert not _escalations(portal)
    assert online_alerts_sweep(now=vn(2026, 3, 3, 9, 5)) == 0
    assert online_alerts_sweep(now=vn(2026, 3, 3, 10, 0)) == 1  # portal is now late too
    assert AuditEvent.objects.filter(action="dossier.online_escalate").count() == 3
    assert online_dossier_escalate(dossier_id=first.pk, now=vn(2026, 3, 4, 9, 0)) == 0
    assert len(_escalations(first)) == 1


@pytest.mark.django_db
def test_no_escalation_before_the_limit_or_after_acceptance(world: World) -> None:
    from egov.dossiers.services import dossier_accept_online

    d = submit(world, now=vn(2026, 3, 2, 8, 0))
    assert online_dossier_escalate(dossier_id=d.pk, now=vn(2026, 3, 3, 8, 29)) == 0
    dossier_accept_online(actor=world.officer, dossier=d, now=vn(2026, 3, 3, 8, 0))
    assert online_alerts_sweep(now=vn(2026, 3, 4, 9, 0)) == 0
    assert not AuditEvent.objects.filter(action="dossier.online_escalate").exists()


def _run(n: int, fn: Callable[[int], Any]) -> list[Any]:
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n
    turn: AbstractContextManager[Any] = threading.Lock() if connection.vendor == "sqlite" else nullcontext()

    def work(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            with turn:
                results[i] = fn(i)
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_concurrent_alerts_and_sweeps_alert_once(
    audit_truncate_allowed: None, transactional_db: None
) -> None:
    world = build_world()
    second = make_staff(agency=world.agency, role=Role.RECEPTION_OFFICER)
    d = submit(world, now=vn(2026, 3, 2, 8, 0))
    late = vn(2026, 3, 4, 9, 0)

    def one(i: int) -> int:
        if i % 2:
            return online_alerts_sweep(now=late)
        return online_dossier_alert(dossier_id=d.pk, now=late) + online_dossier_escalate(
            dossier_id=d.pk, now=late
        )

    results = _run(4, one)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert _alerts(d) == sorted([("email", world.officer.email), ("email", second.email)])
    assert _escalations(d) == [("email", world.leader.email)]
    assert AuditEvent.objects.filter(action="dossier.online_alert").count() == 1
    assert AuditEvent.objects.filter(action="dossier.online_escalate").count() == 1
    assert audit_chain_verify().ok
