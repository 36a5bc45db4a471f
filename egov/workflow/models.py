"""Process definitions (quy trình nội bộ) kept in the database.

One definition per procedure and agency, versioned; a published definition is immutable (services
refuse changes; a new version is drafted instead). Steps say who acts (role + unit rule) and how
many working hours they are allotted; transitions say where work can go and what it requires.
Guards are named functions from a registry (egov.workflow.guards), never evaluated code.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.org.models import Role

slug_validator = RegexValidator(r"^[a-z][a-z0-9_]{0,49}$", _("Use lower-case letters, digits and _ only."))


class ProcessDefinition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    procedure = models.ForeignKey(
        "catalog.Procedure", on_delete=models.PROTECT, related_name="processes", verbose_name=_("procedure")
    )
    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="processes", verbose_name=_("competent agency")
    )
    version = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("process definition")
        verbose_name_plural = _("process definitions")
        ordering = ["procedure", "agency", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "agency", "version"], name="workflow_definition_version"
            ),
            # At most one published definition per procedure and agency at a time.
            models.UniqueConstraint(
                fields=["procedure", "agency"],
                condition=models.Q(status="published"),
                name="workflow_one_published_per_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Step(models.Model):
    class UnitRule(models.TextChoices):
        RECEIVING_UNIT = "receiving_unit", _("The receiving one-stop unit")
        COMPETENT_DEPARTMENT = "competent_department", _("A department of the competent agency")
        AGENCY_LEADER = "agency_leader", _("The leader of the competent agency")
        OTHER_AGENCY = "other_agency", _("Another agency (inter-agency)")

    definition = models.ForeignKey(
        ProcessDefinition, on_delete=models.CASCADE, related_name="steps", verbose_name=_("process")
    )
    code = models.CharField(_("code"), max_length=50, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    unit_rule = models.CharField(_("unit rule"), max_length=30, choices=UnitRule.choices)
    department = models.ForeignKey(
        "org.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    other_agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("other agency"),
    )
    hours = models.DecimalField(
        _("allotted working hours"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    is_start = models.BooleanField(_("start step"), default=False)
    is_end = models.BooleanField(_("end step"), default=False)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["definition", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["definition", "code"], name="workflow_step_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Transition(models.Model):
    class Kind(models.TextChoices):
        FORWARD = "forward", _("Forward")
        RETURN = "return", _("Return")
        SUPPLEMENT = "supplement", _("Request supplementation")
        APPROVE = "approve", _("Approve")
        REFUSE = "refuse", _("Refuse")

    definition = models.ForeignKey(
        ProcessDefinition, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("process")
    )
    code = models.CharField(_("code"), max_length=50, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    source = models.ForeignKey(
        Step, on_delete=models.CASCADE, related_name="outgoing", verbose_name=_("from")
    )
    # Null target: the transition ends the process (approve at the last step, refuse, …).
    target = models.ForeignKey(
        Step, on_delete=models.CASCADE, null=True, blank=True, related_name="incoming", verbose_name=_("to")
    )
    guards = models.JSONField(_("guards"), default=list, blank=True)
    requires_comment = models.BooleanField(_("comment required"), default=False)
    requires_attachment = models.BooleanField(_("attachment required"), default=False)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["definition", "source__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["definition", "code"], name="workflow_transition_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name
