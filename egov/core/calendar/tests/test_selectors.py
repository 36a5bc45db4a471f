"""The public API (selectors) on the national calendar of the package."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.utils import translation

from egov.core.calendar import selectors
from egov.core.calendar.selectors import (
    CalendarRangeError,
    NaiveDatetimeError,
    add_working_days,
    add_working_hours,
    due,
    is_working_day,
    makeup_working_days,
    next_working_day,
    non_working_days,
    working_time_between,
)

from .conftest import at

pytestmark = pytest.mark.django_db


def test_tet_2026_three_working_days() -> None:
    # Accepted Fri 13/02/2026 10:00: Tết is Mon 16 – Fri 20, then the weekend → Mon 23, Tue 24, Wed 25.
    assert due(start=at(2026, 2, 13, 10), hours=24) == at(2026, 2, 25, 17)
    assert add_working_days(start=at(2026, 2, 13, 10), n=3) == at(2026, 2, 25, 17)


def test_makeup_saturday_counts_and_its_monday_is_off() -> None:
    assert is_working_day(d=date(2026, 8, 22))
    assert not is_working_day(d=date(2026, 8, 31))
    assert due(start=at(2026, 8, 20, 10), hours=16) == at(2026, 8, 22, 17)  # Fri 21, Sat 22
    # Fri 28/08: Sat, Sun, Mon 31/08 (swapped), 1–2/09 National Day → Thu 03/09.
    assert due(start=at(2026, 8, 28, 10), hours=8) == at(2026, 9, 3, 17)


def test_hung_kings_moved_to_monday() -> None:
    assert not is_working_day(d=date(2026, 4, 26))
    assert not is_working_day(d=date(2026, 4, 27))
    assert due(start=at(2026, 4, 24, 9), hours=8) == at(2026, 4, 28, 17)


def test_deadline_over_30_april_and_1_may() -> None:
    assert next_working_day(d=date(2026, 4, 29)) == date(2026, 5, 4)
    # Accepted Wed 29/04: Thu 30/04 and Fri 01/05 off, weekend → Mon 04/05 (1), Tue 05/05 (2).
    assert due(start=at(2026, 4, 29, 10), hours=16) == at(2026, 5, 5, 17)


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (at(2026, 3, 12, 14, 59), at(2026, 3, 12, 17)),  # Thu before the cut-off: today
        (at(2026, 3, 12, 15, 0), at(2026, 3, 13, 17)),  # at the cut-off: next working day
        (at(2026, 3, 12, 16, 0), at(2026, 3, 13, 17)),
        (at(2026, 3, 13, 15, 30), at(2026, 3, 16, 17)),  # Friday after the cut-off → Monday
        (at(2026, 3, 14, 9, 0), at(2026, 3, 16, 17)),  # Saturday → Monday
        (at(2026, 2, 13, 15, 1), at(2026, 2, 23, 17)),  # Friday before Tết → after Tết
    ],
)
def test_same_day_cutoff_default(received: datetime, expected: datetime) -> None:
    assert due(start=received, hours=8, same_day=True) == expected


def test_same_day_cutoff_per_call_and_per_setting(settings) -> None:  # type: ignore[no-untyped-def]
    assert due(start=at(2026, 3, 12, 15, 30), hours=8, same_day=True, cutoff="16:00") == at(2026, 3, 12, 17)
    assert due(start=at(2026, 3, 12, 11), hours=8, same_day=True, cutoff=time(10, 30)) == at(2026, 3, 13, 17)
    settings.EGOV_SAME_DAY_CUTOFF = "14:00"
    assert due(start=at(2026, 3, 12, 14, 30), hours=8, same_day=True) == at(2026, 3, 13, 17)
    # Without same_day the cut-off is not used.
    assert due(start=at(2026, 3, 12, 14, 30), hours=8, cutoff="16:00") == at(2026, 3, 13, 17)


def test_hours_mode() -> None:
    assert due(start=at(2026, 3, 9, 10), hours=4) == at(2026, 3, 9, 16)  # crosses lunch
    assert due(start=at(2026, 3, 9, 16), hours=2) == at(2026, 3, 10, 8, 30)  # overnight
    assert add_working_hours(start=at(2026, 3, 13, 16), hours=4) == at(2026, 3, 16, 10, 30)
    assert due(start=at(2026, 3, 9, 10), hours=12) == at(2026, 3, 11, 11, 30)


def test_working_time_between() -> None:
    assert working_time_between(a=at(2026, 3, 9, 10), b=at(2026, 3, 10, 10)).total_seconds() == 7.5 * 3600
    assert working_time_between(a=at(2026, 4, 29, 16), b=at(2026, 5, 4, 8)).total_seconds() == 1.5 * 3600


def test_naive_datetime_refused() -> None:
    naive = datetime(2026, 3, 9, 10)  # noqa: DTZ001
    with pytest.raises(NaiveDatetimeError):
        due(start=naive, hours=8)
    with translation.override("en"), pytest.raises(ValueError, match="has no time zone"):
        add_working_hours(start=naive, hours=1)
    with translation.override("vi"), pytest.raises(ValueError, match="không có múi giờ"):
        working_time_between(a=naive, b=at(2026, 3, 9, 10))


def test_out_of_range() -> None:
    with pytest.raises(CalendarRangeError):
        due(start=at(2036, 1, 2, 10), hours=8)


def test_year_listing() -> None:
    with translation.override("vi"):
        days = dict(non_working_days(year=2026))
        makeup = makeup_working_days(year=2026)
    assert days[date(2026, 2, 17)] == "Tết Nguyên Đán"
    assert date(2026, 11, 24) in days
    assert date(2026, 4, 26) in days and date(2026, 4, 27) in days
    assert date(2026, 3, 14) not in days  # plain weekends are implied
    assert len(days) == 14
    assert [d for d, _ in makeup] == [date(2026, 8, 22)]
    assert "31/08/2026" in makeup[0][1]
    with translation.override("en"):
        assert dict(non_working_days(year=2026))[date(2026, 2, 17)] == "Lunar New Year"


def test_public_api_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        selectors.due(at(2026, 3, 9, 10), 8)  # type: ignore[misc]
