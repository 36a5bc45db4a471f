"""Fees of a dossier (phí, lệ phí): what is still owed, and recording a payment made online.

`dossier.fees_due` is fixed at intake from the procedure version's fee items (immutable once
published); what remains to pay is `fees_due − fees_collected`.

Over-payment rule: `fees_collected` never goes above `fees_due`. Money really received beyond
what was owed (say the officer recorded a counter payment while the citizen was paying online)
is not added to the dossier; it is written in the audit event as `excess` and returned to the
caller, which keeps the full amount on its own record (the payment) for the refund.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.dossiers.models import Dossier
from egov.dossiers.services._common import audit, lock_dossier, require
from egov.dossiers.services.lifecycle import _result_ready

# A citizen may pay online while the dossier is alive (paying early is allowed); not once it is
# refused, withdrawn, stopped, closed or returned, nor while it is a draft.
PAYABLE_STATUSES = (
    Dossier.Status.SUBMITTED,
    Dossier.Status.RECEIVED,
    Dossier.Status.PROCESSING,
    Dossier.Status.SUPPLEMENT_REQUESTED,
    Dossier.Status.AWAITING_PAYMENT,
    Dossier.Status.RESOLVED,
)


def dossier_fees_outstanding(dossier: Dossier) -> Decimal:
    """What is left to pay (never negative)."""
    return max(Decimal(dossier.fees_due or 0) - Decimal(dossier.fees_collected or 0), Decimal(0))


def dossier_is_payable(dossier: Dossier) -> bool:
    return dossier.status in PAYABLE_STATUSES


@dataclass(frozen=True)
class FeePaid:
    dossier: Dossier
    credited: Decimal  # added to fees_collected
    excess: Decimal  # received beyond fees_due (to refund)
    resolved: bool  # the payment moved the dossier AWAITING_PAYMENT → RESOLVED


@transaction.atomic
def dossier_fee_paid(
    *, dossier_id: int, amount: Decimal, reference: str, now: datetime | None = None
) -> FeePaid:
    """Credit an online payment (`reference`: the gateway order id) to the dossier, in the caller's
    transaction: raises fees_collected (capped at fees_due), audits, and moves AWAITING_PAYMENT →
    RESOLVED once covered, exactly like `dossier_mark_paid` (result-ready message on commit).
    The actor is the gateway (no user); the reference ties the event to the payment."""
    now = now or timezone.now()
    amount = Decimal(amount)
    require(amount > 0, _("The amount must be positive."), "invalid_amount", "amount")
    locked = lock_dossier(dossier_id)
    before = locked.status
    outstanding = dossier_fees_outstanding(locked)
    credited = min(amount, outstanding)
    excess = amount - credited
    locked.fees_collected += credited
    resolved = False
    if locked.status == Dossier.Status.AWAITING_PAYMENT and locked.fees_collected >= locked.fees_due:
        locked.status = Dossier.Status.RESOLVED
        resolved = True
        _result_ready(locked)
    locked.save(update_fields=["fees_collected", "status", "updated_at"])
    audit(
        actor=None,
        action="dossier.payment",
        dossier=locked,
        from_state=before,
        to_state=locked.status,
        data={
            "channel": "online",
            "reference": reference,
            "amount": str(amount),
            "credited": str(credited),
            "excess": str(excess),
            "collected": str(locked.fees_collected),
            "at": now.isoformat(),
        },
    )
    return FeePaid(dossier=locked, credited=credited, excess=excess, resolved=resolved)
