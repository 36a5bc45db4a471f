"""Reads from the procedure catalogue."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from egov.catalog.models import FeeItem, Field, Procedure, ProcedureComponent, ProcedureVersion
from egov.catalog.search import search_filter, search_parse, search_ranked
from egov.core.files.models import StoredFile
from egov.org.models import Agency

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
    qs = search_filter(Procedure.objects.select_related("field"), search_parse(query))
    if field_code:
        qs = qs.filter(field__code=field_code)
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("code")


def procedure_search(*, query: str, limit: int = 20) -> list[Procedure]:
    """Accent-insensitive search (egov.catalog.search). Ranking: names containing the query with its
    exact accents first, then codes starting with the query, then whole-word matches, then by code.
    SQLite and PostgreSQL return the same order."""
    parsed = search_parse(query)
    if parsed.is_empty:
        return []
    qs = search_filter(Procedure.objects.select_related("field"), parsed)
    return list(search_ranked(qs, parsed)[:limit])


def catalog_public_search(
    *,
    query: str = "",
    field_code: str = "",
    agency_id: int | None = None,
    online_level: str = "",
    level: str = "",
    on: date | None = None,
) -> QuerySet[ProcedureVersion]:
    """The public catalogue: versions in force on `on` (today), one per procedure, with procedure and
    field joined and `fee_total` annotated; searched and ranked like `procedure_search` (plus
    closeness), or by code when there is no query. Filters left empty are not applied."""
    day = on or timezone.localdate()
    parsed = search_parse(query)
    fees = (
        FeeItem.objects.filter(version=OuterRef("pk"))
        .order_by()
        .values("version")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    qs = (
        ProcedureVersion.objects.filter(status__in=IN_FORCE_STATUSES)
        .filter(_in_force_q(day))
        .select_related("procedure", "procedure__field")
        .annotate(
            fee_total=Coalesce(
                Subquery(fees, output_field=DecimalField(max_digits=16, decimal_places=0)),
                Value(Decimal(0)),
                output_field=DecimalField(max_digits=16, decimal_places=0),
            )
        )
    )
    qs = search_filter(qs, parsed, prefix="procedure__")
    if field_code:
        qs = qs.filter(procedure__field__code=field_code)
    if agency_id is not None:
        qs = qs.filter(implementing_agencies__pk=agency_id)
    if online_level:
        qs = qs.filter(online_level=online_level)
    if level:
        qs = qs.filter(procedure__level=level)
    return search_ranked(qs, parsed, prefix="procedure__", closeness=True)


def catalog_public_agencies(*, on: date | None = None) -> QuerySet[Agency]:
    """Agencies implementing at least one version in force (the catalogue's agency filter)."""
    day = on or timezone.localdate()
    in_force = ProcedureVersion.objects.filter(status__in=IN_FORCE_STATUSES).filter(_in_force_q(day))
    return Agency.objects.filter(procedure_versions__in=in_force).distinct().order_by("name")


def blank_form_can_read(user: Any, stored: StoredFile) -> bool:
    """A blank form is public once it belongs to a published (or since retired) version; the file
    access rule for blank forms (registered in CatalogConfig.ready) and the public portal download."""
    return ProcedureComponent.objects.filter(
        blank_form_id=stored.pk, version__status__in=IN_FORCE_STATUSES
    ).exists()


def blank_form_public(*, file_id: Any) -> StoredFile | None:
    """The stored file if it is a published version's blank form, else None (same for unknown ids)."""
    stored = StoredFile.objects.filter(pk=file_id).first()
    if stored is None or not blank_form_can_read(None, stored):
        return None
    return stored


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
