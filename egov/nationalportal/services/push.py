"""Push: report status changes of linked dossiers to the national portal (periodic job
`national_push_pending`), through the outbox (channel "dvcqg").

- The job looks at links whose dossier status differs from the last status it queued, and queues
  ONE outbox row per (dossier, status change): idempotency key
  `dvcqg:<remote code>:<status>:<n>`, n = the dossier's number of status changes so far (from the
  audit chain), so running the job twice queues nothing new, and a dossier that goes back to an
  earlier status is pushed again.
- The outbox delivers the row with `egov.nationalportal.outbox.dvcqg_send` (retries with the
  outbox backoff on temporary errors; a permanent error fails the row). The idempotency key travels
  as the Idempotency-Key header, so a repeated attempt is not applied twice by the portal.
- On success `national_push_confirmed` records the pushed status on the link. A row older than the
  last confirmed change (a retry overtaken by a later change) is not sent: the portal would
  otherwise go back to a stale status.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from egov.core.audit.models import AuditEvent
from egov.core.audit.services import audit_record
from egov.dossiers.models import Dossier
from egov.nationalportal import conf
from egov.nationalportal.models import NationalDossierLink
from egov.nationalportal.status_map import status_code

BATCH = 200
OUTBOX_CHANNEL = "dvcqg"
OUTBOX_TEMPLATE = "dvcqg_status"


def status_change_count(dossier: Dossier) -> int:
    """How many times the dossier's status changed (audit events with a new state)."""
    return (
        AuditEvent.objects.filter(object_type=Dossier._meta.label_lower, object_id=str(dossier.pk))
        .exclude(to_state="")
        .exclude(to_state=F("from_state"))
        .count()
    )


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def status_payload(dossier: Dossier, *, seq: int, now: datetime) -> dict[str, Any]:
    """What the portal is told about the change (plain JSON, stored in the outbox row)."""
    last = (
        AuditEvent.objects.filter(
            object_type=Dossier._meta.label_lower, object_id=str(dossier.pk), to_state=dossier.status
        )
        .order_by("-id")
        .values("reason", "created_at")
        .first()
    )
    items: list[str] = []
    if dossier.status == Dossier.Status.SUPPLEMENT_REQUESTED:
        request = dossier.supplementations.order_by("-requested_at", "-pk").first()
        items = list(request.items) if request else []
    return {
        "dossier_code": dossier.code,
        "changed_at": _iso(last["created_at"] if last else now),
        "accepted_at": _iso(dossier.accepted_at),
        "due_at": _iso(dossier.due_at),
        "resolved_at": _iso(dossier.resolved_at),
        "returned_at": _iso(dossier.returned_at),
        "reason": last["reason"] if last else "",
        "items": items,
        "seq": seq,
    }


def _outbox_enqueue(*, remote_code: str, key: str, context: dict[str, Any]) -> None:
    """Queue the push as an outbox row of the registered "dvcqg" channel (unique key, audit,
    delivery after commit, retries with backoff)."""
    from egov.notifications.services import outbox_enqueue_registered

    outbox_enqueue_registered(
        channel=OUTBOX_CHANNEL,
        recipient=remote_code,
        template=OUTBOX_TEMPLATE,
        context=context,
        idempotency_key=key,
    )


def _enqueue_for(link_id: int, *, now: datetime) -> int:
    with transaction.atomic():
        link = NationalDossierLink.objects.select_for_update().select_related("dossier").get(pk=link_id)
        dossier = link.dossier
        if dossier.status == link.last_enqueued_status:
            return 0  # another run queued it meanwhile
        before = link.last_enqueued_status
        seq = status_change_count(dossier)
        # Conditional write: on SQLite, where SELECT … FOR UPDATE is not available, only one run wins.
        won = NationalDossierLink.objects.filter(pk=link.pk, last_enqueued_status=before).update(
            last_enqueued_status=dossier.status, last_enqueued_seq=seq
        )
        if not won:
            return 0
        code = status_code(dossier.status)
        if code is None:
            return 0  # never reported (draft)
        key = f"dvcqg:{link.remote_code}:{dossier.status}:{seq}"
        context = {
            "remote_code": link.remote_code,
            "status": dossier.status,
            "status_code": code,
            "seq": seq,
            "payload": status_payload(dossier, seq=seq, now=now),
        }
        _outbox_enqueue(remote_code=link.remote_code, key=key, context=context)
        audit_record(
            action="nationalportal.push_queued",
            target=link,
            from_state=before,
            to_state=dossier.status,
            data={"idempotency_key": key, "status_code": code},
        )
    return 1


def national_push_pending(*, now: datetime | None = None) -> int:
    """Periodic job: queue one push per linked dossier whose status changed. Returns rows queued."""
    if not conf.enabled():
        return 0
    now = now or timezone.now()
    ids = list(
        NationalDossierLink.objects.exclude(dossier__status=F("last_enqueued_status"))
        .order_by("pk")
        .values_list("pk", flat=True)[:BATCH]
    )
    return sum(_enqueue_for(pk, now=now) for pk in ids)


def national_push_confirmed(*, remote_code: str, status: str, seq: int, now: datetime | None = None) -> bool:
    """Record that the portal accepted the push of change `seq` (ignored when a later change was
    already confirmed). Returns whether the link changed."""
    now = now or timezone.now()
    with transaction.atomic():
        link = NationalDossierLink.objects.select_for_update().filter(remote_code=remote_code).first()
        if link is None or link.last_pushed_seq >= seq:
            return False
        before = link.last_pushed_status
        won = NationalDossierLink.objects.filter(pk=link.pk, last_pushed_seq__lt=seq).update(
            last_pushed_status=status, last_pushed_seq=seq, last_pushed_at=now
        )
        if won:
            audit_record(
                action="nationalportal.pushed",
                target=link,
                from_state=before,
                to_state=status,
                data={"remote_code": remote_code, "seq": seq},
            )
    return bool(won)
