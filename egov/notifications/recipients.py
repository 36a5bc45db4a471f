"""Recipient validation and normalisation: e-mail addresses and Vietnamese mobile numbers."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

# Vietnamese mobile numbers: 0 + 9 digits whose first digit is 3, 5, 7, 8 or 9 (2018 numbering plan).
_VN_MOBILE = re.compile(r"^(?:\+84|84|0)([35789]\d{8})$")
_SEPARATORS = re.compile(r"[\s.\-()]")


def phone_normalize(value: str) -> str:
    """Return a Vietnamese mobile number in E.164 form (+84…), or raise ValidationError.

    Accepts 0912 345 678, 0912.345.678, +84912345678 and 84912345678.
    """
    compact = _SEPARATORS.sub("", value.strip())
    match = _VN_MOBILE.match(compact)
    if match is None:
        raise ValidationError(
            _("“%(value)s” is not a valid Vietnamese mobile number (for example 0912 345 678).")
            % {"value": value},
            code="invalid_phone",
        )
    return f"+84{match.group(1)}"


def email_normalize(value: str) -> str:
    """Return the address trimmed, with the domain lower-cased, or raise ValidationError."""
    address = value.strip()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError(
            _("“%(value)s” is not a valid e-mail address.") % {"value": value},
            code="invalid_email",
        ) from None
    local, _sep, domain = address.rpartition("@")
    return f"{local}@{domain.lower()}"


def recipient_normalize(*, channel: str, recipient: str) -> str:
    """Validate a recipient for the channel and return its canonical form."""
    if channel == "email":
        return email_normalize(recipient)
    if channel == "sms":
        return phone_normalize(recipient)
    raise ValidationError(_("Unknown channel “%(value)s”.") % {"value": channel}, code="invalid_channel")
