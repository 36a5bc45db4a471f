"""Where the working calendar comes from: the `holidays` package (VN), then admin overrides.

Layers, later wins for a date: package holidays and make-up Saturdays, national overrides,
province overrides. The package part is computed once per process (about 0.1 s).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import holidays

from egov.core.calendar.engine import DayNote

HOLIDAY = "holiday"
_SUBSTITUTED = re.compile(r"substituted from (\d{2})/(\d{2})/(\d{4})")


@dataclass(frozen=True)
class OverrideRow:
    """The fields of a `CalendarOverride` that shape the calendar."""

    date: date
    kind: str
    reason: str
    source_document: str
    province_code: int | None


def _vn(first_year: int, last_year: int, language: str) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=range(first_year, last_year + 1), language=language)


@lru_cache(maxsize=4)
def package_notes(first_year: int, last_year: int) -> dict[date, DayNote]:
    """Days off and make-up Saturdays of the package, with English names as reasons."""
    vn = _vn(first_year, last_year, "en_US")
    notes: dict[date, DayNote] = {}
    substitutes: dict[date, date] = {}
    for day in sorted(vn.keys()):
        name = "; ".join(vn.get_list(day))
        notes[day] = DayNote(working=False, kind=HOLIDAY, reason=name, from_package=True)
        match = _SUBSTITUTED.search(name)
        if match:
            month, dom, year = (int(g) for g in match.groups())
            substitutes[date(year, month, dom)] = day
    for day in sorted(getattr(vn, "weekend_workdays", ())):
        if first_year <= day.year <= last_year:
            notes[day] = DayNote(
                working=True,
                kind="makeup_working_day",
                reason="Make-up working day",
                from_package=True,
                substitute_for=substitutes.get(day),
            )
    return notes


@lru_cache(maxsize=8)
def package_names(first_year: int, last_year: int, language: str) -> dict[date, str]:
    """Names of the package's holidays in `language` ("vi" or "en_US")."""
    vn = _vn(first_year, last_year, language)
    return {day: "; ".join(vn.get_list(day)) for day in vn}


def _note(row: OverrideRow) -> DayNote:
    return DayNote(
        working=row.kind == "makeup_working_day",
        kind=row.kind,
        reason=row.reason,
        source_document=row.source_document,
    )


def layered_notes(
    *, first_year: int, last_year: int, overrides: Iterable[OverrideRow]
) -> dict[int | None, dict[date, DayNote]]:
    """Notes per province code (None = national). Provinces without overrides are absent."""
    national = dict(package_notes(first_year, last_year))
    per_province: dict[int, list[OverrideRow]] = {}
    for row in overrides:
        if row.province_code is None:
            national[row.date] = _note(row)
        else:
            per_province.setdefault(row.province_code, []).append(row)
    result: dict[int | None, dict[date, DayNote]] = {None: national}
    for code, rows in per_province.items():
        notes = dict(national)
        notes.update((row.date, _note(row)) for row in rows)
        result[code] = notes
    return result
