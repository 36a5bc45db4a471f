"""Login, logout, staff two-factor (TOTP) and passwords. Thin: parse, call a service or selector, render."""

from __future__ import annotations

import math
from base64 import b32encode
from typing import Any

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from egov.accounts import conf, selectors, services
from egov.accounts.assurance import METHOD_PASSWORD, assurance_login, login_url_for_level
from egov.accounts.forms import (
    LoginForm,
    OtpTokenForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from egov.accounts.models import User
from egov.accounts.views_citizen import SESSION_PENDING_USER


def _next(request: HttpRequest) -> str:
    """The `next` of this request (GET or POST), or "" unless it stays on this site."""
    raw = request.POST.get("next") or request.GET.get("next")
    return selectors.safe_next_url(url=raw, host=request.get_host(), secure=request.is_secure())


class LoginView(auth_views.LoginView):
    """Django's login (session key rotated on success), guarded by django-axes.

    Success always passes through `after-login`, so that staff cannot skip the second factor
    by giving a `next`.
    """

    form_class = LoginForm
    template_name = "accounts/login.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["site_name"] = settings.EGOV_SITE_NAME  # Django would put the host name here
        context["oidc_enabled"] = conf.oidc_enabled()
        context["oidc_provider_name"] = conf.oidc_provider_name()
        context["oidc_login_url"] = login_url_for_level(1, self.get_redirect_url())
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        assurance_login(self.request, method=METHOD_PASSWORD)
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        pending = getattr(form, "pending_user", None)
        if pending is not None:  # right password, account never verified: allow a new code
            self.request.session[SESSION_PENDING_USER] = pending.pk
        return super().form_invalid(form)

    def get_success_url(self) -> str:
        next_url = self.get_redirect_url()  # checked with url_has_allowed_host_and_scheme
        return selectors.url_with_next("accounts:after-login", next_url)


class LogoutView(auth_views.LogoutView):
    """POST only (Django refuses GET with 405); the session, with its 2FA state, is flushed."""


@require_GET
@login_required
def after_login(request: HttpRequest) -> HttpResponse:
    return redirect(selectors.after_login_url(user=request.user, next_url=_next(request)))


def _second_factor_user(request: HttpRequest) -> User:
    user: Any = request.user
    if not selectors.user_may_use_second_factor(user=user):
        raise PermissionDenied
    return user  # type: ignore[no-any-return]


def _refusal(result: services.OtpResult) -> str:
    if result.locked_until is not None:
        seconds = max(1, math.ceil((result.locked_until - timezone.now()).total_seconds()))
        return ngettext(
            "Too many wrong codes. Wait %(seconds)d second, then enter the current code.",
            "Too many wrong codes. Wait %(seconds)d seconds, then enter the current code.",
            seconds,
        ) % {"seconds": seconds}
    return _("The code is wrong or has expired. Enter the code now shown in your authenticator app.")


def _verified(request: HttpRequest, device: Any, next_url: str) -> HttpResponse:
    request.session.cycle_key()  # a new session id for the higher privilege
    django_otp.login(request, device)
    return redirect(selectors.after_login_url(user=request.user, next_url=next_url))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp(request: HttpRequest) -> HttpResponse:
    """Second step of a staff login: the 6-digit code from the authenticator app."""
    user = _second_factor_user(request)
    next_url = _next(request)
    if selectors.user_is_verified(user=request.user):
        return redirect(selectors.after_login_url(user=request.user, next_url=next_url))
    if not selectors.user_has_confirmed_totp(user=user):
        return redirect(selectors.url_with_next("accounts:otp-setup", next_url))
    form = OtpTokenForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        result = services.otp_verify(user=user, token=form.cleaned_data["token"])
        if result.ok:
            return _verified(request, result.device, next_url)
        form.add_error("token", _refusal(result))
    return render(request, "accounts/otp.html", {"form": form, "next": next_url})


def _qr_svg(config_url: str) -> str:
    qr = segno.make(config_url, error="m")
    svg = qr.svg_inline(scale=5, border=4, light="#fff", svgclass="egov-qr", title=_("QR code to scan"))
    # Made by segno from our own data; the only text in it (the title) is escaped by segno.
    return mark_safe(svg)  # noqa: S308


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the key), then confirm with a code."""
    user = _second_factor_user(request)
    next_url = _next(request)
    if selectors.user_has_confirmed_totp(user=user):
        if selectors.user_is_verified(user=request.user):
            return redirect(selectors.after_login_url(user=request.user, next_url=next_url))
        return redirect(selectors.url_with_next("accounts:otp", next_url))
    device = services.otp_device_setup_start(user=user)
    form = OtpTokenForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        result = services.otp_device_confirm(user=user, device_id=device.pk, token=form.cleaned_data["token"])
        if result.ok:
            messages.success(request, _("Two-step verification is on for your account."))
            return _verified(request, result.device, next_url)
        form.add_error("token", _refusal(result))
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": _qr_svg(device.config_url),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
    }
    return render(request, "accounts/otp_setup.html", context)


# Passwords: Django's views with our forms, templates and URL names. -----------------------------


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@method_decorator(never_cache, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password-change-done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
