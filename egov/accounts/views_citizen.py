"""Citizen registration, one-time codes and the profile. Thin: parse, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from egov.accounts import conf, selectors
from egov.accounts.assurance import METHOD_PASSWORD, assurance_login
from egov.accounts.citizen_services import ProfileData, citizen_profile_update, citizen_register
from egov.accounts.forms_citizen import CodeForm, ProfileForm, RegisterForm
from egov.accounts.models import ContactVerification, User
from egov.accounts.verification import verification_check, verification_resend
from egov.core.ratelimit import client_ip, parse_rate, rate_limit, too_many_requests

SESSION_VERIFY_ID = "acc_verify_id"
SESSION_PENDING_USER = "acc_pending_user"
SESSION_NEXT = "acc_verify_next"
PASSWORD_BACKEND = "egov.accounts.backends.CitizenIdentifierBackend"  # noqa: S105 - a class path


def _next(request: HttpRequest) -> str:
    raw = request.POST.get("next") or request.GET.get("next")
    return selectors.safe_next_url(url=raw, host=request.get_host(), secure=request.is_secure())


def _limited(request: HttpRequest, group: str, rate: str) -> HttpResponse | None:
    hits, seconds = parse_rate(rate)
    if rate_limit(f"accounts:{group}:{client_ip(request)}", hits, seconds):
        return None
    return too_many_requests(request, seconds, "accounts/too_many_requests.html")


def _wait_message(seconds: int) -> str:
    return _("A new code can be sent once a minute. Please wait %(seconds)d seconds.") % {"seconds": seconds}


@never_cache
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    next_url = _next(request)
    form = RegisterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        refused = _limited(request, "register", conf.ratelimit_register())
        if refused is not None:
            return refused
        if form.is_valid():
            try:
                verification = citizen_register(
                    contact=form.cleaned_data["contact"],
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error("password1" if field == "password" else field, errors)
            else:
                request.session[SESSION_VERIFY_ID] = verification.pk
                request.session[SESSION_PENDING_USER] = verification.user_id
                request.session[SESSION_NEXT] = next_url
                return redirect("accounts:verify")
    return render(request, "accounts/register.html", {"form": form, "next": next_url})


def _verification_for(request: HttpRequest) -> ContactVerification | None:
    """The code this visitor is entering: a contact change of the logged-in user, or the
    registration started in this session."""
    if request.user.is_authenticated:
        pending = selectors.verifications_pending_for(user=request.user)
        wanted = request.POST.get("verification") or request.GET.get("verification")
        if wanted and str(wanted).isdigit():
            return pending.filter(pk=int(wanted)).first()
        return pending.first()
    verification_id = request.session.get(SESSION_VERIFY_ID)
    if not verification_id:
        return None
    return ContactVerification.objects.select_related("user").filter(pk=verification_id).first()


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    verification = _verification_for(request)
    if verification is None:
        if request.user.is_authenticated:
            return redirect("accounts:profile")
        messages.info(request, _("There is no code waiting for verification. Log in or register first."))
        return redirect("accounts:login")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        refused = _limited(request, "verify", conf.ratelimit_verify())
        if refused is not None:
            return refused
        if form.is_valid():
            owner = request.user if request.user.is_authenticated else None
            try:
                result = verification_check(
                    verification_id=verification.pk, code=form.cleaned_data["code"], user=owner
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                if result.ok:
                    return _verified(request, verification)
                form.add_error("code", result.message())
                verification.refresh_from_db()
    context = {
        "form": form,
        "verification": verification,
        "can_resend": verification.status != ContactVerification.Status.USED,
        "minutes": max(1, conf.code_ttl_seconds() // 60),
    }
    return render(request, "accounts/verify.html", context)


def _verified(request: HttpRequest, verification: ContactVerification) -> HttpResponse:
    if verification.purpose == ContactVerification.Purpose.REGISTER and not request.user.is_authenticated:
        next_url = request.session.get(SESSION_NEXT) or ""
        login(request, verification.user, backend=PASSWORD_BACKEND)  # rotates the session key
        assurance_login(request, method=METHOD_PASSWORD)
        for key in (SESSION_VERIFY_ID, SESSION_PENDING_USER, SESSION_NEXT):
            request.session.pop(key, None)
        messages.success(request, _("Your account is activated. Welcome!"))
        return redirect(next_url or "accounts:profile")
    if verification.channel == ContactVerification.Channel.EMAIL:
        messages.success(request, _("Your e-mail address is verified and saved."))
    else:
        messages.success(request, _("Your phone number is verified and saved."))
    if selectors.verifications_pending_for(user=verification.user).exists():
        return redirect("accounts:verify")
    return redirect("accounts:profile")


@never_cache
@require_POST
def verify_resend(request: HttpRequest) -> HttpResponse:
    refused = _limited(request, "verify", conf.ratelimit_verify())
    if refused is not None:
        return refused
    if request.user.is_authenticated:
        channel = request.POST.get("channel") or None
        user: Any = request.user
        purpose = ContactVerification.Purpose.CHANGE
    else:
        user = User.objects.filter(pk=request.session.get(SESSION_PENDING_USER) or 0).first()
        channel = None
        purpose = ContactVerification.Purpose.REGISTER
        if user is None or not selectors.user_is_pending_registration(user=user):
            messages.error(request, _("There is no code waiting for verification. Log in or register first."))
            return redirect("accounts:login")
    result = verification_resend(user=user, purpose=purpose, channel=channel)
    if result.ok and result.verification is not None:
        if not request.user.is_authenticated:
            request.session[SESSION_VERIFY_ID] = result.verification.pk
        messages.success(request, _("A new code has been sent. Enter the code from the latest message."))
    elif result.wait_seconds:
        messages.error(request, _wait_message(result.wait_seconds))
    else:
        messages.error(request, _("There is no code waiting for verification. Log in or register first."))
    return redirect("accounts:verify")


def _citizen(request: HttpRequest) -> User:
    user: Any = request.user
    if getattr(user, "kind", "") != User.Kind.CITIZEN:
        raise PermissionDenied
    return user  # type: ignore[no-any-return]


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """My profile: there is no URL for another person's profile."""
    user = _citizen(request)
    form = ProfileForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            verifications = citizen_profile_update(
                user=user,
                data=ProfileData(
                    full_name=data["full_name"],
                    national_id=data.get("national_id") or "",
                    date_of_birth=data.get("date_of_birth"),
                    email=data.get("email") or "",
                    phone=data.get("phone") or "",
                    address_line=data.get("address_line") or "",
                    commune=data.get("commune"),
                    notify_email=bool(data.get("notify_email")),
                    notify_sms=bool(data.get("notify_sms")),
                ),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Your profile is saved."))
            if verifications:
                messages.info(
                    request, _("We have sent a code to your new contact. Enter it to confirm the change.")
                )
                return redirect("accounts:verify")
            return redirect("accounts:profile")
    context = {
        "form": form,
        "pending": list(selectors.verifications_pending_for(user=user)),
        "identities": list(user.external_identities.order_by("pk")),
        "portal_section": "profile",
    }
    return render(request, "accounts/profile.html", context)


@require_GET
@login_required
def profile_communes(request: HttpRequest) -> HttpResponse:
    """The commune select for a province (htmx swaps it in when the province changes)."""
    user = _citizen(request)
    form = ProfileForm(user=user, initial={"province": request.GET.get("province") or ""})
    return render(request, "accounts/_commune_field.html", {"form": form})
