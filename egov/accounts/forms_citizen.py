"""Forms for citizen registration, one-time codes and the profile. Parsing only: the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from egov.accounts import selectors
from egov.accounts.forms import BootstrapMixin
from egov.accounts.models import User
from egov.org.models import AdminUnit


class RegisterForm(BootstrapMixin, forms.Form):
    contact = forms.CharField(
        label=_("E-mail address or mobile phone number"),
        max_length=254,
        help_text=_("We will send a 6-digit code to it to confirm that it is yours."),
        error_messages={"required": _("Enter your e-mail address or mobile phone number.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        error_messages={"required": _("Enter your full name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_("At least 10 characters; not only digits, not a common password, not like your name."),
        error_messages={"required": _("Choose a password.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        error_messages={"required": _("Enter the password again.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()

    def clean_contact(self) -> str:
        from egov.accounts.citizen_services import contact_parse

        raw = str(self.cleaned_data["contact"])
        contact_parse(raw)  # raises the Vietnamese message for a malformed contact
        return raw

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords do not match."))
        return data


class CodeForm(BootstrapMixin, forms.Form):
    code = forms.RegexField(
        label=_("6-digit code"),
        regex=r"^\d{6}$",
        max_length=12,
        strip=True,
        error_messages={
            "invalid": _("The code has exactly 6 digits."),
            "required": _("Enter the 6-digit code from the message."),
        },
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
        if args and args[0] is not None and "code" in args[0]:
            data = args[0].copy()
            data["code"] = "".join(str(data["code"]).split())
            args = (data, *args[1:])
        super().__init__(*args, **kwargs)
        self._style()


def phone_display(phone: str) -> str:
    """+84912345678 → 0912 345 678 (how Vietnamese numbers are written)."""
    if phone.startswith("+84") and len(phone) == 12:
        local = "0" + phone[3:]
        return f"{local[:4]} {local[4:7]} {local[7:]}"
    return phone


class UnitChoiceField(forms.ModelChoiceField[AdminUnit]):
    def label_from_instance(self, obj: AdminUnit) -> str:
        return obj.name


class ProfileForm(BootstrapMixin, forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    national_id = forms.CharField(
        label=_("Personal ID number"),
        max_length=20,
        required=False,
        help_text=_("The 12 digits on your chip-based citizen ID card (CCCD)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=_("dd/mm/yyyy"),
        error_messages={"invalid": _("Enter the date as dd/mm/yyyy, for example 05/09/1990.")},
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"autocomplete": "bday", "inputmode": "numeric"}),
    )
    email = forms.CharField(
        label=_("E-mail address"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Mobile phone number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    address_line = forms.CharField(
        label=_("House number, street, hamlet"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    province = UnitChoiceField(
        label=_("Province / city"),
        queryset=AdminUnit.objects.none(),
        required=False,
        empty_label=_("— Choose a province or city —"),
    )
    commune = UnitChoiceField(
        label=_("Commune / ward / special zone"),
        queryset=AdminUnit.objects.none(),
        required=False,
        empty_label=_("— Choose a commune or ward —"),
        error_messages={
            "invalid_choice": _(
                "Choose a commune, ward or special zone of the selected province; the list has been updated."
            )
        },
    )
    notify_email = forms.BooleanField(label=_("Send me notifications by e-mail"), required=False)
    notify_sms = forms.BooleanField(label=_("Send me notifications by SMS"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        # Also when bound: a disabled field takes its value from `initial`.
        commune = user.commune
        kwargs.setdefault(
            "initial",
            {
                "full_name": user.full_name,
                "national_id": user.national_id,
                "date_of_birth": user.date_of_birth,
                "email": user.email,
                "phone": phone_display(user.phone),
                "address_line": user.address_line,
                "province": commune.parent_id if commune else None,
                "commune": commune.pk if commune else None,
                "notify_email": user.notify_email,
                "notify_sms": user.notify_sms,
            },
        )
        super().__init__(*args, **kwargs)
        province_field: Any = self.fields["province"]
        province_field.queryset = selectors.provinces_current()
        commune_field: Any = self.fields["commune"]
        commune_field.queryset = selectors.communes_of(province_id=self.province_id())
        for name, value, verified in (
            ("email", user.email, user.email_verified_at),
            ("phone", user.phone, user.phone_verified_at),
        ):
            if value:
                self.fields[name].help_text = _("Verified.") if verified else _("Not verified yet.")
        if user.national_id_verified_at:
            self.fields["national_id"].disabled = True
            self.fields["national_id"].help_text = _("Confirmed by VNeID; it cannot be changed here.")
        self._style()
        for name in ("province", "commune"):
            widget = self.fields[name].widget
            widget.attrs["class"] = widget.attrs["class"].replace("form-control", "form-select")

    def province_id(self) -> str:
        if self.is_bound:
            value = self.data.get(self.add_prefix("province"), "")
        else:
            value = self.initial.get("province") or ""
        return str(value) if str(value).isdigit() else ""
