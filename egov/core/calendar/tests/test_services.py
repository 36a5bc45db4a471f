"""Overrides: precedence over the package, per province, audit, and cache invalidation."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from egov.core.audit.models import AuditEvent
from egov.core.calendar import cache
from egov.core.calendar.models import CalendarOverride
from egov.core.calendar.selectors import due, is_working_day, makeup_working_days, non_working_days
from egov.core.calendar.services import calendar_override_create, calendar_override_delete

from .conftest import at

pytestmark = pytest.mark.django_db

HCM, HANOI = 79, 1


SHIPPED_CHECK_INTERVAL = cache.CHECK_INTERVAL  # read at import, before any test patches it


def _create(day: date, kind: str, province_code: int | None = None) -> CalendarOverride:
    return calendar_override_create(
        actor=None,
        date=day,
        kind=kind,
        reason="Lý do thử",
        source_document="Thông báo 6150/TB-BNV",
        province_code=province_code,
    )


def test_day_off_on_a_normal_weekday() -> None:
    assert is_working_day(d=date(2026, 3, 11))
    _create(date(2026, 3, 11), "day_off")
    assert not is_working_day(d=date(2026, 3, 11))
    assert not is_working_day(d=date(2026, 3, 11), province_code=HCM)  # national: every province
    assert due(start=at(2026, 3, 10, 10), hours=8) == at(2026, 3, 12, 17)
    assert (date(2026, 3, 11), "Lý do thử (Thông báo 6150/TB-BNV)") in non_working_days(year=2026)


def test_national_makeup_day_and_cancelled_holiday() -> None:
    _create(date(2026, 3, 14), "makeup_working_day")  # a Saturday
    _create(date(2026, 11, 24), "makeup_working_day")  # overrides the package's Culture Day
    assert is_working_day(d=date(2026, 3, 14))
    assert is_working_day(d=date(2026, 11, 24))
    assert due(start=at(2026, 3, 13, 10), hours=8) == at(2026, 3, 14, 17)
    assert [d for d, _ in makeup_working_days(year=2026)] == [
        date(2026, 3, 14),
        date(2026, 8, 22),
        date(2026, 11, 24),
    ]


def test_local_closure_affects_only_its_province() -> None:
    _create(date(2026, 3, 12), "local_closure", province_code=HCM)
    assert not is_working_day(d=date(2026, 3, 12), province_code=HCM)
    assert is_working_day(d=date(2026, 3, 12), province_code=HANOI)
    assert is_working_day(d=date(2026, 3, 12))
    assert due(start=at(2026, 3, 11, 10), hours=8, province_code=HCM) == at(2026, 3, 13, 17)
    assert due(start=at(2026, 3, 11, 10), hours=8, province_code=HANOI) == at(2026, 3, 12, 17)


def test_province_override_wins_over_national() -> None:
    _create(date(2026, 3, 11), "day_off")
    _create(date(2026, 3, 11), "makeup_working_day", province_code=HANOI)
    assert is_working_day(d=date(2026, 3, 11), province_code=HANOI)
    assert not is_working_day(d=date(2026, 3, 11), province_code=HCM)


def test_validation() -> None:
    with pytest.raises(ValidationError):
        _create(date(2026, 3, 12), "local_closure")  # needs a province
    with pytest.raises(ValidationError):
        _create(date(2026, 3, 12), "day_off", province_code=72)  # not a 2025 code
    with pytest.raises(ValidationError):
        calendar_override_create(
            actor=None, date=date(2026, 3, 12), kind="day_off", reason=" ", source_document="TB 1"
        )
    _create(date(2026, 3, 12), "day_off")
    with pytest.raises(ValidationError):
        _create(date(2026, 3, 12), "day_off")  # one national change per date
    _create(date(2026, 3, 12), "day_off", province_code=HCM)  # a province may add its own
    assert CalendarOverride.objects.count() == 2


def test_create_and_delete_are_audited() -> None:
    override = _create(date(2026, 3, 11), "day_off")
    pk = str(override.pk)
    calendar_override_delete(actor=None, override=override, reason="Nhập nhầm")
    actions = list(AuditEvent.objects.values_list("action", "object_id", "reason"))
    assert actions == [
        ("calendar_override.create", pk, "Lý do thử"),
        ("calendar_override.delete", pk, "Nhập nhầm"),
    ]
    assert not CalendarOverride.objects.exists()


def test_cache_is_invalidated_by_the_services() -> None:
    start = at(2026, 3, 10, 10)
    assert due(start=start, hours=8) == at(2026, 3, 11, 17)  # cached now
    override = _create(date(2026, 3, 11), "day_off")
    assert due(start=start, hours=8) == at(2026, 3, 12, 17)
    calendar_override_delete(actor=None, override=override)
    assert due(start=start, hours=8) == at(2026, 3, 11, 17)


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


def test_changes_from_another_process_are_seen_within_a_second(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = _Clock()
    monkeypatch.setattr(cache, "_time", clock)
    monkeypatch.setattr(cache, "CHECK_INTERVAL", SHIPPED_CHECK_INTERVAL)  # the root conftest holds it off
    start = at(2026, 3, 10, 10)
    assert due(start=start, hours=8) == at(2026, 3, 11, 17)
    # Another process writes (simulated: a row without this process's services).
    CalendarOverride.objects.create(date=date(2026, 3, 11), kind="day_off", reason="x", source_document="y")
    clock.now += 0.5
    assert due(start=start, hours=8) == at(2026, 3, 11, 17)  # still the cached table
    clock.now += 0.6
    assert due(start=start, hours=8) == at(2026, 3, 12, 17)


def test_no_query_per_computation(django_assert_num_queries, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cache, "_time", _Clock())  # a slow machine must not reach the 1-second check
    due(start=at(2026, 3, 10, 10), hours=8)  # builds the table
    with django_assert_num_queries(0):
        for hour in range(7, 17):
            due(start=at(2026, 3, 10, hour), hours=8)
            due(start=at(2026, 3, 10, hour), hours=3)
            due(start=at(2026, 3, 10, hour), hours=8, same_day=True)


def test_a_rolled_back_override_is_forgotten() -> None:
    start = at(2026, 3, 10, 10)
    with pytest.raises(RuntimeError), transaction.atomic():
        _create(date(2026, 3, 11), "day_off")
        assert due(start=start, hours=8) == at(2026, 3, 12, 17)
        raise RuntimeError("rollback")
    assert due(start=start, hours=8) == at(2026, 3, 11, 17)
