"""The file kinds egov accepts, with their canonical content type and allowed extensions."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models


class FileKind(models.TextChoices):
    """Labels are format names, the same in every language."""

    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"
    ODT = "odt", "ODT"


CONTENT_TYPES: dict[str, str] = {
    FileKind.PDF: "application/pdf",
    FileKind.JPEG: "image/jpeg",
    FileKind.PNG: "image/png",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.ODT: "application/vnd.oasis.opendocument.text",
}

# The first extension is the one suggested to the user.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    FileKind.PDF: ("pdf",),
    FileKind.JPEG: ("jpg", "jpeg"),
    FileKind.PNG: ("png",),
    FileKind.DOCX: ("docx",),
    FileKind.XLSX: ("xlsx",),
    FileKind.ODT: ("odt",),
}

ALL_KINDS: frozenset[str] = frozenset(FileKind.values)
IMAGE_KINDS: frozenset[str] = frozenset({FileKind.JPEG, FileKind.PNG})
DOCUMENT_KINDS: frozenset[str] = frozenset({FileKind.PDF, FileKind.DOCX, FileKind.ODT})
# Scanned papers of a dossier: PDF or a photo.
SCAN_KINDS: frozenset[str] = frozenset({FileKind.PDF, FileKind.JPEG, FileKind.PNG})


def kind_for_extension(extension: str) -> str | None:
    """The kind an extension (without the dot, any case) claims, or None if unknown."""
    ext = extension.lower()
    for kind, extensions in EXTENSIONS.items():
        if ext in extensions:
            return str(kind)
    return None


def kinds_normalise(kinds: Iterable[str] | None) -> frozenset[str]:
    """Validate a caller's allow-list; None means every kind. Unknown kinds are a programming error."""
    if kinds is None:
        return ALL_KINDS
    result = frozenset(str(k) for k in kinds)
    unknown = result - ALL_KINDS
    if unknown or not result:
        raise ValueError(f"Unknown or empty file kinds: {sorted(unknown)}")
    return result


def kinds_label(kinds: Iterable[str]) -> str:
    """'PDF, JPEG, PNG' in the order of FileKind."""
    wanted = set(kinds)
    return ", ".join(str(k.label) for k in FileKind if k.value in wanted)


def accept_attribute(kinds: Iterable[str]) -> str:
    """Value for <input type=file accept=…>: a hint to the browser only, never trusted."""
    wanted = set(kinds)
    return ",".join(f".{ext}" for k in FileKind if k.value in wanted for ext in EXTENSIONS[k])
