"""Django form fields for each e-form field type, and conversion to and from the JSON domain."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from egov.portal.eforms import schema as s
from egov.portal.eforms.units import commune_choices, province_of

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
_GROUPED_INT = re.compile(r"^[+-]?\d{1,3}([.\s]\d{3})+$")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
_PHONE = re.compile(r"^0(?:[35789]\d{8}|2\d{9})$")
_ID_NUMBER = re.compile(r"^\d{12}$")
_COMMUNE_CODE = re.compile(r"^\d{5}$")
_PATTERN_INPUT_MAX = 1000


def resolve_date(value: Any) -> date | None:
    """A schema date bound: "today" (evaluated now, Asia/Ho_Chi_Minh) or an ISO date."""
    if value == "today":
        return timezone.localdate()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def dmy(value: date) -> str:
    return value.strftime("%d/%m/%Y")


class EIntegerField(forms.IntegerField):
    """Also accepts Vietnamese thousands grouping: 1.500.000 or 1 500 000."""

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str) and _GROUPED_INT.match(value.strip()):
            value = re.sub(r"[.\s]", "", value.strip())
        return super().to_python(value)


class EDecimalField(forms.DecimalField):
    """Also accepts a decimal comma (12,5)."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str) and "," in value and "." not in value:
            value = value.replace(",", ".")
        return super().to_python(value)


class EEmailField(forms.EmailField):
    def clean(self, value: Any) -> str:
        address = super().clean(value)
        local, sep, domain = address.rpartition("@")
        return f"{local}@{domain.lower()}" if sep else address


class EPhoneField(forms.CharField):
    """A Vietnamese phone number (mobile or landline), stored as 0XXXXXXXXX."""

    def to_python(self, value: Any) -> str:
        text = _PHONE_SEPARATORS.sub("", super().to_python(value) or "")
        if text.startswith("+84"):
            text = "0" + text[3:]
        elif text.startswith("84") and len(text) in (11, 12):
            text = "0" + text[2:]
        return text

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and not _PHONE.match(value):
            raise ValidationError(_("Enter a Vietnamese phone number, for example 0912 345 678."), "phone")


class EIdNumberField(forms.CharField):
    """The 12-digit personal identification number (số định danh cá nhân)."""

    def to_python(self, value: Any) -> str:
        return re.sub(r"\s", "", super().to_python(value) or "")

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and not _ID_NUMBER.match(value):
            raise ValidationError(_("The personal identification number has exactly 12 digits."), "id_number")


class PatternValidator:
    def __init__(self, pattern: str, example: Any) -> None:
        self.regex = re.compile(pattern)
        # The example is quoted in the message only when it fits the pattern itself.
        fits = isinstance(example, str) and bool(self.regex.fullmatch(example))
        self.example = example if fits else None

    def __call__(self, value: str) -> None:
        if len(value) <= _PATTERN_INPUT_MAX and self.regex.fullmatch(value):
            return
        if isinstance(self.example, str) and self.example:
            message = _("Enter the value in the required format, for example %(example)s.") % {
                "example": self.example
            }
        else:
            message = _("Enter the value in the required format.")
        raise ValidationError(message, "pattern")


class DateBoundValidator:
    def __init__(self, bound: str, *, is_min: bool) -> None:
        self.bound, self.is_min = bound, is_min

    def __call__(self, value: date) -> None:
        limit = resolve_date(self.bound)
        if limit is None:
            return
        if self.is_min and value < limit:
            message = (
                _("The date cannot be in the past.")
                if self.bound == "today"
                else _("The date must be on or after %(limit)s.") % {"limit": dmy(limit)}
            )
            raise ValidationError(message, "min_value")
        if not self.is_min and value > limit:
            message = (
                _("The date cannot be in the future.")
                if self.bound == "today"
                else _("The date must be on or before %(limit)s.") % {"limit": dmy(limit)}
            )
            raise ValidationError(message, "max_value")


def _required_message(kind: str, label: str) -> str:
    if kind in (s.CHOICE, s.MULTICHOICE, s.ADMIN_UNIT):
        return _("Please choose “%(label)s”.") % {"label": label}
    if kind == s.BOOLEAN:
        return _("Please tick “%(label)s”.") % {"label": label}
    return _("Please fill in “%(label)s”.") % {"label": label}


def _length_messages() -> dict[str, str]:
    return {
        "min_length": _("Enter at least %(limit_value)d characters (you entered %(show_value)d)."),
        "max_length": _("Enter at most %(limit_value)d characters (you entered %(show_value)d)."),
    }


def _number_messages() -> dict[str, str]:
    return {
        "min_value": _("Enter a number of at least %(limit_value)s."),
        "max_value": _("Enter a number of at most %(limit_value)s."),
    }


