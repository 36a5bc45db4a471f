"""Stored uploads. The bytes live under settings.EGOV_FILES_ROOT, never in the web root."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.files.kinds import FileKind


class StoredFile(models.Model):
    """One accepted upload. Created only by services.file_store; the row never changes.

    `owner_type`/`owner_id` optionally attach it to any object ("dossiers.dossier", "42"), and the
    access rule registered for `owner_type` (access.register_file_access) decides who may download.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    original_name = models.CharField(_("original name"), max_length=255)
    kind = models.CharField(_("format"), max_length=10, choices=FileKind.choices)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, db_index=True)
    storage_name = models.CharField(_("storage name"), max_length=64, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="uploaded_files",
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now, db_index=True)
    owner_type = models.CharField(_("owner type"), max_length=100, blank=True, default="")
    owner_id = models.CharField(_("owner ID"), max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="files_owner_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=FileKind.values), name="files_storedfile_kind_valid"
            ),
            models.CheckConstraint(
                condition=(models.Q(owner_type="") & models.Q(owner_id=""))
                | (~models.Q(owner_type="") & ~models.Q(owner_id="")),
                name="files_storedfile_owner_both_or_none",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name
