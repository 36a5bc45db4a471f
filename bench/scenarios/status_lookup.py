"""S1: public dossier status by code (GET /tra-cuu/<code>/), random codes among all rows, over HTTP.

Same server and load as S0 (gunicorn 2 sync workers, `bench.settings` with the tracking rate limit
raised; wrk -t1 -c32, `n` seconds per run, 3 runs, median; a Lua script picks each request's code from
a list of 10,000 random codes). The baseline is S0's trivial JSON view on the same server in the same
run. When the JSON endpoint /api/v1/public/dossiers/<code>/status/ exists it is measured too (notes).
Goal (issue P1): ≥ 50 % of S0's rps, p99 ≤ 50 ms, 0 errors.
"""

from __future__ import annotations

from bench.runner import Result
from bench.scenarios import _http

NUMBER = "S1"
NAME = "status_lookup"
GOAL_RATIO = 0.5
GOAL_P99 = 0.050
GOAL = "≥ 0.50 × S0 rps; p99 ≤ 50 ms"
DEFAULT_N = 15  # seconds per wrk run
APPS = None
CODES = 10_000
HTML = "/tra-cuu/{code}/"
JSON = "/api/v1/public/dossiers/{code}/status/"


def json_endpoint_exists() -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(JSON.format(code="X-000000-0001"), urlconf="bench.urls")
    except Resolver404:
        return False
    return True


def measure(base_url: str, codes: list[str], *, seconds: int, runs: int) -> dict[str, _http.Summary]:
    """S0 baseline, the HTML page and (when present) the JSON endpoint, on one server."""
    found = {"trivial": _http.measure(base_url, ["/bench/trivial/"], seconds=seconds, runs=runs)}
    found["html"] = _http.measure(base_url, [HTML.format(code=c) for c in codes], seconds=seconds, runs=runs)
    if json_endpoint_exists():
        found["json"] = _http.measure(
            base_url, [JSON.format(code=c) for c in codes], seconds=seconds, runs=runs
        )
    return found


def result(found: dict[str, _http.Summary], *, n: int, rows: int) -> Result:
    base, html = found["trivial"], found["html"]
    p99 = html.median_of("p99")
    ratio = html.rps / base.rps if base.rps else 0.0
    notes = [
        f"{html.tool}, {len(html.runs)} runs × {n} s, -c{_http.CONNECTIONS}, {rows:,} dossiers; "
        f"HTML p99 {p99 * 1e3:.2f} ms, errors {html.errors}; S0 p99 {base.median_of('p99') * 1e3:.2f} ms, "
        f"errors {base.errors}."
    ]
    passed = ratio >= GOAL_RATIO and p99 <= GOAL_P99 and html.errors == 0
    if "json" in found:
        js = found["json"]
        notes.append(
            f"JSON endpoint: {js.rps:,.0f} rps ({js.rps / base.rps:.2f} × S0), p50 "
            f"{js.median_of('p50') * 1e3:.2f} ms, p99 {js.median_of('p99') * 1e3:.2f} ms, errors {js.errors}."
        )
    else:
        notes.append("JSON endpoint /api/v1/public/dossiers/<code>/status/ not present: not measured.")
    return Result(
        number=NUMBER,
        name=NAME,
        n=n,
        rounds=len(html.runs),
        median_s=html.median_of("p50"),
        p95_s=html.median_of("p95"),
        ops_per_second=html.rps,
        baseline="S0 trivial JSON view, same gunicorn, same run",
        baseline_ops_per_second=base.rps,
        goal=GOAL,
        passed=passed,
        notes=" ".join(notes),
    )


def run(*, n: int, rounds: int) -> Result:
    from bench.datagen import iter_codes
    from egov.dossiers.models import Dossier

    codes = list(iter_codes(CODES))
    if not codes:
        raise SystemExit("no dossiers: run python -m bench.datagen first")
    rows = Dossier.objects.count()
    with _http.server() as base_url:
        found = measure(base_url, codes, seconds=n, runs=_http.runs_of(rounds))
    return result(found, n=n, rows=rows)
