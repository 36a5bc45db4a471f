"""Writes for accounts: creating users, passwords, TOTP devices, lockouts.

Security-relevant state changes (device confirmed or removed, password changed or reset, lockout
reset) are written to the audit chain in the same transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from axes.utils import reset as axes_reset
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from egov.accounts.models import User
from egov.core.audit.services import audit_record
from egov.core.text import nfc

# First three digits of a 12-digit personal ID number (CCCD): the province where the birth was
# registered, by the 63-province codes of Circular 07/2016/TT-BCA (unchanged by the 2025 merger).
NATIONAL_ID_PROVINCE_CODES = frozenset(
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 "
    "037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 "
    "077 079 080 082 083 084 086 087 089 091 092 093 094 095 096".split()
)
_SPACES = re.compile(r"[\s.\-]+")

TOTP_DEVICE_NAME = "Authenticator"


def national_id_normalise(value: str) -> str:
    """Strip spaces, dots and dashes, then check the shape of a personal ID number.

    Raises ValidationError for anything other than 12 digits starting with a province code.
    """
    digits = _SPACES.sub("", value or "")
    if not re.fullmatch(r"\d{12}", digits):
        raise ValidationError(_("The personal ID number must have exactly 12 digits."), code="national_id")
    if digits[:3] not in NATIONAL_ID_PROVINCE_CODES:
        raise ValidationError(
            _("The personal ID number does not start with a valid province code."), code="national_id"
        )
    return digits


def _user_create(
    *,
    kind: str,
    username: str,
    password: str | None,
    full_name: str,
    email: str,
    phone: str,
    national_id: str,
    actor: Any,
    check_password: bool,
) -> User:
    user = User(
        kind=kind,
        username=nfc(username.strip()),
        full_name=" ".join(nfc(full_name).split()),
        email=User.objects.normalize_email(email.strip()),
        phone=_SPACES.sub("", phone or ""),
        national_id=national_id_normalise(national_id) if national_id else "",
    )
    if password:
        if check_password:
            password_validation.validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()  # field validators, unique username and personal ID number
    with transaction.atomic():
        user.save()
        audit_record(actor=actor, action="accounts.user_create", target=user, to_state=kind)
    return user


def user_create_staff(
    *,
    username: str,
    full_name: str,
    password: str | None = None,
    email: str = "",
    phone: str = "",
    national_id: str = "",
    actor: Any = None,
    check_password: bool = True,
) -> User:
    """A staff account. Without a password the account cannot log in until a reset."""
    return _user_create(
        kind=User.Kind.STAFF,
        username=username,
        password=password,
        full_name=full_name,
        email=email,
        phone=phone,
        national_id=national_id,
        actor=actor,
        check_password=check_password,
    )


def user_create_citizen(
    *,
    username: str,
    full_name: str,
    password: str | None = None,
    email: str = "",
    phone: str = "",
    national_id: str = "",
    actor: Any = None,
    check_password: bool = True,
) -> User:
    return _user_create(
        kind=User.Kind.CITIZEN,
        username=username,
        password=password,
        full_name=full_name,
        email=email,
        phone=phone,
        national_id=national_id,
        actor=actor,
        check_password=check_password,
    )


# Passwords ------------------------------------------------------------------------------------


def user_password_set(*, user: User, password: str, actor: Any, reset: bool = False) -> User:
    """Set a new password (already validated by the form) and record it.

    `reset=True` for the e-mailed link: any login lockout of the account is lifted too, since
    whoever holds the mailbox may set the password anyway.
    """
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(
            actor=actor,
            action="accounts.password_reset" if reset else "accounts.password_change",
            target=user,
        )
    if reset:
        axes_reset(username=user.get_username())
    return user


def password_reset_notify(*, user: User, recipient: str, reset_url: str, token: str, site_name: str) -> None:
    """Queue the reset link as an e-mail in the notifications outbox (one row per token)."""
    from egov.notifications.services import notification_enqueue

    notification_enqueue(
        channel="email",
        recipient=recipient,
        template="password_reset",
        context={
            "user_name": user.get_full_name() or user.get_username(),
            "reset_url": reset_url,
            "site_name": site_name,
        },
        idempotency_key=f"pwreset:{user.pk}:{token}",
    )


def user_lockout_reset(*, actor: Any, user: User) -> int:
    """Lift the login lockout (django-axes) of one account; returns the number of attempt rows removed."""
    with transaction.atomic():
        removed = int(axes_reset(username=user.get_username()) or 0)
        audit_record(actor=actor, action="accounts.lockout_reset", target=user, data={"attempts": removed})
    return removed


# Second factor (TOTP) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OtpResult:
    """Outcome of checking a code: the device that accepted it, or why not."""

    device: TOTPDevice | None
    locked_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.device is not None


def _check(device: TOTPDevice, token: str) -> OtpResult:
    """Verify with django-otp's own throttling (exponential delay after each wrong code)."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        return OtpResult(device=None, locked_until=(info or {}).get("locked_until"))
    if device.verify_token(token):
        return OtpResult(device=device)
    return OtpResult(device=None)


def otp_device_setup_start(*, user: User) -> TOTPDevice:
    """The unconfirmed TOTP device to enrol (reused on reload, so the QR code stays the same)."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-pk").first()
        )
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def otp_device_confirm(*, user: User, device_id: int, token: str) -> OtpResult:
    """Confirm an enrolment with the first code from the authenticator app.

    Only an account without a confirmed device may enrol: otherwise a stolen password would be
    enough to add a second factor of the thief's own.
    """
    with transaction.atomic():
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            return OtpResult(device=None)
        device = (
            TOTPDevice.objects.select_for_update().filter(pk=device_id, user=user, confirmed=False).first()
        )
        if device is None:
            return OtpResult(device=None)
        result = _check(device, token)
        if not result.ok:
            return result
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        audit_record(
            actor=user,
            action="accounts.otp_device_confirm",
            target=user,
            to_state="confirmed",
            data={"device": device.persistent_id},
        )
    return result


def otp_verify(*, user: User, token: str) -> OtpResult:
    """Check a login code against the user's confirmed TOTP device."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
        )
        if device is None:
            return OtpResult(device=None)
        return _check(device, token)


def otp_devices_remove(*, actor: Any, user: User, reason: str = "") -> int:
    """Remove every second-factor device of a user (lost phone); they enrol again at next login."""
    with transaction.atomic():
        removed, _details = TOTPDevice.objects.filter(user=user).delete()
        static_removed, _details = StaticDevice.objects.filter(user=user).delete()
        total = removed + static_removed
        if total:
            audit_record(
                actor=actor,
                action="accounts.otp_devices_remove",
                target=user,
                from_state="confirmed",
                to_state="removed",
                reason=reason,
                data={"rows": total},
            )
    return total
