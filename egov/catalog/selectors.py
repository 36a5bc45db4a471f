"""Reads from the procedure catalogue."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from egov.catalog.models import Field, Procedure, ProcedureVersion
from egov.core.text import fold, nfc
from egov.org.models import Agency

# Upper bound of candidates ranked in Python (the national catalogue has a few thousand entries).
_SEARCH_CANDIDATES = 500

IN_FORCE_STATUSES = (ProcedureVersion.Status.PUBLISHED, ProcedureVersion.Status.RETIRED)


def _in_force_q(on: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})
    )


def procedure_filter(
    *, query: str = "", field_code: str = "", level: str = "", on: date | None = None
) -> QuerySet[Procedure]:
    """Procedures whose folded code + name contains every word of `query` (accent-insensitive:
    "dang ky khai sinh" finds "Đăng ký khai sinh"), optionally of one field and level."""
    qs = Procedure.objects.select_related("field")
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    if field_code:
        qs = qs.filter(field__code=field_code)
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("code")


def procedure_search(*, query: str, limit: int = 20) -> list[Procedure]:
    """Accent-insensitive search. Ranking: names containing the query with its exact accents first,
    then codes starting with the query, then the rest by code. Ranking happens in Python, so
    SQLite and PostgreSQL return the same order."""
    if not fold(query):
        return []
    wanted = nfc(query).strip().lower()
    candidates = list(procedure_filter(query=query)[:_SEARCH_CANDIDATES])

    def rank(p: Procedure) -> tuple[int, int, str]:
        return (0 if wanted in p.name.lower() else 1, 0 if p.code.startswith(wanted) else 1, p.code)

    return sorted(candidates, key=rank)[:limit]


def version_in_force(*, procedure: Procedure, on: date) -> ProcedureVersion | None:
    """The published (or since retired) version whose validity range contains `on`."""
    return (
        ProcedureVersion.objects.filter(procedure=procedure, status__in=IN_FORCE_STATUSES)
        .filter(_in_force_q(on))
        .order_by("-valid_from", "-number")
        .first()
    )


def version_in_force_detail(
    *, code: str, on: date | None = None
) -> tuple[Procedure, ProcedureVersion | None]:
    """A procedure by code and its version in force with everything the detail page shows.
    Raises Procedure.DoesNotExist for an unknown code."""
    procedure = Procedure.objects.select_related("field").get(code=code)
    day = on or timezone.localdate()
    version = (
        ProcedureVersion.objects.filter(procedure=procedure, status__in=IN_FORCE_STATUSES)
        .filter(_in_force_q(day))
        .select_related("procedure")
        .prefetch_related("components", "fees", "result_types", "implementing_agencies")
        .order_by("-valid_from", "-number")
        .first()
    )
    return procedure, version


def procedures_for_agency(*, agency: Agency, on: date | None = None) -> QuerySet[ProcedureVersion]:
    """Published versions in force on `on` (today) that list `agency` as implementing agency."""
    day = on or timezone.localdate()
    return (
        ProcedureVersion.objects.filter(
            status=ProcedureVersion.Status.PUBLISHED, implementing_agencies=agency
        )
        .filter(_in_force_q(day))
        .select_related("procedure", "procedure__field")
        .order_by("procedure__code")
    )


def fees_total(version: ProcedureVersion) -> Decimal:
    """Sum of the fee items of `version` (uses prefetched fees when present)."""
    return sum((fee.amount for fee in version.fees.all()), Decimal("0"))


def fields_all() -> QuerySet[Field]:
    return Field.objects.order_by("name")


def procedures_with_versions() -> QuerySet[Procedure]:
    """Every procedure with all its versions and their items, for export (a fixed number of queries)."""
    versions = ProcedureVersion.objects.order_by("number").prefetch_related(
        "components", "fees", "result_types", "implementing_agencies"
    )
    return (
        Procedure.objects.select_related("field")
        .prefetch_related(Prefetch("versions", queryset=versions))
        .order_by("code")
    )
