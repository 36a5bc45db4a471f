"""Number series (Decree 30/2020 Art. 15, Art. 22): one gapless counter per agency, year and series,
and a ledger of every number issued (unique per agency, year and series)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NumberSeries(models.TextChoices):
    OUTGOING_NORMAL = "outgoing", _("Outgoing documents")
    OUTGOING_SECRET = "outgoing_secret", _("Outgoing secret documents")
    INCOMING_ARRIVAL = "incoming", _("Incoming documents (arrival numbers)")
    INCOMING_SECRET = "incoming_secret", _("Incoming secret documents (arrival numbers)")


class NumberCounter(models.Model):
    """The last number given in one series; bumped by one upsert that locks the row until commit."""

    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    series = models.CharField(_("series"), max_length=20, choices=NumberSeries.choices)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number counter")
        verbose_name_plural = _("number counters")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "series"], name="documents_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year} {self.series} #{self.last}"


class IssuedNumber(models.Model):
    """One number given to an outgoing document: number + symbol are unique per agency, year and
    series (the secret register is separate, Art. 15(3))."""

    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    series = models.CharField(_("series"), max_length=20, choices=NumberSeries.choices)
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("symbol"), max_length=30)
    text = models.CharField(_("number and symbol"), max_length=42)
    doc_type = models.ForeignKey(
        "documents.DocumentType", on_delete=models.PROTECT, related_name="+", verbose_name=_("type")
    )
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("issued number")
        verbose_name_plural = _("issued numbers")
        ordering = ["agency", "year", "series", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "series", "number"], name="documents_issued_number_unique"
            ),
            models.UniqueConstraint(
                fields=["agency", "year", "series", "text"], name="documents_issued_text_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.text
