"""Each scenario's measuring code with tiny parameters: row shape only, never timing.

Transactional tests request `audit_truncate_allowed` before `transactional_db` (no django_db mark),
as the dossier concurrency tests do: the flush would otherwise hit the append-only audit trigger."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from bench.datagen import generate, iter_codes
from bench.runner import COLUMNS, Result
from bench.scenarios import _http, counter_intake, dashboard, http_trivial, staff_inbox, status_lookup
from egov.dossiers.tests.services.conftest import World, build_world

WRK_OUTPUT = """Running 1s test @ http://127.0.0.1:1
BENCH p50 1200
BENCH p95 3400
BENCH p99 5600
BENCH requests 5000 duration 1000000 non2xx 2 errors 1
"""


def check(result: Result, number: str) -> None:
    assert isinstance(result, Result) and result.number == number
    assert result.ops_per_second > 0 and result.baseline_ops_per_second > 0
    assert len(result.row()) == len(COLUMNS)


def test_parse_wrk() -> None:
    load = _http.parse_wrk(WRK_OUTPUT)
    assert (load.rps, load.p50, load.p99, load.errors, load.tool) == (5000.0, 0.0012, 0.0056, 3, "wrk")
    with pytest.raises(RuntimeError):
        _http.parse_wrk("nothing")


def test_staff_inbox(bench_world: World) -> None:
    generate(400, inbox_tasks=8, officer=bench_world.officer.username)
    queries, shown = staff_inbox.measure_once(bench_world.officer)
    assert shown == 8 and 0 < queries <= staff_inbox.GOAL_QUERIES
    result = staff_inbox.run(n=2, rounds=5, officer=bench_world.officer.username)
    check(result, "S2")
    assert "8 of 8 open tasks" in result.notes


def test_dashboard(bench_world: World) -> None:
    generate(60, inbox_tasks=0, officer=bench_world.officer.username)
    check(dashboard.run(n=1, rounds=5, leader=bench_world.leader.username, rollup_days=20), "S5")


def test_counter_intake_and_concurrency(audit_truncate_allowed: None, transactional_db: None) -> None:
    world = build_world()
    result = counter_intake.run(n=2, rounds=5, clients=2, per_client=2)
    check(result, "S4")
    desk = counter_intake.desk_for(world.officer.username)
    found = counter_intake.concurrent(desk, clients=2, per_client=2)
    assert found["duplicates"] == 0
    assert found["received"] + found["errors"] == 4


def test_gunicorn_trivial() -> None:
    with _http.server(settings="bench.settings") as base_url:
        summary = _http.measure(base_url, [http_trivial.PATH], seconds=1, runs=1)
    assert summary.runs[0].requests > 0
    check(http_trivial.result(summary, n=1), "S0")


@contextmanager
def wsgi_server() -> Iterator[str]:
    """Django's threaded WSGI server in this process (it sees the test database), on a free port."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class Quiet(WSGIRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadedWSGIServer(("127.0.0.1", 0), Quiet, allow_reuse_address=False)
    httpd.set_app(WSGIHandler())
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def test_status_lookup_over_http(audit_truncate_allowed: None, transactional_db: None, settings: Any) -> None:
    settings.ROOT_URLCONF = "bench.urls"
    settings.EGOV_RATELIMIT_TRACKING = "100000000/m"
    world = build_world()
    generate(40, inbox_tasks=0, officer=world.officer.username)
    codes = list(iter_codes(10))
    with wsgi_server() as base_url:
        found = status_lookup.measure(base_url, codes, seconds=1, runs=1)
        python = _http.run_python(base_url, ["/bench/trivial/"], seconds=0.5, connections=2)
    assert found["html"].runs[0].requests > 0
    check(status_lookup.result(found, n=1, rows=40), "S1")
    assert python.requests > 0 and python.tool == "python"
