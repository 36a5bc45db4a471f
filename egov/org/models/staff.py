"""Staff roles and effective-dated assignments (one user may hold several positions)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from egov.org.models.agencies import Agency, Department
from egov.org.models.units import check_period


class Role(models.TextChoices):
    RECEPTION_OFFICER = "reception_officer", _("Reception officer")
    SPECIALIST = "specialist", _("Specialist")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    AGENCY_LEADER = "agency_leader", _("Agency leader")
    CLERK = "clerk", _("Clerk")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


DEPARTMENT_MISMATCH_MESSAGE = _("The department does not belong to the chosen agency.")


def check_department_agency(*, department: Department | None, agency_id: int | None) -> None:
    if department is not None and agency_id is not None and department.agency_id != agency_id:
        raise ValidationError({"department": DEPARTMENT_MISMATCH_MESSAGE}, code="department_agency")


class StaffAssignment(models.Model):
    """A position held by a staff member in an agency (and optionally a department) for a period."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="staff_assignments",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="staff_assignments"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_assignments",
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    title = models.CharField(_("title"), max_length=150, blank=True, help_text=_("E.g. Vice Chairman."))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Empty while open."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("staff assignment")
        verbose_name_plural = _("staff assignments")
        ordering = ["user", "valid_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="org_staffassignment_period_ordered",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]
        indexes = [
            models.Index(fields=["user", "valid_from"], name="org_assign_user_idx"),
            models.Index(fields=["agency", "role"], name="org_assign_agency_role_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.agency}"

    def clean(self) -> None:
        check_period(valid_from=self.valid_from, valid_to=self.valid_to)
        check_department_agency(department=self.department, agency_id=self.agency_id)

    def is_current(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)
