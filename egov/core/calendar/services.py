"""Writes to the working calendar: overrides are created and deleted here, never edited in place."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from egov.core.audit.services import audit_record
from egov.core.calendar import cache
from egov.core.calendar.models import CalendarOverride


def _snapshot(override: CalendarOverride) -> dict[str, Any]:
    return {
        "date": override.date.isoformat(),
        "kind": override.kind,
        "province_code": override.province_code,
        "reason": override.reason,
        "source_document": override.source_document,
    }


def calendar_override_create(
    *,
    actor: Any,
    date: date,
    kind: str,
    reason: str,
    source_document: str,
    province_code: int | None = None,
) -> CalendarOverride:
    """Declare a day off, a make-up working day or a local closure; raises ValidationError."""
    override = CalendarOverride(
        date=date,
        kind=kind,
        reason=reason.strip(),
        source_document=source_document.strip(),
        province_code=province_code,
    )
    override.full_clean()
    with transaction.atomic():
        override.save()
        audit_record(
            actor=actor,
            action="calendar_override.create",
            target=override,
            to_state=override.kind,
            reason=override.reason,
            data=_snapshot(override),
        )
        cache.invalidate()
        transaction.on_commit(cache.invalidate)
    return override


def calendar_override_delete(*, actor: Any, override: CalendarOverride, reason: str = "") -> None:
    """Withdraw an override; the calendar falls back to the package (or the national layer)."""
    with transaction.atomic():
        data = _snapshot(override)
        audit_record(
            actor=actor,
            action="calendar_override.delete",
            target=override,
            from_state=override.kind,
            reason=reason,
            data=data,
        )
        override.delete()
        cache.invalidate()
        transaction.on_commit(cache.invalidate)
