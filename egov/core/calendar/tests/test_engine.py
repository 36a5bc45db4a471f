"""The pure engine on the package calendar, with no database (national calendar, no overrides)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from egov.core.calendar.cache import build_calendars
from egov.core.calendar.engine import (
    CalendarError,
    CalendarRangeError,
    NaiveDatetimeError,
    OfficeHours,
    WorkCalendar,
    parse_hhmm,
)

from .conftest import VN, at

CONFIG = (2020, 2035, (("07:30", "11:30"), ("13:30", "17:00")), "Asia/Ho_Chi_Minh", 8.0)


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return build_calendars(CONFIG, [])[0]


def test_parse_hhmm() -> None:
    assert parse_hhmm("15:00") == 15 * 3_600_000_000
    assert parse_hhmm(time(11, 30)) == parse_hhmm("11:30")
    for bad in ("15h", "25:00", "12:60", ""):
        with pytest.raises(CalendarError):
            parse_hhmm(bad)


def test_office_hours_must_be_increasing() -> None:
    assert OfficeHours.from_spec([("07:30", "11:30"), ("13:30", "17:00")]).capacity == 7.5 * 3_600_000_000
    with pytest.raises(CalendarError):
        OfficeHours.from_spec([("13:30", "17:00"), ("07:30", "11:30")])
    with pytest.raises(CalendarError):
        OfficeHours.from_spec([])


def test_weekdays_weekends_and_package_holidays(cal: WorkCalendar) -> None:
    assert cal.is_working_day(date(2026, 3, 9))  # Monday
    assert not cal.is_working_day(date(2026, 3, 14))  # Saturday
    assert not cal.is_working_day(date(2026, 3, 15))  # Sunday
    for day in range(16, 21):  # Tết 2026
        assert not cal.is_working_day(date(2026, 2, day))
    assert not cal.is_working_day(date(2026, 4, 27))  # Hùng Kings (Sun 26/04) moved to Monday
    assert not cal.is_working_day(date(2026, 11, 24))  # Culture Day
    assert cal.is_working_day(date(2026, 8, 22))  # make-up Saturday
    assert not cal.is_working_day(date(2026, 8, 31))  # its day off


def test_day_mode_starts_the_next_working_day(cal: WorkCalendar) -> None:
    # Accepted Fri 13/02/2026 10:00; Mon 16 – Fri 20 is Tết, then a weekend: 23, 24, 25 Feb.
    assert cal.add_working_days(at(2026, 2, 13, 10), 3) == at(2026, 2, 25, 17)
    # Accepted at 07:00 or at 16:59 on a Monday: the same due date, day 1 is Tuesday.
    assert cal.add_working_days(at(2026, 3, 9, 7), 1) == at(2026, 3, 10, 17)
    assert cal.add_working_days(at(2026, 3, 9, 16, 59), 1) == at(2026, 3, 10, 17)
    # Accepted on a Saturday: Monday is day 1.
    assert cal.add_working_days(at(2026, 3, 14, 9), 1) == at(2026, 3, 16, 17)


def test_hour_mode_crosses_lunch_and_nights(cal: WorkCalendar) -> None:
    assert cal.add_working_hours(at(2026, 3, 9, 10), 4) == at(2026, 3, 9, 16)
    assert cal.add_working_hours(at(2026, 3, 9, 16), 2) == at(2026, 3, 10, 8, 30)
    assert cal.add_working_hours(at(2026, 3, 9, 12), 1) == at(2026, 3, 9, 14, 30)  # lunch → 13:30
    assert cal.add_working_hours(at(2026, 3, 9, 6), 4) == at(2026, 3, 9, 11, 30)  # ends at session end
    assert cal.add_working_hours(at(2026, 3, 13, 16), 4) == at(2026, 3, 16, 10, 30)  # Fri → Mon
    assert cal.add_working_hours(at(2026, 2, 13, 16), 2) == at(2026, 2, 23, 8, 30)  # over Tết
    assert cal.add_working_hours(at(2026, 3, 9, 10), 0.25) == at(2026, 3, 9, 10, 15)
    assert cal.add_working_hours(at(2026, 3, 9, 10), 0) == at(2026, 3, 9, 10)


def test_working_time_between_is_the_inverse_of_adding_hours(cal: WorkCalendar) -> None:
    assert cal.working_time_between(at(2026, 3, 9, 10), at(2026, 3, 9, 16)) == timedelta(hours=4)
    assert cal.working_time_between(at(2026, 3, 9, 10), at(2026, 3, 10, 10)) == timedelta(hours=7.5)
    assert cal.working_time_between(at(2026, 2, 13, 10), at(2026, 2, 23, 10)) == timedelta(hours=7.5)
    assert cal.working_time_between(at(2026, 3, 10, 10), at(2026, 3, 9, 10)) == -timedelta(hours=7.5)
    assert cal.working_time_between(at(2026, 3, 14, 8), at(2026, 3, 15, 20)) == timedelta(0)
    start = at(2026, 4, 29, 9, 17)
    for hours in (0.5, 3, 7.5, 11, 40):
        assert cal.working_time_between(start, cal.add_working_hours(start, hours)) == timedelta(hours=hours)


def test_due_modes_and_monotonicity(cal: WorkCalendar) -> None:
    start = at(2026, 3, 9, 10)  # Monday
    assert cal.due(start, 8) == at(2026, 3, 10, 17)  # day mode
    assert cal.due(start, 16) == at(2026, 3, 11, 17)
    assert cal.due(start, 4) == at(2026, 3, 9, 16)  # hour mode from the acceptance instant
    assert cal.due(start, 12) == at(2026, 3, 11, 11, 30)  # 1 day, then 4 hours
    results = [cal.due(start, h / 2) for h in range(1, 97)]
    assert results == sorted(results)
    with pytest.raises(CalendarError):
        cal.due(start, 0)


def test_same_day_cutoff(cal: WorkCalendar) -> None:
    cutoff = parse_hhmm("15:00")
    assert cal.same_day_due(at(2026, 3, 12, 14, 59), cutoff) == at(2026, 3, 12, 17)
    assert cal.same_day_due(at(2026, 3, 12, 15), cutoff) == at(2026, 3, 13, 17)
    assert cal.same_day_due(at(2026, 3, 13, 16), cutoff) == at(2026, 3, 16, 17)  # Fri → Mon


def test_aware_inputs_in_other_zones_and_naive_refused(cal: WorkCalendar) -> None:
    utc = datetime(2026, 3, 9, 3, 0, tzinfo=UTC)  # 10:00 in Hà Nội
    assert cal.add_working_hours(utc, 4) == at(2026, 3, 9, 16)
    assert cal.add_working_hours(utc, 4).tzinfo == VN
    naive = datetime(2026, 3, 9, 10)  # noqa: DTZ001
    for call in (
        lambda: cal.add_working_days(naive, 1),
        lambda: cal.add_working_hours(naive, 1),
        lambda: cal.due(naive, 8),
        lambda: cal.same_day_due(naive, 0),
        lambda: cal.working_time_between(naive, at(2026, 3, 9, 10)),
        lambda: cal.is_working_day(naive),
    ):
        with pytest.raises(NaiveDatetimeError):
            call()


def test_outside_the_precomputed_years(cal: WorkCalendar) -> None:
    with pytest.raises(CalendarRangeError):
        cal.add_working_days(at(2040, 1, 2, 10), 1)
    with pytest.raises(CalendarRangeError):
        cal.add_working_days(at(2035, 12, 28, 10), 10)
    with pytest.raises(CalendarRangeError):
        cal.is_working_day(date(2019, 12, 31))
