"""Demo catalogue loader: real national procedures, published from 1 July 2025 (idempotent)."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Any

from django.db import transaction

from egov.catalog import services
from egov.catalog.demo_data import AGENCIES, FIELDS, HO_TICH_LAW, PROCEDURES
from egov.catalog.models import Field, Procedure, ProcedureVersion
from egov.org.models import Agency

DEMO_VALID_FROM = date(2025, 7, 1)
CUTOFF = time(15, 0)
HOURS_PER_DAY = 8


def _agencies(key: str) -> list[Agency]:
    codes = [code for part in key.split("+") for code in AGENCIES[part]]
    return list(Agency.objects.filter(agency_code__in=codes))


def _field(code: str, actor: Any) -> Field:
    return Field.objects.filter(code=code).first() or services.field_create(
        code=code, name=FIELDS[code], actor=actor
    )


def _eform_schema(spec: dict[str, Any]) -> dict[str, Any]:
    """The procedure's declaration form (egov/catalog/eform_schemas), or the general request form
    for other procedures offered online; none for information-only ones."""
    from egov.catalog.eform_schemas import eform_schema_for, eform_schema_generic

    if spec["online"] == ProcedureVersion.OnlineLevel.INFO:
        return {}
    return eform_schema_for(spec["code"]) or eform_schema_generic()


def _seed_one(spec: dict[str, Any], actor: Any) -> bool:
    """Create and publish one demo procedure; False when it already exists."""
    if Procedure.objects.filter(code=spec["code"]).exists():
        return False
    procedure = services.procedure_create(
        code=spec["code"],
        name=spec["name"],
        field=_field(spec["field"], actor),
        level=spec.get("level", Procedure.Level.COMMUNE),
        actor=actor,
    )
    same_day = spec["days"] == 0
    version = services.procedure_version_create_draft(
        procedure=procedure,
        actor=actor,
        copy_latest=False,
        valid_from=DEMO_VALID_FROM,
        legal_basis=spec.get("law", HO_TICH_LAW),
        deadline_hours=Decimal(spec["days"] * HOURS_PER_DAY),
        same_day=same_day,
        cutoff=CUTOFF if same_day else None,
        online_level=spec["online"],
        # VNeID level 2 where the demo marks it ("loa"); level 1 (a verified account) otherwise.
        requires_assurance_level=spec.get("loa", 1),
        eform_schema=_eform_schema(spec),
    )
    services.procedure_version_set_items(
        version=version,
        actor=actor,
        components=[
            {"order": i, "name": name, "form": form, "copies": copies, "mandatory": mandatory}
            for i, (name, form, copies, mandatory) in enumerate(spec["components"], start=1)
        ],
        fees=[
            {"kind": kind, "name": name, "amount": Decimal(amount), "note": note}
            for kind, name, amount, note in spec["fees"]
        ],
        result_types=[{"name": name} for name in spec["results"]],
        agencies=_agencies(spec.get("agencies", "commune")),
    )
    services.procedure_version_publish(version=version, actor=actor)
    return True


def catalog_demo_seed(*, actor: Any = None) -> int:
    """Load the demo catalogue; returns how many procedures were created (0 on a second run).
    Links to demo agencies that do not exist (org demo_seed not run) are skipped."""
    with transaction.atomic():
        return sum(_seed_one(spec, actor) for spec in PROCEDURES)
