"""Who may download a file attached to a dossier (components, result, authorisation document):
staff who can see the dossier, and the citizen account that owns it."""

from __future__ import annotations

from typing import Any

from egov.core.files.models import StoredFile


def dossier_file_can_read(user: Any, stored: StoredFile) -> bool:
    from egov.dossiers.selectors import dossiers_owned_by, dossiers_visible_to

    try:
        pk = int(stored.owner_id)
    except ValueError:
        return False
    if getattr(user, "kind", "") == "citizen":
        return dossiers_owned_by(user=user).filter(pk=pk).exists()
    return dossiers_visible_to(user=user).filter(pk=pk).exists()
