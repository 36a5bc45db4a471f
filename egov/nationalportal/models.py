"""Sync state with the national public service portal (DVCQG): which of our dossiers came from
which portal dossier, what was last pushed back, pull problems waiting for a fix, and the pull
cursor. Rows are written only by egov.nationalportal.services."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NationalDossierLink(models.Model):
    remote_code = models.CharField(_("national portal code"), max_length=40, unique=True)
    dossier = models.OneToOneField(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        related_name="national_link",
        verbose_name=_("dossier"),
    )
    pulled_at = models.DateTimeField(_("pulled at"))
    # The last status handed to the outbox (and its status-change number), so that the push job
    # looks only at dossiers whose status changed since.
    last_enqueued_status = models.CharField(_("last status queued"), max_length=24, blank=True)
    last_enqueued_seq = models.PositiveIntegerField(_("last change number queued"), default=0)
    # What the portal has confirmed.
    last_pushed_status = models.CharField(_("last status pushed"), max_length=24, blank=True)
    last_pushed_seq = models.PositiveIntegerField(_("last change number pushed"), default=0)
    last_pushed_at = models.DateTimeField(_("last pushed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("national portal dossier link")
        verbose_name_plural = _("national portal dossier links")
        ordering = ["-pulled_at", "-pk"]
        indexes = [models.Index(fields=["pulled_at"], name="natportal_link_pulled_idx")]

    def __str__(self) -> str:
        return self.remote_code


class PullProblem(models.Model):
    """A portal dossier that could not be created (unknown procedure or agency, invalid data, file
    download failure …). Kept with the item as received and retried on every pull until it works."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    remote_code = models.CharField(_("national portal code"), max_length=40, unique=True)
    kind = models.CharField(_("problem"), max_length=40)
    message = models.TextField(_("details"))
    procedure_code = models.CharField(_("procedure code"), max_length=40, blank=True)
    agency_code = models.CharField(_("agency code"), max_length=40, blank=True)
    agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
    )
    raw = models.JSONField(_("item as received"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    attempts = models.PositiveIntegerField(_("attempts"), default=1)
    first_seen_at = models.DateTimeField(_("first seen at"))
    last_attempt_at = models.DateTimeField(_("last attempt at"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("pull problem")
        verbose_name_plural = _("pull problems")
        ordering = ["-last_attempt_at", "-pk"]
        indexes = [
            models.Index(
                fields=["last_attempt_at"],
                condition=models.Q(status="open"),
                name="natportal_problem_open_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.remote_code}: {self.kind}"


class PullState(models.Model):
    """One row (pk=1): the pull cursor and the outcome of the last pull."""

    cursor = models.CharField(_("cursor"), max_length=200, blank=True)
    last_pull_at = models.DateTimeField(_("last pull"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last successful pull"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_created = models.PositiveIntegerField(_("dossiers created by the last pull"), default=0)

    class Meta:
        verbose_name = _("pull state")
        verbose_name_plural = _("pull state")

    def __str__(self) -> str:
        return f"cursor {self.cursor or '-'}"
