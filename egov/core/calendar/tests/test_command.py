from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    with translation.override("vi"):
        call_command("calendar", *args, stdout=out)
    return out.getvalue()


def test_due_in_days() -> None:
    assert run("due", "--from", "2026-02-13T10:00", "--days", "3") == "2026-02-25T17:00:00+07:00\n"


def test_due_in_hours_and_half_days() -> None:
    assert run("due", "--from", "2026-03-09T10:00", "--hours", "4") == "2026-03-09T16:00:00+07:00\n"
    assert run("due", "--from", "2026-03-09T10:00", "--days", "0.5") == "2026-03-09T16:00:00+07:00\n"


def test_due_with_offset_input() -> None:
    assert run("due", "--from", "2026-03-09T03:00+00:00", "--hours", "4") == "2026-03-09T16:00:00+07:00\n"


def test_cutoff_implies_same_day() -> None:
    assert run("due", "--from", "2026-03-12T14:59", "--cutoff", "15:00") == "2026-03-12T17:00:00+07:00\n"
    assert run("due", "--from", "2026-03-13T15:00", "--cutoff", "15:00") == "2026-03-16T17:00:00+07:00\n"


def test_province_closure_is_used() -> None:
    from datetime import date

    from egov.core.calendar.services import calendar_override_create

    calendar_override_create(
        actor=None,
        date=date(2026, 3, 10),
        kind="local_closure",
        reason="Bão",
        source_document="QĐ 1/QĐ-UBND",
        province_code=79,
    )
    assert run("due", "--from", "2026-03-09T10:00", "--days", "1", "--province", "79").startswith(
        "2026-03-11T17"
    )
    assert run("due", "--from", "2026-03-09T10:00", "--days", "1").startswith("2026-03-10T17")


def test_year_listing() -> None:
    out = run("year", "2026")
    assert "16/02/2026  Thứ 2" in out
    assert "Giao thừa Tết Nguyên Đán" in out
    assert "27/04/2026" in out
    assert "14/03/2026" not in out
    makeup = out.split("Ngày làm việc bù")[1]
    assert "22/08/2026" in makeup


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("due", "--from", "13/03/2026", "--days", "3"), "Thời điểm bắt đầu"),
        (("due", "--from", "2026-03-13T10:00"), "--days"),
        (("due", "--from", "2026-03-13T10:00", "--days", "1", "--hours", "2"), "--days"),
        (("due", "--from", "2026-03-13T10:00", "--days", "0"), "phải lớn hơn 0"),
        (("due", "--from", "2026-03-13T10:00", "--cutoff", "3pm"), "GG:PP"),
        (("due", "--from", "2026-03-13T10:00", "--days", "1", "--province", "72"), "Mã tỉnh"),
        (("due", "--from", "2040-01-01T10:00", "--days", "1"), "ngoài lịch làm việc"),
        (("year", "2050"), "ngoài lịch làm việc"),
    ],
)
def test_bad_input_gives_a_vietnamese_error(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)
