"""Deadline rules of the one-stop dossier, all through the calendar service (egov.core.calendar).

- `dossier_due`: the appointment for a version accepted at `start` (rule 1 day mode / rule 2
  same-day cut-off / hour mode), from the version the dossier pinned.
- `timeliness_of`: early / on time / late (rule 4). Like the deployments we compare *minutes*:
  both instants are truncated to the minute, then completed < due → early, == → on time, > → late.
- `online_acceptance_due` (rule 5a): 8 working hours after the system received the online dossier.
- `supplement_slip_deadline` (rule 3): end of office hours of the 3rd working day after reception.
- `supplement_expiry` (rule 3): 15 *calendar* days after the notice (Decree 118 Art. 19(5) says
  "15 ngày", not working days), at the same time of day.
- `apology_last_day` (rule 5): the apology (form 04) must be raised no later than the working day
  before the due date: allowed while the local date of `now` <= the last working day strictly before
  the local date of the due instant. Example: due Wed 25/02/2026 17:00 → last day Tue 24/02/2026
  (any time that day); due Mon 23/02/2026 → last day Fri 13/02/2026 (Tết 14–22/02 in between).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from egov.core.calendar.selectors import add_working_days, add_working_hours, due, is_working_day

ONLINE_ACCEPTANCE_HOURS = 8
SUPPLEMENT_SLIP_WORKING_DAYS = 3
SUPPLEMENT_EXPIRY_DAYS = 15
EARLY, ON_TIME, LATE = "early", "on_time", "late"


def dossier_due(*, version: Any, start: datetime) -> datetime:
    """Due instant for a ProcedureVersion accepted at `start`."""
    return due(
        start=start,
        hours=float(version.deadline_hours),
        same_day=bool(version.same_day),
        cutoff=version.cutoff if version.same_day else None,
    )


def step_due(*, start: datetime, hours: Any) -> datetime:
    """Due instant of a task: the step's allotted working hours from `start` (hour mode)."""
    return add_working_hours(start=start, hours=float(hours))


def timeliness_of(*, done_at: datetime, due_at: datetime | None) -> str:
    if due_at is None:
        return ON_TIME
    done = done_at.replace(second=0, microsecond=0)
    limit = due_at.replace(second=0, microsecond=0)
    if done < limit:
        return EARLY
    return ON_TIME if done == limit else LATE


def online_acceptance_due(dossier: Any) -> datetime | None:
    """Rule 5a: the officer must accept or ask for corrections within 8 working hours."""
    start = dossier.submitted_at or dossier.received_at
    if start is None:
        return None
    return add_working_hours(start=start, hours=ONLINE_ACCEPTANCE_HOURS)


def supplement_slip_deadline(received_at: datetime) -> datetime:
    return add_working_days(start=received_at, n=SUPPLEMENT_SLIP_WORKING_DAYS)


def supplement_expiry(requested_at: datetime) -> datetime:
    return requested_at + timedelta(days=SUPPLEMENT_EXPIRY_DAYS)


def previous_working_day(d: date) -> date:
    day = d - timedelta(days=1)
    for _ in range(60):
        if is_working_day(d=day):
            return day
        day -= timedelta(days=1)
    return day


def apology_last_day(due_at: datetime) -> date:
    return previous_working_day(timezone.localdate(due_at))


def apology_allowed(*, now: datetime, due_at: datetime) -> bool:
    return timezone.localdate(now) <= apology_last_day(due_at)
