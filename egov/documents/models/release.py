"""Outgoing documents after drafting: recipients and their delivery, the review trail, the edXML
packages exchanged with other systems (both ways), status messages and recall notices.

Incoming copies delivered inside egov are plain IncomingDocuments (services.incoming_receive); a
recall leaves them untouched and records a RecallNotice the incoming page shows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class OutgoingRecipient(models.Model):
    """One addressee (Nơi nhận): an agency in egov (internal) or outside it (external, by edXML)."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Agency in the system")
        EXTERNAL = "external", _("Agency outside the system")

    class Delivery(models.TextChoices):
        PENDING = "pending", _("Not sent yet")
        DELIVERED = "delivered", _("Delivered")
        SENT = "sent", _("Package ready to send")
        PAPER = "paper", _("To be sent on paper")
        ARRIVED = "arrived", _("Arrived")
        ACCEPTED = "accepted", _("Accepted")
        ASSIGNED = "assigned", _("Assigned")
        COMPLETED = "completed", _("Completed")
        REFUSED = "refused", _("Refused")
        RECALLED = "recalled", _("Recalled")

    document = models.ForeignKey(
        "documents.OutgoingDocument", on_delete=models.CASCADE, related_name="recipient_rows"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    agency = models.ForeignKey(
        "org.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    agency_code = models.CharField(_("agency code"), max_length=13, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.PENDING
    )
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    incoming = models.ForeignKey(
        "documents.IncomingDocument",
        verbose_name=_("incoming copy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    package = models.ForeignKey(
        "documents.ExchangePackage",
        verbose_name=_("edXML package"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recipient_rows",
    )

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["document", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="external") | Q(agency__isnull=False),
                name="documents_recipient_internal_agency",
            )
        ]

    def __str__(self) -> str:
        return self.name


class OutgoingReview(models.Model):
    """One step of the approval chain (submit, content check, format check, approval, return)."""

    class Step(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        REVIEW = "review", _("Content checked by the unit head")
        CHECK = "check", _("Format checked by the clerk")
        APPROVE = "approve", _("Approved by the leader")
        RETURN = "return", _("Returned for correction")
        CHANGE = "change", _("Draft changed")

    document = models.ForeignKey(
        "documents.OutgoingDocument", on_delete=models.CASCADE, related_name="reviews"
    )
    step = models.CharField(_("step"), max_length=10, choices=Step.choices)
    actor = models.ForeignKey(USER, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        ordering = ["document", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.step}"


class ExchangePackage(models.Model):
    """An edXML package sent (outbound, built from an OutgoingDocument) or received (inbound)."""

    class Direction(models.TextChoices):
        OUTBOUND = "outbound", _("Sent")
        INBOUND = "inbound", _("Received")

    class Status(models.TextChoices):
        READY = "ready", _("Ready to send")
        SENT = "sent", _("Sent")
        RECEIVED = "received", _("Received")
        REFUSED = "refused", _("Refused")

    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    document_id = models.CharField(_("document ID"), max_length=100, blank=True, db_index=True)
    sender_code = models.CharField(_("sender code"), max_length=13, blank=True)
    recipient_codes = models.CharField(_("recipient codes"), max_length=500, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    outgoing = models.ForeignKey(
        "documents.OutgoingDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="packages"
    )
    incoming = models.ForeignKey(
        "documents.IncomingDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    body = models.BinaryField(_("package"), editable=False)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"))
    # Transport over the national document-exchange axis (egov.documents.axis).
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    axis_message_id = models.CharField(_("axis message ID"), max_length=100, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_error = models.TextField(_("last transport error"), blank=True)
    failed_at = models.DateTimeField(_("sending failed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("edXML package")
        verbose_name_plural = _("edXML packages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "direction", "status"], name="documents_pkg_agency_idx"),
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(direction="outbound", status="ready", failed_at__isnull=True),
                name="documents_pkg_axis_due_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "direction", "axis_message_id"],
                condition=~Q(axis_message_id=""),
                name="documents_pkg_axis_message_once",
            )
        ]

    def __str__(self) -> str:
        return self.document_id or f"#{self.pk}"


class ExchangeStatus(models.Model):
    """An edXML status message (01 arrived … 13 recall) about one package: produced here (outbound,
    waiting in the outbox until `sent_at`) or received from the other side (inbound)."""

    class Direction(models.TextChoices):
        OUTBOUND = "outbound", _("Sent")
        INBOUND = "inbound", _("Received")

    package = models.ForeignKey(
        ExchangePackage, on_delete=models.PROTECT, null=True, blank=True, related_name="statuses"
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    document_id = models.CharField(_("document ID"), max_length=100, blank=True, db_index=True)
    organ_id = models.CharField(_("agency code"), max_length=13, blank=True)
    code = models.CharField(_("status code"), max_length=2)
    description = models.CharField(_("description"), max_length=500, blank=True)
    body = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Transport over the national document-exchange axis (egov.documents.axis).
    axis_message_id = models.CharField(_("axis message ID"), max_length=100, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_error = models.TextField(_("last transport error"), blank=True)
    failed_at = models.DateTimeField(_("sending failed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("edXML status")
        verbose_name_plural = _("edXML statuses")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["package", "direction", "organ_id", "code"],
                condition=Q(package__isnull=False),
                name="documents_exchange_status_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(direction="outbound", sent_at__isnull=True, failed_at__isnull=True),
                name="documents_status_axis_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_id} {self.code}"


class RecallNotice(models.Model):
    """A recalled outgoing document's copy delivered inside egov: frozen (cancelled) from then on."""

    outgoing = models.ForeignKey(
        "documents.OutgoingDocument", on_delete=models.PROTECT, related_name="recall_notices"
    )
    incoming = models.OneToOneField(
        "documents.IncomingDocument", on_delete=models.PROTECT, related_name="recall_notice"
    )
    reason = models.CharField(_("reason"), max_length=500)
    at = models.DateTimeField(_("recalled at"))
    by = models.ForeignKey(USER, verbose_name=_("recalled by"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("recall notice")
        verbose_name_plural = _("recall notices")
        ordering = ["-at", "pk"]

    def __str__(self) -> str:
        return f"{self.outgoing_id} → {self.incoming_id}"
