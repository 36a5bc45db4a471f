"""Vietnamese date and time wording for printed forms (Decree 30/2020 Annex I: days below 10 and
months 1 and 2 take a leading zero). Times are shown in Asia/Ho_Chi_Minh."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BLANK = "…"


def local(value: datetime) -> datetime:
    return value.astimezone(VN_TZ)


def _day_month(d: date) -> tuple[str, str]:
    day = f"{d.day:02d}" if d.day < 10 else str(d.day)
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return day, month


def _as_date(value: date | datetime) -> date:
    return local(value).date() if isinstance(value, datetime) else value


def date_phrase(value: date | datetime | None) -> str:
    """'ngày 23 tháng 11 năm 2026'; blanks when unknown."""
    if value is None:
        return f"ngày {BLANK} tháng {BLANK} năm {BLANK}"
    d = _as_date(value)
    day, month = _day_month(d)
    return f"ngày {day} tháng {month} năm {d.year}"


def datetime_phrase(value: datetime | None) -> str:
    """'08 giờ 30 phút, ngày 23 tháng 11 năm 2026' (Form 01 wording)."""
    if value is None:
        return f"{BLANK} giờ {BLANK} phút, {date_phrase(None)}"
    t = local(value)
    return f"{t:%H} giờ {t:%M} phút, {date_phrase(t)}"


def date_short(value: date | datetime | None) -> str:
    """'23/11/2026'."""
    return "" if value is None else f"{_as_date(value):%d/%m/%Y}"


def datetime_short(value: datetime | None) -> str:
    """'08:30 23/11/2026'."""
    return "" if value is None else f"{local(value):%H:%M %d/%m/%Y}"


def place_date_line(place: str, value: date | datetime | None) -> str:
    """'Tây Ninh, ngày 23 tháng 11 năm 2026' (shown in italics under the national motto)."""
    return (
        f"{place}, {date_phrase(value)}" if place else date_phrase(value)[0].upper() + date_phrase(value)[1:]
    )


def working_days(hours: Decimal | float | int | None) -> str:
    """A deadline stored in working hours, said in working days ('10 ngày làm việc')."""
    if hours is None:
        return ""
    per_day = Decimal(str(getattr(settings, "EGOV_HOURS_PER_WORKING_DAY", 8.0)))
    days = (Decimal(str(hours)) / per_day).normalize()
    if days == days.to_integral_value():
        return f"{int(days)} ngày làm việc"
    if days < 1:
        return f"{Decimal(str(hours)).normalize():f} giờ làm việc"
    return f"{days:f}".replace(".", ",") + " ngày làm việc"


def money(amount: Decimal | int | None) -> str:
    """'1.500.000 đồng'."""
    if not amount:
        return "0 đồng"
    return f"{int(amount):,}".replace(",", ".") + " đồng"
