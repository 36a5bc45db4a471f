"""Working-time arithmetic on a precomputed table: no database, no settings, O(1) per operation.

A `WorkCalendar` covers whole years. It keeps the sorted ordinals of the working days, and for
every day of the range the index of the first working day on or after it. Office time is counted
in integer microseconds, so that "office time elapsed since the start of the table" is a simple
function F(instant) = index of the day x office capacity + office time elapsed that day, and
adding working hours is F's inverse. All instants must be timezone-aware; results are in the
calendar's time zone.

Semantics (DOMAIN §1.5, rules 1 and 2):

- Day mode, `add_working_days(start, n)`: counting starts on the working day after the day of
  `start` (whatever the hour); the result is the end of office hours of the n-th working day.
- Hour mode, `add_working_hours(start, h)`: walks the office sessions from `start`; an instant
  outside office hours starts at the next session; a walk that ends exactly at the end of a session
  returns that end (11:30, not 13:30).
- `due(start, hours)`: whole multiples of a working day use day mode; less than a day uses hour
  mode; more than a day but not a multiple counts the whole days first (day mode) and then the
  remainder in hour mode, so that the due date never decreases as the duration grows.
- `same_day_due(start, cutoff)`: received on a working day before the cut-off, due at the end of
  that day; otherwise at the end of the next working day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import NamedTuple

from django.utils.translation import gettext as _

US_PER_MINUTE = 60_000_000
US_PER_HOUR = 3_600_000_000
US_PER_DAY = 24 * US_PER_HOUR
_EPSILON_HOURS = 1e-9


class CalendarError(ValueError):
    """Bad input to the working calendar."""


class NaiveDatetimeError(CalendarError):
    """A naive datetime was given: the calendar only accepts timezone-aware instants."""


class CalendarRangeError(CalendarError):
    """The computation leaves the years for which the calendar is precomputed."""


class DayNote(NamedTuple):
    """Why a day differs from the plain Mon–Fri rule (or is a holiday on a weekend)."""

    working: bool
    kind: str  # "holiday" (package), "makeup_working_day", "day_off", "local_closure"
    reason: str  # the package's English name, or the override's reason
    source_document: str = ""
    from_package: bool = False
    substitute_for: date | None = None  # package make-up Saturdays: the weekday given off instead


def parse_hhmm(value: str | time) -> int:
    """'15:00' or time(15, 0) → microseconds since midnight."""
    if isinstance(value, time):
        return (value.hour * 60 + value.minute) * US_PER_MINUTE + value.second * 1_000_000 + value.microsecond
    try:
        hh, mm = str(value).strip().split(":")
        hour, minute = int(hh), int(mm)
    except ValueError:
        raise CalendarError(_("Invalid time %(value)r: use HH:MM, e.g. 15:00.") % {"value": value}) from None
    if not (0 <= hour <= 24 and 0 <= minute < 60) or hour * 60 + minute > 24 * 60:
        raise CalendarError(_("Invalid time %(value)r: use HH:MM, e.g. 15:00.") % {"value": value})
    return (hour * 60 + minute) * US_PER_MINUTE


@dataclass(frozen=True)
class OfficeHours:
    """Office sessions of a working day, in microseconds since midnight, sorted and disjoint."""

    sessions: tuple[tuple[int, int], ...]

    @classmethod
    def from_spec(cls, spec: Iterable[tuple[str, str] | list[str]]) -> OfficeHours:
        sessions = tuple((parse_hhmm(start), parse_hhmm(end)) for start, end in spec)
        if not sessions:
            raise CalendarError(_("Office hours are empty."))
        previous_end = 0
        for start, end in sessions:
            if not previous_end <= start < end <= US_PER_DAY:
                raise CalendarError(_("Office hours must be increasing, disjoint sessions."))
            previous_end = end
        return cls(sessions)

    @property
    def capacity(self) -> int:
        return sum(end - start for start, end in self.sessions)

    @property
    def day_end(self) -> int:
        return self.sessions[-1][1]

    def elapsed(self, t: int) -> int:
        """Office time of a working day that lies before time-of-day `t`."""
        total = 0
        for start, end in self.sessions:
            if t <= start:
                break
            total += (t if t < end else end) - start
        return total

    def instant(self, within: int) -> int:
        """Time of day at which `within` (0 < within ≤ capacity) of office time is used up."""
        for start, end in self.sessions:
            length = end - start
            if within <= length:
                return start + within
            within -= length
        return self.day_end


def _local(value: datetime, tz: tzinfo) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(
            _("The date-time %(value)s has no time zone.") % {"value": value.isoformat()}
        )
    return value.astimezone(tz)


def _time_of_day(local: datetime) -> int:
    return (local.hour * 60 + local.minute) * US_PER_MINUTE + local.second * 1_000_000 + local.microsecond


class WorkCalendar:
    """The working days of `first_year`..`last_year` for one province (or the nation)."""

    def __init__(
        self,
        *,
        first_year: int,
        last_year: int,
        notes: Mapping[date, DayNote],
        office: OfficeHours,
        tz: tzinfo,
        hours_per_day: float,
    ) -> None:
        if first_year > last_year:
            raise CalendarError(_("The calendar needs at least one year."))
        if hours_per_day <= 0:
            raise CalendarError(_("A working day must have a positive number of hours."))
        self.first_year, self.last_year = first_year, last_year
        self.office, self.tz, self.hours_per_day = office, tz, float(hours_per_day)
        self.notes: dict[date, DayNote] = {
            d: n for d, n in notes.items() if first_year <= d.year <= last_year
        }
        by_ordinal = {d.toordinal(): n.working for d, n in self.notes.items()}
        self._first = date(first_year, 1, 1).toordinal()
        self._ndays = date(last_year, 12, 31).toordinal() - self._first + 1
        self._capacity = office.capacity
        working: list[int] = []
        next_index: list[int] = []
        for o in range(self._first, self._first + self._ndays):
            next_index.append(len(working))
            is_working = by_ordinal.get(o, (o - 1) % 7 < 5)  # ordinal 1 (0001-01-01) is a Monday
            if is_working:
                working.append(o)
        # next_index[i] = working days before day i = index of the first working day on or after it.
        next_index.append(len(working))
        self._working = working
        self._next = next_index
        self._index = {o: k for k, o in enumerate(working)}
        self._midnights = [datetime.combine(date.fromordinal(o), time(0), tz) for o in working]
        end = timedelta(microseconds=office.day_end)
        self._ends = [m + end for m in self._midnights]

    # -- lookups ----------------------------------------------------------------------------------

    def _day_index(self, o: int) -> int:
        i = o - self._first
        if not 0 <= i < self._ndays:
            raise CalendarRangeError(
                _("The date %(day)s is outside the working calendar (%(first)d–%(last)d).")
                % {
                    "day": date.fromordinal(o).strftime("%d/%m/%Y"),
                    "first": self.first_year,
                    "last": self.last_year,
                }
            )
        return i

    def _working_at(self, k: int) -> int:
        if k >= len(self._working):
            raise CalendarRangeError(
                _("The result falls after the end of the working calendar (%(last)d).")
                % {"last": self.last_year}
            )
        return k

    def _date_ordinal(self, d: date) -> int:
        if isinstance(d, datetime):
            d = _local(d, self.tz).date()
        return d.toordinal()

    def is_working_day(self, d: date) -> bool:
        o = self._date_ordinal(d)
        self._day_index(o)
        return o in self._index

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after `d`."""
        i = self._day_index(self._date_ordinal(d))
        return date.fromordinal(self._working[self._working_at(self._next[i + 1])])

    def office_elapsed(self, instant: datetime) -> int:
        """F(instant): office microseconds from the start of the table to `instant`."""
        local = _local(instant, self.tz)
        o = local.toordinal()
        k = self._next[self._day_index(o)]
        base = k * self._capacity
        if k < len(self._working) and self._working[k] == o:
            return base + self.office.elapsed(_time_of_day(local))
        return base

    # -- arithmetic -------------------------------------------------------------------------------

    def add_working_days(self, start: datetime, n: int) -> datetime:
        if n < 1 or int(n) != n:
            raise CalendarError(_("The number of working days must be a whole number of at least 1."))
        o = _local(start, self.tz).toordinal()
        k = self._next[self._day_index(o) + 1] + int(n) - 1
        return self._ends[self._working_at(k)]

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        if hours < 0:
            raise CalendarError(_("The number of working hours cannot be negative."))
        amount = round(hours * US_PER_HOUR)
        if amount == 0:
            return _local(start, self.tz)
        k, within = divmod(self.office_elapsed(start) + amount - 1, self._capacity)
        return self._midnights[self._working_at(k)] + timedelta(microseconds=self.office.instant(within + 1))

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Office time from `a` to `b` (negative when b is before a)."""
        return timedelta(microseconds=self.office_elapsed(b) - self.office_elapsed(a))

    def same_day_due(self, start: datetime, cutoff: int) -> datetime:
        local = _local(start, self.tz)
        o = local.toordinal()
        i = self._day_index(o)
        k = self._next[i]
        if k < len(self._working) and self._working[k] == o and _time_of_day(local) < cutoff:
            return self._ends[k]
        return self._ends[self._working_at(self._next[i + 1])]

    def due(self, start: datetime, hours: float) -> datetime:
        """Due instant of a duration stored in working hours (see the module docstring)."""
        if hours <= 0:
            raise CalendarError(_("The duration must be a positive number of working hours."))
        days, rest = divmod(hours, self.hours_per_day)
        if self.hours_per_day - rest < _EPSILON_HOURS:
            days, rest = days + 1, 0.0
        if rest < _EPSILON_HOURS:
            return self.add_working_days(start, int(days))
        if days >= 1:
            start = self.add_working_days(start, int(days))
        return self.add_working_hours(start, rest)

    # -- listings ---------------------------------------------------------------------------------

    def notes_for_year(self, year: int) -> list[tuple[date, DayNote]]:
        return sorted((d, n) for d, n in self.notes.items() if d.year == year)
