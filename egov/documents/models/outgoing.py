"""Outgoing documents (văn bản đi, Decree 30/2020 Arts. 10–19) with the Annex VI metadata.

Flow (services/outgoing.py, services/release.py): draft → submitted (the head of the drafting unit
checks the content) → reviewed (the clerk checks the format) → checked (the leader approves) →
approved → signed → numbered → released (→ recalled). A return at any step sends it back to draft;
a changed draft must go through the chain again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egov.documents.models.common import Secrecy, Urgency

USER = settings.AUTH_USER_MODEL


class OutgoingDocument(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for approval")
        REVIEWED = "reviewed", _("Content checked")
        CHECKED = "checked", _("Format checked")
        APPROVED = "approved", _("Draft approved")
        SIGNED = "signed", _("Signed")
        NUMBERED = "numbered", _("Numbered")
        RELEASED = "released", _("Released")
        RECALLED = "recalled", _("Recalled")

    class SigningMode(models.TextChoices):
        DIRECT = "", _("Signed by the head")
        TM = "TM.", _("TM. (on behalf of the collective)")
        KT = "KT.", _("KT. (deputy for the head)")
        Q = "Q.", _("Q. (acting)")
        TL = "TL.", _("TL. (by order)")
        TUQ = "TUQ.", _("TUQ. (by authorisation)")

    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("issuing agency"), on_delete=models.PROTECT, related_name="+"
    )
    drafting_department = models.ForeignKey(
        "org.Department",
        verbose_name=_("drafting unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    doc_type = models.ForeignKey(
        "documents.DocumentType", verbose_name=_("type"), on_delete=models.PROTECT, related_name="+"
    )
    # Number and symbol (CodeNumber 11, CodeNotation 30), given by document_number_issue.
    issued_number = models.OneToOneField(
        "documents.IssuedNumber",
        verbose_name=_("number"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="document",
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    symbol = models.CharField(_("symbol"), max_length=30, blank=True)
    number_text = models.CharField(_("number and symbol"), max_length=42, blank=True)
    issued_date = models.DateField(_("issued date"), null=True, blank=True)
    abstract = models.CharField(_("abstract"), max_length=500)
    description = models.CharField(_("description"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=30, default="vi")
    page_count = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)
    copies = models.PositiveSmallIntegerField(_("number of copies"), null=True, blank=True)
    signing_mode = models.CharField(
        _("signing mode"), max_length=5, choices=SigningMode.choices, blank=True, default=""
    )
    signer = models.ForeignKey(
        USER, verbose_name=_("signer"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signer_name = models.CharField(_("signer's name"), max_length=50, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=100, blank=True)
    # To: [{"organ_id": "000.00.00.H59", "organ_name": "…"}], internal copies as free text.
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    internal_recipients = models.CharField(_("internal recipients"), max_length=500, blank=True)
    urgency = models.CharField(_("urgency"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL)
    secrecy = models.CharField(_("secrecy"), max_length=12, choices=Secrecy.choices, default=Secrecy.NORMAL)
    due_date = models.DateField(_("response due"), null=True, blank=True)
    file = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("file"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        USER, verbose_name=_("drafted by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    search_text = models.CharField(_("search text"), max_length=1000, blank=True, editable=False)
    # The signable version (PDF): the content file itself when it is a PDF, else an uploaded rendition.
    pdf_file = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("PDF version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_file = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("signed document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    paper_signed = models.BooleanField(_("signed on paper"), default=False)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recalled_at = models.DateTimeField(_("recalled at"), null=True, blank=True)
    recall_reason = models.CharField(_("reason for recall"), max_length=500, blank=True)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )

    class Meta:
        verbose_name = _("outgoing document")
        verbose_name_plural = _("outgoing documents")
        ordering = ["-issued_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "reviewed", "checked", "approved", "signed"])
                | Q(issued_number__isnull=False),
                name="documents_outgoing_numbered_after_signing",
            )
        ]
        indexes = [
            models.Index(fields=["agency", "status"], name="documents_out_agency_idx"),
            models.Index(fields=["search_text"], name="documents_out_search_idx"),
        ]

    def __str__(self) -> str:
        return self.number_text or str(_("Draft: %(abstract)s") % {"abstract": self.abstract[:60]})

    @property
    def is_secret(self) -> bool:
        return self.secrecy != Secrecy.NORMAL

    @property
    def exchangeable(self) -> bool:
        """Rule 8: secret documents never go through the electronic exchange (edXML)."""
        return not self.is_secret
