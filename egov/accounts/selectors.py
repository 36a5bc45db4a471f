"""Reads for accounts: second-factor devices and where a user goes after logging in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp.plugins.otp_totp.models import TOTPDevice

from egov.accounts.models import ContactVerification, User
from egov.org.models import AdminUnit


def user_may_use_second_factor(*, user: Any) -> bool:
    """Staff members, and anyone who can reach staff pages or the admin site."""
    if not user.is_authenticated:
        return False
    return bool(getattr(user, "kind", "") == User.Kind.STAFF or user.is_superuser or user.is_staff)


def user_needs_second_factor(*, user: Any) -> bool:
    """Staff (see above) sign in with TOTP when settings.EGOV_STAFF_2FA_REQUIRED is on; citizens never."""
    return bool(settings.EGOV_STAFF_2FA_REQUIRED) and user_may_use_second_factor(user=user)


def user_is_verified(*, user: Any) -> bool:
    """True when this session was confirmed with a second factor (django-otp's OTPMiddleware)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def totp_device_confirmed_get(*, user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_device_unconfirmed_get(*, user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def user_has_confirmed_totp(*, user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def users_with_totp(queryset: QuerySet[User], *, has_device: bool) -> QuerySet[User]:
    """Filter users by whether they have a confirmed TOTP device (admin list filter)."""
    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return queryset.filter(Exists(confirmed)) if has_device else queryset.exclude(Exists(confirmed))


def safe_next_url(*, url: str | None, host: str, secure: bool) -> str:
    """`url` if it points back to this site, else "" (never redirect to a foreign host)."""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={host}, require_https=secure):
        return url
    return ""


def url_with_next(url_name: str, next_url: str) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def second_factor_url(*, user: Any, next_url: str = "") -> str:
    """The code page, or the enrolment page for a user without a confirmed device."""
    name = "accounts:otp" if user_has_confirmed_totp(user=user) else "accounts:otp-setup"
    return url_with_next(name, next_url)


def after_login_url(*, user: Any, next_url: str = "") -> str:
    """Where to send a user who has just given a correct password. `next_url` must be safe already.

    - staff who must still pass 2FA: the code page, or the enrolment page when they have no device;
    - other staff: `next` or the staff home;
    - citizens: `next` or the public home.
    """
    if user_needs_second_factor(user=user) and not user_is_verified(user=user):
        return second_factor_url(user=user, next_url=next_url)
    if next_url:
        return next_url
    if getattr(user, "kind", "") == User.Kind.STAFF or user.is_superuser:
        return reverse("staff-home")
    return reverse("public-home")


# Citizens ---------------------------------------------------------------------------------------


def notification_channels_for(user: Any) -> list[tuple[str, str]]:
    """Where to notify a user: [(channel, recipient)], honouring the preferences.

    Citizens: only verified contacts count. Staff accounts are created by an administrator, so
    their contacts are trusted as entered.
    """
    channels: list[tuple[str, str]] = []
    trusted = getattr(user, "kind", "") == User.Kind.STAFF
    if user.notify_email and user.email and (trusted or user.email_verified_at):
        channels.append(("email", user.email))
    if user.notify_sms and user.phone and (trusted or user.phone_verified_at):
        channels.append(("sms", user.phone))
    return channels


def user_is_pending_registration(*, user: Any) -> bool:
    """A citizen account that registered itself but never entered its code (it cannot log in
    yet). An account deactivated by an administrator is not one."""
    if getattr(user, "kind", "") != User.Kind.CITIZEN or user.is_active:
        return False
    codes = ContactVerification.objects.filter(user=user, purpose=ContactVerification.Purpose.REGISTER)
    return codes.exists() and not codes.filter(status=ContactVerification.Status.USED).exists()


def citizen_for_login(*, identifier: str) -> User | None:
    """The citizen matching an e-mail address, a mobile number or a 12-digit personal ID number."""
    from egov.accounts.citizen_services import contact_parse

    value = (identifier or "").strip()
    citizens = User.objects.filter(kind=User.Kind.CITIZEN)
    digits = "".join(ch for ch in value if ch not in " .-")
    if digits.isdigit() and len(digits) == 12:
        return citizens.filter(national_id=digits).first()
    try:
        contact = contact_parse(value)
    except Exception:
        return None
    if contact.field == "email":
        return citizens.filter(email__iexact=contact.value).first()
    return citizens.filter(phone=contact.value).first()


def verifications_pending_for(*, user: Any) -> QuerySet[ContactVerification]:
    return ContactVerification.objects.filter(user=user, status=ContactVerification.Status.PENDING).order_by(
        "-created_at"
    )


def communes_of(*, province_id: int | str | None) -> QuerySet[AdminUnit]:
    """Communes, wards and special zones in force today under a province (empty without one)."""
    from egov.org.selectors import admin_units_current

    if not province_id:
        return AdminUnit.objects.none()
    return (
        admin_units_current()
        .filter(
            parent_id=int(province_id),
            kind__in=[AdminUnit.Kind.COMMUNE, AdminUnit.Kind.WARD, AdminUnit.Kind.SPECIAL_ZONE],
        )
        .order_by("name")
    )


def provinces_current() -> QuerySet[AdminUnit]:
    from egov.org.selectors import admin_units_current

    return (
        admin_units_current().filter(kind__in=[AdminUnit.Kind.PROVINCE, AdminUnit.Kind.CITY]).order_by("name")
    )
