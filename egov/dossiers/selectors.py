"""Reads for dossiers and tasks, always scoped by org unit (egov.org.scoping)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from egov.dossiers.models import Dossier, Task
from egov.org.scoping import agencies_visible_to, current_assignments

OPEN_STATUSES = ("received", "processing", "supplement_requested", "awaiting_payment")


@dataclass(frozen=True)
class InboxPage:
    tasks: list[Task]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _actionable_q(*, user: Any) -> Q | None:
    """Tasks `user` may act on: theirs (incl. delegated to them) or in a queue they serve.
    None means everything (superuser)."""
    if user.is_superuser:
        return None
    q = Q(assignee_id=user.pk)
    queue = Q(pk__in=[])
    for agency_id, department_id, role in current_assignments(user=user).values_list(
        "agency_id", "department_id", "role"
    ):
        one = Q(agency_id=agency_id, role=role)
        if department_id is not None:
            one &= Q(department__isnull=True) | Q(department_id=department_id)
        queue |= one
    return q | (Q(assignee__isnull=True) & queue)


def open_tasks_for(*, user: Any) -> QuerySet[Task]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Task.objects.none()
    qs = Task.objects.filter(status=Task.Status.OPEN)
    q = _actionable_q(user=user)
    return qs if q is None else qs.filter(q)


def inbox_for(*, user: Any, page: int = 1, per_page: int = 20) -> InboxPage:
    """Open tasks the user may act on, earliest due first (3 queries)."""
    qs = open_tasks_for(user=user)
    total = qs.count()
    page = max(1, page)
    start = (page - 1) * per_page
    tasks = list(
        qs.select_related(
            "dossier", "dossier__procedure_version__procedure", "step", "assignee", "agency", "department"
        ).order_by("due_at", "pk")[start : start + per_page]
    )
    return InboxPage(tasks=tasks, total=total, page=page, per_page=per_page)


def _scoped_dossiers(*, user: Any) -> QuerySet[Dossier]:
    visible = agencies_visible_to(user=user).values("pk")
    liaison = Task.objects.filter(
        dossier=OuterRef("pk"), agency__in=agencies_visible_to(user=user).values("pk")
    )
    return Dossier.objects.filter(
        Q(receiving_agency__in=visible) | Q(competent_agency__in=visible) | Exists(liaison)
    )


def dossier_for_staff(*, user: Any, code: str) -> Dossier | None:
    """The dossier if `user` may see it: receiving or competent agency in scope, or a task of an
    agency in scope (liên thông)."""
    return (
        _scoped_dossiers(user=user)
        .select_related("procedure_version__procedure", "receiving_agency", "competent_agency", "process")
        .filter(code=code.strip())
        .first()
    )


def mask_name(name: str) -> str:
    """'Nguyễn Văn An' → 'Nguyễn V** A**' (the family name stays, the rest keeps its initial)."""
    words = name.split()
    return " ".join(words[:1] + [f"{w[0]}**" for w in words[1:]])


@dataclass(frozen=True)
class PublicStatus:
    code: str
    procedure_name: str
    status: str
    status_label: str
    received_at: datetime | None
    due_at: datetime | None
    steps_done: int
    applicant: str


def dossier_public_status(*, code: str) -> PublicStatus | None:
    """What anyone holding the code may see (one query)."""
    done = (
        Task.objects.filter(dossier=OuterRef("pk"), status=Task.Status.DONE)
        .order_by()
        .values("dossier")
        .annotate(n=Count("pk"))
        .values("n")
    )
    row = (
        Dossier.objects.filter(code=code.strip())
        .exclude(status=Dossier.Status.DRAFT)
        .select_related("procedure_version__procedure")
        .annotate(steps_done=Coalesce(Subquery(done), 0))
        .first()
    )
    if row is None:
        return None
    return PublicStatus(
        code=row.code,
        procedure_name=row.procedure_version.procedure.name,
        status=row.status,
        status_label=str(row.get_status_display()),
        received_at=row.received_at,
        due_at=row.due_at,
        steps_done=int(row.steps_done),  # type: ignore[attr-defined]
        applicant=mask_name(row.applicant_name),
    )


def dossiers_due_soon(
    *, user: Any, within: timedelta = timedelta(days=1), now: datetime | None = None
) -> QuerySet[Dossier]:
    now = now or timezone.now()
    return (
        _scoped_dossiers(user=user)
        .filter(status__in=OPEN_STATUSES, due_at__gte=now, due_at__lte=now + within)
        .select_related("procedure_version__procedure")
        .order_by("due_at", "pk")
    )


def dossiers_overdue(*, user: Any, now: datetime | None = None) -> QuerySet[Dossier]:
    now = now or timezone.now()
    return (
        _scoped_dossiers(user=user)
        .filter(status__in=OPEN_STATUSES, due_at__lt=now)
        .select_related("procedure_version__procedure")
        .order_by("due_at", "pk")
    )


def dossiers_received_on(*, user: Any, day: date) -> QuerySet[Dossier]:
    return _scoped_dossiers(user=user).filter(received_at__date=day)
