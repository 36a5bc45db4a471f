"""Reads for the national portal sync page. Agency administrators see the links, problems and
pushes of their agency tree; system administrators (and superusers) see everything, including
problems whose agency is unknown."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from egov.dossiers.models import Dossier
from egov.nationalportal.models import NationalDossierLink, PullProblem, PullState
from egov.notifications.models import OutboxMessage
from egov.org.models import Role
from egov.org.scoping import Scope, scope_filter, staff_scope

ADMIN_ROLES = (Role.AGENCY_ADMIN.value, Role.SYSTEM_ADMIN.value)
PUSH_STATUSES = (OutboxMessage.Status.PENDING, OutboxMessage.Status.FAILED)


def sync_scope(*, user: Any) -> Scope | None:
    """The user's scope for this page (one query), or None when they may not see it."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Scope(everything=True)
    scope = staff_scope(user=user, roles=ADMIN_ROLES)
    return None if scope.nothing else scope


def links_for(*, scope: Scope) -> QuerySet[NationalDossierLink]:
    qs = NationalDossierLink.objects.all()
    receiving = scope_filter(scope, agency_field="dossier__receiving_agency")
    competent = scope_filter(scope, agency_field="dossier__competent_agency")
    if receiving is None or competent is None:
        return qs
    return qs.filter(receiving | competent)


def problems_for(*, scope: Scope) -> QuerySet[PullProblem]:
    """Open problems; those without a known agency only for system administrators."""
    qs = PullProblem.objects.filter(status=PullProblem.Status.OPEN).order_by("-last_attempt_at", "-pk")
    q = scope_filter(scope, agency_field="agency")
    return qs if q is None else qs.filter(q)


def pushes_for(*, scope: Scope) -> QuerySet[OutboxMessage]:
    """Pending and failed status pushes, failed first, then oldest first."""
    qs = OutboxMessage.objects.filter(channel=OutboxMessage.Channel.DVCQG, status__in=PUSH_STATUSES)
    if not scope.everything:
        qs = qs.filter(recipient__in=links_for(scope=scope).values("remote_code"))
    return qs.order_by("status", "next_attempt_at", "id").only(
        "id", "recipient", "context", "status", "attempts", "next_attempt_at", "last_error", "created_at"
    )


def sync_overview(*, scope: Scope) -> dict[str, Any]:
    """The pull state and the counts shown at the top of the page (two queries)."""
    state = PullState.objects.filter(pk=1).first()
    counts = links_for(scope=scope).aggregate(
        total=Count("pk"), waiting=Count("pk", filter=Q(dossier__status=Dossier.Status.SUBMITTED))
    )
    return {"state": state, "links_total": counts["total"], "links_waiting": counts["waiting"]}
