"""Reads for the reception of online dossiers (rule 5a, Decree 118 Art. 17(2)–(3)).

An online dossier (channels `online` and `national_portal`) waits in status SUBMITTED until a
reception officer of its receiving agency accepts it (form 01, the processing clock starts), asks
for corrections (form 02) or refuses it (form 03). The officer must do so within
`ONLINE_ACCEPTANCE_HOURS` (8) working hours of the system receipt (`submitted_at`, else
`received_at`); `egov.dossiers.deadlines.online_acceptance_due` is the one rule for that limit.

Efficiency: the acceptance limit is monotone in the system-receipt instant, so the queue is ordered
in the database by that instant (= by the limit) and paginated there; the limit and the working
time left are computed in Python, through the calendar (no query), for the rows of one page only.
The number past the limit is one COUNT against a cut-off instant found by bisection on the
calendar (`acceptance_cutoff`): a dossier is late exactly when its receipt is at or before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import DateTimeField, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from egov.core.calendar.selectors import add_working_hours, working_time_between
from egov.dossiers.deadlines import ONLINE_ACCEPTANCE_HOURS
from egov.dossiers.models import Dossier
from egov.org.scoping import current_assignments

RECEPTION_CHANNELS: tuple[str, ...] = (Dossier.Channel.ONLINE.value, Dossier.Channel.NATIONAL_PORTAL.value)
DUE_SOON = timedelta(hours=2)  # working time left under which a row is flagged "due soon"
RECEIVED = "system_received_at"  # annotation of `waiting_online()`: the instant the 8 hours count from
_BISECT_SPAN = timedelta(days=90)  # no receipt this old can still be within 8 working hours


def _intake_roles() -> tuple[str, ...]:
    from egov.dossiers.services.intake import INTAKE_ROLES

    return INTAKE_ROLES


def reception_agency_ids(*, user: Any) -> list[int] | None:
    """Agencies where `user` currently holds a reception role (INTAKE_ROLES): their online queues.
    None means every agency (superuser); an empty list means the user receives nowhere."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.is_superuser:
        return None
    rows = current_assignments(user=user, roles=_intake_roles()).values_list("agency_id", flat=True)
    return sorted(set(rows))


def waiting_online(*, agency_ids: list[int] | None = None) -> QuerySet[Dossier]:
    """SUBMITTED online dossiers (optionally of some receiving agencies), annotated with
    `system_received_at` (the instant the 8 working hours count from)."""
    qs = Dossier.objects.filter(status=Dossier.Status.SUBMITTED, channel__in=RECEPTION_CHANNELS)
    if agency_ids is not None:
        qs = qs.filter(receiving_agency_id__in=agency_ids)
    return qs.annotate(**{RECEIVED: Coalesce("submitted_at", "received_at", output_field=DateTimeField())})


def acceptance_due(received: datetime) -> datetime:
    """The acceptance limit of a dossier received by the system at `received` (rule 5a)."""
    return add_working_hours(start=received, hours=ONLINE_ACCEPTANCE_HOURS)


def acceptance_cutoff(now: datetime) -> datetime:
    """The latest system-receipt instant whose acceptance limit is already past at `now`: a waiting
    dossier is late exactly when it was received at or before this instant. Bisection on the
    calendar (about 43 steps of pure computation, no query)."""
    lo = now - _BISECT_SPAN  # late (asserted below), as far as the calendar is concerned
    hi = now  # never late: its limit lies 8 working hours ahead
    if acceptance_due(lo) >= now:  # pragma: no cover - 90 days without 8 working hours
        return lo
    step = timedelta(microseconds=1)
    while hi - lo > step:
        mid = lo + (hi - lo) / 2
        if acceptance_due(mid) < now:
            lo = mid
        else:
            hi = mid
    return lo


def late_q(*, now: datetime) -> Q:
    """Filter for `waiting_online()` rows past the 8-working-hour limit at `now`."""
    return Q(**{f"{RECEIVED}__lte": acceptance_cutoff(now)})


@dataclass(frozen=True)
class ReceptionRow:
    dossier: Dossier
    received_at: datetime  # system receipt (submitted_at, else received_at)
    due_at: datetime  # acceptance limit: 8 working hours later
    late: bool  # the limit has passed
    working_left: timedelta  # office time from now to the limit (late: office time since it, >= 0)

    @property
    def due_soon(self) -> bool:
        return not self.late and self.working_left <= DUE_SOON

    @property
    def alerted(self) -> bool:
        return self.dossier.online_alerted_at is not None


def reception_row(dossier: Dossier, *, now: datetime) -> ReceptionRow:
    """The countdown of one waiting dossier, in working time (calendar only, no query)."""
    received = getattr(dossier, RECEIVED, None) or dossier.submitted_at or dossier.received_at
    if received is None:  # pragma: no cover - every dossier has received_at
        received = now
    due = acceptance_due(received)
    late = due < now
    left = working_time_between(a=due, b=now) if late else working_time_between(a=now, b=due)
    return ReceptionRow(dossier=dossier, received_at=received, due_at=due, late=late, working_left=left)


@dataclass(frozen=True)
class ReceptionPage:
    rows: list[ReceptionRow]
    total: int
    late_total: int
    page: int
    per_page: int
    many_agencies: bool = False  # the user receives for several agencies: show each row's agency

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def reception_queue(
    *, user: Any, page: int = 1, per_page: int = 20, now: datetime | None = None
) -> ReceptionPage | None:
    """The online dossiers waiting for `user`'s reception (None: the user receives nowhere),
    earliest limit first, one page: 4 queries whatever the page size (assignments, count, late
    count, rows)."""
    now = now or timezone.now()
    agency_ids = reception_agency_ids(user=user)
    if agency_ids == []:
        return None
    qs = waiting_online(agency_ids=agency_ids)
    total = qs.count()
    late_total = qs.filter(late_q(now=now)).count() if total else 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    dossiers = list(
        qs.select_related("procedure_version", "receiving_agency").order_by(RECEIVED, "pk")[
            start : start + per_page
        ]
    )
    rows = [reception_row(d, now=now) for d in dossiers]
    return ReceptionPage(
        rows=rows,
        total=total,
        late_total=late_total,
        page=page,
        per_page=per_page,
        many_agencies=agency_ids is None or len(agency_ids) > 1,
    )


@dataclass(frozen=True)
class ReceptionSummary:
    waiting: int
    late: int


def reception_summary(*, user: Any, now: datetime | None = None) -> ReceptionSummary | None:
    """For the staff home or inbox: how many online dossiers wait for `user`'s reception and how
    many are past the 8 working hours (None when the user receives nowhere; 3 queries)."""
    now = now or timezone.now()
    agency_ids = reception_agency_ids(user=user)
    if agency_ids == []:
        return None
    qs = waiting_online(agency_ids=agency_ids)
    waiting = qs.count()
    late = qs.filter(late_q(now=now)).count() if waiting else 0
    return ReceptionSummary(waiting=waiting, late=late)


def reception_dossier(*, user: Any, code: str) -> Dossier | None:
    """A dossier of one of `user`'s reception agencies, with what the reception page shows (any
    status: the page sends a dossier already handled to the dossier page)."""
    agency_ids = reception_agency_ids(user=user)
    if agency_ids == []:
        return None
    qs = Dossier.objects.filter(code=code.strip(), channel__in=RECEPTION_CHANNELS)
    if agency_ids is not None:
        qs = qs.filter(receiving_agency_id__in=agency_ids)
    return (
        qs.select_related("procedure_version__procedure", "receiving_agency", "competent_agency")
        .prefetch_related("components")
        .first()
    )
