"""Who may download a document's file: whoever may see the document (documents_visible_to)."""

from __future__ import annotations

from typing import Any

from egov.core.files.models import StoredFile


def _pk(stored: StoredFile) -> int | None:
    try:
        return int(stored.owner_id)
    except ValueError:
        return None


def incoming_file_can_read(user: Any, stored: StoredFile) -> bool:
    from egov.documents.selectors import documents_visible_to

    pk = _pk(stored)
    return pk is not None and documents_visible_to(user=user).filter(pk=pk).exists()


def outgoing_file_can_read(user: Any, stored: StoredFile) -> bool:
    from egov.documents.selectors import outgoing_visible_to

    pk = _pk(stored)
    return pk is not None and outgoing_visible_to(user=user).filter(pk=pk).exists()
