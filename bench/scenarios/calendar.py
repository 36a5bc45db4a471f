"""Due-date computations per second in one process, with a mixed workload.

Workload (fixed seed): start instants spread uniformly over 2026 (Asia/Ho_Chi_Minh), of which
40 % use day mode (1–20 working days), 35 % hour mode (0.5–20 working hours, not whole days) and
25 % same-day procedures with a cut-off (15:00, 16:00 or the default). Each round calls
`egov.core.calendar.selectors.due` once per input. The table is built before timing (one warm-up
round), as it is once per process in production.

Baseline: the same inputs through a plain `start + timedelta(hours=h)` loop, in the same run.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bench.runner import Result, time_rounds

NUMBER = "S10"
NAME = "calendar"
GOAL_OPS = 100_000
GOAL = f"≥ {GOAL_OPS:,}/s"
DEFAULT_N = 100_000
APPS = ["work_calendar"]

Case = tuple[datetime, float, bool, str | None]


def workload(n: int, *, seed: int = 2026) -> list[Case]:
    rng = random.Random(seed)
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    year_start = datetime(2026, 1, 1, tzinfo=tz)
    seconds_in_year = 365 * 24 * 3600
    cases: list[Case] = []
    for _ in range(n):
        start = year_start + timedelta(seconds=rng.randrange(seconds_in_year))
        pick = rng.random()
        if pick < 0.40:
            cases.append((start, 8.0 * rng.randint(1, 20), False, None))
        elif pick < 0.75:
            cases.append((start, rng.choice((0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 12.0, 20.0)), False, None))
        else:
            cases.append((start, 8.0, True, rng.choice(("15:00", "16:00", None))))
    return cases


def run(*, n: int, rounds: int) -> Result:
    from egov.core.calendar.selectors import due

    cases = workload(n)

    def computations() -> None:
        for start, hours, same_day, cutoff in cases:
            due(start=start, hours=hours, same_day=same_day, cutoff=cutoff)

    def baseline() -> None:
        for start, hours, _same_day, _cutoff in cases:
            start + timedelta(hours=hours)

    measured = time_rounds(computations, n=n, rounds=rounds)
    base = time_rounds(baseline, n=n, rounds=rounds)
    return Result(
        number=NUMBER,
        name=NAME,
        n=n,
        rounds=rounds,
        median_s=measured.median,
        p95_s=measured.p95,
        ops_per_second=measured.ops_per_second,
        baseline="plain datetime + timedelta loop over the same inputs",
        baseline_ops_per_second=base.ops_per_second,
        goal=GOAL,
        passed=measured.ops_per_second >= GOAL_OPS,
        notes=f"median and p95 are per computation over {rounds} rounds of {n:,}.",
    )
