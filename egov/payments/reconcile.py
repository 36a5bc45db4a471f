"""Reconciliation (đối soát): ask the gateway (querydr) about payments we are unsure of.

* pending payments past their expiry (plus a grace period): paid at the gateway → settled as paid
  and reconciled; otherwise (unknown, failed, or never completed there) → expired, since the
  gateway refuses payment after vnp_ExpireDate (a payment under review, code 07, is left alone);
* paid payments not yet reconciled: the gateway agrees (paid, same amount and transaction number)
  → reconciled; otherwise → mismatch, for the finance officer. Either way `reconciled_at` records
  when it was checked, and the payment stays paid: "paid" and "reconciled" are separate facts.

Idempotent and safe to run twice at once: the gateway is queried outside any transaction, then
each payment is locked (dossier, then payment) and changed only if it is still in the state that
was queried. Periodic job: egov.payments.reconcile.payments_reconcile
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from egov.dossiers.services._common import lock_dossier
from egov.payments import conf
from egov.payments.gateways import GatewayError, QueryResult, get_gateway
from egov.payments.models import Payment, PaymentCallback
from egov.payments.services import _audit, _mark_paid

log = logging.getLogger(__name__)
S = Payment.Status
R = Payment.Reconciliation
BATCH = 200


def _log_query(payment: Payment, q: QueryResult, outcome: str) -> None:
    PaymentCallback.objects.create(
        payment=payment,
        kind=PaymentCallback.Kind.QUERY,
        txn_ref=payment.txn_ref,
        params=q.raw,
        signature_valid=True,
        outcome=outcome,
    )


def _settle_pending(pk: int, q: QueryResult, now: datetime) -> bool:
    with transaction.atomic():
        dossier_id = Payment.objects.values_list("dossier_id", flat=True).get(pk=pk)
        dossier = lock_dossier(dossier_id)
        payment = Payment.objects.select_for_update().get(pk=pk)
        payment.dossier = dossier
        if payment.status != S.PENDING:
            return False
        if payment.response_code == "07" and not (q.found and q.status == "paid"):
            _log_query(payment, q, "under_review")  # money taken, under review: staff decide
            return False
        if q.found and q.status == "paid" and q.amount == payment.amount:
            outcome = _mark_paid(
                payment=payment,
                amount=payment.amount,
                txn_no=q.gateway_txn_no,
                bank=q.bank_code,
                code="00",
                paid_at=q.paid_at,
                now=now,
            )
            if outcome == "paid":
                payment.reconciled_at = now
                payment.reconciliation_status = R.RECONCILED
                payment.save(update_fields=["reconciled_at", "reconciliation_status", "updated_at"])
            _log_query(payment, q, f"reconcile_{outcome}")
            return True
        payment.status = S.EXPIRED
        payment.save(update_fields=["status", "updated_at"])
        _audit(payment=payment, action="payment.expire", before=S.PENDING, data={"found": q.found})
        _log_query(payment, q, "expired")
        return True


def _check_paid(pk: int, q: QueryResult, now: datetime) -> bool:
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("dossier").get(pk=pk)
        if payment.status != S.PAID or payment.reconciled_at is not None:
            return False
        problems = []
        if not q.found:
            problems.append("not found at the gateway")
        else:
            if q.status != "paid":
                problems.append(f"gateway status {q.response_code}")
            if q.amount != payment.amount:
                problems.append(f"gateway amount {q.amount}")
            if payment.gateway_txn_no and q.gateway_txn_no != payment.gateway_txn_no:
                problems.append(f"gateway transaction {q.gateway_txn_no}")
        payment.reconciled_at = now
        payment.reconciliation_status = R.MISMATCH if problems else R.RECONCILED
        if problems:
            payment.reconciliation_note = "; ".join(problems)[:300]
        payment.save(
            update_fields=["reconciled_at", "reconciliation_status", "reconciliation_note", "updated_at"]
        )
        audit_before = payment.status
        _audit(
            payment=payment,
            action=f"payment.{payment.reconciliation_status}",
            before=audit_before,
            data={"problems": problems},
        )
        _log_query(payment, q, payment.reconciliation_status)
        return True


def payments_reconcile(now: datetime | None = None) -> int:
    """Query the gateway about stale pending and unreconciled paid payments; returns how many
    payments changed."""
    now = now or timezone.now()
    gateway = get_gateway()
    cutoff = now - timedelta(minutes=conf.reconcile_grace_minutes())
    stale = list(
        Payment.objects.filter(status=S.PENDING, expires_at__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)[:BATCH]
    )
    unreconciled = list(
        Payment.objects.filter(status=S.PAID, reconciled_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:BATCH]
    )
    changed = 0
    for pk, handler in [*((p, _settle_pending) for p in stale), *((p, _check_paid) for p in unreconciled)]:
        payment = Payment.objects.get(pk=pk)
        try:
            q = gateway.query(payment)
        except GatewayError as exc:
            log.warning("reconcile %s: %s", payment.txn_ref, exc)
            continue
        if handler(pk, q, now):
            changed += 1
    return changed
