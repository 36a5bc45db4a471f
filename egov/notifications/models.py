"""The outbox: every outgoing e-mail or SMS is one row with a unique idempotency key.

Rows are written only by `egov.notifications.services`; the model holds data and invariants, no
behaviour. A row moves pending → sending → sent, or back to pending (retry with backoff), or to
failed (permanent) / cancelled.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")
        # Status sync to the national public service portal (sender registered by egov.nationalportal).
        DVCQG = "dvcqg", _("National public service portal")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    id = models.BigAutoField(primary_key=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    template = models.CharField(_("template"), max_length=100)
    context = models.JSONField(_("template context"), default=dict, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    provider_message_id = models.CharField(
        _("provider message id"), max_length=200, blank=True, db_index=True
    )
    provider_response = models.JSONField(_("provider response"), default=dict, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    delivery_status = models.CharField(_("delivery status"), max_length=32, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False, db_index=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-id"]
        indexes = [
            # The sweep's query: due pending rows. Partial, so it stays small however many rows were sent.
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="notif_outbox_due_idx",
            ),
            # Recovery of rows left in `sending` by a crashed worker.
            models.Index(
                fields=["claimed_at"],
                condition=models.Q(status="sending"),
                name="notif_outbox_sending_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(channel__in=["email", "sms", "dvcqg"]),
                name="notif_outbox_channel_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "sending", "sent", "failed", "cancelled"]),
                name="notif_outbox_status_valid",
            ),
        ]

    def __str__(self) -> str:
        # No recipient here: this text is copied into the append-only audit chain.
        return f"#{self.pk} {self.template} ({self.channel})"
