"""Reads for the leader dashboard. Timeliness rates come from the daily rollup, never from a period
of raw dossier rows; the live figures (open dossiers by status, overdue, due soon) are small grouped
or top-N queries over open dossiers, which the partial index `dossier_open_due` serves."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from egov.core.calendar.cache import get_calendar
from egov.dossiers.models import Dossier
from egov.org.models import Role
from egov.org.scoping import Scope, scope_filter, staff_scope
from egov.reports.models import DossierDailyStat
from egov.reports.services import OPEN_STATUSES

DASHBOARD_ROLES = (
    Role.AGENCY_LEADER.value,
    Role.DEPARTMENT_HEAD.value,
    Role.AGENCY_ADMIN.value,
    Role.SYSTEM_ADMIN.value,
)
LIST_LIMIT = 50
OFFICER_LIMIT = 30


@dataclass(frozen=True)
class Rate:
    """Early / on time / late counts of one row of a chart."""

    label: str
    early: int = 0
    on_time: int = 0
    late: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.early + self.on_time + self.late

    def _pct(self, n: int) -> float:
        return round(100 * n / self.total, 1) if self.total else 0.0

    @property
    def early_pct(self) -> float:
        return self._pct(self.early)

    @property
    def on_time_pct(self) -> float:
        return self._pct(self.on_time)

    @property
    def late_pct(self) -> float:
        return round(100 - self.early_pct - self.on_time_pct, 1) if self.total else 0.0

    @property
    def good_pct(self) -> float:
        """Share resolved early or on time (Decision 766, group 2)."""
        return self._pct(self.early + self.on_time)

    @property
    def early_end(self) -> float:
        return self.early_pct

    @property
    def on_time_end(self) -> float:
        return round(self.early_pct + self.on_time_pct, 1)


@dataclass
class Dashboard:
    start: date
    end: date
    status_counts: list[tuple[str, str, int]]
    open_total: int
    overdue_total: int
    overdue: list[Dossier]
    due_soon: list[Dossier]
    due_soon_until: datetime
    due_soon_day: date
    totals: Rate
    by_unit: list[Rate]
    by_field: list[Rate]
    by_officer: list[Rate]
    by_month: list[Rate]


def dashboard_scope(*, user: Any) -> Scope:
    """What `user` may see on the dashboard (nothing: no dashboard role). One query."""
    return staff_scope(user=user, roles=DASHBOARD_ROLES)


def _scoped(qs: QuerySet[Any], scope: Scope, agency_field: str) -> QuerySet[Any]:
    q = scope_filter(scope, agency_field=agency_field)
    return qs if q is None else qs.filter(q)


def _sums(*names: str) -> dict[str, Sum]:
    return {name: Sum(name) for name in names}


DOSSIER_SUMS = ("received", "resolved", "early", "on_time", "late")
TASK_SUMS = ("tasks_done", "tasks_early", "tasks_on_time", "tasks_late")


def _rate(label: str, row: dict[str, Any], prefix: str = "", extra: tuple[str, ...] = ()) -> Rate:
    return Rate(
        label=label,
        early=row.get(f"{prefix}early") or 0,
        on_time=row.get(f"{prefix}on_time") or 0,
        late=row.get(f"{prefix}late") or 0,
        extra={name: row.get(name) or 0 for name in extra},
    )


def _open_lists(scope: Scope, now: datetime) -> tuple[list[Dossier], list[Dossier], datetime, date]:
    base = _scoped(Dossier.objects.filter(status__in=OPEN_STATUSES), scope, "competent_agency")
    base = base.select_related("competent_agency", "procedure_version").only(
        "code",
        "status",
        "applicant_name",
        "due_at",
        "competent_agency__name",
        "procedure_version__name",
    )
    overdue = list(base.filter(due_at__lt=now).order_by("due_at", "pk")[:LIST_LIMIT])
    today = timezone.localdate(now)
    next_day = get_calendar().next_working_day(today)
    until = timezone.make_aware(datetime.combine(next_day + timedelta(days=1), time.min))
    due_soon = list(base.filter(due_at__gte=now, due_at__lt=until).order_by("due_at", "pk")[:LIST_LIMIT])
    return overdue, due_soon, until, next_day


def dashboard_data(*, scope: Scope, start: date, end: date, now: datetime | None = None) -> Dashboard:
    """Everything the dashboard shows, in a fixed number of queries (7, plus the calendar cache check)."""
    now = now or timezone.now()
    open_qs = _scoped(Dossier.objects.filter(status__in=OPEN_STATUSES), scope, "competent_agency")
    rows = list(
        open_qs.values("status")
        .annotate(n=Count("*"), late=Count("due_at", filter=Q(due_at__lt=now)))
        .order_by()
    )
    by_status = {r["status"]: r["n"] for r in rows}
    overdue_total = sum(r["late"] for r in rows)
    labels = dict(Dossier.Status.choices)
    status_counts = [(s, str(labels[s]), by_status.get(s, 0)) for s in OPEN_STATUSES]
    overdue, due_soon, until, next_day = _open_lists(scope, now)

    stats = _scoped(DossierDailyStat.objects.filter(day__gte=start, day__lte=end), scope, "agency")
    dossier_sums = _sums(*DOSSIER_SUMS)
    units = stats.values("agency_id", "agency__name").annotate(**dossier_sums).order_by("agency__name")
    by_unit = [_rate(r["agency__name"], r, extra=("received", "resolved")) for r in units]
    fields = stats.values("field_id", "field__name").annotate(**dossier_sums).order_by("field__name")
    by_field = [_rate(r["field__name"], r, extra=("received", "resolved")) for r in fields]
    months = stats.values("month").annotate(**dossier_sums).order_by("month")
    by_month = [_rate(r["month"].strftime("%m/%Y"), r, extra=("received", "resolved")) for r in months]
    officers = (
        stats.filter(officer__isnull=False)
        .values("officer_id", "officer__full_name", "officer__username")
        .annotate(**_sums("received", *TASK_SUMS))
        .order_by("-tasks_done", "officer__full_name", "officer_id")[:OFFICER_LIMIT]
    )
    by_officer = [
        _rate(
            r["officer__full_name"] or r["officer__username"],
            r,
            prefix="tasks_",
            extra=("received", "tasks_done"),
        )
        for r in officers
    ]
    totals = Rate(
        label="",
        early=sum(r.early for r in by_month),
        on_time=sum(r.on_time for r in by_month),
        late=sum(r.late for r in by_month),
        extra={
            "received": sum(r.extra["received"] for r in by_month),
            "resolved": sum(r.extra["resolved"] for r in by_month),
        },
    )
    return Dashboard(
        start=start,
        end=end,
        status_counts=status_counts,
        open_total=sum(by_status.values()),
        overdue_total=overdue_total,
        overdue=overdue,
        due_soon=due_soon,
        due_soon_until=until,
        due_soon_day=next_day,
        totals=totals,
        by_unit=by_unit,
        by_field=by_field,
        by_officer=by_officer,
        by_month=by_month,
    )
