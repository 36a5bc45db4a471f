"""Reads of the exchange queue page (Liên thông văn bản): the edXML packages and status messages an
agency exchanges with other agencies through the national document-exchange axis.

Who sees what: the clerks and agency leaders of an agency see its rows; system administrators see
all agencies. Rows about a secret document never appear (they are never exchanged; filtered here
anyway). Each list is one COUNT, one page query (package or status with its document, no edXML
body) and at most one prefetch for recipient names, whatever the page holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from egov.documents.edxml import STATUS_LABELS
from egov.documents.models import ExchangePackage, ExchangeStatus, OutgoingRecipient, Secrecy
from egov.org.models import Role
from egov.org.scoping import current_assignments, staff_scope

Pkg = ExchangePackage
OUT = Pkg.Direction.OUTBOUND
IN = Pkg.Direction.INBOUND

TAB_PACKAGES, TAB_STATUSES, TAB_INBOUND = "packages", "statuses", "inbound"
TABS = (TAB_PACKAGES, TAB_STATUSES, TAB_INBOUND)
WAITING, RETRYING, FAILED, SENT = "waiting", "retrying", "failed", "sent"
RECEIVED, REFUSED = "received", "refused"

OUTBOUND_STATES = (
    ("", pgettext_lazy("exchange queue", "All")),
    (WAITING, pgettext_lazy("exchange queue", "Waiting")),
    (RETRYING, pgettext_lazy("exchange queue", "Retrying")),
    (FAILED, pgettext_lazy("exchange queue", "Failed")),
    (SENT, pgettext_lazy("exchange queue", "Sent")),
)
INBOUND_STATES = (
    ("", pgettext_lazy("exchange queue", "All")),
    (RECEIVED, pgettext_lazy("exchange queue", "Received")),
    (REFUSED, pgettext_lazy("exchange queue", "Refused")),
)

_PACKAGE_STATES = {
    WAITING: Q(status=Pkg.Status.READY, failed_at__isnull=True, attempts=0),
    RETRYING: Q(status=Pkg.Status.READY, failed_at__isnull=True, attempts__gt=0),
    FAILED: Q(status=Pkg.Status.READY, failed_at__isnull=False),
    SENT: Q(status=Pkg.Status.SENT),
}
_STATUS_STATES = {
    WAITING: Q(sent_at__isnull=True, failed_at__isnull=True, attempts=0),
    RETRYING: Q(sent_at__isnull=True, failed_at__isnull=True, attempts__gt=0),
    FAILED: Q(sent_at__isnull=True, failed_at__isnull=False),
    SENT: Q(sent_at__isnull=False),
}
_INBOUND_STATES = {RECEIVED: Q(status=Pkg.Status.RECEIVED), REFUSED: Q(status=Pkg.Status.REFUSED)}


@dataclass(frozen=True)
class ExchangeScope:
    """Whose rows `user` sees (`everything` or `agency_ids`) and where they may send again."""

    everything: bool
    agency_ids: frozenset[int]
    retry_agency_ids: frozenset[int]

    @property
    def nothing(self) -> bool:
        return not self.everything and not self.agency_ids

    def can_retry(self, agency_id: int | None) -> bool:
        return self.everything or agency_id in self.retry_agency_ids


def exchange_scope(*, user: Any) -> ExchangeScope:
    """Two queries at most: the system-administrator check and the user's clerk/leader posts."""
    if staff_scope(user=user).everything:
        return ExchangeScope(everything=True, agency_ids=frozenset(), retry_agency_ids=frozenset())
    rows = list(
        current_assignments(user=user, roles=[Role.CLERK, Role.AGENCY_LEADER]).values_list(
            "role", "agency_id"
        )
    )
    return ExchangeScope(
        everything=False,
        agency_ids=frozenset(a for _r, a in rows),
        retry_agency_ids=frozenset(a for r, a in rows if r == Role.CLERK),
    )


def _not_secret(prefix: str = "") -> Q:
    out = Q(**{f"{prefix}outgoing__isnull": True}) | Q(**{f"{prefix}outgoing__secrecy": Secrecy.NORMAL})
    inc = Q(**{f"{prefix}incoming__isnull": True}) | Q(**{f"{prefix}incoming__secrecy": Secrecy.NORMAL})
    return out & inc


def _names() -> Prefetch:
    return Prefetch("recipient_rows", queryset=OutgoingRecipient.objects.only("pk", "package_id", "name"))


