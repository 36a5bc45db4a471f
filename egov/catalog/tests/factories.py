"""factory_boy factories and small builders for the catalogue."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Any

import factory

from egov.catalog import services
from egov.catalog.models import Field, Procedure, ProcedureVersion
from egov.core.text import fold

TWO_TIER = date(2025, 7, 1)


class FieldFactory(factory.django.DjangoModelFactory[Field]):
    class Meta:
        model = Field
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"F{n}")
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")
    search_text = factory.LazyAttribute(lambda f: fold(f"{f.code} {f.name}"))


class ProcedureFactory(factory.django.DjangoModelFactory[Procedure]):
    class Meta:
        model = Procedure

    code = factory.Sequence(lambda n: f"9.{n:06d}")
    name = factory.Sequence(lambda n: f"Thủ tục thử {n}")
    field = factory.SubFactory(FieldFactory)
    level = Procedure.Level.COMMUNE
    search_text = factory.LazyAttribute(lambda p: fold(f"{p.code} {p.name}"))


def draft(procedure: Procedure | None = None, **values: Any) -> ProcedureVersion:
    """A draft with one component and one fee, valid from 1 July 2025 unless told otherwise."""
    procedure = procedure or ProcedureFactory.create()
    values.setdefault("valid_from", TWO_TIER)
    values.setdefault("deadline_hours", Decimal(24))
    version = services.procedure_version_create_draft(procedure=procedure, copy_latest=False, **values)
    return services.procedure_version_set_items(
        version=version,
        components=[{"order": 1, "name": "Tờ khai", "form": "original", "copies": 1, "mandatory": True}],
        fees=[{"kind": "fee", "name": "Lệ phí", "amount": Decimal(10000), "note": ""}],
        result_types=[{"code": "KQ", "name": "Giấy chứng nhận"}],
    )


def published(procedure: Procedure | None = None, **values: Any) -> ProcedureVersion:
    return services.procedure_version_publish(version=draft(procedure, **values))


SAME_DAY: dict[str, Any] = {"same_day": True, "cutoff": time(15, 0), "deadline_hours": Decimal(0)}
