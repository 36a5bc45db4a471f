"""Users: one table for staff and citizens, told apart by `kind`.

What a staff member may do comes from their effective-dated assignments in `egov.org`, not from
fields here.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
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
    # Citizen profile (issue 4). Contacts count only once verified with a one-time code.
    email_verified_at = models.DateTimeField(_("e-mail verified at"), null=True, blank=True)
    phone_verified_at = models.DateTimeField(_("phone verified at"), null=True, blank=True)
    national_id_verified_at = models.DateTimeField(
        _("personal ID number verified at"),
        null=True,
        blank=True,
        help_text=_("Set when the number came from the national identity provider; it is then locked."),
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    address_line = models.CharField(_("address"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "org.AdminUnit",
        verbose_name=_("commune / ward"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    notify_email = models.BooleanField(_("notify me by e-mail"), default=True)
    notify_sms = models.BooleanField(_("notify me by SMS"), default=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["national_id"],
                condition=~models.Q(national_id=""),
                name="accounts_user_national_id_unique",
            ),
            # One citizen account per e-mail address and per phone number (registration, login).
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(kind="citizen") & ~models.Q(email=""),
                name="accounts_user_citizen_email_unique",
            ),
            models.UniqueConstraint(
                fields=["phone"],
                condition=models.Q(kind="citizen") & ~models.Q(phone=""),
                name="accounts_user_citizen_phone_unique",
            ),
        ]

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name()

    @property
    def is_staff_member(self) -> bool:
        return self.kind == self.Kind.STAFF


class ContactVerification(models.Model):
    """A 6-digit one-time code sent to an e-mail address or phone number.

    Registration activates the account; a profile change replaces the contact once verified.
    Only a hash of the code is stored. A code is used once, expires, and is burned after too
    many wrong attempts; a resend supersedes it.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")

    class Purpose(models.TextChoices):
        REGISTER = "register", _("Registration")
        CHANGE = "change", _("Contact change")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the code")
        USED = "used", _("Verified")
        BURNED = "burned", _("Too many wrong codes")
        SUPERSEDED = "superseded", _("Replaced by a new code")
        EXPIRED = "expired", _("Expired")

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="contact_verifications"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    code_hash = models.CharField(_("code hash"), max_length=128)
    attempts = models.PositiveSmallIntegerField(_("wrong attempts"), default=0)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact verification")
        verbose_name_plural = _("contact verifications")
        indexes = [models.Index(fields=["user", "status"], name="accounts_cv_user_status_idx")]

    def __str__(self) -> str:
        return f"{self.channel}:{self.user_id}:{self.status}"


class CitizenIdentity(models.Model):
    """A link between a citizen account and an external identity (issuer + subject), e.g. VNeID."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="external_identities"
    )
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)
    last_acr = models.CharField(_("last assurance (acr)"), max_length=255, blank=True)
    last_level = models.PositiveSmallIntegerField(_("last assurance level"), default=0)
    created_at = models.DateTimeField(_("linked at"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("last login at"), null=True, blank=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="accounts_citizenidentity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"
