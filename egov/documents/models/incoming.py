"""Incoming documents (văn bản đến, Decree 30/2020 Arts. 20–24): register, direction slip, handling."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egov.documents.models.common import Channel, Secrecy, Urgency

USER = settings.AUTH_USER_MODEL


class IncomingDocument(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received, not registered")
        REGISTERED = "registered", _("Registered")
        ASSIGNED = "assigned", _("Assigned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Handled")
        RETURNED = "returned", _("Returned to the sender")

    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("receiving agency"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    # Register (số đến): consecutive per agency and year; secret documents have their own series.
    arrival_year = models.PositiveSmallIntegerField(_("arrival year"))
    arrival_series = models.CharField(_("arrival series"), max_length=20)
    arrival_number = models.PositiveIntegerField(_("arrival number"), null=True, blank=True)
    received_at = models.DateTimeField(_("arrival date"))
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.PAPER)
    # Issuing body and the document as written by it.
    sender_name = models.CharField(_("issuing body"), max_length=200)
    sender_code = models.CharField(_("issuing body code"), max_length=13, blank=True)
    original_number = models.CharField(_("number"), max_length=11, blank=True)
    original_symbol = models.CharField(_("symbol"), max_length=30, blank=True)
    issued_date = models.DateField(_("issued date"), null=True, blank=True)
    doc_type = models.ForeignKey(
        "documents.DocumentType", verbose_name=_("type"), on_delete=models.PROTECT, related_name="+"
    )
    abstract = models.CharField(_("abstract"), max_length=500)
    signer_name = models.CharField(_("signer"), max_length=50, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=100, blank=True)
    page_count = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)
    urgency = models.CharField(_("urgency"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL)
    secrecy = models.CharField(_("secrecy"), max_length=12, choices=Secrecy.choices, default=Secrecy.NORMAL)
    due_date = models.DateField(_("response due (set by the sender)"), null=True, blank=True)
    file = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("file"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    # Registration (rule 9).
    registered_by = models.ForeignKey(
        USER,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    registration_due = models.DateTimeField(_("registration and presentation due"))
    present_immediately = models.BooleanField(_("present immediately"), default=False)
    presented_to = models.ForeignKey(
        USER,
        verbose_name=_("presented to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The leader the clerk presents the document to (required for secret documents)."),
    )
    # Current direction, copied from the latest Direction for lists, scoping and reminders.
    directed_by = models.ForeignKey(
        USER, verbose_name=_("directed by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    directed_at = models.DateTimeField(_("directed at"), null=True, blank=True)
    lead_department = models.ForeignKey(
        "org.Department",
        verbose_name=_("lead unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lead_user = models.ForeignKey(
        USER, verbose_name=_("lead person"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handler = models.ForeignKey(
        USER, verbose_name=_("handler"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    deadline = models.DateField(_("handling deadline"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reply = models.ForeignKey(
        "documents.OutgoingDocument",
        verbose_name=_("reply"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies_to",
    )
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    search_text = models.CharField(_("search text"), max_length=1000, blank=True, editable=False)

    class Meta:
        verbose_name = _("incoming document")
        verbose_name_plural = _("incoming documents")
        ordering = ["-arrival_year", "-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "arrival_year", "arrival_series", "arrival_number"],
                condition=Q(arrival_number__isnull=False),
                name="documents_incoming_arrival_unique",
            ),
            models.CheckConstraint(
                condition=Q(status="received") | Q(status="returned") | Q(arrival_number__isnull=False),
                name="documents_incoming_registered_has_number",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "received_at"], name="documents_in_agency_idx"),
            models.Index(fields=["search_text"], name="documents_in_search_idx"),
            models.Index(
                fields=["deadline"],
                name="documents_in_open_deadline_idx",
                condition=Q(status__in=["assigned", "in_progress"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.arrival_number or '—'}/{self.arrival_year} {self.number_symbol}".strip()

    @property
    def number_symbol(self) -> str:
        if self.original_number and self.original_symbol:
            return f"{self.original_number}/{self.original_symbol}"
        return self.original_number or self.original_symbol

    @property
    def is_secret(self) -> bool:
        return self.secrecy != Secrecy.NORMAL

    @property
    def is_urgent(self) -> bool:
        return self.urgency != Urgency.NORMAL

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.ASSIGNED, self.Status.IN_PROGRESS)


class Direction(models.Model):
    """Part 1 of the direction slip: the agency leader's comment, lead, coordinators, deadlines."""

    document = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE, related_name="directions")
    directed_by = models.ForeignKey(
        USER, verbose_name=_("leader"), on_delete=models.PROTECT, related_name="+"
    )
    directed_at = models.DateTimeField(_("directed at"))
    comment = models.TextField(_("direction comment"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)

    class Meta:
        verbose_name = _("direction")
        verbose_name_plural = _("directions")
        ordering = ["document", "directed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.document_id} · {self.directed_at:%d/%m/%Y}"


class DirectionRecipient(models.Model):
    class Part(models.TextChoices):
        LEAD = "lead", _("Lead")
        COORDINATE = "coordinate", _("Coordinating")
        INFORM = "inform", _("For information")

    direction = models.ForeignKey(Direction, on_delete=models.CASCADE, related_name="recipients")
    document = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE, related_name="recipients")
    part = models.CharField(_("part"), max_length=12, choices=Part.choices)
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    user = models.ForeignKey(
        USER, verbose_name=_("person"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    current = models.BooleanField(default=True, help_text=_("False once a later direction replaces it."))

    class Meta:
        verbose_name = _("direction recipient")
        verbose_name_plural = _("direction recipients")
        ordering = ["direction", "part", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(department__isnull=False, user__isnull=True)
                | Q(department__isnull=True, user__isnull=False),
                name="documents_recipient_unit_or_person",
            )
        ]
        indexes = [models.Index(fields=["user", "current"], name="documents_recipient_user_idx")]

    def __str__(self) -> str:
        return f"{self.get_part_display()}: {self.department or self.user}"


class HandlerAssignment(models.Model):
    """Part 2 of the slip: the head of the lead unit names the handler and a deadline."""

    document = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE, related_name="assignments")
    assigned_by = models.ForeignKey(
        USER, verbose_name=_("assigned by"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"))
    handler = models.ForeignKey(USER, verbose_name=_("handler"), on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("handler assignment")
        verbose_name_plural = _("handler assignments")
        ordering = ["document", "assigned_at", "pk"]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.handler_id}"


class HandlingUpdate(models.Model):
    """Part 3 of the slip and the tracking register: progress notes, closing, return."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress")
        CLOSE = "close", _("Closed")
        RETURN = "return", _("Returned to the sender")

    document = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    author = models.ForeignKey(USER, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True)
    reply = models.ForeignKey(
        "documents.OutgoingDocument",
        verbose_name=_("reply"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("handling update")
        verbose_name_plural = _("handling updates")
        ordering = ["document", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.kind} {self.at:%d/%m/%Y}"
