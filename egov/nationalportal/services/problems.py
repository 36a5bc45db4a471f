"""Pull problems: a portal dossier that could not be created is kept (with the item as received)
and retried on every pull until it works."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from egov.core.audit.services import audit_record
from egov.nationalportal.models import PullProblem
from egov.org.models import Agency

MAX_MESSAGE = 2000


@transaction.atomic
def problem_record(
    *,
    remote_code: str,
    kind: str,
    message: str,
    raw: dict[str, Any],
    procedure_code: str = "",
    agency_code: str = "",
    now: datetime,
) -> PullProblem:
    """Create the open problem of `remote_code`, or update it (one more attempt)."""
    agency = (
        Agency.objects.filter(agency_code=agency_code, valid_to__isnull=True).first() if agency_code else None
    )
    fields = {
        "kind": kind,
        "message": message[:MAX_MESSAGE],
        "raw": raw,
        "procedure_code": procedure_code[:40],
        "agency_code": agency_code[:40],
        "agency": agency,
        "last_attempt_at": now,
    }
    problem = PullProblem.objects.select_for_update().filter(remote_code=remote_code).first()
    if problem is None:
        problem = PullProblem.objects.create(remote_code=remote_code, first_seen_at=now, **fields)
        audit_record(
            action="nationalportal.problem_recorded",
            target=problem,
            to_state=PullProblem.Status.OPEN,
            reason=problem.message,
            data={"kind": kind, "remote_code": remote_code},
        )
        return problem
    before, before_kind = problem.status, problem.kind
    for name, value in fields.items():
        setattr(problem, name, value)
    problem.status = PullProblem.Status.OPEN
    problem.resolved_at = None
    problem.attempts += 1
    problem.save()
    if before != problem.status or kind != before_kind:
        audit_record(
            action="nationalportal.problem_recorded",
            target=problem,
            from_state=before,
            to_state=problem.status,
            reason=problem.message,
            data={"kind": kind, "remote_code": remote_code},
        )
    return problem


def problem_resolve(*, remote_code: str, now: datetime) -> bool:
    """Mark the open problem of `remote_code` resolved (inside the caller's transaction)."""
    problem = (
        PullProblem.objects.select_for_update()
        .filter(remote_code=remote_code, status=PullProblem.Status.OPEN)
        .first()
    )
    if problem is None:
        return False
    problem.status = PullProblem.Status.RESOLVED
    problem.resolved_at = now
    problem.save(update_fields=["status", "resolved_at"])
    audit_record(
        action="nationalportal.problem_resolved",
        target=problem,
        from_state=PullProblem.Status.OPEN,
        to_state=PullProblem.Status.RESOLVED,
        data={"remote_code": remote_code},
    )
    return True
