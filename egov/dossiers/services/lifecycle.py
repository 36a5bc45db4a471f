"""Late handling (form 04), stop (form 05), withdrawal, result, payment and return of the result."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.text import nfc
from egov.dossiers.deadlines import apology_allowed, apology_last_day
from egov.dossiers.models import Dossier
from egov.dossiers.services._common import (
    OPEN_STATUSES,
    audit,
    cancel_open_tasks,
    denied,
    is_dossier_staff,
    local_text,
    lock_dossier,
    notify_on_commit,
    require,
)


def _check_staff(*, actor: Any, dossier: Dossier) -> None:
    if not is_dossier_staff(user=actor, dossier=dossier):
        raise denied()


def _reason(reason: str) -> str:
    clean = nfc(reason).strip()
    require(bool(clean), _("Give the reason."), "required", "reason")
    return clean


@transaction.atomic
def dossier_apologise(
    *, actor: Any, dossier: Dossier, reason: str, new_due_at: datetime, now: datetime | None = None
) -> Dossier:
    """Form 04: apology and a new appointment, once per dossier, no later than the working day
    before the due date (see egov.dossiers.deadlines.apology_allowed)."""
    now = now or timezone.now()
    reason = _reason(reason)
    locked = lock_dossier(dossier)
    _check_staff(actor=actor, dossier=locked)
    require(locked.status in OPEN_STATUSES, _("This dossier is no longer being processed."), "invalid_state")
    require(
        locked.extension_count == 0,
        _("The appointment has already been changed once; it can only be changed once."),
        "already_extended",
    )
    require(locked.due_at is not None, _("This dossier has no appointment yet."), "no_due")
    assert locked.due_at is not None  # noqa: S101 - narrowed for mypy
    require(
        apology_allowed(now=now, due_at=locked.due_at),
        _("The apology must be sent no later than %(day)s, the working day before the appointment.")
        % {"day": apology_last_day(locked.due_at).strftime("%d/%m/%Y")},
        "too_late",
    )
    require(
        new_due_at > locked.due_at,
        _("The new appointment must be after the current one."),
        "invalid_date",
        "new_due_at",
    )
    old = locked.due_at
    locked.original_due_at = locked.original_due_at or old
    locked.due_at = new_due_at
    locked.extension_count += 1
    locked.extension_reason = reason
    locked.save(
        update_fields=["original_due_at", "due_at", "extension_count", "extension_reason", "updated_at"]
    )
    audit(
        actor=actor,
        action="dossier.apologise",
        dossier=locked,
        from_state=locked.status,
        to_state=locked.status,
        reason=reason,
        data={"old_due_at": old.isoformat(), "new_due_at": new_due_at.isoformat()},
    )
    notify_on_commit(
        dossier=locked,
        template="dossier_apology",
        event="apology",
        context={"reason": reason, "old_due_at": local_text(old), "new_due_at": local_text(new_due_at)},
    )
    return locked


def _end(
    *, actor: Any, dossier: Dossier, reason: str, status: str, action: str, now: datetime | None
) -> Dossier:
    now = now or timezone.now()
    reason = _reason(reason)
    locked = lock_dossier(dossier)
    _check_staff(actor=actor, dossier=locked)
    allowed = (*OPEN_STATUSES, Dossier.Status.SUBMITTED)
    require(locked.status in allowed, _("This dossier can no longer be stopped."), "invalid_state")
    before = locked.status
    cancel_open_tasks(dossier=locked, actor=actor, now=now)
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    audit(actor=actor, action=action, dossier=locked, from_state=before, to_state=status, reason=reason)
    return locked


@transaction.atomic
def dossier_stop(*, actor: Any, dossier: Dossier, reason: str, now: datetime | None = None) -> Dossier:
    """Form 05: the applicant asked to stop processing (any time before the decision)."""
    return _end(
        actor=actor,
        dossier=dossier,
        reason=reason,
        status=Dossier.Status.STOPPED,
        action="dossier.stop",
        now=now,
    )


@transaction.atomic
def dossier_withdraw(*, actor: Any, dossier: Dossier, reason: str, now: datetime | None = None) -> Dossier:
    return _end(
        actor=actor,
        dossier=dossier,
        reason=reason,
        status=Dossier.Status.WITHDRAWN,
        action="dossier.withdraw",
        now=now,
    )


@transaction.atomic
def dossier_result_attach(*, actor: Any, dossier: Dossier, file_id: Any) -> Dossier:
    locked = lock_dossier(dossier)
    _check_staff(actor=actor, dossier=locked)
    require(
        locked.status not in (Dossier.Status.RETURNED, Dossier.Status.REFUSED, Dossier.Status.WITHDRAWN),
        _("The result can no longer be changed."),
        "invalid_state",
    )
    locked.result_file_id = file_id
    locked.save(update_fields=["result_file", "updated_at"])
    audit(actor=actor, action="dossier.result_attach", dossier=locked, data={"file": str(file_id)})
    return locked


def _result_ready(dossier: Dossier) -> None:
    notify_on_commit(
        dossier=dossier,
        template="dossier_result_ready",
        event="result-ready",
        context={"procedure": dossier.procedure_version.name, "resolved_at": local_text(dossier.resolved_at)},
    )


@transaction.atomic
def dossier_mark_paid(*, actor: Any, dossier: Dossier, amount: Decimal) -> Dossier:
    """Record a payment; AWAITING_PAYMENT → RESOLVED once the fees are covered."""
    require(Decimal(amount) > 0, _("The amount must be positive."), "invalid_amount", "amount")
    locked = lock_dossier(dossier)
    _check_staff(actor=actor, dossier=locked)
    before = locked.status
    locked.fees_collected += Decimal(amount)
    if locked.status == Dossier.Status.AWAITING_PAYMENT and locked.fees_collected >= locked.fees_due:
        locked.status = Dossier.Status.RESOLVED
        _result_ready(locked)
    locked.save(update_fields=["fees_collected", "status", "updated_at"])
    audit(
        actor=actor,
        action="dossier.payment",
        dossier=locked,
        from_state=before,
        to_state=locked.status,
        data={"amount": str(amount), "collected": str(locked.fees_collected)},
    )
    return locked


@transaction.atomic
def dossier_return(
    *,
    actor: Any,
    dossier: Dossier,
    method: str,
    receiver_name: str = "",
    receiver_id_number: str = "",
    tracking_number: str = "",
    handed_at: datetime | None = None,
) -> Dossier:
    """Hand over the result (counter, post or online) and record to whom."""
    handed_at = handed_at or timezone.now()
    require(method in Dossier.Delivery.values, _("Choose how the result is returned."), "invalid", "method")
    locked = lock_dossier(dossier)
    _check_staff(actor=actor, dossier=locked)
    require(
        locked.status in (Dossier.Status.RESOLVED, Dossier.Status.REFUSED),
        _("The result is not ready to be returned."),
        "invalid_state",
    )
    if method == Dossier.Delivery.COUNTER:
        require(bool(receiver_name.strip()), _("Enter who received the result."), "required", "receiver_name")
    if method == Dossier.Delivery.ONLINE and locked.status == Dossier.Status.RESOLVED:
        require(
            locked.result_file_id is not None,
            _("Attach the electronic result before returning it online."),
            "no_result_file",
        )
    if method == Dossier.Delivery.POST:
        require(
            bool(tracking_number.strip()),
            _("Enter the postal tracking number."),
            "required",
            "tracking_number",
        )
    before = locked.status
    locked.status = Dossier.Status.RETURNED
    locked.returned_at = handed_at
    locked.return_method = method
    locked.return_receiver_name = nfc(receiver_name).strip()
    locked.return_receiver_id_number = receiver_id_number.strip()
    locked.return_tracking_number = tracking_number.strip()
    locked.save(
        update_fields=[
            "status",
            "returned_at",
            "return_method",
            "return_receiver_name",
            "return_receiver_id_number",
            "return_tracking_number",
            "updated_at",
        ]
    )
    audit(actor=actor, action="dossier.return", dossier=locked, from_state=before, to_state=locked.status)
    return locked
