"""Background entry points: load by id, call a service. Safe to run twice (the claim is atomic)."""

from __future__ import annotations

from django_tasks import task


@task()
def outbox_deliver_task(message_id: int) -> None:
    from egov.notifications.services import outbox_deliver  # services enqueue this task

    outbox_deliver(message_id=message_id)
