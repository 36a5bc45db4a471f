"""View guards. What a staff member may see inside a page is decided by egov.org.scoping."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

View = Callable[..., HttpResponse]


def staff_required(view: View) -> View:
    """Logged-in staff only; in settings that require it, also a verified TOTP device."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user: Any = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if getattr(user, "kind", "") != "staff" and not user.is_superuser:
            raise PermissionDenied
        if settings.EGOV_STAFF_2FA_REQUIRED and not user.is_verified():
            return redirect(f"{reverse('accounts:otp')}?next={request.get_full_path()}")
        return view(request, *args, **kwargs)

    return wrapper
