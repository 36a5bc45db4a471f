"""S5: the leader dashboard, warm, in process: `egov.reports.selectors.dashboard_data` for the demo
leader `lanhdao` (open dossiers by status, overdue and due-soon lists, timeliness by unit, field,
officer and month for the year to date, from the daily rollup).

The rollup is filled first for the last 12 months when it is empty (timed, reported in the notes).
Baseline: one `SELECT count(*)` over the dossier table in the same run (BENCHMARKS S5: the dashboard
should cost no more than that). Goal (issue P3): ≤ 200 ms.
"""

from __future__ import annotations

import time
from datetime import timedelta

from bench.runner import Result, time_rounds

NUMBER = "S5"
NAME = "dashboard"
GOAL_SECONDS = 0.200
GOAL = "≤ 200 ms warm"
DEFAULT_N = 5
APPS = None


def fill_rollup(days: int = 366) -> tuple[int, float]:
    """Fill the rollup for the last `days` days if it is empty: (rows written, seconds)."""
    from django.utils import timezone

    from egov.reports.models import DossierDailyStat
    from egov.reports.services import date_range, rollup_refresh

    if DossierDailyStat.objects.exists():
        return 0, 0.0
    today = timezone.localdate()
    started = time.perf_counter()
    written = rollup_refresh(days=date_range(today - timedelta(days=days - 1), today))
    return written, time.perf_counter() - started


def run(*, n: int, rounds: int, leader: str = "lanhdao", rollup_days: int = 366) -> Result:
    from django.db import connection
    from django.utils import timezone

    from egov.accounts.models import User
    from egov.dossiers.models import Dossier
    from egov.reports.selectors import dashboard_data, dashboard_scope

    user = User.objects.filter(username=leader).first()
    if user is None:
        raise SystemExit(f"no user {leader!r}: run demo_seed first")
    written, fill_seconds = fill_rollup(rollup_days)
    today = timezone.localdate()
    start = today.replace(month=1, day=1)
    table = connection.ops.quote_name(Dossier._meta.db_table)

    def dashboard() -> None:
        for _ in range(n):
            dashboard_data(scope=dashboard_scope(user=user), start=start, end=today)

    def baseline() -> None:
        with connection.cursor() as cursor:
            for _ in range(n):
                cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed name
                cursor.fetchone()

    measured = time_rounds(dashboard, n=n, rounds=rounds)
    base = time_rounds(baseline, n=n, rounds=rounds)
    filled = f"rollup filled now: {written:,} rows in {fill_seconds:.1f} s" if written else "rollup present"
    return Result(
        number=NUMBER,
        name=NAME,
        n=n,
        rounds=rounds,
        median_s=measured.median,
        p95_s=measured.p95,
        ops_per_second=measured.ops_per_second,
        baseline="SELECT count(*) over the dossier table, same run",
        baseline_ops_per_second=base.ops_per_second,
        goal=GOAL,
        passed=measured.median <= GOAL_SECONDS,
        notes=f"user {leader}, {start}–{today}; {filled}; count(*) {base.median * 1e3:.1f} ms.",
    )
