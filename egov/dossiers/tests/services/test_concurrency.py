"""Concurrent intake and concurrent transitions, each thread with its own DB connection.

PostgreSQL: the threads really race; rows are locked with SELECT … FOR UPDATE. SQLite (the test
database is a shared-cache in-memory one, which raises "table is locked" instead of waiting): the
threads still run on their own connections but take turns, as SQLite serialises writers anyway; the
services' re-checks must then give the same outcome. Both: unique gapless codes, one transition.

Transactional tests request `audit_truncate_allowed` before `transactional_db` (no django_db mark:
the mark would set up the transactional database first, and the flush would hit the append-only
audit trigger on PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from django.db import connection, connections

from egov.core.audit.selectors import audit_chain_verify
from egov.dossiers.models import Dossier, Handover, Task
from egov.dossiers.services import DossierConflict, task_transition
from egov.dossiers.tests.services.conftest import build_world, vn
from egov.dossiers.tests.services.factories import make_staff
from egov.org.models import Role


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


def test_50_concurrent_intakes_give_gapless_codes(
    audit_truncate_allowed: None, transactional_db: None
) -> None:
    world = build_world()
    n = 50
    results = _run(n, lambda i: world.receive(now=vn(2026, 3, 2, 9, 0)).code)
    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    expected = {f"000.00.31.H59-260302-{i:04d}" for i in range(1, n + 1)}
    assert set(results) == expected
    assert Dossier.objects.count() == n
    assert audit_chain_verify().ok


def test_two_officers_same_task_one_wins(audit_truncate_allowed: None, transactional_db: None) -> None:
    world = build_world()
    second = make_staff(agency=world.agency, role=Role.SPECIALIST)
    d = world.receive(now=vn(2026, 3, 2, 8, 0))
    task = d.tasks.get(status=Task.Status.OPEN)
    officers = [world.specialist, second]
    results = _run(
        2, lambda i: task_transition(actor=officers[i], task_id=task.pk, transition_code="trinh_ky")
    )
    wins = [r for r in results if isinstance(r, Task)]
    conflicts = [r for r in results if isinstance(r, DossierConflict)]
    assert len(wins) == 1 and len(conflicts) == 1, results
    assert Task.objects.filter(dossier=d, status=Task.Status.OPEN).count() == 1
    assert Task.objects.filter(dossier=d, step__code="tham_dinh", status=Task.Status.DONE).count() == 1
    assert Handover.objects.filter(dossier=d).count() == 2
    assert audit_chain_verify().ok
