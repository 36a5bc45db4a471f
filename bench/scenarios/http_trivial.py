"""S0: a 32-byte JSON view through the full production middleware, over HTTP (the denominator).

gunicorn, 2 sync workers, `bench.settings`, on a free 127.0.0.1 port; wrk -t1 -c32 for `n` seconds per
run after a 3 s warm-up, 3 runs, median (a bounded Python loop when wrk is missing: see the notes).
Baseline: the figure in /work/shared/BENCHMARKS.md (~5,400 rps, 2026-11-22), for drift only.
"""

from __future__ import annotations

from bench.runner import Result
from bench.scenarios import _http

NUMBER = "S0"
NAME = "http_trivial"
GOAL = "denominator; 0 errors"
DEFAULT_N = 15  # seconds per wrk run
APPS = None
PATH = "/bench/trivial/"
REFERENCE_RPS = 5_400.0


def result(summary: _http.Summary, *, n: int) -> Result:
    return Result(
        number=NUMBER,
        name=NAME,
        n=n,
        rounds=len(summary.runs),
        median_s=summary.median_of("p50"),
        p95_s=summary.median_of("p95"),
        ops_per_second=summary.rps,
        baseline="BENCHMARKS.md reference, 2026-11-22 (~5,400 rps)",
        baseline_ops_per_second=REFERENCE_RPS,
        goal=GOAL,
        passed=summary.errors == 0,
        notes=(
            f"{summary.tool}, {len(summary.runs)} runs × {n} s, -c{_http.CONNECTIONS}; latency is per "
            f"request (median of runs); p99 {summary.median_of('p99') * 1e3:.2f} ms; "
            f"errors {summary.errors}. Runs: " + "; ".join(_http.iter_lines(summary))
        ),
    )


def run(*, n: int, rounds: int) -> Result:
    with _http.server() as base_url:
        summary = _http.measure(base_url, [PATH], seconds=n, runs=_http.runs_of(rounds))
    return result(summary, n=n)
