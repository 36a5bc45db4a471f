"""Reads for accounts: second-factor devices and where a user goes after logging in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp.plugins.otp_totp.models import TOTPDevice

from egov.accounts.models import User


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
