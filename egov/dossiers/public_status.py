"""What a citizen may see about a dossier without logging in: no staff names, no comments, the
applicant's name masked.

One query (the dossier, its procedure name and its hand-overs through a LEFT JOIN, as plain rows;
written out once on PostgreSQL, through the ORM elsewhere). The result is kept in a small per-process
cache for a short time (EGOV_PUBLIC_STATUS_CACHE_SECONDS, default 30, 0 turns it off; at most
EGOV_PUBLIC_STATUS_CACHE_SIZE codes, default 10,000): a shared cache (Redis) would cost a network round
trip, about what the query costs, and LocMemCache pickles and holds 300 entries by default. Entries
expire by themselves (``forget()`` drops this process's copy); the page says when the figures were
read ("cập nhật lúc HH:MM"), so the few seconds of staleness are visible."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connections, router
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from egov.dossiers.models import Dossier

CODE_MAX_LENGTH = 40

# Plain words for citizens (the staff labels say more than a citizen needs).
PUBLIC_STATUS = {
    "draft": _("Not yet submitted"),
    "submitted": _("Submitted, waiting for the one-stop unit to receive it"),
    "received": _("Received, waiting to be processed"),
    "refused": _("Not accepted (see the refusal slip)"),
    "processing": _("Being processed"),
    "supplement_requested": _("More documents are needed from you"),
    "awaiting_payment": _("Waiting for you to pay fees or taxes"),
    "withdrawn": _("Withdrawn at your request"),
    "stopped": _("Processing stopped"),
    "resolved": _("Result ready: please collect it"),
    "returned": _("Result handed over"),
    "closed": pgettext_lazy("dossier status", "Closed"),
}


@dataclass(frozen=True)
class PublicStep:
    name: str
    at: datetime


@dataclass(frozen=True)
class PublicStatus:
    code: str
    status: str
    status_label: str
    procedure_name: str
    applicant_masked: str
    received_at: datetime | None
    due_at: datetime | None
    resolved_at: datetime | None
    returned_at: datetime | None
    steps: tuple[PublicStep, ...]
    as_of: datetime | None = None  # when the figures were read from the database


def mask_name(name: str) -> str:
    """'Nguyễn Văn An' → 'Nguyễn V** A**': the first word, then the initial of every other word."""
    words = name.split()
    if not words:
        return ""
    return " ".join([words[0], *(w[0] + "**" for w in words[1:])])


def normalise_code(raw: str) -> str:
    """Drop spaces (codes get typed with them); case is kept, the lookup also tries upper case."""
    return "".join(raw.split())[:CODE_MAX_LENGTH]


DEFAULT_CACHE_SECONDS = 30
DEFAULT_CACHE_SIZE = 10_000
_FIELDS = (
    "pk",
    "code",
    "status",
    "applicant_name",
    "received_at",
    "due_at",
    "resolved_at",
    "returned_at",
    "procedure_version__name",
    "handovers__pk",
    "handovers__step_name",
    "handovers__at",
)
# (code, status, masked name, received, due, resolved, returned, procedure name, ((step, at), ...), as_of)
_Row = tuple[Any, ...]
_cached: dict[str, tuple[float, _Row]] = {}  # per process: code -> (expires at, monotonic; data)
_lock = threading.Lock()


def status_label(status: str) -> str:
    label = PUBLIC_STATUS.get(status)
    if label is not None:
        return str(label)
    return str(Dossier.Status(status).label) if status in Dossier.Status.values else status


def cache_seconds() -> int:
    return int(getattr(settings, "EGOV_PUBLIC_STATUS_CACHE_SECONDS", DEFAULT_CACHE_SECONDS))


def cache_size() -> int:
    return int(getattr(settings, "EGOV_PUBLIC_STATUS_CACHE_SIZE", DEFAULT_CACHE_SIZE))


# The one query, written out (PostgreSQL): building and compiling it through the ORM costs more than
# running it. The table names are the models' (a test checks them).
PG_TABLES = ("dossiers_dossier", "dossiers_handover", "catalog_procedureversion")
PG_SQL = (
    "SELECT d.id, d.code, d.status, d.applicant_name, d.received_at, d.due_at, d.resolved_at,"
    " d.returned_at, pv.name, h.id, h.step_name, h.at"
    " FROM dossiers_dossier d INNER JOIN catalog_procedureversion pv ON pv.id = d.procedure_version_id"
    " LEFT OUTER JOIN dossiers_handover h ON h.dossier_id = d.id"
    " WHERE d.code IN (%s, %s) AND d.status <> %s"
)


def _rows(code: str) -> list[_Row]:
    alias = router.db_for_read(Dossier)
    connection = connections[alias]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(PG_SQL, [code, code.upper(), Dossier.Status.DRAFT.value])
            return list(cursor.fetchall())
    return list(
        Dossier.objects.using(alias)
        .filter(code__in={code, code.upper()})
        .exclude(status=Dossier.Status.DRAFT)
        .order_by()
        .values_list(*_FIELDS)
    )


def _read(code: str) -> _Row | None:
    """The dossier's public fields and steps as plain data (one query), or None."""
    rows = _rows(code)
    if not rows:
        return None
    exact = [r for r in rows if r[1] == code]
    chosen_pk = (exact or rows)[0][0]
    mine = [r for r in rows if r[0] == chosen_pk]
    first = mine[0]
    steps = sorted((r[11], r[9], r[10]) for r in mine if r[9] is not None)
    return (
        first[1],
        first[2],
        mask_name(first[3]),
        first[4],
        first[5],
        first[6],
        first[7],
        first[8],
        tuple((name, at) for at, _pk, name in steps),
        timezone.now(),
    )


def forget(code: str | None = None) -> None:
    """Drop this process's cached status of ``code`` (every code when None). Other worker
    processes keep theirs until it expires (EGOV_PUBLIC_STATUS_CACHE_SECONDS)."""
    with _lock:
        if code is None:
            _cached.clear()
            return
        code = normalise_code(code)
        for key in (code, code.upper()):
            _cached.pop(key, None)


def _cached_read(code: str) -> _Row | None:
    seconds = cache_seconds()
    if seconds <= 0:
        return _read(code)
    hit = _cached.get(code)
    now = time.monotonic()
    if hit is not None and hit[0] > now:
        return hit[1]
    data = _read(code)
    if data is None:  # unknown codes are not cached: a new dossier shows up at once
        return None
    size = cache_size()
    with _lock:
        _cached.pop(code, None)
        _cached[code] = (now + seconds, data)
        while len(_cached) > size:  # the oldest insertions go first
            del _cached[next(iter(_cached))]
    return data


def public_status(*, code: str) -> PublicStatus | None:
    code = normalise_code(code)
    if not code:
        return None
    data = _cached_read(code)
    if data is None:
        return None
    return PublicStatus(
        code=data[0],
        status=data[1],
        status_label=status_label(data[1]),
        procedure_name=data[7],
        applicant_masked=data[2],
        received_at=data[3],
        due_at=data[4],
        resolved_at=data[5],
        returned_at=data[6],
        steps=tuple(PublicStep(name=name, at=at) for name, at in data[8]),
        as_of=data[9],
    )
