"""Payment reads, scoped: a citizen sees the payments of their own dossiers; staff those of the
dossiers they may see (egov.dossiers.selectors)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from egov.dossiers.models import Dossier
from egov.dossiers.selectors import dossiers_owned_by, dossiers_visible_to
from egov.payments.models import Payment

RECEIPT_RELATED = (
    "dossier__procedure_version__procedure",
    "dossier__receiving_agency__parent",
    "dossier__receiving_agency__unit",
)


def owned_dossier(*, user: Any, code: str) -> Dossier | None:
    return (
        dossiers_owned_by(user=user)
        .select_related("procedure_version__procedure")
        .filter(code=code.strip())
        .first()
    )


def payments_of_dossier(*, dossier: Dossier) -> list[Payment]:
    """The dossier's payments, newest first (one query)."""
    return list(Payment.objects.filter(dossier=dossier).order_by("-created_at", "-pk")[:50])


def payment_by_txn_ref(*, txn_ref: str) -> Payment | None:
    return Payment.objects.select_related("dossier").filter(txn_ref=txn_ref[:40]).first()


def payment_for_receipt(*, user: Any, txn_ref: str) -> Payment | None:
    """A paid payment whose receipt `user` may download: the dossier's owner, or staff who can
    see the dossier. None otherwise (the view answers 404, revealing nothing)."""
    if not getattr(user, "is_authenticated", False):
        return None
    allowed = Q(dossier__in=dossiers_owned_by(user=user).values("pk"))
    if getattr(user, "is_staff", False) or getattr(user, "kind", "") == "staff" or user.is_superuser:
        allowed |= Q(dossier__in=dossiers_visible_to(user=user).values("pk"))
    return (
        Payment.objects.select_related(*RECEIPT_RELATED)
        .filter(allowed, txn_ref=txn_ref[:40], status=Payment.Status.PAID)
        .first()
    )


def receipt_lookup(*, code: str, id_number: str) -> Payment | None:
    """Public look-up by dossier code + the applicant's 12-digit ID number (both must match)."""
    code, id_number = code.strip(), id_number.strip()
    if not code or len(id_number) != 12 or not id_number.isdigit():
        return None
    return (
        Payment.objects.select_related(*RECEIPT_RELATED)
        .filter(
            dossier__code=code,
            dossier__applicant_id_number=id_number,
            status=Payment.Status.PAID,
        )
        .order_by("-paid_at")
        .first()
    )


def payments_for_staff(*, user: Any) -> QuerySet[Payment]:
    return Payment.objects.filter(dossier__in=dossiers_visible_to(user=user).values("pk"))
