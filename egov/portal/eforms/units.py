"""Administrative units for admin_unit fields: the communes in force of one province (2025 codes)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from egov.core.text import fold
from egov.org.models import AdminUnit
from egov.portal.eforms.conf import default_province_code

COMMUNE_KINDS = (AdminUnit.Kind.COMMUNE, AdminUnit.Kind.WARD, AdminUnit.Kind.SPECIAL_ZONE)
_PREFIXES = ("xa ", "phuong ", "dac khu ", "thi tran ")


def province_of(spec: dict[str, object]) -> int | None:
    value = spec.get("province")
    if isinstance(value, int | str) and str(value).strip().isdigit():
        return int(value)
    return default_province_code()


def _sort_key(name: str) -> str:
    folded = fold(name)
    for prefix in _PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


def commune_choices(province: int | None) -> list[tuple[str, str]]:
    """(code, name) of the communes, wards and special zones of `province` in force today,
    sorted by name without the "Xã"/"Phường" prefix. One query."""
    if province is None:
        return []
    today = timezone.localdate()
    current = Q(valid_from__lte=today) & (Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    parent_current = Q(parent__valid_from__lte=today) & (
        Q(parent__valid_to__isnull=True) | Q(parent__valid_to__gte=today)
    )
    rows = (
        AdminUnit.objects.filter(current, parent_current, kind__in=COMMUNE_KINDS)
        .filter(parent__code=f"{province:02d}")
        .values_list("code", "name")
    )
    return sorted(((code, name) for code, name in rows), key=lambda row: _sort_key(row[1]))


def unit_names(codes: Iterable[str]) -> dict[str, str]:
    """code → name, preferring the unit in force today, else the latest one. One query."""
    wanted = {c for c in codes if c}
    if not wanted:
        return {}
    today = timezone.localdate()
    names: dict[str, str] = {}
    rows = (
        AdminUnit.objects.filter(code__in=wanted)
        .order_by("valid_from")
        .values_list("code", "name", "valid_from", "valid_to")
    )
    settled: set[str] = set()  # codes whose unit in force was found
    for code, name, valid_from, valid_to in rows:
        if code in settled:
            continue
        names[code] = name
        if valid_from <= today and (valid_to is None or valid_to >= today):
            settled.add(code)
    return names
