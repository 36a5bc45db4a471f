"""Pages: list (filters, pages, fixed query count), register form, document page and actions,
overdue, exports (xlsx and PDF), file download, and the denials."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from egov.core.files.tests.samples import pdf_bytes
from egov.documents.models import DocumentType, IncomingDocument, Secrecy
from egov.documents.services import incoming_direct
from egov.documents.tests.conftest import Office, vn

pytestmark = pytest.mark.django_db
LIST = reverse("documents:incoming-list")
REGISTER = reverse("documents:incoming-register")


def test_urls_are_under_staff_documents() -> None:
    assert LIST == "/staff/documents/"


def test_list_needs_staff(client: Client, office: Office) -> None:
    response = client.get(LIST)
    assert response.status_code == 302 and "login" in response["Location"]
    from egov.accounts.tests.factories import UserFactory

    client.force_login(UserFactory.create())
    assert client.get(LIST).status_code == 403


def test_list_shows_own_agency_only_with_a_fixed_query_count(
    client: Client, office: Office, django_assert_num_queries: object
) -> None:
    from egov.documents.services import incoming_register

    for i in range(3):
        office.register(abstract=f"Văn bản số {i}")
    foreign = incoming_register(actor=office.other_clerk, data=office.data(abstract="Của cơ quan khác"))
    client.force_login(office.specialist)
    client.get(LIST)  # warm caches (session, calendar)
    with django_assert_num_queries(7) as captured:  # type: ignore[operator]
        first = client.get(LIST)
    for i in range(3, 30):
        office.register(abstract=f"Văn bản số {i}")
    with django_assert_num_queries(len(captured.captured_queries)):  # type: ignore[operator]
        second = client.get(LIST + "?page=2")
    assert first.status_code == 200 and second.status_code == 200
    body = first.content.decode()
    assert "Văn bản số 2" in body and foreign.abstract not in body
    assert len(first.context["rows"]) == 3
    assert len(second.context["rows"]) == 10  # 30 documents, 20 per page


def test_list_filters_and_bad_dates(client: Client, office: Office) -> None:
    office.register(abstract="Về việc phòng chống lụt bão")
    office.register(abstract="Về việc khác")
    client.force_login(office.clerk)
    response = client.get(LIST, {"q": "lut bao"})
    assert [d.abstract for d in response.context["rows"]] == ["Về việc phòng chống lụt bão"]
    response = client.get(LIST, {"date_from": "2026-03-05", "date_to": "2026-03-01"})
    assert "Ngày kết thúc không được trước ngày bắt đầu." in response.content.decode()


def _post_data(office: Office, **kw: object) -> dict:
    data = {
        "agency": office.agency.pk,
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "paper",
        "sender_name": "Sở Tài chính",
        "original_number": "45",
        "original_symbol": "STC-NS",
        "doc_type": DocumentType.objects.get(code="cong_van").pk,
        "abstract": "Về việc lập dự toán ngân sách năm 2027",
        "urgency": "normal",
        "secrecy": "normal",
    }
    data.update(kw)
    return data


def test_clerk_registers_through_the_form(client: Client, office: Office) -> None:
    client.force_login(office.clerk)
    assert client.get(REGISTER).status_code == 200
    upload = SimpleUploadedFile("scan.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(REGISTER, _post_data(office, file=upload))
    document = IncomingDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "documents:incoming-detail", args=[document.pk]
    )
    assert document.arrival_number == 1 and document.file is not None
    page = client.get(response["Location"]).content.decode()
    assert "Về việc lập dự toán ngân sách năm 2027" in page
    assert reverse("files:download", args=[document.file.pk]) in page


def test_register_errors_keep_the_values(client: Client, office: Office) -> None:
    client.force_login(office.clerk)
    response = client.post(REGISTER, _post_data(office, secrecy="secret"))
    body = response.content.decode()
    assert response.status_code == 200 and IncomingDocument.objects.count() == 0
    assert "Về việc lập dự toán ngân sách năm 2027" in body  # kept
    assert "alert-danger" in body


def test_register_form_refused_to_non_clerks(client: Client, office: Office) -> None:
    client.force_login(office.specialist)
    assert client.get(REGISTER).status_code == 403


def test_document_page_and_actions_by_role(client: Client, office: Office) -> None:
    doc = office.register()
    url = reverse("documents:incoming-detail", args=[doc.pk])
    client.force_login(office.specialist)
    page = client.get(url)
    assert page.status_code == 200 and page.context["forms"] == {}
    client.force_login(office.leader)
    assert set(client.get(url).context["forms"]) == {"direct"}
    deadline = timezone.localdate().isoformat()
    response = client.post(
        reverse("documents:incoming-action", args=[doc.pk, "direct"]),
        {"direct-lead": f"d:{office.vp.pk}", "direct-coordinators": [f"d:{office.kt.pk}"],
         "direct-for_information": [f"u:{office.colleague.pk}"], "direct-deadline": deadline,
         "direct-comment": "Văn phòng chủ trì."},
    )  # fmt: skip
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.status == IncomingDocument.Status.ASSIGNED and doc.lead_department == office.vp
    client.force_login(office.head)
    assert "assign" in client.get(url).context["forms"]
    response = client.post(
        reverse("documents:incoming-action", args=[doc.pk, "assign"]),
        {"assign-specialist": office.specialist.pk, "assign-deadline": deadline},
    )
    assert response.status_code == 302
    client.force_login(office.specialist)
    body = client.get(url).content.decode()
    assert "Văn phòng chủ trì." in body
    response = client.post(
        reverse("documents:incoming-action", args=[doc.pk, "progress"]), {"progress-note": " "}
    )
    assert response.status_code == 400
    response = client.post(
        reverse("documents:incoming-action", args=[doc.pk, "close"]), {"close-note": "Xong"}
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.status == IncomingDocument.Status.DONE


def test_refused_action_says_why(client: Client, office: Office) -> None:
    doc = office.register()
    client.force_login(office.specialist)
    response = client.post(
        reverse("documents:incoming-action", args=[doc.pk, "direct"]), {"direct-lead": f"d:{office.vp.pk}"}
    )
    assert response.status_code == 400
    doc.refresh_from_db()
    assert doc.status == IncomingDocument.Status.REGISTERED


def test_outsiders_get_404_on_page_actions_and_file(client: Client, office: Office) -> None:
    upload = SimpleUploadedFile("scan.pdf", pdf_bytes(), content_type="application/pdf")
    from egov.documents.services import incoming_register

    doc = incoming_register(actor=office.clerk, data=office.data(), file=upload)
    secret = office.register(secrecy=Secrecy.SECRET, present_to=office.leader)
    client.force_login(office.other_leader)
    assert client.get(reverse("documents:incoming-detail", args=[doc.pk])).status_code == 404
    assert client.post(reverse("documents:incoming-action", args=[doc.pk, "direct"])).status_code == 404
    assert client.get(reverse("files:download", args=[doc.file_id])).status_code in (403, 404)
    client.force_login(office.specialist)
    assert client.get(reverse("files:download", args=[doc.file_id])).status_code == 200
    assert client.get(reverse("documents:incoming-detail", args=[secret.pk])).status_code == 404


def test_overdue_page(client: Client, office: Office) -> None:
    doc = office.register()
    incoming_direct(
        actor=office.leader,
        document=doc,
        lead_unit=office.vp,
        deadline=date(2026, 3, 3),
        now=vn(2026, 3, 2, 10),
    )
    client.force_login(office.leader)
    body = client.get(reverse("documents:overdue")).content.decode()
    assert "Văn phòng" in body and doc.abstract[:40] in body


def test_register_exports(client: Client, office: Office) -> None:
    from openpyxl import load_workbook

    doc = office.register()
    incoming_direct(
        actor=office.leader,
        document=doc,
        lead_unit=office.vp,
        deadline=date(2026, 3, 10),
        now=vn(2026, 3, 2, 10),
    )
    office.register(abstract="Về việc thứ hai")
    client.force_login(office.clerk)
    response = client.get(reverse("documents:register-export", args=["incoming", "xlsx"]))
    sheet = load_workbook(BytesIO(response.content)).active
    header = [c.value for c in sheet[3]]
    assert header[:3] == ["Ngày đến", "Số đến", "Tác giả"] and len(header) == 10
    first = [c.value for c in sheet[4]]
    assert first[1] == "1" and first[2] == "Bộ Nội vụ" and first[3] == "123/BNV-TCBC"
    assert "Chủ trì: Văn phòng" in first[6]
    response = client.get(reverse("documents:register-export", args=["tracking", "xlsx"]))
    sheet = load_workbook(BytesIO(response.content)).active
    assert len([c.value for c in sheet[3]]) == 7
    assert client.get(reverse("documents:register-export", args=["other", "xlsx"])).status_code == 404


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_register_pdf(client: Client, office: Office, tmp_path: object) -> None:
    office.register()
    client.force_login(office.clerk)
    response = client.get(reverse("documents:register-export", args=["incoming", "pdf"]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    flat = "".join(text.split())  # narrow columns wrap
    assert "SỔĐĂNGKÝVĂNBẢNĐẾN" in flat and "BộNộivụ" in flat and "123/BNV-" in flat and "TCBC" in flat
