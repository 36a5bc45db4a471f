"""JSON and Excel import/export: round trip, idempotence, drafts only, clear errors, all or nothing."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import translation
from openpyxl import load_workbook

from egov.catalog import services
from egov.catalog.exchange import CatalogImportError, catalog_document, catalog_import
from egov.catalog.models import FeeItem, Procedure, ProcedureVersion
from egov.catalog.tests.factories import SAME_DAY, FieldFactory, ProcedureFactory, draft, published
from egov.catalog.xlsx import catalog_export_xlsx, workbook_document
from egov.org.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _catalogue() -> dict[str, Any]:
    field = FieldFactory.create(code="HT", name="Hộ tịch")
    first = published(
        ProcedureFactory.create(code="1.001193", name="Đăng ký khai sinh", field=field),
        eform_schema={
            "version": 1,
            "sections": [{"title": "Tờ khai", "fields": [{"name": "x", "label": "Nhãn", "type": "text"}]}],
        },
        **SAME_DAY,
    )
    first.implementing_agencies.add(AgencyFactory.create(agency_code="000.01.00.H59"))
    second = services.procedure_version_create_draft(procedure=first.procedure, valid_from=date(2026, 1, 1))
    services.procedure_version_publish(version=second)
    services.procedure_version_create_draft(procedure=first.procedure, valid_from=date(2027, 1, 1))
    draft(ProcedureFactory.create(code="2.000815", name="Chứng thực bản sao", field=field))
    return catalog_document()


def _wipe() -> None:
    FeeItem.objects.all().delete()
    for version in ProcedureVersion.objects.all():
        version.components.all().delete()
        version.result_types.all().delete()
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_round_trip(fmt: str, tmp_path: Path) -> None:
    before = _catalogue()
    path = tmp_path / f"catalogue.{fmt}"
    call_command("catalog_export", "--format", fmt, "-o", str(path))
    if fmt == "xlsx":
        book = load_workbook(path)
        assert book.sheetnames[:3] == ["Lĩnh vực", "Thủ tục", "Phiên bản"]
        assert book["Thủ tục"]["A1"].value == "Mã thủ tục"
    _wipe()
    call_command("catalog_import", str(path))
    assert catalog_document() == before
    call_command("catalog_import", str(path))  # idempotent
    assert catalog_document() == before
    assert ProcedureVersion.objects.count() == 4


def test_import_updates_drafts_only() -> None:
    document = _catalogue()
    versions = document["procedures"][0]["versions"]
    versions[0]["deadline_hours"] = "99.00"  # published: left unchanged
    versions[2]["deadline_hours"] = "16.00"  # draft: updated
    versions[2]["fees"] = [{"kind": "fee", "name": "Lệ phí mới", "amount": "5000", "note": ""}]
    result = catalog_import(document=document)
    assert (result.created, result.updated, result.unchanged) == (0, 2, 2)
    procedure = Procedure.objects.get(code="1.001193")
    assert procedure.versions.get(number=1).deadline_hours == Decimal(0)
    third = procedure.versions.get(number=3)
    assert third.deadline_hours == Decimal(16)
    assert [f.name for f in third.fees.all()] == ["Lệ phí mới"]


def _error(document: Any) -> str:
    with translation.override("vi"), pytest.raises(CatalogImportError) as caught:
        catalog_import(document=document)
    return str(caught.value)


def test_bad_json_names_record_and_field_and_writes_nothing() -> None:
    field = {"code": "HT", "name": "Hộ tịch"}
    good = {"number": 1, "name": "Một", "valid_from": "2025-07-01", "deadline_hours": "8",
            "components": [{"name": "Tờ khai"}]}  # fmt: skip
    document: dict[str, Any] = {
        "format": "egov.catalog/1",
        "procedures": [
            {"code": "1.000001", "name": "Một", "level": "commune", "field": field, "versions": [good]},
            {"code": "1.000002", "name": "Hai", "level": "commune", "field": field,
             "versions": [{"number": 1, "name": "Hai", "valid_from": "01/07/2025"}]},
        ],
    }  # fmt: skip
    message = _error(document)
    assert "1.000002" in message and "valid_from" in message and "01/07/2025" in message
    assert not Procedure.objects.exists() and not ProcedureVersion.objects.exists()
    document["procedures"][1]["code"] = "12345"
    document["procedures"][1]["versions"] = []
    assert "N.NNNNNN" in _error(document)
    assert "egov.catalog/1" in _error({"procedures": []})
    assert not Procedure.objects.exists()


def test_bad_xlsx_names_sheet_and_row(tmp_path: Path) -> None:
    _catalogue()
    book = load_workbook(BytesIO(catalog_export_xlsx()))
    sheet = book["Phí, lệ phí"]
    row = sheet.max_row  # the fee of a draft (published versions are never changed by an import)
    sheet[f"E{row}"] = "mười nghìn"
    path = tmp_path / "bad.xlsx"
    book.save(path)
    before = catalog_document()
    with translation.override("vi"), pytest.raises(CommandError) as caught:
        call_command("catalog_import", str(path))
    assert f"Trang “Phí, lệ phí”, dòng {row}" in str(caught.value)
    assert "mười nghìn" in str(caught.value)
    assert catalog_document() == before
    with pytest.raises(CatalogImportError):
        workbook_document(b"not a workbook")


def test_unknown_agency_and_publish_rule_are_rejected() -> None:
    document = _catalogue()
    version = document["procedures"][1]["versions"][0]
    version["agencies"] = ["999.99.99.H00"]
    assert "999.99.99.H00" in _error(json.loads(json.dumps(document)))
    version["agencies"], version["status"], version["components"] = [], "published", []
    _error(document)
    with transaction.atomic():
        assert ProcedureVersion.objects.get(procedure__code="2.000815").status == "draft"
