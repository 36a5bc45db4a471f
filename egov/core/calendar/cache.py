"""The in-process cache of precomputed calendars, one per province with overrides.

Computations never query the database. At most once per `CHECK_INTERVAL` seconds the cache reads
a fingerprint of the override table (row count and highest id, one indexed aggregate); when it
changed, the calendars are rebuilt from the package part (cached for the process) and the overrides.
Other processes thus see a change within a second. The override services also mark the cache dirty,
so the writing process checks on its very next computation (and keeps checking while it is inside a
transaction, so that a rollback is noticed too).

Overrides are never edited in place (the services delete and create), so count and highest id
change with every change of the table.
"""

from __future__ import annotations

import logging
import threading
import time as _time
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Max

from egov.core.calendar.engine import OfficeHours, WorkCalendar
from egov.core.calendar.sources import OverrideRow, layered_notes

logger = logging.getLogger(__name__)

CHECK_INTERVAL = 1.0

Fingerprint = tuple[int, int | None]


@dataclass
class _State:
    national: WorkCalendar
    calendars: dict[int | None, WorkCalendar]
    fingerprint: Fingerprint | None
    checked_at: float
    config: tuple[Any, ...] = field(default=())


_state: _State | None = None
# Set by the override services: check the table on every computation until outside a transaction.
_dirty = False
_lock = threading.Lock()


def _config() -> tuple[Any, ...]:
    first, last = settings.EGOV_CALENDAR_YEARS
    return (
        int(first),
        int(last),
        tuple(tuple(s) for s in settings.EGOV_OFFICE_HOURS),
        settings.TIME_ZONE,
        float(settings.EGOV_HOURS_PER_WORKING_DAY),
    )


def _query_fingerprint() -> Fingerprint:
    from egov.core.calendar.models import CalendarOverride

    row = CalendarOverride.objects.aggregate(n=Count("*"), last=Max("id"))
    return int(row["n"]), row["last"]


def _query_overrides() -> list[OverrideRow]:
    from egov.core.calendar.models import CalendarOverride

    return [
        OverrideRow(date=d, kind=k, reason=r, source_document=s, province_code=p)
        for d, k, r, s, p in CalendarOverride.objects.values_list(
            "date", "kind", "reason", "source_document", "province_code"
        )
    ]


def _read_database() -> tuple[Fingerprint, list[OverrideRow]] | None:
    """Fingerprint and overrides, or None when the database cannot be read (logged)."""
    try:
        if connection.in_atomic_block:
            with transaction.atomic():  # a savepoint: a failure must not break the caller's transaction
                return _query_fingerprint(), _query_overrides()
        return _query_fingerprint(), _query_overrides()
    except (DatabaseError, RuntimeError) as exc:  # RuntimeError: pytest-django's "no DB access"
        logger.warning("working calendar: overrides not readable, using the last known calendar: %s", exc)
        return None


def _check_fingerprint() -> Fingerprint | None:
    try:
        if connection.in_atomic_block:
            with transaction.atomic():
                return _query_fingerprint()
        return _query_fingerprint()
    except (DatabaseError, RuntimeError) as exc:
        logger.warning("working calendar: override fingerprint not readable: %s", exc)
        return None


def build_calendars(
    config: tuple[Any, ...], overrides: list[OverrideRow]
) -> tuple[WorkCalendar, dict[int | None, WorkCalendar]]:
    first, last, office_spec, tz_name, hours_per_day = config
    office = OfficeHours.from_spec(office_spec)
    tz = ZoneInfo(tz_name)
    layers = layered_notes(first_year=first, last_year=last, overrides=overrides)
    calendars = {
        code: WorkCalendar(
            first_year=first, last_year=last, notes=notes, office=office, tz=tz, hours_per_day=hours_per_day
        )
        for code, notes in layers.items()
    }
    return calendars[None], calendars


def _refresh(seen: _State | None, now: float) -> _State:
    global _state, _dirty
    with _lock:
        state = _state
        if state is not seen and state is not None and not _dirty and now - state.checked_at < CHECK_INTERVAL:
            return state  # another thread refreshed meanwhile
        config = _config()
        # Inside a transaction a change may still be rolled back: keep checking until outside one.
        keep_dirty = _dirty and connection.in_atomic_block
        if state is not None and state.config == config and state.fingerprint is not None:
            fingerprint = _check_fingerprint()
            if fingerprint is None or fingerprint == state.fingerprint:
                state.checked_at, _dirty = now, keep_dirty and fingerprint is not None
                return state
        data = _read_database()
        if data is None and state is not None and state.config == config:
            state.checked_at, _dirty = now, False  # retried after CHECK_INTERVAL
            return state
        fingerprint, overrides = data if data is not None else (None, [])
        national, calendars = build_calendars(config, overrides)
        _state = _State(national, calendars, fingerprint, now, config=config)
        _dirty = keep_dirty
        return _state


def get_calendar(province_code: int | None = None) -> WorkCalendar:
    """The current calendar of a province (or the nation); provinces without overrides share it."""
    state = _state
    now = _time.monotonic()
    if state is None or _dirty or now - state.checked_at >= CHECK_INTERVAL:
        state = _refresh(state, now)
    calendar = state.calendars.get(province_code)
    return state.national if calendar is None else calendar


def invalidate() -> None:
    """Make the next computation re-read the override table (called by the override services)."""
    global _dirty
    state = _state
    if state is not None:
        state.fingerprint = None  # rebuild, not only check: SQLite may reuse a rolled-back id
    _dirty = True


def reset() -> None:
    """Forget everything (tests, and a change of the calendar settings)."""
    global _state, _dirty
    with _lock:
        _state, _dirty = None, False
