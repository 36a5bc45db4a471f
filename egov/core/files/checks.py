"""The one upload check, shared by the form field (before anything is stored) and file_store."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings

from egov.core.files.errors import UploadRejected, size_format
from egov.core.files.kinds import CONTENT_TYPES, EXTENSIONS, kind_for_extension, kinds_label, kinds_normalise
from egov.core.files.naming import filename_extension
from egov.core.files.sniffing import sniff


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    kind: str
    content_type: str


def upload_max_bytes(max_bytes: int | None = None) -> int:
    return int(max_bytes if max_bytes is not None else settings.EGOV_UPLOAD_MAX_BYTES)


def upload_check_size(*, name: str, size: int, max_bytes: int | None = None) -> None:
    """Refuse an empty file or one over the limit. Call it as early as the size is known."""
    limit = upload_max_bytes(max_bytes)
    if size <= 0:
        raise UploadRejected("empty", name=name)
    if size > limit:
        raise UploadRejected("too_large", name=name, limit=size_format(limit))


def upload_check(
    *,
    name: str,
    stream: BinaryIO,
    size: int,
    allowed_kinds: Iterable[str] | None = None,
    max_bytes: int | None = None,
) -> CheckedUpload:
    """Size, then content, then extension, then the caller's allow-list.

    `name` must already be sanitised (naming.filename_sanitise); `stream` is seekable and is left
    at its start.
    """
    allowed = kinds_normalise(allowed_kinds)
    upload_check_size(name=name, size=size, max_bytes=max_bytes)
    sniffed = sniff(stream)
    extension = filename_extension(name)
    claimed = kind_for_extension(extension)
    if sniffed.kind is None:
        if sniffed.problem:
            raise UploadRejected(sniffed.problem, name=name)
        if claimed is not None:
            raise UploadRejected("invalid", name=name, kind=kinds_label([claimed]))
        raise UploadRejected("unsupported", name=name, kinds=kinds_label(allowed))
    kind = sniffed.kind
    if kind not in allowed:
        raise UploadRejected("not_allowed", name=name, kind=kinds_label([kind]), kinds=kinds_label(allowed))
    if claimed != kind:
        raise UploadRejected(
            "extension_mismatch", name=name, kind=kinds_label([kind]), extension=EXTENSIONS[kind][0]
        )
    return CheckedUpload(name=name, kind=kind, content_type=CONTENT_TYPES[kind])