def exchange_packages(*, scope: ExchangeScope, direction: str, state: str = "") -> QuerySet[ExchangePackage]:
    """Packages of one direction in `scope`, newest first, filtered by state (see *_STATES)."""
    qs = Pkg.objects.filter(direction=direction).filter(_not_secret())
    if scope.nothing:
        return qs.none()
    if not scope.everything:
        qs = qs.filter(agency_id__in=sorted(scope.agency_ids))
    states = _PACKAGE_STATES if direction == OUT else _INBOUND_STATES
    if state in states:
        qs = qs.filter(states[state])
    qs = qs.select_related("agency", "outgoing", "incoming").defer("body")
    if direction == OUT:
        qs = qs.prefetch_related(_names())
    return qs.order_by("-created_at", "-pk")


def exchange_statuses(*, scope: ExchangeScope, state: str = "") -> QuerySet[ExchangeStatus]:
    """Outbound status messages about the packages of `scope`, newest first."""
    qs = ExchangeStatus.objects.filter(direction=ExchangeStatus.Direction.OUTBOUND)
    if scope.nothing:
        return qs.none()
    if not scope.everything:
        qs = qs.filter(package__agency_id__in=sorted(scope.agency_ids))
    qs = qs.filter(Q(package__isnull=True) | _not_secret("package__"))
    if state in _STATUS_STATES:
        qs = qs.filter(_STATUS_STATES[state])
    return (
        qs.select_related("package", "package__agency", "package__outgoing", "package__incoming")
        .defer("body", "package__body")
        .prefetch_related(Prefetch("package__recipient_rows", queryset=_names().queryset))
        .order_by("-created_at", "-pk")
    )


def exchange_failed_counts(*, scope: ExchangeScope) -> dict[str, int]:
    """How many outbound packages and status messages failed for good (two COUNT queries)."""
    return {
        TAB_PACKAGES: exchange_packages(scope=scope, direction=OUT, state=FAILED).count(),
        TAB_STATUSES: exchange_statuses(scope=scope, state=FAILED).count(),
    }


def exchange_row_get(*, scope: ExchangeScope, kind: str, pk: int) -> ExchangePackage | ExchangeStatus | None:
    """One outbound package (kind `packages`) or status message (`statuses`) in `scope`."""
    if kind == TAB_PACKAGES:
        return exchange_packages(scope=scope, direction=OUT).filter(pk=pk).first()
    if kind == TAB_STATUSES:
        return exchange_statuses(scope=scope).filter(pk=pk).first()
    return None


# -- presentation of one row (no queries) ---------------------------------------------------------------


@dataclass(frozen=True)
class RowState:
    key: str  # waiting / retrying / failed / sent / received / refused
    label: str


def _at(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y") if value else ""


def exchange_state(row: ExchangePackage | ExchangeStatus) -> RowState:
    """The state of a row in words: waiting, retrying at …, sent at …, failed: <error>; for an
    inbound package received at … or refused: <error>."""
    if isinstance(row, ExchangePackage) and row.direction == IN:
        if row.status == Pkg.Status.REFUSED:
            return RowState(REFUSED, _("refused: %(error)s") % {"error": row.error or row.last_error})
        return RowState(RECEIVED, _("received at %(at)s") % {"at": _at(row.created_at)})
    sent = row.status == Pkg.Status.SENT if isinstance(row, ExchangePackage) else row.sent_at is not None
    if sent:
        return RowState(SENT, _("sent at %(at)s") % {"at": _at(row.sent_at)})
    if row.failed_at is not None:
        return RowState(FAILED, _("failed: %(error)s") % {"error": row.last_error})
    if row.attempts > 0:
        return RowState(RETRYING, _("retrying at %(at)s") % {"at": _at(row.next_attempt_at)})
    return RowState(WAITING, _("waiting to be sent"))


def status_label(code: str) -> str:
    label = STATUS_LABELS.get(code)
    return f"{code} · {label}" if label else code


def recipients_text(row: ExchangePackage | ExchangeStatus) -> str:
    """Codes and names of whom the row goes to: a package's recipients; for a status message the
    sender of the package it answers (inbound package) or the package's recipients (outbound)."""
    package = row if isinstance(row, ExchangePackage) else row.package
    if package is None:
        return row.organ_id if isinstance(row, ExchangeStatus) else ""
    if package.direction == IN:
        name = package.incoming.sender_name if package.incoming is not None else ""
        return " · ".join(p for p in (package.sender_code, name) if p)
    names = ", ".join(r.name for r in package.recipient_rows.all())
    return " · ".join(p for p in (package.recipient_codes, names) if p)
