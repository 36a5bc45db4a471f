"""Writing audit events. Call `audit_record` inside the transaction of the state change it records."""

from __future__ import annotations

from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from egov.core.audit.chain import event_hash
from egov.core.audit.models import GENESIS_HASH, AuditEvent
from egov.core.middleware import current_request_id
from egov.core.text import nfc

# Any constant works: it only has to be the same for every writer of the chain.
_PG_CHAIN_LOCK = 0x65676F76  # "egov"


def _lock_chain_head() -> None:
    """Serialise appends so that two transactions never link to the same previous event.

    PostgreSQL: a transaction-level advisory lock. SQLite: transactions are opened IMMEDIATE
    (settings), so the writer already holds the database write lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_CHAIN_LOCK])


def _chain_head() -> str | None:
    """Hash of the last event (read after taking the lock, in its own statement, so that the
    snapshot includes every event committed before the lock was granted)."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT hash FROM {table} ORDER BY id DESC LIMIT 1")  # noqa: S608 - model table
        row = cursor.fetchone()
    return str(row[0]) if row else None


def _label(user: Any) -> str:
    if user is None:
        return ""
    full = getattr(user, "get_full_name", lambda: "")() or ""
    return f"{user.get_username()} ({full})" if full else str(user.get_username())


def audit_fields(
    *,
    actor: Any = None,
    action: str,
    target: models.Model | None = None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
    on_behalf_of: Any = None,
) -> dict[str, Any]:
    """The hashed fields of one event, stamped now; append them with `audit_record_many`."""
    return {
        "created_at": timezone.now(),
        "actor_id": getattr(actor, "pk", None),
        "actor_label": _label(actor),
        "on_behalf_of_id": getattr(on_behalf_of, "pk", None),
        "on_behalf_of_label": _label(on_behalf_of),
        "action": action,
        "object_type": target._meta.label_lower if target is not None else "",
        "object_id": str(target.pk) if target is not None else "",
        "object_repr": nfc(str(target))[:300] if target is not None else "",
        "from_state": from_state,
        "to_state": to_state,
        "reason": nfc(reason),
        "data": data or {},
        "request_id": current_request_id(),
    }


def audit_record_many(events: list[dict[str, Any]]) -> list[AuditEvent]:
    """Append several events (from `audit_fields`, in order) to the chain: one lock, one read of
    the head and one INSERT. Joins the caller's transaction when one is open (no savepoint), else
    runs in its own; call it as late as possible in the transaction, since the chain lock is held
    until commit."""
    if not events:
        return []
    with transaction.atomic(savepoint=False):
        _lock_chain_head()
        prev = _chain_head() or GENESIS_HASH
        rows = []
        for fields in events:
            digest = event_hash(prev, fields)
            rows.append(AuditEvent(prev_hash=prev, hash=digest, **fields))
            prev = digest
        if len(rows) == 1:
            rows[0].save(force_insert=True)
            return rows
        # One multi-row INSERT: ids are assigned in row order (the chain verifier orders by id).
        return AuditEvent.objects.bulk_create(rows)


def audit_record(
    *,
    actor: Any = None,
    action: str,
    target: models.Model | None = None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
    on_behalf_of: Any = None,
) -> AuditEvent:
    """Append one event to the chain. `actor` is a user or None (system); `on_behalf_of` the
    original assignee when a delegate acts."""
    fields = audit_fields(
        actor=actor,
        action=action,
        target=target,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data,
        on_behalf_of=on_behalf_of,
    )
    return audit_record_many([fields])[0]
