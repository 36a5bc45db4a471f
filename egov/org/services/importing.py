"""Import of the 2025 administrative units from the `vietnam-provinces` package.

One transaction, bulk inserts and updates, idempotent: a second run changes nothing (names that
changed upstream are updated). 34 provincial units and 3,321 commune-level units.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import vietnam_provinces as vp
from django.db import transaction

from egov.core.audit.services import audit_record
from egov.core.text import fold, nfc
from egov.org.models import TWO_TIER_START, AdminUnit

_Kind = AdminUnit.Kind
PROVINCE_KINDS: dict[vp.VietNamDivisionType, str] = {
    vp.VietNamDivisionType.TINH: _Kind.PROVINCE,
    vp.VietNamDivisionType.THANH_PHO_TRUNG_UONG: _Kind.CITY,
}
COMMUNE_KINDS: dict[vp.VietNamDivisionType, str] = {
    vp.VietNamDivisionType.XA: _Kind.COMMUNE,
    vp.VietNamDivisionType.PHUONG: _Kind.WARD,
    vp.VietNamDivisionType.DAC_KHU: _Kind.SPECIAL_ZONE,
}


def province_code(code: int) -> str:
    """The stored code of a 2025 province: two digits ("01", "80")."""
    return f"{int(code):02d}"


def commune_code(code: int) -> str:
    """The stored code of a 2025 commune-level unit: five digits ("00004", "25459")."""
    return f"{int(code):05d}"


@dataclass(frozen=True)
class UnitImportResult:
    provinces: int
    communes: int
    created: int
    updated: int
    by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


@dataclass
class _Row:
    code: str
    name: str
    kind: str
    parent_code: str | None


def _package_rows() -> tuple[list[_Row], list[_Row]]:
    provinces = [
        _Row(province_code(p.code), " ".join(nfc(p.name).split()), PROVINCE_KINDS[p.division_type], None)
        for p in vp.Province.iter_all()
    ]
    communes = [
        _Row(
            commune_code(w.code),
            " ".join(nfc(w.name).split()),
            COMMUNE_KINDS[w.division_type],
            province_code(w.province_code),
        )
        for w in vp.Ward.iter_all()
    ]
    return provinces, communes


def _sync(
    rows: list[_Row], existing: dict[str, AdminUnit], parent_ids: dict[str, int], valid_from: date
) -> tuple[int, int]:
    """Create missing units and update changed ones; return (created, updated)."""
    to_create: list[AdminUnit] = []
    to_update: list[AdminUnit] = []
    for row in rows:
        parent_id = parent_ids[row.parent_code] if row.parent_code else None
        unit = existing.get(row.code)
        if unit is None:
            to_create.append(
                AdminUnit(
                    code=row.code,
                    name=row.name,
                    kind=row.kind,
                    parent_id=parent_id,
                    valid_from=valid_from,
                    search_text=fold(row.name),
                )
            )
        elif (unit.name, unit.kind, unit.parent_id) != (row.name, row.kind, parent_id):
            unit.name, unit.kind, unit.parent_id = row.name, row.kind, parent_id
            unit.search_text = fold(row.name)
            to_update.append(unit)
    if to_create:
        AdminUnit.objects.bulk_create(to_create)
    if to_update:
        AdminUnit.objects.bulk_update(to_update, ["name", "kind", "parent", "search_text"], batch_size=500)
    return len(to_create), len(to_update)


def admin_units_import(*, actor: Any = None, valid_from: date = TWO_TIER_START) -> UnitImportResult:
    """Import (or refresh) all 2025 provinces and communes, valid from 1 July 2025."""
    provinces, communes = _package_rows()
    kinds = [*PROVINCE_KINDS.values(), *COMMUNE_KINDS.values()]
    with transaction.atomic():
        existing = {
            u.code: u
            for u in AdminUnit.objects.filter(valid_from=valid_from, kind__in=kinds).only(
                "id", "code", "name", "kind", "parent_id"
            )
        }
        created_p, updated_p = _sync(provinces, existing, {}, valid_from)
        province_ids = dict(
            AdminUnit.objects.filter(
                valid_from=valid_from, kind__in=list(PROVINCE_KINDS.values())
            ).values_list("code", "id")
        )
        created_c, updated_c = _sync(communes, existing, province_ids, valid_from)
        result = UnitImportResult(
            provinces=len(provinces),
            communes=len(communes),
            created=created_p + created_c,
            updated=updated_p + updated_c,
            by_kind=dict(Counter(row.kind for row in [*provinces, *communes])),
        )
        if result.changed:
            audit_record(
                actor=actor,
                action="org.admin_units_import",
                reason=f"vietnam-provinces {vp.__version__} ({vp.__data_version__})",
                data={
                    "created": result.created,
                    "updated": result.updated,
                    "provinces": result.provinces,
                    "communes": result.communes,
                },
            )
    return result
