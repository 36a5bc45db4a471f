"""Reconciliation against the real sandbox's querydr: paid and reconciled stay separate facts."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from egov.dossiers.models import Dossier
from egov.payments.models import Payment, PaymentCallback
from egov.payments.reconcile import payments_reconcile
from egov.payments.sandbox import PaymentSandbox
from egov.payments.services import payment_start
from egov.payments.tests.conftest import PayWorld, sandbox_choose, sandbox_hook, sandbox_page

IPN = "/thanh-toan/ipn/"


def _paid(pw: PayWorld) -> Payment:
    payment = payment_start(actor=pw.citizen, dossier=pw.dossier)
    assert Client().get(IPN, sandbox_choose(payment.payment_url, "success")).json()["RspCode"] == "00"
    payment.refresh_from_db()
    return payment


def test_paid_payment_is_reconciled_once(pw: PayWorld, sandbox: PaymentSandbox) -> None:
    payment = _paid(pw)
    assert payment.status == Payment.Status.PAID and payment.reconciled_at is None
    assert payments_reconcile() == 1
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert payment.reconciliation_status == Payment.Reconciliation.RECONCILED
    assert payment.reconciled_at is not None
    assert payments_reconcile() == 0  # idempotent
    assert PaymentCallback.objects.filter(kind="query").count() == 1


def test_gateway_that_does_not_know_the_payment_gives_mismatch(pw: PayWorld, sandbox: PaymentSandbox) -> None:
    payment = _paid(pw)
    sandbox_hook(sandbox, "/_sandbox/forget", txn=payment.txn_ref)
    assert payments_reconcile() == 1
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID  # still paid: the officer decides
    assert payment.reconciliation_status == Payment.Reconciliation.MISMATCH
    assert "not found" in payment.reconciliation_note


def test_stale_pending_paid_at_gateway_is_settled(pw: PayWorld, sandbox: PaymentSandbox) -> None:
    payment = payment_start(actor=pw.citizen, dossier=pw.dossier)
    sandbox_choose(payment.payment_url, "success")  # paid at the gateway; the IPN never reached us
    later = timezone.now() + timedelta(minutes=30)
    assert payments_reconcile(now=later) == 1
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert payment.reconciliation_status == Payment.Reconciliation.RECONCILED
    assert Dossier.objects.get(pk=pw.dossier.pk).fees_collected == Decimal(50000)
    assert payments_reconcile(now=later) == 0


def test_stale_pending_unknown_or_unpaid_expires(pw: PayWorld, sandbox: PaymentSandbox) -> None:
    payment = payment_start(actor=pw.citizen, dossier=pw.dossier)
    assert payments_reconcile() == 0  # not stale yet
    assert sandbox_page(payment.payment_url)[0] == 200  # opened, never paid
    later = timezone.now() + timedelta(minutes=30)
    assert payments_reconcile(now=later) == 1
    payment.refresh_from_db()
    assert payment.status == Payment.Status.EXPIRED
    assert payment.reconciliation_status == ""
    assert Dossier.objects.get(pk=pw.dossier.pk).fees_collected == 0


def test_unreachable_gateway_changes_nothing(pw: PayWorld, settings: object) -> None:
    payment = payment_start(actor=pw.citizen, dossier=pw.dossier)
    settings.EGOV_PAYMENT_QUERY_URL = "http://127.0.0.1:9/merchant_webapi/api/transaction"  # type: ignore[attr-defined]
    assert payments_reconcile(now=timezone.now() + timedelta(hours=1)) == 0
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


def test_late_success_after_expiry_is_accepted(pw: PayWorld, sandbox: PaymentSandbox) -> None:
    payment = payment_start(actor=pw.citizen, dossier=pw.dossier)
    params = sandbox_choose(payment.payment_url, "success")
    Payment.objects.filter(pk=payment.pk).update(status=Payment.Status.EXPIRED)
    assert Client().get(IPN, params).json()["RspCode"] == "00"
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
