"""The office dashboard (bảng điều hành văn phòng): what waits for direction and handling, what is
overdue by unit and by handler, and which outgoing documents wait for a signature or for release.

A fixed number of grouped `Count("*")` queries on indexed columns (agency, status, deadline), whatever
the volume, plus two short lists; no per-row queries (ARCHITECTURE §5)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.documents.models import IncomingDocument, OutgoingDocument, Urgency
from egov.documents.selectors import documents_visible_to, outgoing_visible_to, overdue_list
from egov.org.models import Agency, Role
from egov.org.scoping import current_assignments

DASHBOARD_ROLES = (Role.CLERK, Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD)
AWAITING_SIGNATURE = ("approved", "checked")
AWAITING_RELEASE = ("numbered",)
LIST_SIZE = 10


def dashboard_agencies(*, user: Any) -> list[Agency]:
    """Agencies whose dashboard `user` may open (clerks, leaders and department heads)."""
    ids = current_assignments(user=user, roles=DASHBOARD_ROLES).values("agency_id")
    return list(Agency.objects.filter(pk__in=ids).order_by("name"))


@dataclass(frozen=True)
class Bar:
    key: Any
    label: str
    count: int
    pct: float  # of the largest bar, for the SVG width


@dataclass(frozen=True)
class UrgencyRow:
    code: str
    label: str
    awaiting_direction: int
    in_handling: int

    @property
    def total(self) -> int:
        return self.awaiting_direction + self.in_handling


@dataclass
class OfficeDashboard:
    agency: Agency
    today: date
    urgency_rows: list[UrgencyRow] = field(default_factory=list)
    overdue_by_unit: list[Bar] = field(default_factory=list)
    overdue_by_handler: list[Bar] = field(default_factory=list)
    overdue: list[IncomingDocument] = field(default_factory=list)
    awaiting_signature: list[OutgoingDocument] = field(default_factory=list)
    awaiting_release: list[OutgoingDocument] = field(default_factory=list)
    outgoing_counts: dict[str, int] = field(default_factory=dict)

    @property
    def awaiting_direction_total(self) -> int:
        return sum(r.awaiting_direction for r in self.urgency_rows)

    @property
    def in_handling_total(self) -> int:
        return sum(r.in_handling for r in self.urgency_rows)

    @property
    def overdue_total(self) -> int:
        return sum(b.count for b in self.overdue_by_unit)

    @property
    def awaiting_signature_total(self) -> int:
        return sum(self.outgoing_counts.get(s, 0) for s in AWAITING_SIGNATURE)

    @property
    def awaiting_release_total(self) -> int:
        return sum(self.outgoing_counts.get(s, 0) for s in AWAITING_RELEASE)


def _bars(rows: list[tuple[Any, str, int]]) -> list[Bar]:
    top = max((n for _k, _l, n in rows), default=0)
    rows.sort(key=lambda r: (-r[2], r[1]))
    return [Bar(k, label, n, round(100 * n / top, 1) if top else 0.0) for k, label, n in rows]


def _person(first: str, last: str, full: str, username: str) -> str:
    return full or f"{last} {first}".strip() or username


def office_dashboard(*, user: Any, agency: Agency, today: date | None = None) -> OfficeDashboard:
    """The dashboard of `agency` as `user` may see it (secret documents only where they are
    involved, as everywhere else)."""
    day = today or timezone.localdate()
    data = OfficeDashboard(agency=agency, today=day)
    status = IncomingDocument.Status
    pending = (
        documents_visible_to(user=user)
        .filter(agency=agency, status__in=[status.REGISTERED, status.ASSIGNED, status.IN_PROGRESS])
        .order_by()
        .values("status", "urgency")
        .annotate(n=Count("*"))
    )
    counts: dict[tuple[str, str], int] = {(r["status"], r["urgency"]): r["n"] for r in pending}
    data.urgency_rows = [
        UrgencyRow(
            code=code,
            label=str(label),
            awaiting_direction=counts.get((status.REGISTERED, code), 0),
            in_handling=counts.get((status.ASSIGNED, code), 0) + counts.get((status.IN_PROGRESS, code), 0),
        )
        for code, label in reversed(Urgency.choices)
    ]
    overdue = overdue_list(user=user, today=day).filter(agency=agency)
    by_unit = overdue.order_by().values("lead_department_id", "lead_department__name").annotate(n=Count("*"))
    data.overdue_by_unit = _bars(
        [
            (r["lead_department_id"], r["lead_department__name"] or _("Assigned to a person"), r["n"])
            for r in by_unit
        ]
    )
    by_handler = (
        overdue.order_by()
        .values(
            "handler_id",
            "handler__first_name",
            "handler__last_name",
            "handler__full_name",
            "handler__username",
        )
        .annotate(n=Count("*"))
    )
    data.overdue_by_handler = _bars(
        [
            (
                r["handler_id"],
                _person(
                    r["handler__first_name"] or "",
                    r["handler__last_name"] or "",
                    r["handler__full_name"] or "",
                    r["handler__username"] or "",
                )
                if r["handler_id"]
                else _("No handler yet"),
                r["n"],
            )
            for r in by_handler
        ]
    )
    data.overdue = list(overdue.order_by("deadline", "pk")[:LIST_SIZE])
    outgoing = outgoing_visible_to(user=user).filter(agency=agency)
    data.outgoing_counts = {
        r["status"]: r["n"]
        for r in outgoing.filter(status__in=AWAITING_SIGNATURE + AWAITING_RELEASE)
        .order_by()
        .values("status")
        .annotate(n=Count("*"))
    }
    data.awaiting_signature = list(
        outgoing.filter(status__in=AWAITING_SIGNATURE)
        .select_related("doc_type", "drafting_department")
        .order_by("pk")[:LIST_SIZE]
    )
    data.awaiting_release = list(
        outgoing.filter(status__in=AWAITING_RELEASE)
        .select_related("doc_type")
        .order_by("issued_date", "pk")[:LIST_SIZE]
    )
    return data
