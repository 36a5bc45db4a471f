"""The one-stop dossier (hồ sơ TTHC) and its components.

Three organisation references (DOMAIN §1.1): the receiving one-stop unit, the competent agency that
decides, and (through tasks) every agency that handles a step. Three times are kept apart: submitted
(online/post arrival), received (by the one-stop unit) and accepted (valid acceptance: the clock
starts here, form 01).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egov.accounts.models import national_id_validator
from egov.catalog.models import ProcedureComponent


class Dossier(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for reception")
        RECEIVED = "received", _("Received")
        REFUSED = "refused", _("Refused")
        PROCESSING = "processing", _("Being processed")
        SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplementation requested")
        AWAITING_PAYMENT = "awaiting_payment", _("Awaiting financial obligation")
        WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
        STOPPED = "stopped", _("Processing stopped")
        RESOLVED = "resolved", _("Resolved, result ready")
        RETURNED = "returned", _("Result returned")
        CLOSED = "closed", _("Closed (not completed in time)")

    class Channel(models.TextChoices):
        COUNTER = "counter", _("At the counter")
        POST = "post", _("By public post")
        ONLINE = "online", _("Online")
        NATIONAL_PORTAL = "national_portal", _("National public service portal")

    class Delivery(models.TextChoices):
        COUNTER = "counter", _("At the counter")
        POST = "post", _("By public post")
        ONLINE = "online", _("Online")

    class ApplicantKind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")

    class Timeliness(models.TextChoices):
        EARLY = "early", _("Early")
        ON_TIME = "on_time", _("On time")
        LATE = "late", _("Late")

    code = models.CharField(_("dossier code"), max_length=40, unique=True)
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion",
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("procedure"),
    )
    process = models.ForeignKey(
        "workflow.ProcessDefinition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("process"),
    )
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.RECEIVED)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.COUNTER)
    receiving_agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        related_name="received_dossiers",
        verbose_name=_("receiving unit"),
    )
    competent_agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        related_name="competent_dossiers",
        verbose_name=_("competent agency"),
    )
    # Applicant
    applicant_kind = models.CharField(
        _("applicant type"), max_length=12, choices=ApplicantKind.choices, default=ApplicantKind.PERSON
    )
    applicant_name = models.CharField(_("applicant name"), max_length=200)
    applicant_id_number = models.CharField(
        _("personal ID number"), max_length=12, blank=True, validators=[national_id_validator]
    )
    organisation_tax_code = models.CharField(_("tax code"), max_length=14, blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=15, blank=True)
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=300, blank=True)
    applicant_unit = models.ForeignKey(
        "org.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune / ward"),
    )
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("citizen account"),
    )
    sets = models.PositiveSmallIntegerField(_("number of sets"), default=1)
    delivery = models.CharField(
        _("result delivery"), max_length=10, choices=Delivery.choices, default=Delivery.COUNTER
    )
    delivery_address = models.CharField(_("delivery address"), max_length=300, blank=True)
    fees_due = models.DecimalField(_("fees due (VND)"), max_digits=14, decimal_places=0, default=0)
    fees_collected = models.DecimalField(
        _("fees collected (VND)"), max_digits=14, decimal_places=0, default=0
    )
    # Times (aware, UTC in the database)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    clock_started_at = models.DateTimeField(_("processing period starts"), null=True, blank=True)
    due_at = models.DateTimeField(_("appointment"), null=True, blank=True, db_index=True)
    original_due_at = models.DateTimeField(_("original appointment"), null=True, blank=True)
    extension_count = models.PositiveSmallIntegerField(_("extensions"), default=0)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    timeliness = models.CharField(_("timeliness"), max_length=8, choices=Timeliness.choices, blank=True)
    extension_reason = models.TextField(_("reason for the new appointment"), blank=True)
    result_file = models.ForeignKey(
        "files.StoredFile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("result document"),
    )
    # How the result was handed over (set when the dossier is RETURNED).
    return_method = models.CharField(_("return method"), max_length=10, choices=Delivery.choices, blank=True)
    return_receiver_name = models.CharField(_("received by (name)"), max_length=200, blank=True)
    return_receiver_id_number = models.CharField(_("receiver's ID number"), max_length=12, blank=True)
    return_tracking_number = models.CharField(_("postal tracking number"), max_length=50, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by"),
    )
    # Online channel: the e-form answers (ProcedureVersion.eform_schema), a submission on someone's
    # behalf (nộp thay: applicant_user is the proxy, applicant_* the principal) with its authorisation
    # document, and when the receiving officers were alerted (rule 5a: within 2 hours).
    eform_data = models.JSONField(_("e-form data"), default=dict, blank=True)
    on_behalf = models.BooleanField(_("submitted on behalf of the applicant"), default=False)
    authorisation_file = models.ForeignKey(
        "files.StoredFile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("authorisation document"),
    )
    online_alerted_at = models.DateTimeField(_("reception officers alerted at"), null=True, blank=True)
    search_text = models.CharField(max_length=400, editable=False, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["competent_agency", "status"], name="dossier_agency_status"),
            models.Index(fields=["receiving_agency", "received_at"], name="dossier_receiving_day"),
            # Overdue / due-soon lists only look at open dossiers (BENCHMARKS lesson 4).
            # Covers the dashboard's open-dossier counts by agency and status (index-only scan).
            models.Index(
                fields=["competent_agency", "status", "due_at"],
                name="dossier_open_agency_status",
                condition=Q(
                    status__in=["received", "processing", "supplement_requested", "awaiting_payment"]
                ),
            ),
            models.Index(
                fields=["due_at"],
                name="dossier_open_due",
                condition=Q(
                    status__in=["received", "processing", "supplement_requested", "awaiting_payment"]
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.code


class DossierCodeSequence(models.Model):
    """Daily counter per code prefix (agency code): locked with SELECT … FOR UPDATE, so codes are
    unique and gapless under concurrent intake."""

    prefix = models.CharField(max_length=30)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "day"], name="dossier_code_sequence_day")]

    def __str__(self) -> str:
        return f"{self.prefix} {self.day:%y%m%d} #{self.last}"


class DossierComponent(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="components")
    procedure_component = models.ForeignKey(
        "catalog.ProcedureComponent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=500)
    form = models.CharField(_("original or copy"), max_length=20, choices=ProcedureComponent.Form.choices)
    copies = models.PositiveSmallIntegerField(_("number of copies"), default=1)
    file = models.ForeignKey(
        "files.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("dossier component")
        verbose_name_plural = _("dossier components")
        ordering = ["dossier", "pk"]

    def __str__(self) -> str:
        return self.name