def build_field(spec: dict[str, Any], *, db: bool = True) -> forms.Field:
    """The Django field for one schema field (required=False; the form sets `required`).
    With db=False an admin_unit field checks only the code format (no database query)."""
    kind = str(spec.get("type", s.TEXT))
    label = s.localized(spec, "label")
    # Help text is rendered by the engine's templates (with its own id), not by Django.
    common: dict[str, Any] = {"required": False, "label": label}
    messages: dict[str, str] = {"required": _required_message(kind, label)}
    field: forms.Field
    if kind in (s.TEXT, s.TEXTAREA):
        default_max = s.TEXT_MAX if kind == s.TEXT else s.TEXTAREA_MAX
        field = forms.CharField(
            min_length=spec.get("min_length"),
            max_length=spec.get("max_length", default_max),
            widget=forms.Textarea(attrs={"rows": 4}) if kind == s.TEXTAREA else forms.TextInput(),
            error_messages=messages | _length_messages(),
            **common,
        )
        if spec.get("pattern"):
            field.validators.append(PatternValidator(str(spec["pattern"]), spec.get("example")))
    elif kind == s.INTEGER:
        field = EIntegerField(
            min_value=spec.get("min"),
            max_value=spec.get("max"),
            widget=forms.TextInput(),
            error_messages=messages
            | _number_messages()
            | {"invalid": _("Enter a whole number, for example 12.")},
            **common,
        )
    elif kind == s.DECIMAL:
        field = EDecimalField(
            min_value=Decimal(str(spec["min"])) if "min" in spec else None,
            max_value=Decimal(str(spec["max"])) if "max" in spec else None,
            max_digits=20,
            widget=forms.TextInput(),
            error_messages=messages
            | _number_messages()
            | {"invalid": _("Enter a number, for example 12,5."), "max_digits": _("The number is too long.")},
            **common,
        )
    elif kind == s.DATE:
        field = forms.DateField(
            input_formats=DATE_INPUT_FORMATS,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            error_messages=messages | {"invalid": _("Enter a real date, for example 20/11/2026.")},
            **common,
        )
        for key, is_min in (("min", True), ("max", False)):
            if key in spec:
                field.validators.append(DateBoundValidator(str(spec[key]), is_min=is_min))
    elif kind == s.BOOLEAN:
        field = forms.BooleanField(error_messages=messages, **common)
    elif kind in (s.CHOICE, s.MULTICHOICE):
        choices = s.choice_list(spec)
        invalid = {"invalid_choice": _("Choose one of the options shown.")}
        if kind == s.MULTICHOICE:
            field = forms.MultipleChoiceField(
                choices=choices,
                widget=forms.CheckboxSelectMultiple(),
                error_messages=messages | invalid | {"invalid_list": _("Choose one of the options shown.")},
                **common,
            )
        elif spec.get("widget") == "radio":
            field = forms.ChoiceField(
                choices=choices, widget=forms.RadioSelect(), error_messages=messages | invalid, **common
            )
        else:
            field = forms.ChoiceField(
                choices=[("", _("— Choose —")), *choices], error_messages=messages | invalid, **common
            )
    elif kind == s.EMAIL:
        field = EEmailField(
            max_length=254,
            error_messages=messages
            | _length_messages()
            | {"invalid": _("Enter a valid e-mail address, for example ten@example.vn.")},
            **common,
        )
    elif kind == s.PHONE:
        field = EPhoneField(widget=forms.TextInput(attrs={"type": "tel"}), error_messages=messages, **common)
    elif kind == s.ID_NUMBER:
        field = EIdNumberField(error_messages=messages, **common)
    elif kind == s.ADMIN_UNIT:
        invalid = {"invalid_choice": _("Choose a commune or ward in force from the list.")}
        if db:
            choices = [("", _("— Choose —")), *commune_choices(province_of(spec))]
            field = forms.ChoiceField(choices=choices, error_messages=messages | invalid, **common)
        else:
            field = forms.RegexField(
                _COMMUNE_CODE, error_messages=messages | {"invalid": invalid["invalid_choice"]}
            )
    else:
        raise ValueError(f"unknown e-form field type {kind!r}")
    _set_widget_hints(field, spec, kind)
    return field


def _set_widget_hints(field: forms.Field, spec: dict[str, Any], kind: str) -> None:
    attrs = field.widget.attrs
    # No maxlength/minlength: the browser would cut pasted text silently; the server explains.
    attrs.pop("maxlength", None)
    attrs.pop("minlength", None)
    if kind in s.TYPE_INPUTMODE:
        attrs["inputmode"] = s.TYPE_INPUTMODE[kind]
    autocomplete = spec.get("autocomplete") or s.TYPE_AUTOCOMPLETE.get(kind)
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    if kind == s.DATE:
        for key in ("min", "max"):
            bound = resolve_date(spec.get(key))
            if bound is not None:
                attrs[key] = bound.isoformat()


def to_json(kind: str, value: Any) -> Any:
    """A cleaned Python value → its JSON form (dates ISO, decimals as strings); None when empty."""
    if value is None or value == "" or value == []:
        return None
    if kind == s.DATE and isinstance(value, date):
        return value.isoformat()
    if kind == s.DECIMAL and isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    if kind == s.MULTICHOICE:
        return [str(v) for v in value]
    return value


def display_value(kind: str, value: Any, spec: dict[str, Any], unit_names: dict[str, str]) -> str:
    """The JSON value as a person reads it (labels, Có/Không, dd/mm/yyyy, grouped numbers)."""
    if kind == s.BOOLEAN:
        return _("Yes") if value else _("No")
    if kind in (s.CHOICE, s.MULTICHOICE):
        labels = dict(s.choice_list(spec))
        items = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in items)
    if kind == s.DATE:
        parsed = resolve_date(value)
        return dmy(parsed) if parsed else str(value)
    if kind in (s.INTEGER, s.DECIMAL):
        try:
            number = Decimal(str(value))
            # Four-digit whole numbers are mostly years ("năm sinh 1994"): never "1.994".
            grouping = not (number == number.to_integral_value() and abs(number) < 10000)
            return str(formats.number_format(number, force_grouping=grouping))
        except ArithmeticError:
            return str(value)
    if kind == s.ADMIN_UNIT:
        return unit_names.get(str(value), str(value))
    return str(value)
