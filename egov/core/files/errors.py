"""Why an upload was refused, in words the uploader understands (Vietnamese first)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

MIB = 1024 * 1024
KIB = 1024

# Codes are stable and may be tested or logged; the messages are translated.
MESSAGES: dict[str, Any] = {
    "empty": _("The file “%(name)s” is empty."),
    "corrupt": _("The stored file “%(name)s” is damaged and cannot be reused. Upload it again."),
    "too_large": _("The file “%(name)s” exceeds the allowed size of %(limit)s."),
    "invalid": _("The file “%(name)s” is not a valid %(kind)s file."),
    "unsupported": _("The file “%(name)s” is not in a supported format. Accepted formats: %(kinds)s."),
    "not_allowed": _(
        "The file “%(name)s” is a %(kind)s file, which is not accepted here. Accepted formats: %(kinds)s."
    ),
    "extension_mismatch": _(
        "The file “%(name)s” is really a %(kind)s file, which does not match its extension. "
        "Rename it to end in .%(extension)s or choose the right file."
    ),
    "executable": _("The file “%(name)s” is a program or script; such files may not be uploaded."),
    "archive_too_large": _(
        "The file “%(name)s” unpacks to too much data or too many parts and cannot be accepted."
    ),
    "encrypted": _(
        "The file “%(name)s” is protected by a password, so it cannot be checked. "
        "Remove the password and upload it again."
    ),
    "macros": _(
        "The file “%(name)s” contains macros. Save it as an ordinary document without macros "
        "and upload it again."
    ),
    "virus": _("The file “%(name)s” contains malware (%(signature)s) and was refused."),
    "scanner_unavailable": _(
        "The virus scanner is not available, so the file “%(name)s” cannot be accepted right now. "
        "Please try again later."
    ),
}


class UploadRejected(ValidationError):
    """A refused upload. A ValidationError, so a form shows it next to the field.

    The message is translated when it is read (`str(exc)`, `exc.messages`), in the active language.
    """

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(MESSAGES[code], code=code, params=params)

    @property
    def user_message(self) -> str:
        return str(self.messages[0])

    def __str__(self) -> str:
        return self.user_message


def size_format(size: int) -> str:
    """'20 MB', '1,5 MB', '300 KB', '12 byte' (number format of the active language)."""
    for unit, factor in (("MB", MIB), ("KB", KIB)):
        if size >= factor:
            value = size / factor
            text = str(int(value)) if value == int(value) else number_format(round(value, 1), 1)
            return f"{text} {unit}"
    return ngettext("%(count)d byte", "%(count)d bytes", size) % {"count": size}
