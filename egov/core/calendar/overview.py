"""Read models of a calendar year for people: the list of special days and twelve month grids."""

from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import get_language, gettext, pgettext_lazy

from egov.core.calendar.cache import get_calendar
from egov.core.calendar.engine import CalendarRangeError, DayNote, WorkCalendar
from egov.core.calendar.sources import HOLIDAY, package_names

WEEKDAYS_SHORT = (
    pgettext_lazy("weekday abbreviation", "Mon"),
    pgettext_lazy("weekday abbreviation", "Tue"),
    pgettext_lazy("weekday abbreviation", "Wed"),
    pgettext_lazy("weekday abbreviation", "Thu"),
    pgettext_lazy("weekday abbreviation", "Fri"),
    pgettext_lazy("weekday abbreviation", "Sat"),
    pgettext_lazy("weekday abbreviation", "Sun"),
)


@dataclass(frozen=True)
class DayEntry:
    day: date
    working: bool
    kind: str
    kind_label: str
    reason: str
    source_document: str

    @property
    def weekday_name(self) -> str:
        return str(WEEKDAYS[self.day.weekday()])

    @property
    def label(self) -> str:
        return f"{self.reason} ({self.source_document})" if self.source_document else self.reason


@dataclass(frozen=True)
class DayCell:
    day: date | None
    css: str = ""
    title: str = ""


@dataclass(frozen=True)
class MonthGrid:
    number: int
    name: str
    weeks: list[list[DayCell]]


def _package_language() -> str:
    return "en_US" if (get_language() or "vi").startswith("en") else "vi"


def kind_label(kind: str) -> str:
    from egov.core.calendar.models import CalendarOverride

    if kind == HOLIDAY:
        return gettext("Public holiday")
    return str(CalendarOverride.Kind(kind).label)


def _reason(day: date, note: DayNote, names: dict[date, str]) -> str:
    if note.from_package and note.kind == HOLIDAY:
        return names.get(day, note.reason)
    if note.from_package:
        if note.substitute_for is not None:
            return gettext("Make-up working day for the day off on %(date)s") % {
                "date": note.substitute_for.strftime("%d/%m/%Y")
            }
        return gettext("Make-up working day")
    return note.reason


def year_entries(*, year: int, province_code: int | None = None) -> list[DayEntry]:
    """The special days of `year`, sorted: holidays, days off, closures and make-up working days."""
    cal = get_calendar(province_code)
    if not cal.first_year <= year <= cal.last_year:
        raise CalendarRangeError(
            gettext("The year %(year)d is outside the working calendar (%(first)d–%(last)d).")
            % {"year": year, "first": cal.first_year, "last": cal.last_year}
        )
    names = package_names(cal.first_year, cal.last_year, _package_language())
    return [
        DayEntry(
            day=day,
            working=note.working,
            kind=note.kind,
            kind_label=kind_label(note.kind),
            reason=_reason(day, note, names),
            source_document=note.source_document,
        )
        for day, note in cal.notes_for_year(year)
    ]


def _cell(day: date, month: int, entries: dict[date, DayEntry], cal: WorkCalendar) -> DayCell:
    if day.month != month:
        return DayCell(None)
    working = cal.is_working_day(day)
    entry = entries.get(day)
    if entry is not None and not entry.working:
        return DayCell(day, "egov-day-off", entry.reason)
    if entry is not None and working and day.weekday() >= 5:
        return DayCell(day, "egov-day-makeup", entry.reason)
    if not working:
        return DayCell(day, "egov-day-weekend")
    return DayCell(day)


def year_overview(*, year: int, province_code: int | None = None) -> dict[str, Any]:
    """Context of the staff calendar page: 12 Monday-first month grids and the lists of days."""
    cal = get_calendar(province_code)
    entries = year_entries(year=year, province_code=province_code)
    by_day = {e.day: e for e in entries}
    weeks_of = pycalendar.Calendar(firstweekday=0).monthdatescalendar
    months = [
        MonthGrid(
            number=m,
            name=str(MONTHS[m]),
            weeks=[[_cell(d, m, by_day, cal) for d in week] for week in weeks_of(year, m)],
        )
        for m in range(1, 13)
    ]
    return {
        "year": year,
        "province_code": province_code,
        "months": months,
        "weekdays": [(str(short), str(WEEKDAYS[i])) for i, short in enumerate(WEEKDAYS_SHORT)],
        "non_working": [e for e in entries if not e.working],
        "makeup": [e for e in entries if e.working],
        "previous_year": year - 1 if year > cal.first_year else None,
        "next_year": year + 1 if year < cal.last_year else None,
        "provinces": province_choices(),
    }


def province_choices() -> list[tuple[int, str]]:
    """The 34 provinces (2025 codes) for the province selector."""
    from vietnam_provinces import Province

    return sorted(((int(p.code.value), p.name) for p in Province.iter_all()), key=lambda c: c[0])
