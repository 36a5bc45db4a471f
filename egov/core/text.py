"""Text normalisation: NFC storage and accent-insensitive folding for search."""

from __future__ import annotations

import unicodedata

_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(value: str) -> str:
    """Vietnamese text is stored NFC (composed), whatever the keyboard or browser sent."""
    return unicodedata.normalize("NFC", value)


def fold(value: str) -> str:
    """Fold for search: NFC → lower → strip combining marks → đ→d; whitespace collapsed.

    >>> fold("Đăng ký  Khai sinh")
    'dang ky khai sinh'
    """
    lowered = unicodedata.normalize("NFC", value).lower().translate(_FOLD_TABLE)
    decomposed = unicodedata.normalize("NFD", lowered)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())
