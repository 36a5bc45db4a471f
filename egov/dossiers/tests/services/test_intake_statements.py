"""Issue P2: a counter intake is one transaction with a fixed, small number of SQL statements."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from egov.core.audit.models import AuditEvent
from egov.core.audit.selectors import audit_chain_verify
from egov.core.calendar import cache as calendar_cache
from egov.dossiers.services import dossier_receive
from egov.dossiers.tests.services.conftest import World, vn

# Inside the test transaction (dossier_receive runs as a savepoint, counted here):
# SAVEPOINT, receiver check, version, implementing agencies, process definition, code upsert,
# dossier INSERT, components INSERT, tasks INSERT (both), hand-over INSERT, chain lock (PostgreSQL
# only), chain head, audit INSERT (both events), RELEASE.
INTAKE_MAX = 14


def test_one_intake_statement_count(world: World, django_assert_max_num_queries, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The working calendar re-checks its override table at most once a second (one query); on a
    # busy machine that second can pass between the warm-up and the measured intake. It is not
    # part of the intake's own statements, so it is held off here.
    monkeypatch.setattr(calendar_cache, "CHECK_INTERVAL", 3600.0)
    world.receive(now=vn(2026, 3, 2, 9, 0))  # warms the in-memory caches (process shape, version facts)
    data = world.intake()
    with django_assert_max_num_queries(INTAKE_MAX):
        d = dossier_receive(
            actor=world.officer, receiving_agency=world.agency, data=data, now=vn(2026, 3, 2, 9, 5)
        )
    events = list(AuditEvent.objects.filter(object_id=str(d.pk)).order_by("id"))
    assert [(e.action, e.from_state, e.to_state) for e in events] == [
        ("dossier.receive", "", "received"),
        ("dossier.accept", "received", "processing"),
    ]
    assert events[1].prev_hash == events[0].hash
    assert audit_chain_verify().ok


def test_intake_has_no_nested_savepoints(world: World) -> None:
    world.receive(now=vn(2026, 3, 2, 9, 0))
    data = world.intake()
    with CaptureQueriesContext(connection) as ctx:
        dossier_receive(
            actor=world.officer, receiving_agency=world.agency, data=data, now=vn(2026, 3, 2, 9, 5)
        )
    savepoints = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SAVEPOINT")]
    assert len(savepoints) == 1  # the test's own wrapping of dossier_receive's atomic()
    assert sum("audit_auditevent" in q["sql"] and "INSERT" in q["sql"] for q in ctx.captured_queries) == 1
