"""Agencies (cơ quan, đơn vị) with their electronic ID code, code history and departments."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from egov.org.models.units import AdminUnit, check_period

# QCVN 102:2016/BTTTT, Decision 20/2020/QĐ-TTg (amended 09/2025): DDD.CC.BB.AXX, 13 characters.
AGENCY_CODE_PATTERN = r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$"
AGENCY_CODE_MESSAGE = _(
    "The agency code must have 13 characters in the form DDD.CC.BB.AXX: three groups of digits "
    "(3, 2 and 2) separated by dots, then an upper-case letter and two digits, for example 000.00.00.H59."
)
agency_code_validator = RegexValidator(AGENCY_CODE_PATTERN, AGENCY_CODE_MESSAGE, code="agency_code")


class Agency(models.Model):
    class Kind(models.TextChoices):
        PROVINCE_PC = "province_pc", _("Provincial People's Committee")
        COMMUNE_PC = "commune_pc", _("Commune People's Committee")
        DEPARTMENT = "department", _("Department or board of the province")
        SERVICE_CENTRE = "service_centre", _("Public Administration Service Centre")
        OTHER = "other", _("Other agency")

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    agency_code = models.CharField(
        _("agency code"),
        max_length=13,
        validators=[agency_code_validator],
        help_text=_("Electronic ID of the agency, DDD.CC.BB.AXX (13 characters)."),
    )
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Empty while current."))
    search_text = models.CharField(_("search text"), max_length=400, blank=True, editable=False)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["agency_code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency_code"],
                condition=Q(valid_to__isnull=True),
                name="org_agency_code_unique_current",
                violation_error_message=_("Another current agency already has this agency code."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="org_agency_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["search_text"], name="org_agency_search_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        check_period(valid_from=self.valid_from, valid_to=self.valid_to)
        if self.pk is not None and self.parent_id == self.pk:
            raise ValidationError(
                {"parent": _("An agency cannot be its own parent.")}, code="agency_parent_self"
            )

    def is_current(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)


class AgencyCodeHistory(models.Model):
    """A change of agency code, for instance after a merger (Decision 09/2025/QĐ-TTg)."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="code_history"
    )
    old_code = models.CharField(_("old code"), max_length=13)
    new_code = models.CharField(_("new code"), max_length=13, validators=[agency_code_validator])
    changed_on = models.DateField(_("changed on"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("agency code change")
        verbose_name_plural = _("agency code changes")
        ordering = ["agency", "changed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.old_code} → {self.new_code}"


class Department(models.Model):
    """A unit inside an agency (phòng, ban, văn phòng)."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField(_("name"), max_length=255)
    code = models.CharField(_("code"), max_length=30, help_text=_("Short code inside the agency, e.g. VP."))

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "code"],
                name="org_department_code_unique",
                violation_error_message=_("This agency already has a department with this code."),
            )
        ]

    def __str__(self) -> str:
        return self.name
