from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError

from egov.accounts.models import User
from egov.core.audit.models import GENESIS_HASH, AppendOnlyError, AuditEvent
from egov.core.audit.selectors import audit_chain_verify
from egov.core.audit.services import audit_record

pytestmark = pytest.mark.django_db


def _events(n: int) -> list[AuditEvent]:
    actor = User.objects.create(username="canbo", full_name="Nguyễn Văn A", kind="staff")
    return [
        audit_record(
            actor=actor,
            action="dossier.forward",
            target=actor,
            from_state="received",
            to_state="processing",
            reason=f"Chuyển bước {i}",
            data={"step": i, "ghi_chú": "đúng hạn"},
        )
        for i in range(n)
    ]


def _tamper(sql: str, params: list[str | int]) -> None:
    """Edit a row behind the application's back, as an attacker with DB access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")


def test_events_link_into_a_chain() -> None:
    events = _events(3)
    assert events[0].prev_hash == GENESIS_HASH
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash
    assert events[0].actor_label == "canbo (Nguyễn Văn A)"
    report = audit_chain_verify()
    assert report.ok and report.count == 3


def test_verify_command_reports_ok(capsys: pytest.CaptureFixture[str]) -> None:
    _events(4)
    call_command("audit", "verify")
    assert capsys.readouterr().out.strip() == "OK 4 events"


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("reason", "Sửa lý do"),
        ("to_state", "returned"),
        ("actor_label", "người khác"),
        ("data", '{"step": 9}'),
    ],
)
def test_tampering_any_field_breaks_the_chain_at_that_event(column: str, value: str) -> None:
    events = _events(5)
    victim = events[2]
    _tamper(f"UPDATE audit_auditevent SET {column} = %s WHERE id = %s", [value, victim.pk])  # noqa: S608
    report = audit_chain_verify()
    assert not report.ok
    assert report.broken_event_id == victim.pk
    assert report.count == 2
    with pytest.raises(CommandError, match=f"BROKEN at event #{victim.pk}"):
        call_command("audit", "verify")


def test_deleting_a_row_breaks_the_link_of_the_next_event() -> None:
    events = _events(4)
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    report = audit_chain_verify()
    assert not report.ok and report.broken_event_id == events[2].pk


def test_rehashing_a_tampered_row_still_breaks_the_next_link() -> None:
    events = _events(3)
    _tamper("UPDATE audit_auditevent SET hash = %s WHERE id = %s", ["f" * 64, events[0].pk])
    report = audit_chain_verify()
    assert not report.ok and report.broken_event_id == events[0].pk


def test_model_refuses_update_and_delete() -> None:
    event = _events(1)[0]
    event.reason = "khác"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgres_trigger_refuses_raw_update_and_delete() -> None:
    event = _events(1)[0]
    for sql in (
        "UPDATE audit_auditevent SET reason = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cur,
        ):
            cur.execute(sql, [event.pk])
    assert audit_chain_verify().ok


def test_record_many_one_lock_and_chain_ok() -> None:
    from django.test.utils import CaptureQueriesContext

    from egov.core.audit.services import audit_fields, audit_record_many

    actor = User.objects.create(username="canbo2", full_name="Trần Thị B", kind="staff")
    audit_record(actor=actor, action="first", target=actor)
    with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
        rows = audit_record_many([audit_fields(actor=actor, action=f"a{i}", target=actor) for i in range(3)])
    assert [r.action for r in rows] == ["a0", "a1", "a2"]
    assert rows[1].prev_hash == rows[0].hash and rows[2].prev_hash == rows[1].hash
    assert not any(q["sql"].startswith("SAVEPOINT") for q in ctx.captured_queries[1:])
    assert sum(q["sql"].startswith("INSERT") for q in ctx.captured_queries) == 1
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True))[-3:] == ["a0", "a1", "a2"]
    assert audit_record_many([]) == []
    assert audit_chain_verify().ok
