"""The admin site obeys the staff second factor too.

Its own login form is kept (django-axes guards it like ours), but when
settings.EGOV_STAFF_2FA_REQUIRED is on, a session that has not passed TOTP is refused by
`has_permission` and sent by the admin login page to the code (or enrolment) page.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin import AdminSite
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from egov.accounts import selectors


def _unverified(request: HttpRequest) -> bool:
    user = request.user
    return selectors.user_needs_second_factor(user=user) and not selectors.user_is_verified(user=user)


def require_second_factor(site: AdminSite) -> None:
    """Wrap `site.has_permission` and `site.login` (call before the site's URLs are built)."""
    base_has_permission = site.has_permission
    base_login = site.login

    def has_permission(request: HttpRequest) -> bool:
        return bool(base_has_permission(request)) and not _unverified(request)

    def login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if request.user.is_authenticated and _unverified(request):
            next_url = selectors.safe_next_url(
                url=request.GET.get("next"), host=request.get_host(), secure=request.is_secure()
            )
            return redirect(
                selectors.second_factor_url(user=request.user, next_url=next_url or reverse("admin:index"))
            )
        return base_login(request, extra_context)

    site.has_permission = has_permission  # type: ignore[method-assign]
    site.login = login  # type: ignore[method-assign]
