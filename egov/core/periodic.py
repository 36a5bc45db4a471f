"""Periodic jobs: one idempotent entry point (`manage.py run_periodic`) run by a systemd timer in
production and every minute by `make run`. Each job is a dotted path to a function taking no
arguments and returning the number of items it handled. Jobs must be safe to run twice at once.
"""

from __future__ import annotations

PERIODIC_JOBS: tuple[str, ...] = (
    "egov.nationalportal.services.national_pull",
    "egov.nationalportal.services.national_push_pending",
    "egov.notifications.services.outbox_sweep",
    "egov.dossiers.periodic.tasks_warn_and_escalate",
    "egov.dossiers.periodic.supplement_close_expired",
    "egov.dossiers.periodic.online_alerts_sweep",
    "egov.payments.reconcile.payments_reconcile",
    "egov.documents.periodic.documents_remind",
    "egov.documents.services.exchange_statuses_pending",
    "egov.documents.axis.services.exchange_axis_send_pending",
    "egov.documents.axis.services.exchange_axis_fetch",
    "egov.documents.search.documents_text_pending",
    "egov.reports.services.rollup_refresh_recent",
)
