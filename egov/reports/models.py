"""Daily rollup of dossier and task figures, read by the leader dashboard (BENCHMARKS lesson 3).

One row per (local day, competent agency, field, officer). Two families of counters share a row so
that summing over any dimension stays correct:

* dossier counters (`received`, `open_now`, `resolved`, `early`, `on_time`, `late`): `received` and
  `open_now` sit on the day the dossier was received and on its `received_by` officer; `resolved` and
  the timeliness counters sit on the day it was resolved, with no officer;
* task counters (`tasks_done`, `tasks_early`, `tasks_on_time`, `tasks_late`): the steps an officer
  completed that day (`completed_by`), under the agency that handled the step.

`open_now` is a snapshot taken at refresh time: of the dossiers received that day, how many are still
open. The periodic job refreshes every day touched since its last run, so it stays current.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DossierDailyStat(models.Model):
    day = models.DateField(_("day"))
    month = models.DateField(_("month"), help_text=_("First day of the month of `day`."))
    agency = models.ForeignKey(
        "org.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("agency")
    )
    field = models.ForeignKey(
        "catalog.Field", on_delete=models.CASCADE, related_name="+", verbose_name=_("field")
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("officer"),
    )
    received = models.PositiveIntegerField(_("received"), default=0)
    open_now = models.PositiveIntegerField(_("still open"), default=0)
    resolved = models.PositiveIntegerField(_("resolved"), default=0)
    early = models.PositiveIntegerField(_("early"), default=0)
    on_time = models.PositiveIntegerField(_("on time"), default=0)
    late = models.PositiveIntegerField(_("late"), default=0)
    tasks_done = models.PositiveIntegerField(_("steps done"), default=0)
    tasks_early = models.PositiveIntegerField(_("steps early"), default=0)
    tasks_on_time = models.PositiveIntegerField(_("steps on time"), default=0)
    tasks_late = models.PositiveIntegerField(_("steps late"), default=0)

    class Meta:
        verbose_name = _("daily dossier statistic")
        verbose_name_plural = _("daily dossier statistics")
        ordering = ["day", "agency", "field"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agency", "field", "officer"],
                condition=Q(officer__isnull=False),
                name="reports_daily_officer_uniq",
            ),
            models.UniqueConstraint(
                fields=["day", "agency", "field"],
                condition=Q(officer__isnull=True),
                name="reports_daily_no_officer_uniq",
            ),
        ]
        indexes = [
            models.Index(fields=["day"], name="reports_daily_day"),
            models.Index(fields=["agency", "day"], name="reports_daily_agency_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id}/{self.field_id}/{self.officer_id}"


class RollupWatermark(models.Model):
    """When the periodic refresh last started (one row per rollup); also its lock row."""

    name = models.CharField(max_length=40, unique=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rollup watermark")
        verbose_name_plural = _("rollup watermarks")

    def __str__(self) -> str:
        return f"{self.name} {self.last_run_at}"
