"""Reads for dossiers and tasks, always scoped by org unit (egov.org.scoping)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
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


def dossiers_visible_to(*, user: Any) -> QuerySet[Dossier]:
    """Dossiers `user` may see: receiving or competent agency in scope, or a task of an agency in
    scope (liên thông). Pages, API and reports all use this rule."""
    visible = agencies_visible_to(user=user).values("pk")
    liaison = Task.objects.filter(dossier=OuterRef("pk"), agency__in=visible)
    return Dossier.objects.filter(
        Q(receiving_agency__in=visible) | Q(competent_agency__in=visible) | Exists(liaison)
    )


def dossiers_owned_by(*, user: Any) -> QuerySet[Dossier]:
    """Dossiers of a citizen account: the ones it submitted (for itself or on someone's behalf).
    The portal, payments, files and the API all use this rule; anonymous users own nothing."""
    if not getattr(user, "is_authenticated", False):
        return Dossier.objects.none()
    return Dossier.objects.filter(applicant_user_id=user.pk)


def dossier_for_staff(*, user: Any, code: str) -> Dossier | None:
    """The dossier if `user` may see it: receiving or competent agency in scope, or a task of an
    agency in scope (liên thông)."""
    return (
        dossiers_visible_to(user=user)
        .select_related("procedure_version__procedure", "receiving_agency", "competent_agency", "process")
        .filter(code=code.strip())
        .first()
    )


def dossiers_due_soon(
    *, user: Any, within: timedelta = timedelta(days=1), now: datetime | None = None
) -> QuerySet[Dossier]:
    now = now or timezone.now()
    return (
        dossiers_visible_to(user=user)
        .filter(status__in=OPEN_STATUSES, due_at__gte=now, due_at__lte=now + within)
        .select_related("procedure_version__procedure")
        .order_by("due_at", "pk")
    )


def dossiers_overdue(*, user: Any, now: datetime | None = None) -> QuerySet[Dossier]:
    now = now or timezone.now()
    return (
        dossiers_visible_to(user=user)
        .filter(status__in=OPEN_STATUSES, due_at__lt=now)
        .select_related("procedure_version__procedure")
        .order_by("due_at", "pk")
    )


def dossiers_received_on(*, user: Any, day: date) -> QuerySet[Dossier]:
    return dossiers_visible_to(user=user).filter(received_at__date=day)


# --- The dossier page -------------------------------------------------------------------------


@dataclass(frozen=True)
class DossierActions:
    """What the user may do on the dossier page: the same rules as the services check."""

    act: bool = False
    supplement_complete: bool = False
    apologise: bool = False
    apology_allowed: bool = False
    apology_last_day: date | None = None
    stop: bool = False
    withdraw: bool = False
    reassign: bool = False
    delegate: bool = False
    attach_result: bool = False
    mark_paid: bool = False
    return_result: bool = False


@dataclass(frozen=True)
class DossierDetail:
    dossier: Dossier
    task: Task | None
    transitions: list[Any]
    handovers: list[Any]
    supplementations: list[Any]
    components: list[Any]
    actions: DossierActions
    colleagues: list[Any] = field(default_factory=list)
    print_forms: list[int] = field(default_factory=list)


def _actions(*, user: Any, dossier: Dossier, task: Task | None, now: datetime) -> DossierActions:
    from egov.dossiers.deadlines import apology_allowed, apology_last_day
    from egov.dossiers.services._common import MANAGER_ROLES
    from egov.dossiers.services.intake import INTAKE_ROLES

    rows = list(current_assignments(user=user).values_list("agency_id", "department_id", "role"))
    superuser = bool(user.is_superuser)
    agencies = {a for a, _d, _r in rows}
    mine = {dossier.receiving_agency_id, dossier.competent_agency_id}
    if task is not None:
        mine.add(task.agency_id)
    staff = superuser or bool(agencies & mine)
    receiver = superuser or any(a == dossier.receiving_agency_id and r in INTAKE_ROLES for a, _d, r in rows)
    manager = task is not None and (
        superuser or any(a == task.agency_id and r in MANAGER_ROLES for a, _d, r in rows)
    )
    act = False
    if task is not None:
        if task.assignee_id is not None:
            act = task.assignee_id == user.pk or superuser
        else:
            act = superuser or any(
                a == task.agency_id
                and r == task.role
                and (task.department_id is None or d in (None, task.department_id))
                for a, d, r in rows
            )
    status = dossier.status
    s = Dossier.Status
    open_ = status in OPEN_STATUSES
    apologise = staff and open_ and dossier.extension_count == 0 and dossier.due_at is not None
    return DossierActions(
        act=act,
        supplement_complete=receiver and status == s.SUPPLEMENT_REQUESTED,
        apologise=apologise,
        apology_allowed=apologise and apology_allowed(now=now, due_at=dossier.due_at),  # type: ignore[arg-type]
        apology_last_day=apology_last_day(dossier.due_at) if apologise and dossier.due_at else None,
        stop=staff and (open_ or status == s.SUBMITTED),
        withdraw=staff and (open_ or status == s.SUBMITTED),
        reassign=manager,
        delegate=task is not None
        and task.assignee_id is not None
        and (task.assignee_id == user.pk or manager),
        attach_result=staff and status in (s.PROCESSING, s.AWAITING_PAYMENT, s.RESOLVED),
        mark_paid=staff and status == s.AWAITING_PAYMENT,
        return_result=staff and status in (s.RESOLVED, s.REFUSED),
    )


def _colleagues(*, task: Task, user: Any) -> list[Any]:
    """Staff who may take over `task`: same agency, role and (when set) department."""
    from egov.org.models import StaffAssignment

    day = timezone.localdate()
    qs = StaffAssignment.objects.filter(
        agency_id=task.agency_id, role=task.role, valid_from__lte=day, user__is_active=True
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    if task.department_id is not None:
        qs = qs.filter(Q(department_id=task.department_id) | Q(department__isnull=True))
    seen: dict[int, Any] = {}
    for a in qs.select_related("user").order_by("user__pk"):
        if a.user_id != task.assignee_id:
            seen.setdefault(a.user_id, a.user)
    return list(seen.values())


def _print_forms(dossier: Dossier, supplementations: list[Any]) -> list[int]:
    forms = []
    if dossier.accepted_at is not None:
        forms.append(1)
    if supplementations:
        forms.append(2)
    if dossier.status == Dossier.Status.REFUSED and dossier.accepted_at is None:
        forms.append(3)
    if dossier.extension_count:
        forms.append(4)
    if dossier.status == Dossier.Status.STOPPED:
        forms.append(5)
    return [*forms, 6]


def dossier_detail_for_staff(*, user: Any, code: str, now: datetime | None = None) -> DossierDetail | None:
    """Everything the dossier page shows, in a fixed number of queries (10 at most)."""
    from egov.workflow.models import Transition

    now = now or timezone.now()
    dossier = (
        dossiers_visible_to(user=user)
        .select_related(
            "procedure_version__procedure",
            "receiving_agency",
            "competent_agency",
            "process",
            "applicant_unit",
            "received_by",
            "result_file",
            "applicant_user",
        )
        .filter(code=code.strip())
        .first()
    )
    if dossier is None:
        return None
    task = (
        Task.objects.filter(dossier=dossier, status=Task.Status.OPEN)
        .select_related("step", "assignee", "agency", "department")
        .first()
    )
    actions = _actions(user=user, dossier=dossier, task=task, now=now)
    transitions: list[Any] = []
    colleagues: list[Any] = []
    if task is not None and actions.act:
        transitions = list(Transition.objects.filter(source_id=task.step_id).order_by("pk"))
    if task is not None and (actions.reassign or actions.delegate):
        colleagues = _colleagues(task=task, user=user)
    supplementations = list(dossier.supplementations.select_related("requested_by").order_by("requested_at"))
    return DossierDetail(
        dossier=dossier,
        task=task,
        transitions=transitions,
        handovers=list(dossier.handovers.select_related("from_agency", "from_user", "to_agency", "to_user")),
        supplementations=supplementations,
        components=list(dossier.components.all()),
        actions=actions,
        colleagues=colleagues,
        print_forms=_print_forms(dossier, supplementations),
    )


# --- Tracking book (form 07) ------------------------------------------------------------------


def book_agency_for(*, user: Any) -> Any:
    """The agency whose tracking book `user` keeps: their first current assignment's agency."""
    assignment = current_assignments(user=user).select_related("agency").order_by("pk").first()
    return assignment.agency if assignment is not None else None


def tracking_book(
    *,
    agency: Any,
    date_from: date | None = None,
    date_to: date | None = None,
    status: str = "",
    procedure_id: int | None = None,
    code: str = "",
) -> QuerySet[Dossier]:
    """Dossiers received by (or decided in) `agency`, filtered, in reception order."""
    qs = Dossier.objects.filter(Q(receiving_agency=agency) | Q(competent_agency=agency)).exclude(
        status=Dossier.Status.DRAFT
    )
    if date_from is not None:
        qs = qs.filter(received_at__date__gte=date_from)
    if date_to is not None:
        qs = qs.filter(received_at__date__lte=date_to)
    if status:
        qs = qs.filter(status=status)
    if procedure_id is not None:
        qs = qs.filter(procedure_version__procedure_id=procedure_id)
    if code.strip():
        qs = qs.filter(code__icontains=code.strip())
    return qs.select_related("procedure_version__procedure", "competent_agency").order_by("received_at", "pk")
