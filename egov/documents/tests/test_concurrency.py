"""50 concurrent issuances: gapless and unique (PostgreSQL: real races; SQLite: turns, see
egov/dossiers/tests/services/test_concurrency.py for the set-up)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from django.db import connection, connections

from egov.core.audit.selectors import audit_chain_verify
from egov.documents.models import DocumentType, IncomingDocument, IssuedNumber
from egov.documents.services import document_number_issue
from egov.documents.tests.conftest import build_office, vn


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
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=180)
    return results


def test_50_concurrent_numbers_are_gapless_and_unique(
    audit_truncate_allowed: None, transactional_db: None
) -> None:
    office = build_office()
    qd = DocumentType.objects.get(code="quyet_dinh")
    n = 50
    results = _run(
        n, lambda i: document_number_issue(agency=office.agency, doc_type=qd, issuing_abbr="UBND", year=2026)
    )
    assert [r for r in results if isinstance(r, Exception)] == []
    assert sorted(r[0] for r in results) == list(range(1, n + 1))
    assert {r[1] for r in results} == {f"{i:02d}/QĐ-UBND" for i in range(1, n + 1)}
    assert IssuedNumber.objects.count() == n
    assert audit_chain_verify().ok


def test_50_concurrent_registrations_get_consecutive_arrival_numbers(
    audit_truncate_allowed: None, transactional_db: None
) -> None:
    office = build_office()
    n = 50
    results = _run(
        n, lambda i: office.register(now=vn(2026, 3, 2, 10, 0), abstract=f"Văn bản {i}").arrival_number
    )
    assert [r for r in results if isinstance(r, Exception)] == []
    assert sorted(results) == list(range(1, n + 1))
    assert IncomingDocument.objects.count() == n
