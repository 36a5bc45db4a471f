"""Reads: stored files, their bytes, and the permission-checked lookup for downloads."""

from __future__ import annotations

import uuid
from typing import Any, BinaryIO

from django.db import models

from egov.core.files.access import file_can_download
from egov.core.files.models import StoredFile
from egov.core.files.storage import storage_path


def file_open(stored: StoredFile) -> BinaryIO:
    """The stored bytes, opened for binary reading. The caller closes it (FileResponse does)."""
    return open(storage_path(stored.storage_name), "rb")


def file_get_for_download(*, user: Any, file_id: uuid.UUID) -> StoredFile | None:
    """The file if `user` may download it; None if it does not exist or they may not (same answer)."""
    stored = StoredFile.objects.filter(pk=file_id).first()
    if stored is None or not file_can_download(user, stored):
        return None
    return stored


def file_list_for_owner(*, owner: models.Model) -> models.QuerySet[StoredFile]:
    """Files attached to `owner`, oldest first."""
    return StoredFile.objects.filter(owner_type=owner._meta.label_lower, owner_id=str(owner.pk)).order_by(
        "created_at", "pk"
    )
