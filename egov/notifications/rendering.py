"""Message templates: `notifications/<template>/subject.txt` + `body.txt` (+ optional `body.html`)
for e-mail and `notifications/<template>/sms.txt` for SMS, rendered in Vietnamese.

SMS length (decision): Vietnamese text keeps its diacritics. Most of them are outside the GSM 03.38
alphabet, so such a message is sent as UCS-2: 70 characters in one SMS, 67 per part when
concatenated (GSM-7 text: 160, or 153 per part). The whole text goes to the gateway, which splits
and concatenates it; we count the parts, log a warning above one part and refuse a text longer
than `SMS_MAX_PARTS` parts when the message is enqueued.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import translation
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

RENDER_LANGUAGE = "vi"
SMS_MAX_PARTS = 3
TEMPLATE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,99}$")

# GSM 03.38 default alphabet (one septet each) and its extension table (two septets: ESC + char).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")


@dataclass(frozen=True)
class SmsLength:
    encoding: str  # "gsm7" or "ucs2"
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    parts: int


@dataclass(frozen=True)
class RenderedMessage:
    subject: str = ""
    body: str = ""
    html: str | None = None
    sms_text: str = ""


def sms_length(text: str) -> SmsLength:
    """How many SMS parts `text` needs, and in which encoding."""
    if all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text):
        units = sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)
        single, multi, encoding = 160, 153, "gsm7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, "ucs2"
    parts = 1 if units <= single else -(-units // multi)
    return SmsLength(encoding=encoding, units=units, parts=parts)


def template_validate(*, channel: str, template: str) -> None:
    """Raise ValidationError unless the template name is well-formed and its files exist."""
    if not TEMPLATE_NAME.match(template):
        raise ValidationError(
            _("“%(value)s” is not a valid message template name.") % {"value": template},
            code="invalid_template",
        )
    names = ["sms.txt"] if channel == "sms" else ["subject.txt", "body.txt"]
    for name in names:
        try:
            get_template(f"notifications/{template}/{name}")
        except TemplateDoesNotExist:
            raise ValidationError(
                _("The message template “%(value)s” does not exist for this channel.") % {"value": template},
                code="unknown_template",
            ) from None


def _render(path: str, context: dict[str, Any]) -> str:
    return unicodedata.normalize("NFC", get_template(path).render(context))


def _optional(path: str, context: dict[str, Any]) -> str | None:
    try:
        return _render(path, context)
    except TemplateDoesNotExist:
        return None


def message_render(*, channel: str, template: str, context: dict[str, Any]) -> RenderedMessage:
    """Render a message in Vietnamese.

    Raises TemplateDoesNotExist, or ValidationError when an SMS needs more than SMS_MAX_PARTS parts.
    """
    base = f"notifications/{template}"
    with translation.override(RENDER_LANGUAGE):
        if channel == "sms":
            text = " ".join(_render(f"{base}/sms.txt", context).split())
            length = sms_length(text)
            if length.parts > SMS_MAX_PARTS:
                raise ValidationError(
                    _("The SMS text needs %(parts)d parts; at most %(max)d are allowed.")
                    % {"parts": length.parts, "max": SMS_MAX_PARTS},
                    code="sms_too_long",
                )
            if length.parts > 1:
                log.warning(
                    "SMS template %s needs %d parts (%s, %d units)",
                    template,
                    length.parts,
                    length.encoding,
                    length.units,
                )
            return RenderedMessage(sms_text=text)
        # Subject: one line, whatever line breaks the template has (header injection is impossible).
        subject = " ".join(_render(f"{base}/subject.txt", context).split())
        body = _render(f"{base}/body.txt", context).strip() + "\n"
        html = _optional(f"{base}/body.html", context)
        return RenderedMessage(subject=subject, body=body, html=html)
