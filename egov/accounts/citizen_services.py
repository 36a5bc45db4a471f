"""Writes for citizen accounts: registration by e-mail or phone, and the profile.

A registered account stays inactive until the one-time code sent to its contact is entered
(see `egov.accounts.verification`). Changing the e-mail address or the phone number on the
profile sends a code to the new contact; the contact changes only once the code is entered.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.accounts import conf
from egov.accounts.models import ContactVerification, User
from egov.accounts.services import national_id_normalise
from egov.accounts.verification import verification_start
from egov.core.audit.services import audit_record
from egov.core.text import nfc
from egov.notifications.recipients import email_normalize, phone_normalize
from egov.org.models import AdminUnit

Channel = ContactVerification.Channel


@dataclass(frozen=True)
class Contact:
    channel: str  # "email" or "sms"
    value: str  # normalised: lower-case domain, or +84…

    @property
    def field(self) -> str:
        return "email" if self.channel == Channel.EMAIL else "phone"


def contact_parse(raw: str) -> Contact:
    """An e-mail address (it has an @) or a Vietnamese mobile number, normalised.

    Raises ValidationError with a Vietnamese message for anything else."""
    value = nfc(raw or "").strip()
    if not value:
        raise ValidationError(_("Enter your e-mail address or mobile phone number."), code="required")
    try:
        if "@" in value:
            return Contact(channel=Channel.EMAIL, value=email_normalize(value))
        return Contact(channel=Channel.SMS, value=phone_normalize(value))
    except ValidationError:
        raise ValidationError(
            _(
                "Enter a valid e-mail address (for example ten@example.vn) or a Vietnamese mobile number "
                "(for example 0912 345 678)."
            ),
            code="invalid_contact",
        ) from None


def contact_taken(*, contact: Contact, exclude_user: Any = None) -> bool:
    users = User.objects.filter(kind=User.Kind.CITIZEN)
    if exclude_user is not None:
        users = users.exclude(pk=exclude_user.pk)
    if contact.channel == Channel.EMAIL:
        return users.filter(email__iexact=contact.value).exists()
    return users.filter(phone=contact.value).exists()


def _duplicate_error() -> ValidationError:
    return ValidationError(
        _(
            "This e-mail address or phone number cannot be used to register. If you already have an "
            "account, log in or use “Forgot your password?”."
        ),
        code="contact_taken",
    )


def _stale_registration_remove(*, contact: Contact) -> None:
    """Free a contact held by a registration that was never verified and whose codes have all
    expired, so that nobody can block someone else's e-mail address or phone number."""
    from egov.accounts.selectors import user_is_pending_registration

    users = User.objects.select_for_update().filter(kind=User.Kind.CITIZEN, is_active=False)
    if contact.channel == Channel.EMAIL:
        users = users.filter(email__iexact=contact.value)
    else:
        users = users.filter(phone=contact.value)
    for stale in users:
        live = stale.contact_verifications.filter(
            status=ContactVerification.Status.PENDING, expires_at__gt=timezone.now()
        )
        if user_is_pending_registration(user=stale) and not live.exists():
            audit_record(
                actor=None,
                action="accounts.citizen_registration_expired",
                target=stale,
                from_state="inactive",
                to_state="deleted",
                reason="contact registered again after the code expired",
            )
            stale.delete()


def _new_username() -> str:
    while True:
        username = f"cd-{secrets.token_hex(5)}"
        if not User.objects.filter(username=username).exists():
            return username


def citizen_register(*, contact: str, full_name: str, password: str) -> ContactVerification:
    """Create an inactive citizen account and send the code to its contact.

    Raises ValidationError as {field: messages} ("contact", "full_name", "password")."""
    try:
        parsed = contact_parse(contact)
    except ValidationError as exc:
        raise ValidationError({"contact": exc.messages}) from None
    name = " ".join(nfc(full_name or "").split())
    if not name:
        raise ValidationError({"full_name": _("Enter your full name.")})
    user = User(
        kind=User.Kind.CITIZEN,
        username=_new_username(),
        full_name=name,
        is_active=False,
        **{parsed.field: parsed.value},
    )
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    try:
        with transaction.atomic():
            _stale_registration_remove(contact=parsed)
            if contact_taken(contact=parsed):
                raise ValidationError({"contact": _duplicate_error()})
            user.save()
            audit_record(actor=user, action="accounts.citizen_register", target=user, to_state="inactive")
            verification = verification_start(
                user=user,
                channel=parsed.channel,
                recipient=parsed.value,
                purpose=ContactVerification.Purpose.REGISTER,
            )
    except IntegrityError:  # a concurrent registration with the same contact won
        raise ValidationError({"contact": _duplicate_error()}) from None
    return verification


