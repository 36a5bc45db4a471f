"""Publish checks for a process definition.

The hours check compares the **sum of the hours of all steps** with the deadline of the latest
published ProcedureVersion of the procedure. That is stricter than the longest forward path (every
step counts once, loops and optional branches included), needs no path search, and is what the
officer sees in the steps table. Same-day procedures are not checked (a note says so).
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from egov.catalog.models import ProcedureVersion
from egov.workflow.guards import unknown_guards
from egov.workflow.models import ProcessDefinition, Step, Transition

ENDING_KINDS = frozenset({Transition.Kind.APPROVE.value, Transition.Kind.REFUSE.value})


@dataclass(frozen=True)
class Problem:
    code: str
    message: str


@dataclass
class CheckResult:
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    total_hours: Decimal = Decimal(0)
    deadline_hours: Decimal | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, code: str, message: str) -> None:
        self.problems.append(Problem(code=code, message=message))


def latest_published_version(procedure_id: int) -> ProcedureVersion | None:
    return (
        ProcedureVersion.objects.filter(procedure_id=procedure_id, status=ProcedureVersion.Status.PUBLISHED)
        .order_by("-number")
        .first()
    )


def _reachable(start: int, edges: dict[int, set[int]]) -> set[int]:
    seen = {start}
    queue = deque([start])
    while queue:
        for nxt in edges[queue.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def check_steps(steps: list[Step], transitions: list[Transition], result: CheckResult) -> None:
    """Structure checks (start, ends, reachability, other agency, guards, dangling targets)."""
    starts = [s for s in steps if s.is_start]
    if len(starts) != 1:
        result.add(
            "start_count",
            _("A process needs exactly one start step; it has %(count)d.") % {"count": len(starts)},
        )
    if not any(s.is_end for s in steps):
        result.add("no_end", _("A process needs at least one end step."))
    for step in steps:
        if step.unit_rule == Step.UnitRule.OTHER_AGENCY and step.other_agency_id is None:
            result.add(
                "other_agency_missing",
                _("Step “%(step)s” hands over to another agency but no agency is chosen.")
                % {"step": step.name},
            )
    for tr in transitions:
        for name in unknown_guards(tr.guards if isinstance(tr.guards, list) else [tr.guards]):
            result.add(
                "unknown_guard",
                _("Transition “%(transition)s” uses the unknown condition “%(guard)s”.")
                % {"transition": tr.name, "guard": name},
            )
        if tr.target_id is None and tr.kind not in ENDING_KINDS:
            result.add(
                "dangling_transition",
                _("Transition “%(transition)s” has no target; only approve and refuse may end the process.")
                % {"transition": tr.name},
            )

    forward: dict[int, set[int]] = defaultdict(set)
    backward: dict[int, set[int]] = defaultdict(set)
    terminals = {s.pk for s in steps if s.is_end}
    for tr in transitions:
        if tr.target_id is None:
            if tr.kind in ENDING_KINDS:
                terminals.add(tr.source_id)
            continue
        forward[tr.source_id].add(tr.target_id)
        backward[tr.target_id].add(tr.source_id)

    if len(starts) == 1:
        reached = _reachable(starts[0].pk, forward)
        for step in steps:
            if step.pk not in reached:
                result.add(
                    "unreachable",
                    _("Step “%(step)s” cannot be reached from the start step.") % {"step": step.name},
                )
    can_finish: set[int] = set()
    for pk in terminals:
        can_finish |= _reachable(pk, backward)
    for step in steps:
        if step.pk not in can_finish:
            result.add(
                "no_way_to_end",
                _("From step “%(step)s” the process can never end.") % {"step": step.name},
            )


def check_hours(definition: ProcessDefinition, steps: list[Step], result: CheckResult) -> None:
    result.total_hours = sum((s.hours for s in steps), Decimal(0))
    version = latest_published_version(definition.procedure_id)
    if version is None:
        result.notes.append(
            _("The procedure has no published version yet, so the hours were not checked against a deadline.")
        )
        return
    result.deadline_hours = version.deadline_hours
    if version.same_day:
        result.notes.append(_("Same-day procedure: the allotted hours are not checked against the deadline."))
        return
    if result.total_hours > version.deadline_hours:
        result.add(
            "hours_exceed_deadline",
            _(
                "The steps are allotted %(total)s working hours in total, more than the deadline of "
                "%(deadline)s working hours."
            )
            % {"total": _hours(result.total_hours), "deadline": _hours(version.deadline_hours)},
        )


def _hours(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def process_check(definition: ProcessDefinition) -> CheckResult:
    """Every publish check; `result.ok` is True when the definition may be published."""
    steps = list(definition.steps.order_by("order", "pk"))
    transitions = list(definition.transitions.all())
    result = CheckResult()
    if not steps:
        result.add("no_steps", _("The process has no steps."))
    check_steps(steps, transitions, result)
    check_hours(definition, steps, result)
    return result
