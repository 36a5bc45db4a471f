from __future__ import annotations

import pytest
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from egov.core.ratelimit import parse_rate, rate_limit, ratelimit


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


def test_fixed_window_counts_per_key(time_machine) -> None:
    time_machine.move_to("2026-11-23 10:00:00+07:00", tick=False)
    assert [rate_limit("k", 2, 60) for _ in range(3)] == [True, True, False]
    assert rate_limit("other", 2, 60) is True
    time_machine.move_to("2026-11-23 10:01:00+07:00", tick=False)
    assert rate_limit("k", 2, 60) is True


def test_zero_limit_refuses() -> None:
    assert rate_limit("z", 0, 60) is False


@pytest.mark.parametrize(
    ("value", "expected"),
    [("30/m", (30, 60)), ("30/min", (30, 60)), ("100/h", (100, 3600)), ("5/10s", (5, 10)), ((7, 9), (7, 9))],
)
def test_parse_rate(value, expected) -> None:
    assert parse_rate(value) == expected


def test_parse_rate_rejects_garbage() -> None:
    with pytest.raises(ValueError):
        parse_rate("3/fortnight")


def test_decorator_answers_429_in_vietnamese_by_default() -> None:

    @ratelimit("t", 1, 60)
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    rf = RequestFactory()
    assert view(rf.get("/", REMOTE_ADDR="1.2.3.4")).status_code == 200
    response = view(rf.get("/", REMOTE_ADDR="1.2.3.4"))
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Vui lòng chờ" in response.content.decode()
    assert view(rf.get("/", REMOTE_ADDR="5.6.7.8")).status_code == 200


def test_decorator_reads_setting_at_request_time(settings) -> None:
    @ratelimit("s", 100, 60, setting="EGOV_TEST_RATE")
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    settings.EGOV_TEST_RATE = "1/m"
    rf = RequestFactory()
    assert view(rf.get("/")).status_code == 200
    assert view(rf.get("/")).status_code == 429
