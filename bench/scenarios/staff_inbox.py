"""S2: an officer's inbox in process: `inbox_for(user=…)` first page (20 open tasks by due date with
dossier, procedure, step, assignee, agency and department, plus the total count), with its query count.

The officer is the demo reception officer `motcua` (datagen puts 200 open tasks in that queue).
Baseline: one indexed row by primary key (`Task.objects.filter(pk=…).values().first()`), same run.
Goal (issue P4): ≤ 30 ms server time and ≤ 12 queries.
"""

from __future__ import annotations

from bench.runner import Result, time_rounds

NUMBER = "S2"
NAME = "staff_inbox"
GOAL_SECONDS = 0.030
GOAL_QUERIES = 12
GOAL = "≤ 30 ms; ≤ 12 queries"
DEFAULT_N = 50
APPS = None


def measure_once(user: object) -> tuple[int, int]:
    """(queries, tasks on the page) for one call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from egov.dossiers.selectors import inbox_for

    with CaptureQueriesContext(connection) as ctx:
        page = inbox_for(user=user)
    return len(ctx.captured_queries), len(page.tasks)


def run(*, n: int, rounds: int, officer: str = "motcua") -> Result:
    from egov.accounts.models import User
    from egov.dossiers.models import Task
    from egov.dossiers.selectors import inbox_for

    user = User.objects.filter(username=officer).first()
    if user is None:
        raise SystemExit(f"no user {officer!r}: run demo_seed first")
    queries, shown = measure_once(user)
    total = inbox_for(user=user).total
    pk = Task.objects.order_by("pk").values_list("pk", flat=True).first() or 0

    def inbox() -> None:
        for _ in range(n):
            inbox_for(user=user)

    def baseline() -> None:
        for _ in range(n):
            Task.objects.filter(pk=pk).values().first()

    measured = time_rounds(inbox, n=n, rounds=rounds)
    base = time_rounds(baseline, n=n, rounds=rounds)
    return Result(
        number=NUMBER,
        name=NAME,
        n=n,
        rounds=rounds,
        median_s=measured.median,
        p95_s=measured.p95,
        ops_per_second=measured.ops_per_second,
        baseline="one Task row by pk, ORM .values().first(), same run",
        baseline_ops_per_second=base.ops_per_second,
        goal=GOAL,
        passed=measured.median <= GOAL_SECONDS and queries <= GOAL_QUERIES,
        notes=f"user {officer}: {queries} queries, {shown} of {total} open tasks on page 1.",
    )
