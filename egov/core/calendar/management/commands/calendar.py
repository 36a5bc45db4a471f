"""`manage.py calendar due …` and `manage.py calendar year YYYY`: the working calendar from a shell."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.core.calendar.engine import CalendarError, parse_hhmm
from egov.core.calendar.models import PROVINCE_CODES
from egov.core.calendar.overview import year_entries
from egov.core.calendar.selectors import due


def _start(raw: str) -> datetime:
    try:
        value = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise CommandError(
            _("Invalid start %(value)r: use YYYY-MM-DDTHH:MM, e.g. 2026-03-13T10:00.") % {"value": raw}
        ) from None
    if value.tzinfo is None:  # a naive input is local time (Asia/Ho_Chi_Minh)
        value = timezone.make_aware(value, ZoneInfo(settings.TIME_ZONE))
    return value


def _province(raw: int | None) -> int | None:
    if raw is not None and raw not in PROVINCE_CODES:
        raise CommandError(_("Unknown province code %(code)s (use the 2025 codes).") % {"code": raw})
    return raw


class Command(BaseCommand):
    help = gettext_lazy(  # type: ignore[assignment]
        "Working calendar: compute a due date, or list the days off of a year."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        due_parser = sub.add_parser("due", help=_("Print the due date-time of a procedure (ISO 8601)."))
        due_parser.add_argument(
            "--from", dest="start", required=True, help=_("Acceptance time, e.g. 2026-03-13T10:00.")
        )
        due_parser.add_argument(
            "--days", type=float, help=_("Duration in working days (1 day = 8 working hours).")
        )
        due_parser.add_argument("--hours", type=float, help=_("Duration in working hours."))
        due_parser.add_argument("--cutoff", help=_("Same-day procedure with this cut-off time, e.g. 15:00."))
        due_parser.add_argument("--province", type=int, help=_("2025 province code (default: national)."))
        year_parser = sub.add_parser("year", help=_("List the days off and make-up working days of a year."))
        year_parser.add_argument("year", type=int)
        year_parser.add_argument("--province", type=int, help=_("2025 province code (default: national)."))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "due":
                self._due(options)
            else:
                self._year(options["year"], _province(options.get("province")))
        except CalendarError as exc:
            raise CommandError(str(exc)) from exc

    def _due(self, options: dict[str, Any]) -> None:
        start = _start(options["start"])
        province_code = _province(options.get("province"))
        days, hours, cutoff = options.get("days"), options.get("hours"), options.get("cutoff")
        if days is not None and hours is not None:
            raise CommandError(_("Give either --days or --hours, not both."))
        if cutoff is not None:
            parse_hhmm(cutoff)
            result = due(start=start, hours=0, same_day=True, cutoff=cutoff, province_code=province_code)
        else:
            if days is None and hours is None:
                raise CommandError(
                    _("Give the duration with --days or --hours (or --cutoff for a same-day procedure).")
                )
            total = days * settings.EGOV_HOURS_PER_WORKING_DAY if days is not None else hours
            if total is None or total <= 0:
                raise CommandError(_("The duration must be positive."))
            result = due(start=start, hours=total, province_code=province_code)
        self.stdout.write(result.isoformat())

    def _year(self, year: int, province_code: int | None) -> None:
        entries = year_entries(year=year, province_code=province_code)
        self.stdout.write(_("Days off in %(year)d (besides Saturdays and Sundays):") % {"year": year})
        for entry in (e for e in entries if not e.working):
            self.stdout.write(f"  {entry.day:%d/%m/%Y}  {entry.weekday_name:<9} {entry.label}")
        self.stdout.write(_("Make-up working days in %(year)d:") % {"year": year})
        makeup = [e for e in entries if e.working]
        if not makeup:
            self.stdout.write("  " + _("none"))
        for entry in makeup:
            self.stdout.write(f"  {entry.day:%d/%m/%Y}  {entry.weekday_name:<9} {entry.label}")
