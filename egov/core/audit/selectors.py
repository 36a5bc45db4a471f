"""Reading and verifying the audit chain."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from egov.core.audit.chain import HASHED_FIELDS, event_hash
from egov.core.audit.models import GENESIS_HASH, AuditEvent


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    count: int
    broken_event_id: int | None = None
    problem: str = ""


def audit_chain_verify(*, chunk_size: int = 5000) -> ChainReport:
    """Walk the chain in id order and report the first event whose links or hash do not hold."""
    prev = GENESIS_HASH
    count = 0
    rows = AuditEvent.objects.order_by("id").values("id", "prev_hash", "hash", *HASHED_FIELDS)
    for row in rows.iterator(chunk_size=chunk_size):
        if row["prev_hash"] != prev:
            return ChainReport(False, count, row["id"], _("link to the previous event is broken"))
        if event_hash(prev, row) != row["hash"]:
            return ChainReport(False, count, row["id"], _("content does not match its hash"))
        prev = row["hash"]
        count += 1
    return ChainReport(True, count)


def audit_events_for(*, object_type: str, object_id: str) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=object_type, object_id=object_id).order_by("id")
