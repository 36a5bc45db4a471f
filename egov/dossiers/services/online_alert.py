"""Alerts for online dossiers waiting for reception (rule 5a, Decree 118 Art. 17(2)–(3)).

- `online_dossier_alert`: within 2 hours of the system receipt, every active reception officer of
  the receiving agency (a StaffAssignment in force with a role in INTAKE_ROLES) gets an e-mail and
  an SMS (when they have an address / a phone). `Dossier.online_alerted_at` is set by a
  conditional UPDATE, so two runs (the portal's on_commit call, the periodic sweep, two workers)
  alert once; each message is an outbox row whose idempotency key is per dossier, officer and
  channel. The outbox rows are written in the same transaction as the flag and the audit event,
  so an alert is either fully recorded or not at all (and the sweep tries again).
- `online_dossier_escalate`: a dossier still waiting past the 8 working hours is reported once to
  the leaders of the receiving agency. The marker is the audit event `dossier.online_escalate`
  (the dossier row is locked while it is checked and written).

Both are safe to call from `transaction.on_commit`: they open their own transaction, never raise
(an error is logged; the periodic sweep `egov.dossiers.periodic.online_alerts_sweep` retries), and
return how many staff members were notified.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from egov.core.audit.models import AuditEvent
from egov.core.audit.services import audit_record
from egov.dossiers.models import Dossier
from egov.dossiers.reception_selectors import RECEPTION_CHANNELS, acceptance_due
from egov.dossiers.services._common import local_text
from egov.dossiers.services.intake import INTAKE_ROLES
from egov.org.models import Role, StaffAssignment

log = logging.getLogger(__name__)

TEMPLATE = "online_dossier_alert"
ALERT_ACTION = "dossier.online_alert"
ESCALATE_ACTION = "dossier.online_escalate"
LEADER_ROLES = (Role.AGENCY_LEADER.value,)
# When an agency has no reception officer in post, its leaders and administrators get the alert.
FALLBACK_ROLES = (Role.AGENCY_LEADER.value, Role.AGENCY_ADMIN.value)


def staff_in_post(*, agency_id: int, roles: tuple[str, ...], on: Any = None) -> list[Any]:
    """Active users with an assignment in force in `agency_id` with one of `roles`, by id."""
    day = on or timezone.localdate()
    qs = (
        StaffAssignment.objects.filter(
            agency_id=agency_id, role__in=sorted(roles), valid_from__lte=day, user__is_active=True
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("user")
        .order_by("user_id", "pk")
    )
    users: dict[int, Any] = {}
    for assignment in qs:
        users.setdefault(assignment.user_id, assignment.user)
    return list(users.values())


def _context(dossier: Dossier, *, escalated: bool) -> dict[str, Any]:
    from django.conf import settings

    received = dossier.submitted_at or dossier.received_at
    base = str(getattr(settings, "EGOV_PUBLIC_BASE_URL", "")).rstrip("/")
    return {
        "code": dossier.code,
        "procedure": dossier.procedure_version.name,
        "applicant_name": dossier.applicant_name,
        "agency": dossier.receiving_agency.name,
        "received_at": local_text(received),
        "due_at": local_text(acceptance_due(received)) if received else "",
        "url": f"{base}{reverse('dossiers:reception-dossier', args=[dossier.code])}",
        "escalated": escalated,
    }


def _send(*, users: list[Any], key: str, context: dict[str, Any]) -> list[int]:
    """Queue e-mail and SMS to `users` (outbox rows, in the caller's transaction). A malformed
    address of one user is logged and skipped; the others are still alerted. Returns the ids of
    the users who got at least one message."""
    from egov.notifications.services import notification_enqueue

    reached: list[int] = []
    for user in users:
        sent = False
        for channel, recipient in (("email", user.email), ("sms", getattr(user, "phone", ""))):
            if not recipient:
                continue
            try:
                notification_enqueue(
                    channel=channel,
                    recipient=recipient,
                    template=TEMPLATE,
                    context=context,
                    idempotency_key=f"{key}:{user.pk}:{channel}",
                )
            except ValidationError as exc:
                log.warning("online dossier alert: %s to user %s not queued: %s", channel, user.pk, exc)
            else:
                sent = True
        if sent:
            reached.append(user.pk)
    return reached


def _alert(*, dossier_id: int, now: datetime) -> int:
    with transaction.atomic():
        claimed = Dossier.objects.filter(
            pk=dossier_id,
            status=Dossier.Status.SUBMITTED,
            channel__in=RECEPTION_CHANNELS,
            online_alerted_at__isnull=True,
        ).update(online_alerted_at=now)
        if not claimed:
            return 0  # already alerted, already handled, or not an online dossier
        dossier = Dossier.objects.select_related("procedure_version", "receiving_agency").get(pk=dossier_id)
        agency_id = dossier.receiving_agency_id
        users = staff_in_post(agency_id=agency_id, roles=INTAKE_ROLES)
        fallback = not users
        if fallback:
            users = staff_in_post(agency_id=agency_id, roles=FALLBACK_ROLES)
        reached = _send(
            users=users,
            key=f"dossier:{dossier.code}:online-alert",
            context=_context(dossier, escalated=False),
        )
        if not reached:
            log.warning("online dossier %s: nobody to alert in agency %s", dossier.code, agency_id)
        audit_record(
            actor=None,
            action=ALERT_ACTION,
            target=dossier,
            data={"code": dossier.code, "to": reached, "fallback": fallback},
        )
        return len(reached)


def online_dossier_alert(*, dossier_id: int, now: datetime | None = None) -> int:
    """Alert the reception officers of a SUBMITTED online dossier, once. Returns how many officers
    were notified (0 when it was already done). Never raises: call it from `transaction.on_commit`
    right after the submission commits."""
    try:
        return _alert(dossier_id=dossier_id, now=now or timezone.now())
    except Exception:  # the caller's commit already happened; the sweep retries
        log.exception("online dossier alert failed for dossier %s", dossier_id)
        return 0


def _escalate(*, dossier_id: int, now: datetime) -> int:
    with transaction.atomic():
        dossier = (
            Dossier.objects.select_for_update()
            .select_related("procedure_version", "receiving_agency")
            .filter(pk=dossier_id, status=Dossier.Status.SUBMITTED, channel__in=RECEPTION_CHANNELS)
            .first()
        )
        received = (dossier.submitted_at or dossier.received_at) if dossier is not None else None
        if dossier is None or received is None or acceptance_due(received) >= now:
            return 0
        done = AuditEvent.objects.filter(
            action=ESCALATE_ACTION, object_type=Dossier._meta.label_lower, object_id=str(dossier.pk)
        ).exists()
        if done:
            return 0
        leaders = staff_in_post(agency_id=dossier.receiving_agency_id, roles=LEADER_ROLES)
        reached = _send(
            users=leaders,
            key=f"dossier:{dossier.code}:online-escalate",
            context=_context(dossier, escalated=True),
        )
        audit_record(
            actor=None,
            action=ESCALATE_ACTION,
            target=dossier,
            data={"code": dossier.code, "to": reached},
        )
        return len(reached)


def online_dossier_escalate(*, dossier_id: int, now: datetime | None = None) -> int:
    """Report a dossier still waiting past the 8 working hours to the receiving agency's leaders,
    once. Returns how many leaders were notified. Never raises (logged)."""
    try:
        return _escalate(dossier_id=dossier_id, now=now or timezone.now())
    except Exception:
        log.exception("online dossier escalation failed for dossier %s", dossier_id)
        return 0
