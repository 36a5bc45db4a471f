"""Online fee payments (DOMAIN §2.3): one row per attempt at the gateway, and a log of every
callback the gateway (or anyone else) sent us. "Paid" (the gateway confirmed the money) and
"reconciled" (a later query to the gateway agreed) are kept apart."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Payment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for payment")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    class Reconciliation(models.TextChoices):
        RECONCILED = "reconciled", _("Reconciled")
        MISMATCH = "mismatch", _("Mismatch")

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="payments", verbose_name=_("dossier")
    )
    amount = models.DecimalField(_("amount (VND)"), max_digits=14, decimal_places=0)
    currency = models.CharField(_("currency"), max_length=3, default="VND")
    gateway = models.CharField(_("gateway"), max_length=20, default="vnpay")
    txn_ref = models.CharField(_("order reference"), max_length=40, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    payment_url = models.TextField(_("payment URL"), blank=True)
    client_ip = models.CharField(_("client IP"), max_length=45, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    gateway_txn_no = models.CharField(_("gateway transaction number"), max_length=40, blank=True)
    bank_code = models.CharField(_("bank"), max_length=20, blank=True)
    response_code = models.CharField(_("response code"), max_length=4, blank=True)
    receipt_number = models.CharField(
        _("receipt number"), max_length=30, null=True, blank=True, unique=True, default=None
    )
    reconciled_at = models.DateTimeField(_("reconciled at"), null=True, blank=True)
    reconciliation_status = models.CharField(
        _("reconciliation"), max_length=12, choices=Reconciliation.choices, blank=True
    )
    reconciliation_note = models.CharField(_("reconciliation note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(status="pending"), name="payment_one_pending_per_dossier"
            ),
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(status="paid"), name="payment_one_paid_per_dossier"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]
        indexes = [
            models.Index(fields=["status", "expires_at"], name="payment_status_expiry"),
            models.Index(
                fields=["paid_at"], name="payment_unreconciled", condition=Q(reconciled_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return self.txn_ref


class PaymentCallback(models.Model):
    """Every return / IPN hit, valid or not: what arrived, whether its signature held, what we did."""

    class Kind(models.TextChoices):
        RETURN = "return", _("Browser return")
        IPN = "ipn", _("Server notification (IPN)")
        QUERY = "query", _("Reconciliation query")

    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="callbacks"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    txn_ref = models.CharField(_("order reference"), max_length=100, blank=True, db_index=True)
    params = models.JSONField(_("parameters"), default=dict)
    signature_valid = models.BooleanField(_("signature valid"), default=False)
    outcome = models.CharField(_("outcome"), max_length=40)
    remote_ip = models.CharField(_("remote IP"), max_length=45, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("payment callback")
        verbose_name_plural = _("payment callbacks")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.txn_ref} {self.outcome}"


class ReceiptSequence(models.Model):
    """Yearly counter of e-receipt numbers, locked with SELECT … FOR UPDATE (unique and gapless)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year} #{self.last}"
