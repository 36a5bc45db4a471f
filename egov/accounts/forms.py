"""Forms: Django's auth forms with Bootstrap classes, Vietnamese messages, and services behind save()."""

from __future__ import annotations

import logging
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from egov.accounts import services
from egov.accounts.models import User

logger = logging.getLogger(__name__)


class BootstrapMixin(forms.BaseForm):
    """Give every widget Bootstrap's class, and mark invalid fields for assistive technology."""

    def _style(self) -> None:
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else "form-control"
            field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        self._mark_invalid()

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        self._mark_invalid()

    def _mark_invalid(self) -> None:
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"id_{name}_errors"


class LoginForm(BootstrapMixin, auth_forms.AuthenticationForm):
    """One message for an unknown user, a wrong password and an inactive account (no enumeration)."""

    error_messages = {
        "invalid_login": _("The username or password is incorrect. Both are case-sensitive."),
        "inactive": _("The username or password is incorrect. Both are case-sensitive."),
    }

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        # With a context: contrib apps (higher in INSTALLED_APPS) translate the bare msgids differently.
        self.fields["username"].label = pgettext_lazy("login form", "Username")
        self.fields["username"].help_text = _(
            "Citizens may use their e-mail address, mobile phone number or 12-digit personal ID number."
        )
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].label = pgettext_lazy("login form", "Password")
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        self.pending_user: User | None = None
        self._style()

    def get_invalid_login_error(self) -> ValidationError:
        """A citizen who registered but never entered the code gets told so, if the password is
        right (so that the message reveals nothing to someone without the password)."""
        from egov.accounts import selectors

        identifier = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password") or ""
        user = User.objects.filter(username=identifier).first() or selectors.citizen_for_login(
            identifier=identifier
        )
        if (
            user is not None
            and password
            and selectors.user_is_pending_registration(user=user)
            and user.check_password(password)
        ):
            self.pending_user = user
            return ValidationError(
                _("Your account is not activated yet: enter the code we sent you, or ask for a new code."),
                code="unverified",
            )
        return super().get_invalid_login_error()


class OtpTokenForm(BootstrapMixin, forms.Form):
    token = forms.RegexField(
        label=_("6-digit code"),
        regex=r"^\d{6}$",
        max_length=6,
        strip=True,
        error_messages={"invalid": _("Enter the 6 digits shown in your authenticator app.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]{6}",
                "maxlength": "6",
                "autofocus": True,
                "class": "egov-otp-input",
            }
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).replace(" ", "")


class PasswordResetForm(BootstrapMixin, auth_forms.PasswordResetForm):
    """Sends the link through the notifications outbox instead of Django's mailer."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        self._style()

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        path = reverse(
            "accounts:password-reset-confirm", kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        try:
            services.password_reset_notify(
                user=context["user"],
                recipient=to_email,
                reset_url=f"{context['protocol']}://{context['domain']}{path}",
                token=context["token"],
                site_name=settings.EGOV_SITE_NAME,
            )
        except ValidationError:
            # Like Django's own send_mail: log it, and answer exactly as for an unknown address.
            logger.exception("Could not queue the password reset e-mail for user %s", context["user"].pk)


class SetPasswordForm(BootstrapMixin, auth_forms.SetPasswordForm):
    """The new password from the e-mailed link."""

    user: User

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()

    def save(self, commit: bool = True) -> User:
        return services.user_password_set(
            user=self.user, password=self.cleaned_data["new_password1"], actor=self.user, reset=True
        )


class PasswordChangeForm(BootstrapMixin, auth_forms.PasswordChangeForm):
    user: User

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()

    def save(self, commit: bool = True) -> User:
        return services.user_password_set(
            user=self.user, password=self.cleaned_data["new_password1"], actor=self.user
        )
