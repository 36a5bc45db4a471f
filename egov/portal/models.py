"""Drafts of online submissions. A draft belongs to one citizen account and one procedure version;
it keeps the raw e-form answers (even invalid ones, so nothing typed is lost) and the files attached
per required component until it is submitted and becomes a dossier."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Draft(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        DISCARDED = "discarded", _("Discarded")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts", verbose_name=_("account")
    )
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion", on_delete=models.PROTECT, related_name="+", verbose_name=_("procedure")
    )
    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("competent agency")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    # Applicant block: {"on_behalf": bool, "name", "id_number", "phone", "email", "address", "unit_id"}.
    applicant = models.JSONField(_("applicant"), default=dict, blank=True)
    # Raw e-form answers keyed by field name, exactly as typed.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    delivery = models.CharField(_("result delivery"), max_length=10, default="online")
    delivery_address = models.CharField(_("delivery address"), max_length=300, blank=True)
    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.PROTECT, null=True, blank=True, related_name="draft"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("saved at"), auto_now=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["user", "status"], name="portal_draft_user_status")]

    def __str__(self) -> str:
        return f"{self.procedure_version_id} ({self.get_status_display()})"


class DraftAttachment(models.Model):
    """One file of a draft: for a required component, or the authorisation document (nộp thay)."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="attachments")
    procedure_component = models.ForeignKey(
        "catalog.ProcedureComponent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_authorisation = models.BooleanField(default=False)
    file = models.ForeignKey("files.StoredFile", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("draft attachment")
        verbose_name_plural = _("draft attachments")
        ordering = ["draft", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "procedure_component"],
                condition=Q(procedure_component__isnull=False),
                name="portal_attachment_one_per_component",
            ),
            models.UniqueConstraint(
                fields=["draft"],
                condition=Q(is_authorisation=True),
                name="portal_attachment_one_authorisation",
            ),
            models.CheckConstraint(
                condition=Q(is_authorisation=True, procedure_component__isnull=True)
                | Q(is_authorisation=False, procedure_component__isnull=False),
                name="portal_attachment_component_or_authorisation",
            ),
        ]

    def __str__(self) -> str:
        return str(self.file_id)
