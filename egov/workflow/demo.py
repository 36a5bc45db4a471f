"""A typical five-step process for every procedure in force and each implementing agency (demo data).

receive (reception officer) → appraise (specialist) → review (department head) → approve (agency
leader) → return the result (reception officer). Hours are 10/50/15/15/10 % of the deadline, rounded
down so that they never exceed it; same-day procedures get 1+3+1+1+1 = 7 hours.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from egov.catalog.models import ProcedureVersion
from egov.org.models import Role
from egov.workflow.models import ProcessDefinition, Step, Transition
from egov.workflow.services import process_create_draft, process_publish, step_add, transition_add

SHARES = (Decimal("0.10"), Decimal("0.50"), Decimal("0.15"), Decimal("0.15"), Decimal("0.10"))
SAME_DAY_HOURS = (Decimal(1), Decimal(3), Decimal(1), Decimal(1), Decimal(1))
CENT = Decimal("0.01")

STEPS = (
    ("receive", "Tiếp nhận hồ sơ", Role.RECEPTION_OFFICER, Step.UnitRule.RECEIVING_UNIT),
    ("appraise", "Thẩm định hồ sơ", Role.SPECIALIST, Step.UnitRule.COMPETENT_DEPARTMENT),
    ("review", "Xem xét, trình ký", Role.DEPARTMENT_HEAD, Step.UnitRule.COMPETENT_DEPARTMENT),
    ("approve", "Phê duyệt", Role.AGENCY_LEADER, Step.UnitRule.AGENCY_LEADER),
    ("return_result", "Trả kết quả", Role.RECEPTION_OFFICER, Step.UnitRule.RECEIVING_UNIT),
)
K = Transition.Kind
# code, name, kind, source, target, guards, requires_comment
TRANSITIONS: tuple[tuple[str, str, str, str, str | None, list[str], bool], ...] = (
    ("to_appraise", "Chuyển thẩm định", K.FORWARD, "receive", "appraise", [], False),
    ("request_supplement", "Yêu cầu bổ sung hồ sơ", K.SUPPLEMENT, "appraise", "receive", [], True),
    ("to_review", "Trình lãnh đạo phòng", K.FORWARD, "appraise", "review", [], False),
    ("review_return", "Trả lại thẩm định", K.RETURN, "review", "appraise", [], True),
    ("to_approve", "Trình lãnh đạo cơ quan", K.FORWARD, "review", "approve", [], False),
    ("approve_return", "Trả lại phòng chuyên môn", K.RETURN, "approve", "review", [], True),
    ("approve", "Phê duyệt kết quả", K.APPROVE, "approve", "return_result", [], False),
    ("refuse", "Từ chối giải quyết", K.REFUSE, "approve", None, [], True),
    ("result_returned", "Đã trả kết quả", K.APPROVE, "return_result", None, ["fees_paid"], False),
)


def step_hours(version: ProcedureVersion) -> list[Decimal]:
    if version.same_day:
        return list(SAME_DAY_HOURS)
    return [(version.deadline_hours * share).quantize(CENT, rounding=ROUND_DOWN) for share in SHARES]


def _versions_in_force() -> list[ProcedureVersion]:
    today = timezone.localdate()
    return list(
        ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .select_related("procedure")
        .prefetch_related("implementing_agencies")
        .order_by("procedure__code", "-number")
    )


def _build(*, actor: Any, version: ProcedureVersion, agency: Any) -> ProcessDefinition:
    definition = process_create_draft(
        actor=actor,
        procedure=version.procedure,
        agency=agency,
        name=f"Quy trình nội bộ: {version.procedure.name}"[:300],
    )
    steps: dict[str, Step] = {}
    hours = step_hours(version)
    for i, (code, name, role, rule) in enumerate(STEPS):
        steps[code] = step_add(
            actor=actor,
            definition=definition,
            code=code,
            name=name,
            order=(i + 1) * 10,
            role=role,
            unit_rule=rule,
            hours=hours[i],
            is_start=i == 0,
            is_end=i == len(STEPS) - 1,
        )
    for code, name, kind, source, target, guards, comment in TRANSITIONS:
        transition_add(
            actor=actor,
            definition=definition,
            code=code,
            name=name,
            kind=kind,
            source=steps[source],
            target=steps[target] if target else None,
            guards=guards,
            requires_comment=comment,
        )
    return process_publish(actor=actor, definition=definition)


def workflow_demo_seed(*, actor: Any = None) -> int:
    """Create and publish the typical process where none is published yet; returns how many."""
    created = 0
    seen: set[tuple[int, int]] = set()
    for version in _versions_in_force():
        for agency in version.implementing_agencies.all():
            key = (version.procedure_id, agency.pk)
            if key in seen:
                continue
            seen.add(key)
            published = ProcessDefinition.objects.filter(
                procedure_id=version.procedure_id, agency=agency, status=ProcessDefinition.Status.PUBLISHED
            ).exists()
            if published:
                continue
            with transaction.atomic():
                _build(actor=actor, version=version, agency=agency)
            created += 1
    return created
