"""Background entry points (django_tasks): take ids or nothing, call a service. Safe to run twice."""

from __future__ import annotations

from django_tasks import task


@task()
def tasks_warn_and_escalate_task() -> int:
    from egov.dossiers.periodic import tasks_warn_and_escalate

    return tasks_warn_and_escalate()


@task()
def supplement_close_expired_task() -> int:
    from egov.dossiers.periodic import supplement_close_expired

    return supplement_close_expired()
