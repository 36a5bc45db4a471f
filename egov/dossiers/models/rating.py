"""Satisfaction rating of a dossier (Decree 118/2025 Art. 33): one per dossier."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

# Art. 33 criteria (key → label); each gets a level of the configured scale (EGOV_RATING_SCALE).
RATING_CRITERIA: tuple[tuple[str, Any], ...] = (
    ("overall", _("Overall satisfaction")),
    ("time", _("Processing time compared with the rules")),
    ("bodies", _("Number of bodies you had to contact")),
    ("contacts", _("Number of times you had to come or contact us")),
    ("information", _("Accuracy of the published information")),
    ("conduct", _("Conduct of the staff")),
    ("lawfulness", _("Lawfulness of the result")),
    ("costs", _("Official fees only, no unofficial costs")),
    ("feedback", _("Handling of your feedback")),
    ("online", _("Quality of the online service")),
)


class Rating(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        KIOSK = "kiosk", _("Kiosk")
        COUNTER = "counter", _("At the counter")

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="rating", verbose_name=_("dossier")
    )
    level = models.CharField(_("overall level"), max_length=30)
    criteria = models.JSONField(_("levels per criterion"), default=dict)
    comment = models.TextField(_("comment"), blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("satisfaction rating")
        verbose_name_plural = _("satisfaction ratings")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["dossier"], name="rating_one_per_dossier")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.level}"
