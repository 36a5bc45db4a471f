"""Work files (hồ sơ công việc, Decree 30/2020 Arts. 28–31 and Annex V–VI; DOMAIN §3.7).

An agency approves a yearly file list (danh mục hồ sơ). Each entry of the list is a `WorkFile`:
planned on the list, opened by the person in charge, filled with documents (`WorkFileItem`), closed
(document and page totals computed) and finally transferred to the agency archive (`TransferBatch`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class FileList(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        USER, verbose_name=_("created by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        USER, verbose_name=_("approved by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("file list")
        verbose_name_plural = _("file lists")
        ordering = ["-year", "agency_id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="documents_filelist_agency_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.agency_id}"


class TransferBatch(models.Model):
    """One hand-over of closed files to the agency archive (the hand-over record, 2 copies)."""

    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    transferred_at = models.DateTimeField(_("transferred at"))
    transferred_by = models.ForeignKey(
        USER, verbose_name=_("transferred by"), on_delete=models.PROTECT, related_name="+"
    )
    file_count = models.PositiveIntegerField(_("files"), default=0)
    page_total = models.PositiveIntegerField(_("pages"), default=0)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("archive transfer")
        verbose_name_plural = _("archive transfers")
        ordering = ["-transferred_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.agency_id} · {self.transferred_at:%d/%m/%Y}"


class WorkFile(models.Model):
    """An entry of the file list and, once opened, the work file itself (Annex VI metadata)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Open for filing")
        CLOSED = "closed", _("Closed")

    class Rights(models.TextChoices):
        PUBLIC = "public", _("Public use")
        RESTRICTED = "restricted", _("Restricted use")
        SECRET = "secret", _("Contains state secrets")

    file_list = models.ForeignKey(
        FileList, verbose_name=_("file list"), on_delete=models.PROTECT, related_name="files"
    )
    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    section = models.CharField(_("section heading"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("order"), default=0)
    code = models.CharField(_("file number and symbol"), max_length=30)
    title = models.CharField(_("title"), max_length=500)
    # None = permanent (Vĩnh viễn); otherwise a number of years.
    retention_years = models.PositiveSmallIntegerField(_("retention (years)"), null=True, blank=True)
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    creator = models.ForeignKey(
        USER,
        verbose_name=_("person in charge"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    rights = models.CharField(
        _("access regime"), max_length=12, choices=Rights.choices, default=Rights.PUBLIC
    )
    language = models.CharField(_("language"), max_length=30, default="Tiếng Việt")
    description = models.CharField(_("description"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        USER, verbose_name=_("closed by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    doc_total = models.PositiveIntegerField(_("documents"), default=0)
    page_total = models.PositiveIntegerField(_("pages"), default=0)
    transferred_at = models.DateTimeField(_("transferred to the archive"), null=True, blank=True)
    transfer_batch = models.ForeignKey(
        TransferBatch,
        verbose_name=_("archive transfer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="files",
    )

    class Meta:
        verbose_name = _("work file")
        verbose_name_plural = _("work files")
        ordering = ["file_list", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "code"], name="documents_workfile_code_unique"),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False, end_date__isnull=False),
                name="documents_workfile_closed_has_dates",
            ),
        ]
        indexes = [
            models.Index(
                fields=["agency", "end_date"],
                name="documents_wf_closed_idx",
                condition=Q(status="closed", transferred_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:60]}"

    @property
    def is_permanent(self) -> bool:
        return self.retention_years is None


class WorkFileItem(models.Model):
    """A document in a work file: exactly one of an incoming or an outgoing document."""

    workfile = models.ForeignKey(
        WorkFile, verbose_name=_("work file"), on_delete=models.CASCADE, related_name="items"
    )
    incoming = models.ForeignKey(
        "documents.IncomingDocument",
        verbose_name=_("incoming document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    outgoing = models.ForeignKey(
        "documents.OutgoingDocument",
        verbose_name=_("outgoing document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveIntegerField(_("order"))
    page_count = models.PositiveSmallIntegerField(_("pages"), default=0)
    added_by = models.ForeignKey(USER, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("added at"))

    class Meta:
        verbose_name = _("document in a work file")
        verbose_name_plural = _("documents in work files")
        ordering = ["workfile", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(incoming__isnull=False, outgoing__isnull=True)
                | Q(incoming__isnull=True, outgoing__isnull=False),
                name="documents_wfitem_exactly_one",
            ),
            models.UniqueConstraint(
                fields=["workfile", "incoming"],
                condition=Q(incoming__isnull=False),
                name="documents_wfitem_incoming_unique",
            ),
            models.UniqueConstraint(
                fields=["workfile", "outgoing"],
                condition=Q(outgoing__isnull=False),
                name="documents_wfitem_outgoing_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workfile_id} #{self.position}"

    @property
    def document(self) -> models.Model:
        return self.incoming if self.incoming_id is not None else self.outgoing  # type: ignore[return-value]
