"""Cleaning the name a browser sent: the name is only ever shown and offered back on download."""

from __future__ import annotations

import re
import unicodedata

from egov.core.text import nfc

MAX_NAME_LENGTH = 255
_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
_SPACES = re.compile(r"\s+")
FALLBACK_NAME = "tep"


def filename_sanitise(raw: str) -> str:
    """NFC, no directories, no control or reserved characters, at most 255 characters.

    >>> filename_sanitise("C:\\\\Users\\\\a\\\\..\\\\Đơn  xin\\tphép.pdf")
    'Đơn xin phép.pdf'
    """
    name = nfc(raw or "")
    # Old browsers send a full path, with either separator.
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C") or ch in "\t ")
    name = _FORBIDDEN.sub("_", name)
    name = _SPACES.sub(" ", name).strip(" .")
    if not name:
        return FALLBACK_NAME
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: MAX_NAME_LENGTH - len(ext) - 1].rstrip(" .") + "." + ext
        else:
            name = name[:MAX_NAME_LENGTH].rstrip(" .")
    return name


def filename_extension(name: str) -> str:
    """The lower-case extension without the dot, or '' if there is none."""
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def filename_ascii(name: str) -> str:
    """An ASCII fallback for old download clients: marks stripped, đ→d, others replaced by '_'."""
    folded = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\' else "_" for ch in stripped)
