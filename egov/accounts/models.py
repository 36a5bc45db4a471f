"""Users: one table for staff and citizens, told apart by `kind`.

What a staff member may do comes from their effective-dated assignments in `egov.org`, not from
fields here.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

national_id_validator = RegexValidator(r"^\d{12}$", _("The personal ID number must have exactly 12 digits."))
phone_validator = RegexValidator(
    r"^(\+84|0)\d{9,10}$", _("Enter a Vietnamese phone number, for example 0912345678.")
)


class User(AbstractUser):
    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff member")
        CITIZEN = "citizen", _("Citizen")

    kind = models.CharField(_("account type"), max_length=10, choices=Kind.choices, default=Kind.CITIZEN)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=15, blank=True, validators=[phone_validator])
    national_id = models.CharField(
        _("personal ID number"), max_length=12, blank=True, validators=[national_id_validator]
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["national_id"],
                condition=~models.Q(national_id=""),
                name="accounts_user_national_id_unique",
            )
        ]

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name()

    @property
    def is_staff_member(self) -> bool:
        return self.kind == self.Kind.STAFF
