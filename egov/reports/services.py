"""Keep the daily rollup (DossierDailyStat) current from the raw dossier and task rows.

Each day is recomputed from scratch with three grouped queries over that day's time range (local
midnight to midnight, no date truncation in SQL), then its rows are deleted and re-inserted in one
transaction, so a refresh is idempotent and can be repeated at will.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from egov.dossiers.models import Dossier, Task
from egov.reports.models import DossierDailyStat, RollupWatermark

OPEN_STATUSES = ("received", "processing", "supplement_requested", "awaiting_payment")
WATERMARK = "dossier_daily"
FIELD_PATH = "procedure_version__procedure__field_id"

Key = tuple[int, int, int | None]


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """[start, end) of a local calendar day, as aware datetimes."""
    tz = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), tz)
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min), tz)
    return start, end


def _timeliness_counts(prefix: str = "") -> dict[str, Any]:
    field = f"{prefix}timeliness"
    return {
        "early": Count("pk", filter=Q(**{field: "early"})),
        "on_time": Count("pk", filter=Q(**{field: "on_time"})),
        "late": Count("pk", filter=Q(**{field: "late"})),
    }


def _day_rows(day: date) -> list[DossierDailyStat]:
    start, end = day_bounds(day)
    rows: dict[Key, dict[str, int]] = {}

    def add(key: Key, **counts: int) -> None:
        bucket = rows.setdefault(key, {})
        for name, value in counts.items():
            bucket[name] = bucket.get(name, 0) + value

    received = (
        Dossier.objects.filter(received_at__gte=start, received_at__lt=end)
        .values("competent_agency_id", FIELD_PATH, "received_by_id")
        .annotate(n=Count("*"), still_open=Count("pk", filter=Q(status__in=OPEN_STATUSES)))
        .order_by()
    )
    for r in received:
        key = (r["competent_agency_id"], r[FIELD_PATH], r["received_by_id"])
        add(key, received=r["n"], open_now=r["still_open"])
    resolved = (
        Dossier.objects.filter(resolved_at__gte=start, resolved_at__lt=end)
        .values("competent_agency_id", FIELD_PATH)
        .annotate(n=Count("*"), **_timeliness_counts())
        .order_by()
    )
    for r in resolved:
        key = (r["competent_agency_id"], r[FIELD_PATH], None)
        add(key, resolved=r["n"], early=r["early"], on_time=r["on_time"], late=r["late"])
    task_field = f"dossier__{FIELD_PATH}"
    tasks = (
        Task.objects.filter(
            status=Task.Status.DONE,
            completed_at__gte=start,
            completed_at__lt=end,
            completed_by__isnull=False,
        )
        .values("agency_id", task_field, "completed_by_id")
        .annotate(n=Count("*"), **_timeliness_counts())
        .order_by()
    )
    for r in tasks:
        key = (r["agency_id"], r[task_field], r["completed_by_id"])
        add(
            key,
            tasks_done=r["n"],
            tasks_early=r["early"],
            tasks_on_time=r["on_time"],
            tasks_late=r["late"],
        )
    month = day.replace(day=1)
    return [
        DossierDailyStat(day=day, month=month, agency_id=a, field_id=f, officer_id=o, **counts)
        for (a, f, o), counts in rows.items()
    ]


def _lock_watermark() -> RollupWatermark:
    """Serialise refreshes (two concurrent runs would otherwise insert the same keys)."""
    RollupWatermark.objects.get_or_create(name=WATERMARK)
    return RollupWatermark.objects.select_for_update().get(name=WATERMARK)


def touched_days(*, since: datetime) -> set[date]:
    """Local days whose figures may have changed since `since`: the received and resolved days of
    dossiers updated since then, and the days tasks were completed since then."""
    tz = timezone.get_default_timezone()
    days: set[date] = set()
    changed = Dossier.objects.filter(updated_at__gte=since).values_list("received_at", "resolved_at")
    for received_at, resolved_at in changed.iterator(chunk_size=2000):
        for moment in (received_at, resolved_at):
            if moment is not None:
                days.add(timezone.localtime(moment, tz).date())
    done = Task.objects.filter(completed_at__gte=since).values_list("completed_at", flat=True)
    for moment in done.iterator(chunk_size=2000):
        days.add(timezone.localtime(moment, tz).date())
    return days


def _refresh(days: set[date]) -> int:
    written = 0
    ordered = sorted(days)
    for i in range(0, len(ordered), 200):
        DossierDailyStat.objects.filter(day__in=ordered[i : i + 200]).delete()
    for day in ordered:
        rows = _day_rows(day)
        DossierDailyStat.objects.bulk_create(rows, batch_size=500)
        written += len(rows)
    return written


def rollup_refresh(*, days: Iterable[date] | None = None, since: datetime | None = None) -> int:
    """Recompute the rollup for `days` and for every day touched since `since` (today when both are
    empty). Returns the number of rollup rows written."""
    wanted = set(days or ())
    with transaction.atomic():
        _lock_watermark()
        if since is not None:
            wanted |= touched_days(since=since)
        if days is None and since is None:
            wanted.add(timezone.localdate())
        return _refresh(wanted)


def rollup_refresh_recent() -> int:
    """Periodic job: yesterday, today and any day touched since the previous run."""
    started = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        mark = _lock_watermark()
        wanted = {today, today - timedelta(days=1)}
        if mark.last_run_at is not None:
            # A small overlap covers transactions that committed just after the last run started.
            wanted |= touched_days(since=mark.last_run_at - timedelta(minutes=5))
        written = _refresh(wanted)
        mark.last_run_at = started
        mark.save(update_fields=["last_run_at"])
    return written


def date_range(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]
