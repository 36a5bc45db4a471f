"""Work on a dossier: one Task per step, hand-overs (form 06 rows) and supplementation requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egov.org.models import Role

TIMELINESS_CHOICES = [("early", _("Early")), ("on_time", _("On time")), ("late", _("Late"))]


class Task(models.Model):
    """One step of the process for one dossier: in a unit queue (assignee empty) or with a person."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="tasks")
    step = models.ForeignKey(
        "workflow.Step", on_delete=models.PROTECT, related_name="+", verbose_name=_("step")
    )
    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    department = models.ForeignKey(
        "org.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("assignee"),
    )
    # When a delegate acts for an absent colleague, the original assignee stays on record.
    delegated_from = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delegated from"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("created at"))
    due_at = models.DateTimeField(_("due at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=50, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    timeliness = models.CharField(_("timeliness"), max_length=8, blank=True, choices=TIMELINESS_CHOICES)
    warned_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(
                fields=["agency", "due_at"], name="task_open_agency_due", condition=Q(status="open")
            ),
            models.Index(
                fields=["assignee", "due_at"], name="task_open_assignee_due", condition=Q(status="open")
            ),
        ]
        constraints = [
            # One open task per dossier at a time: two officers cannot both move the same dossier.
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(status="open"), name="task_one_open_per_dossier"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}:{self.step_id}"


class Handover(models.Model):
    """A row of the control sheet (form 06): who gave the dossier to whom, when, and how timely."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="handovers")
    at = models.DateTimeField(_("time"))
    from_agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+")
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    to_agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    step_name = models.CharField(_("step"), max_length=200)
    timeliness = models.CharField(_("timeliness"), max_length=8, blank=True, choices=TIMELINESS_CHOICES)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")
        ordering = ["dossier", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.step_name}"


class SupplementationRequest(models.Model):
    class Stage(models.TextChoices):
        INTAKE = "intake", _("At reception")
        APPRAISAL = "appraisal", _("During appraisal")

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="supplementations")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    # The step whose officer asked for it: processing resumes there (empty at reception).
    step = models.ForeignKey(
        "workflow.Step", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    items = models.JSONField(_("items to supplement"), default=list)
    reason = models.TextField(_("reason"))
    requested_at = models.DateTimeField(_("requested at"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed without completion"), null=True, blank=True)
    # The applicant sent the missing documents online; the one-stop unit then re-accepts (completed_at).
    submitted_online_at = models.DateTimeField(_("supplement sent online at"), null=True, blank=True)
    applicant_note = models.TextField(_("applicant's note"), blank=True)

    class Meta:
        verbose_name = _("supplementation request")
        verbose_name_plural = _("supplementation requests")
        ordering = ["dossier", "requested_at"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.get_stage_display()}"
