"""Payment writes: start a payment, take the gateway's answer (return or IPN), number receipts.

Which callback settles? Both. The IPN (server to server) is the authoritative channel, but a
browser return carrying a *valid signature* from the gateway is the same signed statement, so it
goes through the very same code: whichever arrives first settles the payment, the other finds it
settled and changes nothing (IPN answer "02"). A citizen therefore sees "paid" at once even when
the IPN is late, and a cancelled payment is closed at once so that they can try again. Anything
unsigned, forged, for an unknown order or with a wrong amount is logged and changes nothing.

Lock order everywhere: the dossier row, then the payment row.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.audit.services import audit_record
from egov.dossiers.models import Dossier
from egov.dossiers.selectors import dossiers_owned_by
from egov.dossiers.services._common import lock_dossier
from egov.dossiers.services.fees import dossier_fee_paid, dossier_fees_outstanding, dossier_is_payable
from egov.payments import conf
from egov.payments import vnpay_protocol as proto
from egov.payments.gateways import GatewayResult, get_gateway
from egov.payments.models import Payment, PaymentCallback, ReceiptSequence

log = logging.getLogger(__name__)
S = Payment.Status


class PaymentRefused(ValidationError):
    """The payment cannot be started (nothing to pay, already paid, not allowed …)."""


def _refuse(message: str, code: str) -> PaymentRefused:
    return PaymentRefused(message, code=code)


def _audit(*, payment: Payment, action: str, before: str, actor: Any = None, data: dict[str, Any]) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=payment,
        from_state=before,
        to_state=payment.status,
        data={"code": payment.dossier.code, "txn_ref": payment.txn_ref, **data},
    )


def default_return_url() -> str:
    return (conf.public_base_url() or "http://127.0.0.1:8000") + reverse("payments:return")


def _new_txn_ref(now: datetime) -> str:
    return "EG" + timezone.localtime(now).strftime("%y%m%d%H%M%S") + secrets.token_hex(4).upper()


# Start ---------------------------------------------------------------------------------------------------
@transaction.atomic
def payment_start(
    *,
    actor: Any,
    dossier: Dossier,
    return_url: str = "",
    client_ip: str = "",
    now: datetime | None = None,
) -> Payment:
    """Open (or give back) the pending payment of the citizen's own dossier.

    Idempotent: the dossier row is locked, so a double click or concurrent clicks get the same
    pending payment (and the same payment URL); the partial unique constraint backs this up.
    An expired pending payment is closed and a new one opened."""
    now = now or timezone.now()
    if not dossiers_owned_by(user=actor).filter(pk=dossier.pk).exists():
        raise _refuse(_("You can only pay for your own dossiers."), "forbidden")
    locked = lock_dossier(dossier.pk)
    pending = Payment.objects.select_for_update().filter(dossier=locked, status=S.PENDING).first()
    if pending is not None:
        if pending.expires_at > now:
            return pending
        pending.dossier = locked
        pending.status = S.EXPIRED
        pending.save(update_fields=["status", "updated_at"])
        _audit(payment=pending, action="payment.expire", before=S.PENDING, actor=actor, data={})
    if Payment.objects.filter(dossier=locked, status=S.PAID).exists():
        raise _refuse(_("The fees of this dossier have already been paid online."), "already_paid")
    if not dossier_is_payable(locked):
        raise _refuse(_("Fees can no longer be paid online for this dossier."), "invalid_state")
    amount = dossier_fees_outstanding(locked)
    if amount <= 0:
        raise _refuse(_("There is nothing to pay for this dossier."), "nothing_to_pay")
    payment = Payment(
        dossier=locked,
        amount=amount,
        gateway=get_gateway().name,
        txn_ref=_new_txn_ref(now),
        client_ip=client_ip[:45],
        expires_at=now + timedelta(minutes=conf.expire_minutes()),
        created_by=actor,
    )
    try:
        with transaction.atomic():
            payment.save()
    except IntegrityError:  # another request opened one in between (backstop for the lock)
        return Payment.objects.get(dossier=locked, status=S.PENDING)
    payment.payment_url = get_gateway().build_payment_url(
        payment, return_url or default_return_url(), client_ip or "127.0.0.1"
    )
    payment.save(update_fields=["payment_url"])
    _audit(payment=payment, action="payment.start", before="", actor=actor, data={"amount": str(amount)})
    return payment


# Receipts ----------------------------------------------------------------------------------------------
def _receipt_number(now: datetime) -> str:
    year = timezone.localtime(now).year
    try:
        with transaction.atomic():
            ReceiptSequence.objects.get_or_create(year=year)
    except IntegrityError:
        pass  # created by a concurrent transaction
    seq = ReceiptSequence.objects.select_for_update().get(year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"BL{year}-{seq.last:07d}"


def _notify_paid(payment: Payment) -> None:
    from egov.notifications.services import notification_enqueue
    from egov.printing.vn_format import money

    dossier = payment.dossier
    context = {
        "code": dossier.code,
        "applicant_name": dossier.applicant_name,
        "amount": money(payment.amount),
        "amount_sms": f"{int(payment.amount):,}".replace(",", ".") + " VND",
        "receipt_number": payment.receipt_number or "",
        "paid_at": timezone.localtime(payment.paid_at).strftime("%H:%M %d/%m/%Y") if payment.paid_at else "",
    }
    targets = [("email", dossier.applicant_email), ("sms", dossier.applicant_phone)]

    def send() -> None:
        for channel, recipient in targets:
            if not recipient:
                continue
            try:
                notification_enqueue(
                    channel=channel,
                    recipient=recipient,
                    template="payment_received",
                    context=context,
                    idempotency_key=f"payment:{payment.txn_ref}:paid:{channel}",
                )
            except ValidationError:
                log.warning("payment %s: %s notification not queued", payment.txn_ref, channel)

    transaction.on_commit(send)


# Settling ----------------------------------------------------------------------------------------------
def _mark_paid(
    *, payment: Payment, amount: Decimal, txn_no: str, bank: str, code: str, paid_at: Any, now: datetime
) -> str:
    """pending/expired → paid, credit the dossier; returns the outcome label."""
    before = payment.status
    payment.gateway_txn_no, payment.bank_code, payment.response_code = txn_no, bank, code
    if Payment.objects.filter(dossier_id=payment.dossier_id, status=S.PAID).exclude(pk=payment.pk).exists():
        # Money taken twice for one dossier: keep the first, flag this one for a refund.
        payment.reconciliation_status = Payment.Reconciliation.MISMATCH
        payment.reconciliation_note = "duplicate payment for an already paid dossier: refund"
        payment.save(
            update_fields=[
                "gateway_txn_no",
                "bank_code",
                "response_code",
                "reconciliation_status",
                "reconciliation_note",
                "updated_at",
            ]
        )
        _audit(payment=payment, action="payment.duplicate", before=before, data={"amount": str(amount)})
        return "duplicate"
    fee = dossier_fee_paid(dossier_id=payment.dossier_id, amount=amount, reference=payment.txn_ref, now=now)
    payment.dossier = fee.dossier
    payment.status = S.PAID
    payment.paid_at = paid_at or now
    payment.receipt_number = _receipt_number(now)
    if fee.excess:
        payment.reconciliation_note = f"excess {fee.excess} VND over the fees due: refund"
    payment.save()
    _audit(
        payment=payment,
        action="payment.paid",
        before=before,
        data={"amount": str(amount), "gateway_txn_no": txn_no, "receipt": payment.receipt_number},
    )
    _notify_paid(payment)
    return "paid"


def _apply(result: GatewayResult, now: datetime) -> tuple[tuple[str, str], str, Payment | None]:
    """(IPN answer, outcome label, payment) for a signature-checked result. Runs in a transaction."""
    if not result.signature_valid or not result.tmn_code_valid:
        return proto.IPN_INVALID_SIGNATURE, "invalid_signature", None
    dossier_id = Payment.objects.filter(txn_ref=result.txn_ref).values_list("dossier_id", flat=True).first()
    if dossier_id is None:
        return proto.IPN_NOT_FOUND, "not_found", None
    dossier = lock_dossier(dossier_id)
    payment = Payment.objects.select_for_update().get(txn_ref=result.txn_ref)
    payment.dossier = dossier
    if result.amount is None or result.amount != payment.amount:
        return proto.IPN_INVALID_AMOUNT, "invalid_amount", payment
    late_success = payment.status == S.EXPIRED and result.status == S.PAID
    if payment.status != S.PENDING and not late_success:
        return proto.IPN_ALREADY_CONFIRMED, "already_confirmed", payment
    if result.status == S.PAID:
        outcome = _mark_paid(
            payment=payment,
            amount=payment.amount,
            txn_no=result.gateway_txn_no,
            bank=result.bank_code,
            code=result.response_code,
            paid_at=result.paid_at,
            now=now,
        )
        return proto.IPN_OK, outcome, payment
    if result.status not in (S.FAILED, S.CANCELLED, S.EXPIRED):
        # e.g. 07 (money taken, under review): stays pending until reconciliation decides.
        payment.response_code = result.response_code
        payment.save(update_fields=["response_code", "updated_at"])
        return proto.IPN_OK, "kept_pending", payment
    before = payment.status
    payment.status = result.status
    payment.response_code = result.response_code
    payment.gateway_txn_no = result.gateway_txn_no
    payment.bank_code = result.bank_code
    payment.save(update_fields=["status", "response_code", "gateway_txn_no", "bank_code", "updated_at"])
    _audit(
        payment=payment, action=f"payment.{result.status}", before=before, data={"code": result.response_code}
    )
    return proto.IPN_OK, result.status, payment


@dataclass(frozen=True)
class CallbackOutcome:
    answer: tuple[str, str]  # IPN (RspCode, Message)
    outcome: str
    payment: Payment | None
    result: GatewayResult

    @property
    def body(self) -> dict[str, str]:
        return {"RspCode": self.answer[0], "Message": self.answer[1]}


def _log(
    *,
    kind: str,
    result: GatewayResult,
    params: Mapping[str, str],
    outcome: str,
    payment: Payment | None,
    ip: str,
) -> None:
    PaymentCallback.objects.create(
        payment=payment,
        kind=kind,
        txn_ref=str(params.get("vnp_TxnRef", ""))[:100],
        params={str(k): str(v)[:500] for k, v in list(params.items())[:60]},
        signature_valid=result.signature_valid,
        outcome=outcome,
        remote_ip=ip[:45],
    )


def _handle(*, kind: str, params: Mapping[str, str], remote_ip: str, now: datetime | None) -> CallbackOutcome:
    now = now or timezone.now()
    gateway = get_gateway()
    result = gateway.verify_ipn(params) if kind == "ipn" else gateway.verify_return(params)
    try:
        with transaction.atomic():
            answer, outcome, payment = _apply(result, now)
            _log(kind=kind, result=result, params=params, outcome=outcome, payment=payment, ip=remote_ip)
    except Exception:
        log.exception("payment %s callback failed", kind)
        with transaction.atomic():
            _log(kind=kind, result=result, params=params, outcome="error", payment=None, ip=remote_ip)
        return CallbackOutcome(proto.IPN_UNKNOWN_ERROR, "error", None, result)
    return CallbackOutcome(answer, outcome, payment, result)


def payment_handle_ipn(
    *, params: Mapping[str, str], remote_ip: str = "", now: datetime | None = None
) -> CallbackOutcome:
    """The gateway's server-to-server notification. Answer with `outcome.body` as JSON."""
    return _handle(kind="ipn", params=params, remote_ip=remote_ip, now=now)


def payment_handle_return(
    *, params: Mapping[str, str], remote_ip: str = "", now: datetime | None = None
) -> CallbackOutcome:
    """The citizen's browser coming back from the gateway (see the module docstring)."""
    return _handle(kind="return", params=params, remote_ip=remote_ip, now=now)
