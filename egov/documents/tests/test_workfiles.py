"""Work files: the yearly list, opening, filing documents, closing, archive transfer and disposal."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from egov.core.audit.models import AuditEvent
from egov.documents import workfile_selectors as ws
from egov.documents.models import DocumentType, FileList, OutgoingDocument, Secrecy, WorkFile, WorkFileItem
from egov.documents.services import (
    EntryData,
    archive_transfer_record,
    file_list_add_entry,
    file_list_approve,
    file_list_create,
    workfile_add_document,
    workfile_close,
    workfile_open,
)
from egov.documents.tests.conftest import Office


@contextmanager
def refused(*codes: str) -> Iterator[None]:
    with pytest.raises(ValidationError) as info:
        yield
    assert info.value.code in codes, info.value


def approved_file(office: Office, code: str = "01.TCCB", retention: int | None = None, **kw: Any) -> WorkFile:
    file_list = FileList.objects.filter(agency=office.agency, year=2026).first() or file_list_create(
        actor=office.clerk, agency=office.agency, year=2026
    )
    wf = file_list_add_entry(
        actor=office.clerk if file_list.status == "draft" else office.leader,
        file_list=file_list,
        data=EntryData(
            code=code, title=f"Hồ sơ {code}", retention_years=retention, section="I. TỔ CHỨC", **kw
        ),
    )
    if file_list.status == FileList.Status.DRAFT:
        file_list_approve(actor=office.leader, file_list=file_list)
    wf.refresh_from_db()
    return wf


def outgoing(office: Office, **kw: Any) -> OutgoingDocument:
    values: dict[str, Any] = {
        "agency": office.agency,
        "doc_type": DocumentType.objects.get(code="cong_van"),
        "abstract": "Về việc tổng hợp báo cáo",
        "status": "approved",
        "page_count": 3,
    }
    values.update(kw)
    return OutgoingDocument.objects.create(**values)


def test_list_create_approve_and_roles(office: Office) -> None:
    with refused("forbidden"):
        file_list_create(actor=office.specialist, agency=office.agency, year=2026)
    with refused("forbidden", "not_visible"):
        file_list_create(actor=office.other_clerk, agency=office.agency, year=2026)
    fl = file_list_create(actor=office.clerk, agency=office.agency, year=2026)
    with refused("duplicate"):
        file_list_create(actor=office.leader, agency=office.agency, year=2026)
    with refused("empty"):
        file_list_approve(actor=office.leader, file_list=fl)
    file_list_add_entry(actor=office.clerk, file_list=fl, data=EntryData(code="01.TCCB", title="Tổ chức"))
    with refused("duplicate"):
        file_list_add_entry(actor=office.clerk, file_list=fl, data=EntryData(code="01.tccb", title="Khác"))
    with refused("forbidden"):
        file_list_approve(actor=office.clerk, file_list=fl)
    with refused("forbidden", "not_visible"):
        file_list_approve(actor=office.other_leader, file_list=fl)
    file_list_approve(actor=office.leader, file_list=fl)
    fl.refresh_from_db()
    assert fl.status == "approved" and fl.approved_by == office.leader
    with refused("approved"):
        file_list_add_entry(actor=office.clerk, file_list=fl, data=EntryData(code="02.VP", title="Văn phòng"))
    extra = file_list_add_entry(
        actor=office.leader, file_list=fl, data=EntryData(code="02.VP", title="Văn phòng")
    )
    assert extra.position == 2 and extra.status == "planned"
    assert AuditEvent.objects.filter(action="documents.file_list.approve").count() == 1


def test_open_add_close_totals_and_immutable(office: Office) -> None:
    wf = approved_file(office)
    doc = office.register(page_count=4)
    with refused("not_open"):
        workfile_add_document(actor=office.clerk, workfile=wf, incoming=doc)
    workfile_open(actor=office.specialist, workfile=wf, start_date=date(2026, 1, 5))
    wf.refresh_from_db()
    assert wf.status == "open" and wf.creator == office.specialist and wf.start_date == date(2026, 1, 5)
    workfile_add_document(actor=office.clerk, workfile=wf, incoming=doc)
    with refused("duplicate"):
        workfile_add_document(actor=office.clerk, workfile=wf, incoming=doc)
    workfile_add_document(actor=office.clerk, workfile=wf, outgoing=outgoing(office), page_count=5)
    with refused("document_required"):
        workfile_add_document(actor=office.clerk, workfile=wf)
    closed = workfile_close(actor=office.clerk, workfile=wf, end_date=date(2026, 12, 31))
    assert (closed.status, closed.doc_total, closed.page_total) == ("closed", 2, 9)
    assert list(closed.items.values_list("position", flat=True)) == [1, 2]
    with refused("closed"):
        workfile_add_document(
            actor=office.clerk, workfile=closed, incoming=office.register(original_number="9")
        )
    with refused("closed"):
        workfile_close(actor=office.clerk, workfile=closed)
    assert WorkFileItem.objects.filter(workfile=closed).count() == 2


def test_close_refuses_empty_and_bad_dates(office: Office) -> None:
    wf = approved_file(office)
    workfile_open(actor=office.clerk, workfile=wf, start_date=date(2026, 3, 1))
    with refused("empty"):
        workfile_close(actor=office.clerk, workfile=wf)
    workfile_add_document(actor=office.clerk, workfile=wf, incoming=office.register())
    with refused("dates"):
        workfile_close(actor=office.clerk, workfile=wf, end_date=date(2026, 2, 1))


def test_secret_document_only_for_those_who_see_it(office: Office) -> None:
    wf = approved_file(office)
    workfile_open(actor=office.clerk, workfile=wf)
    secret = office.register(secrecy=Secrecy.SECRET, present_to=office.leader)
    # The registering clerk sees it; a specialist who is not involved does not.
    with refused("not_visible"):
        workfile_add_document(actor=office.specialist, workfile=wf, incoming=secret)
    workfile_add_document(actor=office.clerk, workfile=wf, incoming=secret)
    rows = ws.workfile_items(workfile=wf, user=office.specialist)
    assert [r.visible for r in rows] == [False]
    assert "Văn bản mật" in ws.item_rows(rows, "UBND")[0][4]
    assert ws.workfile_items(workfile=wf, user=office.clerk)[0].visible


def test_other_agency_denied(office: Office) -> None:
    wf = approved_file(office)
    with refused("forbidden"):
        workfile_open(actor=office.other_clerk, workfile=wf)
    workfile_open(actor=office.clerk, workfile=wf)
    with refused("forbidden", "not_visible"):
        workfile_add_document(actor=office.other_clerk, workfile=wf, incoming=office.register())
    other_doc = outgoing(office, agency=office.other, created_by=office.other_clerk)
    with refused("not_visible"):
        workfile_add_document(actor=office.clerk, workfile=wf, outgoing=other_doc)
    assert ws.workfile_get(user=office.other_clerk, pk=wf.pk) is None
    assert ws.workfile_get(user=office.clerk, pk=wf.pk) == wf


def _closed(office: Office, code: str, end: date, retention: int | None) -> WorkFile:
    wf = approved_file(office, code=code, retention=retention)
    workfile_open(actor=office.clerk, workfile=wf, start_date=date(2020, 1, 1))
    workfile_add_document(actor=office.clerk, workfile=wf, incoming=office.register(original_number=code[:2]))
    return workfile_close(actor=office.clerk, workfile=wf, end_date=end)


def test_transfer_due_index_batch_and_disposal(office: Office, settings: Any) -> None:
    old = _closed(office, "01.A", date(2024, 12, 31), 5)
    recent = _closed(office, "02.B", date(2026, 6, 30), None)
    today = date(2026, 11, 23)
    assert list(ws.files_due_for_transfer(agency=office.agency, today=today)) == [old]
    settings.EGOV_ARCHIVE_TRANSFER_MONTHS = 3
    assert set(ws.files_due_for_transfer(agency=office.agency, today=today)) == {old, recent}
    rows = ws.archive_transfer_index(agency=office.agency, year=2026)
    assert rows[0][:3] == ["1", "01.A", "Hồ sơ 01.A"]
    assert rows[0][3] == "01/01/2020 – 31/12/2024" and rows[0][4] == "5 năm" and rows[1][4] == "Vĩnh viễn"
    with refused("forbidden"):
        archive_transfer_record(actor=office.specialist, agency=office.agency, workfiles=[old])
    batch = archive_transfer_record(actor=office.clerk, agency=office.agency, workfiles=[old])
    assert batch.file_count == 1 and batch.page_total == old.page_total
    assert list(ws.files_due_for_transfer(agency=office.agency, today=today)) == [recent]
    with refused("transferred"):
        archive_transfer_record(actor=office.clerk, agency=office.agency, workfiles=[old])
    # Disposal: 5 years after 31/12/2024 → due from 01/01/2030; permanent never.
    assert list(ws.files_due_for_disposal_review(agency=office.agency, today=date(2029, 12, 31))) == []
    assert list(ws.files_due_for_disposal_review(agency=office.agency, today=date(2030, 1, 1))) == [old]
    assert list(ws.files_due_for_disposal_review(agency=office.other, today=date(2099, 1, 1))) == []


def test_exports_xlsx_and_pdf(office: Office) -> None:
    from openpyxl import load_workbook

    wf = _closed(office, "01.TCCB", date(2026, 6, 30), 10)
    entries = ws.file_list_rows(ws.file_list_entries(file_list=wf.file_list))
    assert entries[0][1] == "I. TỔ CHỨC" and entries[1][0] == "01.TCCB"
    table = ws.Table("Danh mục hồ sơ năm 2026", "UBND", ws.FILE_LIST_COLUMNS, ws.FILE_LIST_WIDTHS, entries)
    book = load_workbook(BytesIO(ws.table_xlsx(table)))
    sheet = book.active
    assert sheet is not None and sheet["A5"].value == "01.TCCB"
    pdf = ws.table_pdf(table, agency=office.agency)
    assert pdf.startswith(b"%PDF")
