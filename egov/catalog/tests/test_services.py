"""Catalogue services: creation, drafts, immutability of published versions, publishing rules."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from egov.catalog import services
from egov.catalog.models import ProcedureVersion
from egov.catalog.tests.factories import SAME_DAY, FieldFactory, ProcedureFactory, draft, published
from egov.core.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_procedure_create_normalises_and_folds() -> None:
    field = services.field_create(code="HT", name="Hộ tịch")
    decomposed = "Đăng ky\u0301 khai sinh"  # NFD accent as some keyboards send it
    procedure = services.procedure_create(code="1.001193", name=decomposed, field=field, level="commune")
    assert procedure.name == "Đăng ký khai sinh"
    assert procedure.search_text == "1.001193 dang ky khai sinh"
    assert AuditEvent.objects.filter(action="catalog.procedure.create").count() == 1


@pytest.mark.parametrize("code", ["1001193", "1.00119", "A.001193", "1.0011934"])
def test_procedure_create_rejects_bad_code(code: str) -> None:
    with pytest.raises(ValidationError):
        services.procedure_create(code=code, name="X", field=FieldFactory.create(), level="commune")


def test_draft_numbers_and_copies_latest() -> None:
    first = published()
    second = services.procedure_version_create_draft(procedure=first.procedure, valid_from=date(2026, 1, 1))
    assert second.number == 2 and second.status == ProcedureVersion.Status.DRAFT
    assert [c.name for c in second.components.all()] == ["Tờ khai"]
    assert second.fees.get().amount == Decimal(10000)
    assert second.result_types.get().code == "KQ"
    assert second.deadline_hours == first.deadline_hours
    bare = services.procedure_version_create_draft(procedure=first.procedure, copy_latest=False)
    assert bare.number == 3 and not bare.components.exists()


def test_update_changes_a_draft() -> None:
    version = draft()
    updated = services.procedure_version_update(version=version, deadline_hours=Decimal(40), name="Tên mới")
    assert updated.deadline_hours == Decimal(40) and updated.name == "Tên mới"


def test_published_version_is_immutable() -> None:
    version = published()
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        services.procedure_version_update(version=version, deadline_hours=Decimal(1))
    assert "đã công bố" in caught.value.messages[0]
    with pytest.raises(ValidationError):
        services.procedure_version_set_items(version=version, fees=[])
    version.refresh_from_db()
    assert version.deadline_hours == Decimal(24) and version.fees.count() == 1


def test_update_rejects_unknown_fields() -> None:
    with pytest.raises(ValidationError):
        services.procedure_version_update(version=draft(), status="published")


@pytest.mark.parametrize(
    ("values", "items"),
    [
        ({"deadline_hours": Decimal(0)}, True),
        ({"same_day": True, "cutoff": None, "deadline_hours": Decimal(0)}, True),
        ({}, False),
    ],
)
def test_publish_checks(values: dict, items: bool) -> None:
    procedure = ProcedureFactory.create()
    if items:
        version = draft(procedure)
    else:
        version = services.procedure_version_create_draft(
            procedure=procedure, copy_latest=False, valid_from=date(2025, 7, 1), deadline_hours=Decimal(8)
        )
    with pytest.raises(ValidationError):
        if values:
            services.procedure_version_update(version=version, **values)
        services.procedure_version_publish(version=version)
    version.refresh_from_db()
    assert version.status == ProcedureVersion.Status.DRAFT


def test_same_day_with_cutoff_publishes() -> None:
    version = draft(**SAME_DAY)
    assert version.cutoff == time(15, 0)
    published_version = services.procedure_version_publish(version=version)
    assert published_version.status == ProcedureVersion.Status.PUBLISHED
    assert published_version.published_at is not None


def test_publish_closes_and_retires_previous() -> None:
    first = published()
    second = services.procedure_version_create_draft(procedure=first.procedure, valid_from=date(2026, 1, 1))
    services.procedure_version_publish(version=second)
    first.refresh_from_db()
    assert first.valid_to == date(2025, 12, 31)
    assert first.status == ProcedureVersion.Status.RETIRED  # ended before today
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"catalog.version.publish", "catalog.version.close"} <= actions


def test_publish_future_version_keeps_previous_published() -> None:
    first = published()
    start = timezone.localdate() + timedelta(days=30)
    second = services.procedure_version_create_draft(procedure=first.procedure, valid_from=start)
    services.procedure_version_publish(version=second)
    first.refresh_from_db()
    assert first.valid_to == start - timedelta(days=1)
    assert first.status == ProcedureVersion.Status.PUBLISHED


def test_publish_rejects_start_before_current() -> None:
    first = published()
    second = services.procedure_version_create_draft(procedure=first.procedure)
    services.procedure_version_update(version=second, valid_from=date(2025, 1, 1))
    with pytest.raises(ValidationError):
        services.procedure_version_publish(version=second)
