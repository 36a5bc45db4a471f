"""Shared bits of the portal views: the citizen-only decorator and error helpers."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def citizen_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous users go to the login page; staff accounts are told to use a citizen account."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if getattr(user, "kind", "") != "citizen":
            return render(
                request,
                "portal/citizen_only.html",
                {"message": _("Online submission uses a citizen account. Staff accounts cannot submit.")},
                status=403,
            )
        return view(request, *args, **kwargs)

    return wrapper


def error_messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def assurance_of(request: HttpRequest) -> int:
    from egov.accounts.assurance import assurance_level

    return assurance_level(request)
