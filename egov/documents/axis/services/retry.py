"""Retry by hand: put an outbound package or status message that failed for good (failed_at set,
see send.py) back into the outbox, so the next `exchange_axis_send_pending` run posts it again.

Only a clerk of the agency that owns the row (a system administrator: any agency) may do it. One
conditional update on `failed_at IS NOT NULL` makes a double click (or two clerks at once) retry it
once; the loser gets a refusal, nothing changes twice. The audit event is in the same transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.audit.services import audit_record
from egov.documents.axis.services.send import PACKAGE_PENDING, STATUS_PENDING
from egov.documents.models import ExchangePackage, ExchangeStatus
from egov.documents.selectors import has_role
from egov.documents.services.common import refuse
from egov.org.models import Role
from egov.org.scoping import staff_scope

Row = ExchangePackage | ExchangeStatus


def _agency_id(row: Row) -> int | None:
    if isinstance(row, ExchangePackage):
        return row.agency_id
    if row.package_id is None:
        return None
    return ExchangePackage.objects.values_list("agency_id", flat=True).get(pk=row.package_id)


def exchange_axis_retry(*, actor: Any, row: Row, now: datetime | None = None) -> Row:
    """Send a failed outbound `row` again: failed_at cleared, attempts 0, due now. Returns the row
    reloaded. Raises ValidationError (code not_allowed / package_failed / not_failed) otherwise."""
    agency_id = _agency_id(row)
    allowed = staff_scope(user=actor).everything or (
        agency_id is not None and has_role(user=actor, agency=agency_id, roles=[Role.CLERK])
    )
    if not allowed:
        raise refuse(_("Only a clerk of the agency can send an exchange message again."), "not_allowed")
    if isinstance(row, ExchangeStatus) and row.package_id is not None:
        package = ExchangePackage.objects.filter(pk=row.package_id).values("direction", "failed_at").first()
        if package and package["direction"] == ExchangePackage.Direction.OUTBOUND and package["failed_at"]:
            # The send job would fail it again at once: its package never reached the axis.
            raise refuse(
                _("Send the document's package again first: this status message is about it."),
                "package_failed",
            )
    model: type[Row]
    if isinstance(row, ExchangePackage):
        model, pending, action = ExchangePackage, PACKAGE_PENDING, "documents.axis_package_retry"
    else:
        model, pending, action = ExchangeStatus, STATUS_PENDING, "documents.axis_status_retry"
    now = now or timezone.now()
    with transaction.atomic():
        current = (
            model._default_manager.filter(pk=row.pk).values("failed_at", "attempts", "last_error").first()
        )
        won = model._default_manager.filter(pending, pk=row.pk, failed_at__isnull=False).update(
            failed_at=None, attempts=0, next_attempt_at=now
        )
        if not won:
            raise refuse(
                _("This message has not failed: it is waiting, being retried or already sent."), "not_failed"
            )
        assert current is not None  # noqa: S101 - the update above found the row
        audit_record(
            actor=actor,
            action=action,
            target=row,
            from_state="failed",
            to_state="pending",
            reason=str(current["last_error"])[:500],
            data={"attempts": current["attempts"]},
        )
    return model._default_manager.get(pk=row.pk)
