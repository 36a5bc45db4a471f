"""The search index of documents: one row per incoming or outgoing document, holding the text
extracted from its file and the folded metadata + text that the search matches (egov.documents.search).

On PostgreSQL, migration 0003_search adds a stored generated column `search_vector`
(to_tsvector('vn', search_text)) with a GIN index; it is not a model field (raw SQL in search.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.documents.models.common import Secrecy


class DocumentKind(models.TextChoices):
    INCOMING = "incoming", _("Incoming document")
    OUTGOING = "outgoing", _("Outgoing document")


class DocumentText(models.Model):
    document_kind = models.CharField(_("document kind"), max_length=10, choices=DocumentKind.choices)
    document_id = models.PositiveBigIntegerField(_("document ID"))
    # Copied from the document (an agency never changes); visibility is still decided by the
    # document selectors in the search, never by these copies alone.
    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    secrecy_level = models.CharField(
        _("secrecy"), max_length=12, choices=Secrecy.choices, default=Secrecy.NORMAL
    )
    heading = models.CharField(_("metadata"), max_length=1000, blank=True)  # NFC, for ranking/display
    text = models.TextField(_("extracted text"), blank=True)  # NFC, capped
    search_text = models.TextField(_("search text"), blank=True, editable=False)  # folded words
    # heading + the start of the text, lowercased: the "exact as typed" ranking with a plain LIKE
    exact_text = models.TextField(_("exact-match text"), blank=True, editable=False)
    extracted = models.BooleanField(_("text extracted"), default=False)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("document text")
        verbose_name_plural = _("document texts")
        constraints = [
            models.UniqueConstraint(fields=["document_kind", "document_id"], name="documents_text_unique")
        ]
        indexes = [models.Index(fields=["agency", "document_kind"], name="documents_text_agency_idx")]

    def __str__(self) -> str:
        return f"{self.document_kind} {self.document_id}"
