"""The working-time API: the single place where deadlines are computed.

Every function takes keyword-only arguments and timezone-aware datetimes (naive ones raise
`NaiveDatetimeError`), and returns datetimes in settings.TIME_ZONE (Asia/Ho_Chi_Minh).
`province_code` is a 2025 province code; None means the national calendar. Computations run on a
precomputed in-process table (see `cache`): no database query per call.

    due(start=accepted_at, hours=procedure.duration_hours)                  # day or hour mode
    due(start=accepted_at, hours=8, same_day=True, cutoff=procedure.cutoff)  # rule 2
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

from django.conf import settings

from egov.core.calendar.cache import get_calendar
from egov.core.calendar.engine import (
    CalendarError,
    CalendarRangeError,
    NaiveDatetimeError,
    parse_hhmm,
)

__all__ = [
    "CalendarError",
    "CalendarRangeError",
    "NaiveDatetimeError",
    "add_working_days",
    "add_working_hours",
    "due",
    "is_working_day",
    "makeup_working_days",
    "next_working_day",
    "non_working_days",
    "working_time_between",
]

_parse_cutoff = lru_cache(maxsize=64)(parse_hhmm)


def is_working_day(*, d: date | datetime, province_code: int | None = None) -> bool:
    """Whether `d` is a working day (an aware datetime is taken in the local time zone)."""
    return get_calendar(province_code).is_working_day(d)


def next_working_day(*, d: date | datetime, province_code: int | None = None) -> date:
    """The first working day strictly after `d`."""
    return get_calendar(province_code).next_working_day(d)


def add_working_days(*, start: datetime, n: int, province_code: int | None = None) -> datetime:
    """End of office hours of the n-th working day after the day of `start` (rule 1)."""
    return get_calendar(province_code).add_working_days(start, n)


def add_working_hours(*, start: datetime, hours: float, province_code: int | None = None) -> datetime:
    """`hours` of office time after `start`, walking the morning and afternoon sessions."""
    return get_calendar(province_code).add_working_hours(start, hours)


def working_time_between(*, a: datetime, b: datetime, province_code: int | None = None) -> timedelta:
    """Office time between two instants (negative when `b` is before `a`)."""
    return get_calendar(province_code).working_time_between(a, b)


def due(
    *,
    start: datetime,
    hours: float,
    same_day: bool = False,
    cutoff: str | time | None = None,
    province_code: int | None = None,
) -> datetime:
    """The due instant of a procedure accepted at `start` with a duration in working hours.

    - `same_day` (rule 2): received on a working day before the cut-off (`cutoff`, default
      settings.EGOV_SAME_DAY_CUTOFF) → end of that day; otherwise end of the next working day.
      `hours` is not used then. `cutoff` is ignored when `same_day` is false.
    - whole multiples of settings.EGOV_HOURS_PER_WORKING_DAY: day mode (`add_working_days`);
    - less than one working day: hour mode from `start` (`add_working_hours`);
    - more, not a multiple: the whole days in day mode, then the rest in hour mode.
    """
    calendar = get_calendar(province_code)
    if same_day:
        return calendar.same_day_due(
            start, _parse_cutoff(settings.EGOV_SAME_DAY_CUTOFF if cutoff is None else cutoff)
        )
    return calendar.due(start, hours)


def non_working_days(*, year: int, province_code: int | None = None) -> list[tuple[date, str]]:
    """Holidays, days off and closures of `year` with their reasons; plain weekends are implied."""
    from egov.core.calendar.overview import year_entries

    return [(e.day, e.label) for e in year_entries(year=year, province_code=province_code) if not e.working]


def makeup_working_days(*, year: int, province_code: int | None = None) -> list[tuple[date, str]]:
    """Days worked although they would not be (make-up Saturdays, cancelled days off)."""
    from egov.core.calendar.overview import year_entries

    return [(e.day, e.label) for e in year_entries(year=year, province_code=province_code) if e.working]
