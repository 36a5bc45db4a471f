"""Work-file pages: list, create/approve, file page (search, add, close), transfer, exports,
fixed query counts, and the denials (another agency, closed files, secret documents)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from egov.documents.models import FileList, Secrecy, WorkFile
from egov.documents.services import workfile_add_document, workfile_close, workfile_open
from egov.documents.tests.conftest import Office
from egov.documents.tests.test_workfiles import approved_file

pytestmark = pytest.mark.django_db
LISTS = reverse("documents:workfile-lists")


def test_create_add_entry_approve_through_pages(client: Client, office: Office) -> None:
    client.force_login(office.clerk)
    assert client.get(LISTS, {"year": 2026}).status_code == 200
    response = client.post(reverse("documents:filelist-create"), {"agency": office.agency.pk, "year": 2026})
    assert response.status_code == 302
    fl = FileList.objects.get(agency=office.agency, year=2026)
    add = reverse("documents:filelist-action", args=[fl.pk, "add-entry"])
    ok = {
        "code": "01.TCCB",
        "title": "Hồ sơ tổ chức cán bộ",
        "retention": "70",
        "rights": "public",
        "section": "I",
    }
    assert client.post(add, ok).status_code == 302
    bad = client.post(add, {**ok, "title": "Trùng số"})  # same code: refused, values kept
    assert bad.status_code == 400 and "Trùng số" in bad.content.decode()
    assert client.post(reverse("documents:filelist-action", args=[fl.pk, "approve"])).status_code == 400
    client.force_login(office.leader)
    assert client.post(reverse("documents:filelist-action", args=[fl.pk, "approve"])).status_code == 302
    fl.refresh_from_db()
    assert fl.status == "approved" and fl.files.get().retention_years == 70
    client.force_login(office.other_clerk)
    assert client.post(add, {**ok, "code": "09.X"}).status_code == 404
    assert client.get(LISTS, {"agency": office.agency.pk}).status_code == 404


def test_list_page_fixed_query_count(client: Client, office: Office) -> None:
    wf = approved_file(office)
    client.force_login(office.clerk)
    client.get(LISTS, {"year": 2026})
    with CaptureQueriesContext(connection) as small:
        first = client.get(LISTS, {"year": 2026})
    for i in range(60):
        approved_file(office, code=f"{i + 2:02d}.VP")
    with CaptureQueriesContext(connection) as big:
        second = client.get(LISTS, {"year": 2026, "page": 2})
    assert len(small.captured_queries) == len(big.captured_queries)
    assert wf.title in first.content.decode() and len(second.context["rows"]) == 11


def test_file_page_search_add_close_and_immutable(client: Client, office: Office) -> None:
    wf = approved_file(office)
    doc = office.register(abstract="Về việc tuyển dụng công chức", original_symbol="SNV-TCCB", page_count=2)
    client.force_login(office.clerk)
    url = reverse("documents:workfile-detail", args=[wf.pk])
    action = lambda a: reverse("documents:workfile-action", args=[wf.pk, a])  # noqa: E731
    assert client.post(action("open")).status_code == 302
    found = client.get(url, {"q": "SNV-TCCB"})
    assert [d.pk for d in found.context["found"]["incoming"]] == [doc.pk]
    assert (
        client.post(action("add"), {"kind": "incoming", "document": doc.pk, "pages": "3"}).status_code == 302
    )
    again = client.post(action("add"), {"kind": "incoming", "document": doc.pk})
    assert again.status_code == 400 and "alert-danger" in again.content.decode()
    bad = client.post(action("close"), {"end_date": "31/02/2026"})
    assert bad.status_code == 400
    assert client.post(action("close"), {"end_date": "30/11/2026"}).status_code == 302
    wf.refresh_from_db()
    assert (wf.status, wf.doc_total, wf.page_total, wf.end_date) == ("closed", 1, 3, date(2026, 11, 30))
    refused = client.post(
        action("add"), {"kind": "incoming", "document": office.register(original_number="7").pk}
    )
    assert refused.status_code == 400 and wf.items.count() == 1
    for fmt in ("xlsx", "pdf"):
        response = client.get(reverse("documents:workfile-export", args=[wf.pk, fmt]))
        assert response.status_code == 200 and response["Content-Disposition"].endswith(f'.{fmt}"')


def test_other_agency_cannot_see_or_change(client: Client, office: Office) -> None:
    wf = approved_file(office)
    client.force_login(office.other_clerk)
    assert client.get(reverse("documents:workfile-detail", args=[wf.pk])).status_code == 404
    assert client.post(reverse("documents:workfile-action", args=[wf.pk, "open"])).status_code == 404
    assert client.get(reverse("documents:workfile-export", args=[wf.pk, "pdf"])).status_code == 404
    assert client.get(reverse("documents:filelist-export", args=[wf.file_list_id, "xlsx"])).status_code == 404
    wf.refresh_from_db()
    assert wf.status == WorkFile.Status.PLANNED


def test_clerk_cannot_add_a_secret_document_they_cannot_see(client: Client, office: Office) -> None:
    wf = approved_file(office)
    workfile_open(actor=office.clerk, workfile=wf)
    from egov.documents.services import incoming_register

    secret = incoming_register(
        actor=office.clerk,
        data=office.data(secrecy=Secrecy.SECRET, original_number="5"),
        present_to=office.leader,
    )
    client.force_login(office.specialist)  # not involved in the secret document
    url = reverse("documents:workfile-detail", args=[wf.pk])
    assert client.get(url, {"q": "5"}).context["found"]["incoming"] == []
    response = client.post(
        reverse("documents:workfile-action", args=[wf.pk, "add"]), {"kind": "incoming", "document": secret.pk}
    )
    assert response.status_code == 400 and wf.items.count() == 0


def test_transfer_page_and_index_export(client: Client, office: Office, settings: Any) -> None:
    wf = approved_file(office, retention=10)
    workfile_open(actor=office.clerk, workfile=wf, start_date=date(2024, 1, 2))
    workfile_add_document(actor=office.clerk, workfile=wf, incoming=office.register(page_count=4))
    workfile_close(actor=office.clerk, workfile=wf, end_date=date(2024, 12, 31))
    url = reverse("documents:workfile-transfer")
    client.force_login(office.specialist)
    page = client.get(url)
    assert page.status_code == 200 and page.context["due"] == [wf] and not page.context["can_transfer"]
    assert client.post(url, {"files": [wf.pk]}).status_code == 400
    client.force_login(office.clerk)
    assert client.post(url, {"files": [wf.pk], "note": "Bàn giao đợt 1"}).status_code == 302
    wf.refresh_from_db()
    assert (
        wf.transferred_at is not None
        and wf.transfer_batch is not None
        and wf.transfer_batch.note == "Bàn giao đợt 1"
    )
    pdf = client.get(reverse("documents:transfer-index-export", args=[2026, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf.content, capture_output=True, check=True
        ).stdout.decode()
        assert "MỤC LỤC HỒ SƠ NỘP LƯU" in text.upper() and "01.TCCB" in text and "10 năm" in text