@dataclass(frozen=True)
class ProfileData:
    full_name: str
    national_id: str
    date_of_birth: date | None
    email: str
    phone: str
    address_line: str
    commune: AdminUnit | None
    notify_email: bool
    notify_sms: bool


def _resend_wait(*, user: User, channel: str) -> int:
    latest = (
        ContactVerification.objects.filter(
            user=user, channel=channel, purpose=ContactVerification.Purpose.CHANGE
        )
        .order_by("-created_at")
        .first()
    )
    if latest is None:
        return 0
    gap = timedelta(seconds=conf.code_resend_seconds())
    elapsed = timezone.now() - latest.created_at
    return math.ceil((gap - elapsed).total_seconds()) if elapsed < gap else 0


_PROFILE_FIELDS = [
    "full_name",
    "national_id",
    "date_of_birth",
    "address_line",
    "commune",
    "notify_email",
    "notify_sms",
]


def citizen_profile_update(*, user: User, data: ProfileData) -> list[ContactVerification]:
    """Save the profile. A new e-mail address or phone number is not stored yet: a code is sent
    to it and the returned verifications are waiting for that code.

    Raises ValidationError as {field: message}."""
    errors: dict[str, Any] = {}
    name = " ".join(nfc(data.full_name or "").split())
    if not name:
        errors["full_name"] = _("Enter your full name.")
    national_id = ""
    if data.national_id.strip():
        try:
            national_id = national_id_normalise(data.national_id)
        except ValidationError as exc:
            errors["national_id"] = exc.messages
    if user.national_id_verified_at and national_id != user.national_id:
        errors["national_id"] = _(
            "Your personal ID number was confirmed by VNeID and cannot be changed here."
        )
    elif national_id and User.objects.filter(national_id=national_id).exclude(pk=user.pk).exists():
        errors["national_id"] = _("This personal ID number is already used by another account.")
    changes: list[Contact] = []
    for field, raw in (("email", data.email), ("phone", data.phone)):
        raw = (raw or "").strip()
        if not raw:
            if getattr(user, field):
                errors[field] = _("This contact cannot be removed; you can replace it.")
            continue
        try:
            parsed = contact_parse(raw)
        except ValidationError as exc:
            errors[field] = exc.messages
            continue
        if parsed.field != field:
            errors[field] = (
                _("Enter an e-mail address.") if field == "email" else _("Enter a mobile phone number.")
            )
            continue
        if parsed.value.lower() == (getattr(user, field) or "").lower():
            continue
        if contact_taken(contact=parsed, exclude_user=user):
            errors[field] = _("This e-mail address or phone number is already used by another account.")
            continue
        wait = _resend_wait(user=user, channel=parsed.channel)
        if wait:
            errors[field] = _("A code was sent less than a minute ago. Wait %(seconds)d seconds.") % {
                "seconds": wait
            }
            continue
        changes.append(parsed)
    if data.commune is not None and data.commune.kind not in (
        AdminUnit.Kind.COMMUNE,
        AdminUnit.Kind.WARD,
        AdminUnit.Kind.SPECIAL_ZONE,
    ):
        errors["commune"] = _("Choose a commune, ward or special zone.")
    if errors:
        raise ValidationError(errors)

    verifications: list[ContactVerification] = []
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = {f: str(getattr(locked, f"{f}_id" if f == "commune" else f)) for f in _PROFILE_FIELDS}
        locked.full_name = name
        locked.national_id = national_id
        locked.date_of_birth = data.date_of_birth
        locked.address_line = " ".join(nfc(data.address_line or "").split())
        locked.commune = data.commune
        locked.notify_email = data.notify_email
        locked.notify_sms = data.notify_sms
        try:
            with transaction.atomic():
                locked.save(update_fields=_PROFILE_FIELDS)
        except IntegrityError:
            raise ValidationError(
                {"national_id": _("This personal ID number is already used by another account.")}
            ) from None
        after = {f: str(getattr(locked, f"{f}_id" if f == "commune" else f)) for f in _PROFILE_FIELDS}
        changed = sorted(f for f in _PROFILE_FIELDS if before[f] != after[f])
        if changed:
            audit_record(
                actor=user, action="accounts.profile_update", target=locked, data={"fields": changed}
            )
        for contact in changes:
            verifications.append(
                verification_start(
                    user=locked,
                    channel=contact.channel,
                    recipient=contact.value,
                    purpose=ContactVerification.Purpose.CHANGE,
                )
            )
    user.refresh_from_db()
    return verifications
