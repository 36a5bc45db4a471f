"""Tests with real commits (the acknowledgements run when the import commits): two runs of each
job at once (PostgreSQL: real races; SQLite: turns, as in egov/documents/tests/test_concurrency.py)
post, import and acknowledge once; a mailbox is read page by page."""
# ruff: noqa: F811 - the fixtures imported from test_outgoing_fixtures are parameters here

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from django.db import connection, connections

from egov.core.audit.selectors import audit_chain_verify
from egov.documents.axis.services import exchange_axis_fetch, exchange_axis_send_pending
from egov.documents.axis.simulator import AxisSimulator
from egov.documents.axis.testing import sim_delay, sim_mailbox, sim_messages, sim_post
from egov.documents.models import ExchangePackage, IncomingDocument
from egov.documents.tests.test_outgoing_fixtures import (  # noqa: F401 - fixtures
    World,
    out_ca,
    out_pdf,
    world,
)

from .helpers import agency_b, released


def _twice(fn: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(2)
    results: list[Any] = [None, None]
    turn: AbstractContextManager[Any] = threading.Lock() if connection.vendor == "sqlite" else nullcontext()

    def work(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            with turn:
                results[i] = fn()
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=180)
    return results


def test_two_runs_at_once_post_and_import_once(
    audit_truncate_allowed: None, transactional_db: None, axis: AxisSimulator, world: World
) -> None:
    b = agency_b()
    _doc, package = released(world)
    sim_delay(axis.url, "send", 0.5)  # the winner is still posting while the other run looks
    assert sorted(_twice(exchange_axis_send_pending)) == [0, 1]
    assert len(sim_messages(axis.url)) == 1
    package.refresh_from_db()
    assert package.status == ExchangePackage.Status.SENT and package.attempts == 1
    sim_delay(axis.url, "fetch", 0.5)
    assert sorted(_twice(exchange_axis_fetch)) == [0, 1]
    assert IncomingDocument.objects.filter(agency=b).count() == 1
    assert ExchangePackage.objects.filter(agency=b).count() == 1
    assert sim_mailbox(axis.url, b.agency_code)["pending"] == []
    assert audit_chain_verify().ok


def test_a_mailbox_is_read_page_by_page(
    audit_truncate_allowed: None, transactional_db: None, axis: AxisSimulator, settings: Any
) -> None:
    # Real commits: each acknowledgement runs when its import commits, before the next page.
    settings.EGOV_AXIS_PAGE_SIZE = 2
    b = agency_b()
    for i in range(5):
        sim_post(axis.url, sender="000.00.00.H98", to=[b.agency_code], kind="edoc", body=b"<x%d/>" % i)
    assert exchange_axis_fetch() == 5
    assert ExchangePackage.objects.filter(agency=b, status="refused").count() == 5
    assert sim_mailbox(axis.url, b.agency_code)["pending"] == []
