from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from egov.dossiers.models import Dossier
from egov.reports.models import DossierDailyStat, RollupWatermark
from egov.reports.services import date_range, rollup_refresh, rollup_refresh_recent
from egov.reports.tests.conftest import World, vn

SPRING = date_range(date(2026, 3, 1), date(2026, 4, 30))
FIELDS = ("received", "open_now", "resolved", "early", "on_time", "late", "tasks_done", "tasks_early")


def totals(**filters: Any) -> dict[str, int]:
    agg = DossierDailyStat.objects.filter(**filters).aggregate(**{f: Sum(f) for f in FIELDS})
    return {k: v or 0 for k, v in agg.items()}


def snapshot() -> list[tuple[Any, ...]]:
    rows = DossierDailyStat.objects.values_list("day", "agency_id", "field_id", "officer_id", *FIELDS)
    return sorted(rows, key=repr)


def test_rows_per_local_day_agency_field_officer(world: World) -> None:
    written = rollup_refresh(days=SPRING)
    assert written == DossierDailyStat.objects.count() > 0
    ht = world.fields["HT"]
    row = DossierDailyStat.objects.get(day=date(2026, 3, 2), agency=world.a, field=ht, officer=world.officer)
    assert (row.received, row.resolved, row.month) == (1, 0, date(2026, 3, 1))
    # 06:00 local on 3 March is 2 March in UTC: it counts on the local day.
    early_morning = DossierDailyStat.objects.get(day=date(2026, 3, 3), agency=world.a, officer=world.officer)
    assert early_morning.received == 1
    done = DossierDailyStat.objects.get(day=date(2026, 3, 5), agency=world.a, field=ht, officer=None)
    assert (done.resolved, done.early, done.on_time, done.late) == (1, 1, 0, 0)
    task = DossierDailyStat.objects.get(day=date(2026, 3, 4), officer=world.specialist)
    assert (task.agency_id, task.field_id, task.tasks_done, task.tasks_early) == (world.a.pk, ht.pk, 1, 1)


def test_counts_by_agency_field_and_month(world: World) -> None:
    rollup_refresh(days=SPRING)
    march = totals(agency=world.a, month=date(2026, 3, 1))
    april = totals(agency=world.a, month=date(2026, 4, 1))
    assert (march["received"], march["resolved"], march["early"], march["on_time"], march["late"]) == (
        4,
        2,
        1,
        1,
        0,
    )
    assert (april["received"], april["resolved"], april["on_time"], april["late"], april["open_now"]) == (
        2,
        2,
        1,
        1,
        1,
    )
    other = totals(agency=world.b)
    assert (other["received"], other["resolved"], other["late"], other["early"]) == (1, 1, 1, 0)
    by_field = {f: totals(agency=world.a, field=world.fields[f]) for f in ("HT", "CT", "DD")}
    assert [by_field[f]["received"] for f in ("HT", "CT", "DD")] == [3, 1, 2]
    assert [by_field[f]["late"] for f in ("HT", "CT", "DD")] == [0, 0, 1]
    assert totals(officer=world.officer)["received"] == 4


def test_refresh_is_idempotent_and_follows_changes(world: World) -> None:
    first = rollup_refresh(days=SPRING)
    before = snapshot()
    assert rollup_refresh(days=SPRING) == first
    assert snapshot() == before
    d5 = world.dossiers["d5"]
    Dossier.objects.filter(pk=d5.pk).update(
        status=Dossier.Status.RESOLVED, resolved_at=vn(2026, 4, 10, 9), timeliness="early"
    )
    rollup_refresh(days=[date(2026, 4, 2), date(2026, 4, 10)])
    april = totals(agency=world.a, month=date(2026, 4, 1))
    assert (april["open_now"], april["resolved"], april["early"]) == (0, 3, 1)


def test_only_given_days_are_replaced(world: World) -> None:
    rollup_refresh(days=SPRING)
    count = DossierDailyStat.objects.count()
    rollup_refresh(days=[date(2026, 3, 2)])
    assert DossierDailyStat.objects.count() == count


def test_periodic_job_refreshes_days_touched_since_last_run(world: World) -> None:
    assert rollup_refresh_recent() >= 0
    mark = RollupWatermark.objects.get()
    assert mark.last_run_at is not None
    assert not DossierDailyStat.objects.filter(day=date(2026, 3, 2)).exists()
    # Pretend the previous run was long ago: every dossier counts as touched since.
    RollupWatermark.objects.update(last_run_at=timezone.now() - timedelta(days=400))
    rollup_refresh_recent()
    assert totals(agency=world.a)["received"] == 6
    last_run_at = RollupWatermark.objects.get().last_run_at
    assert last_run_at is not None
    assert last_run_at > timezone.now() - timedelta(minutes=1)


def test_since_picks_up_touched_days(world: World) -> None:
    rollup_refresh(since=timezone.now() - timedelta(hours=1))
    assert totals(agency=world.b)["resolved"] == 1


def test_backfill_command(world: World, capsys: Any) -> None:
    call_command("reports_rollup", "--from", "2026-03-01", "--to", "2026-04-30", "--chunk", "10")
    assert "61 days" in capsys.readouterr().out
    assert totals(agency=world.a)["resolved"] == 4
