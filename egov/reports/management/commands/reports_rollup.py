"""Backfill or repair the daily dossier rollup: `manage.py reports_rollup --from 2026-01-01 --to 2026-06-30`.
Without dates it refreshes yesterday, today and every day touched since the last periodic run."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from egov.reports.services import date_range, rollup_refresh, rollup_refresh_recent


def _parse(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--{name}: expected YYYY-MM-DD, got {value!r}") from exc


class Command(BaseCommand):
    help = "Recompute the daily dossier rollup (DossierDailyStat) for a range of days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", help="First day (YYYY-MM-DD).")
        parser.add_argument("--to", dest="end", help="Last day (YYYY-MM-DD); default today.")
        parser.add_argument("--chunk", type=int, default=31, help="Days per transaction.")

    def handle(self, *args: Any, **options: Any) -> None:
        start = _parse(options["start"], "from")
        end = _parse(options["end"], "to")
        if start is None and end is None:
            written = rollup_refresh_recent()
            self.stdout.write(f"Rollup refreshed: {written} rows.")
            return
        end = end or timezone.localdate()
        start = start or end
        if start > end:
            raise CommandError("--from must not be after --to")
        days = date_range(start, end)
        chunk = max(1, options["chunk"])
        written = 0
        for i in range(0, len(days), chunk):
            written += rollup_refresh(days=days[i : i + chunk])
        self.stdout.write(f"Rollup refreshed for {len(days)} days ({start} – {end}): {written} rows.")
