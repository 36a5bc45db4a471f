"""The 29 document types (seeded by migration 0002; this puts them back after a flush)."""

from __future__ import annotations

from egov.documents.models import DOCUMENT_TYPES, DocumentType


def document_types_ensure() -> int:
    """Create the missing types of Decree 30/2020 Art. 7; returns how many were created."""
    created = 0
    for position, (code, name, abbreviation) in enumerate(DOCUMENT_TYPES, start=1):
        _, made = DocumentType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "abbreviation": abbreviation,
                "has_abbreviation": bool(abbreviation),
                "position": position,
            },
        )
        created += made
    return created
