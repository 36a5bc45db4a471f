"""Who may download a stored file.

The uploader and superusers always may. Otherwise the rule that the owning app registered for the
file's `owner_type` decides; a file whose owner type has no rule is downloadable by nobody else.

    # egov/dossiers/apps.py, in ready():
    register_file_access("dossiers.dossier", dossier_file_can_read)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from egov.core.files.models import StoredFile

AccessRule = Callable[[Any, "StoredFile"], bool]

_RULES: dict[str, AccessRule] = {}


def register_file_access(owner_type: str, rule: AccessRule) -> None:
    """Register the download rule for files attached to `owner_type` ('app_label.model').

    Registering the same rule twice is harmless; a second, different rule for the same owner type
    is a configuration error (one app must not silently widen another's access).
    """
    owner_type = owner_type.lower()
    current = _RULES.get(owner_type)
    if current is not None and current is not rule:
        raise ImproperlyConfigured(f"A file access rule is already registered for {owner_type!r}.")
    _RULES[owner_type] = rule


def unregister_file_access(owner_type: str) -> None:
    """For tests and app teardown."""
    _RULES.pop(owner_type.lower(), None)


def file_access_rule(owner_type: str) -> AccessRule | None:
    return _RULES.get(owner_type.lower()) if owner_type else None


def file_can_download(user: Any, stored: StoredFile) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if stored.uploaded_by_id is not None and stored.uploaded_by_id == user.pk:
        return True
    rule = file_access_rule(stored.owner_type)
    return bool(rule is not None and rule(user, stored))
