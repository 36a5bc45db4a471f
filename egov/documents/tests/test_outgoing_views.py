"""Outgoing pages: list (fixed query count), draft form, document page and actions by role with the
signature report, register exports, edXML import page and command."""

# ruff: noqa: F811 - the fixtures imported from test_outgoing_fixtures are parameters here
from __future__ import annotations

import tempfile
from io import StringIO
from typing import cast

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from egov.documents.models import DocumentType, IncomingDocument, OutgoingDocument, OutgoingRecipient
from egov.documents.services import outgoing_release
from egov.documents.tests.test_outgoing_fixtures import (  # noqa: F401 - fixtures
    EXTERNAL_CODE,
    World,
    approved,
    draft,
    numbered,
    out_ca,
    out_pdf,
    pdf_upload,
    world,
)
from egov.org.models import Agency
from egov.org.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db
LIST = reverse("documents:outgoing-list")
CREATE = reverse("documents:outgoing-create")
IMPORT = reverse("documents:edxml-import")


def test_urls() -> None:
    assert LIST == "/staff/documents/di/"
    assert reverse("documents:outgoing-action", args=[1, "sign"]) == "/staff/documents/di/1/sign/"


def test_list_fixed_query_count_and_scope(
    client: Client, world: World, django_assert_num_queries: object
) -> None:
    for i in range(3):
        draft(world, abstract=f"Dự thảo số {i}")
    client.force_login(world.specialist)
    client.get(LIST)
    with django_assert_num_queries(7) as captured:  # type: ignore[operator]
        first = client.get(LIST)
    for i in range(3, 25):
        draft(world, abstract=f"Dự thảo số {i}")
    with django_assert_num_queries(len(captured.captured_queries)):  # type: ignore[operator]
        second = client.get(LIST + "?page=2")
    assert first.status_code == 200 and second.status_code == 200
    assert len(first.context["rows"]) == 3 and len(second.context["rows"]) == 5
    client.force_login(world.other_clerk)
    assert "Dự thảo số 1" not in client.get(LIST).content.decode()


def test_draft_form_creates_and_keeps_values_on_error(client: Client, world: World) -> None:
    client.force_login(world.specialist)
    assert client.get(CREATE).status_code == 200
    qd = DocumentType.objects.get(code="quyet_dinh")
    data = {
        "agency": world.agency.pk,
        "doc_type": qd.pk,
        "abstract": "Về việc ban hành quy chế làm việc",
        "urgency": "normal",
        "secrecy": "normal",
        "internal": [world.other.pk],
        "external": "Bộ Nội vụ; 000.00.00.G09; vt@moha.gov.vn",
    }
    bad = client.post(CREATE, data | {"external": "Bộ Nội vụ; 123", "file": pdf_upload(world.pdf)})
    assert bad.status_code == 400 and "quy chế làm việc" in bad.content.decode()
    assert not OutgoingDocument.objects.exists()
    response = client.post(CREATE, data | {"file": pdf_upload(world.pdf)})
    doc = OutgoingDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "documents:outgoing-detail", args=[doc.pk]
    )
    assert OutgoingRecipient.objects.filter(document=doc).count() == 2


def test_actions_by_role_and_signature_report(client: Client, world: World) -> None:
    doc = approved(world, draft(world))
    url = reverse("documents:outgoing-detail", args=[doc.pk])
    client.force_login(world.specialist)
    page = client.get(url)
    assert [a[0] for a in page.context["actions"]] == ["pdf"]  # the drafter may still replace the PDF
    denied = client.post(
        reverse("documents:outgoing-action", args=[doc.pk, "sign"]), {"position": "Chủ tịch"}
    )
    assert denied.status_code == 400 and denied.context["refused"]
    assert OutgoingDocument.objects.get(pk=doc.pk).status == OutgoingDocument.Status.APPROVED
    client.force_login(world.other_leader)
    assert client.get(url).status_code == 404
    client.force_login(world.leader)
    assert "sign" in [a[0] for a in client.get(url).context["actions"]]
    response = client.post(
        reverse("documents:outgoing-action", args=[doc.pk, "sign"]),
        {"mode": "KT.", "mode_body": "Chủ tịch", "position": "Phó Chủ tịch"},
    )
    assert response.status_code == 302
    page = client.get(url)
    assert len(page.context["reports"]) == 2
    assert "Phạm Văn Hùng" in page.content.decode()
    client.force_login(world.clerk)
    response = client.post(
        reverse("documents:outgoing-action", args=[doc.pk, "number"]), {"issuing_abbr": "UBND"}
    )
    assert response.status_code == 302
    assert OutgoingDocument.objects.get(pk=doc.pk).number_text == "01/QĐ-UBND"


def test_register_exports(client: Client, world: World) -> None:
    numbered(world)
    client.force_login(world.clerk)
    xlsx = client.get(reverse("documents:outgoing-register", args=["xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    from openpyxl import load_workbook

    sheet = load_workbook(__import__("io").BytesIO(xlsx.content)).active
    assert sheet is not None
    assert len([c for c in sheet[3] if c.value]) == 10
    assert sheet["A4"].value == "01/QĐ-UBND"
    pdf = client.get(reverse("documents:outgoing-register", args=["pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_import_page_for_clerks(client: Client, world: World) -> None:
    doc = outgoing_release(clerk=world.clerk, document=numbered(world))
    package = OutgoingRecipient.objects.get(document=doc, kind="external").package
    assert package is not None
    ministry = cast(Agency, AgencyFactory(name="Bộ Nội vụ", agency_code=EXTERNAL_CODE))
    from egov.documents.tests.conftest import staff
    from egov.org.models import Role

    clerk_b = staff(ministry, Role.CLERK)
    client.force_login(world.specialist)
    assert client.get(IMPORT).status_code == 403
    client.force_login(clerk_b)
    assert client.get(IMPORT).status_code == 200
    bad = client.post(IMPORT, {"agency": ministry.pk, "package": SimpleUploadedFile("x.edxml", b"<broken")})
    assert bad.status_code == 400 and "edXML" in bad.content.decode()
    ok = client.post(
        IMPORT, {"agency": ministry.pk, "package": SimpleUploadedFile("x.edxml", bytes(package.body))}
    )
    incoming = IncomingDocument.objects.get(agency=ministry)
    assert ok.status_code == 302 and ok["Location"] == reverse(
        "documents:incoming-detail", args=[incoming.pk]
    )


def test_import_command(world: World) -> None:
    doc = outgoing_release(clerk=world.clerk, document=numbered(world))
    package = OutgoingRecipient.objects.get(document=doc, kind="external").package
    assert package is not None
    AgencyFactory(name="Bộ Nội vụ", agency_code=EXTERNAL_CODE)
    with (
        tempfile.NamedTemporaryFile(suffix=".edxml") as good,
        tempfile.NamedTemporaryFile(suffix=".edxml") as bad,
    ):
        good.write(bytes(package.body))
        good.flush()
        bad.write(b"<nope")
        bad.flush()
        out, err = StringIO(), StringIO()
        with pytest.raises(CommandError):
            call_command(
                "edxml_import", EXTERNAL_CODE, good.name, bad.name, "--statuses", stdout=out, stderr=err
            )
    assert "01/QĐ-UBND" in out.getvalue() and "edXML" in err.getvalue()


def test_review_step_by_the_unit_head_and_return(client: Client, world: World) -> None:
    from egov.documents.services import outgoing_submit

    doc = outgoing_submit(actor=world.specialist, document=draft(world))
    url = reverse("documents:outgoing-detail", args=[doc.pk])
    client.force_login(world.kt_head)  # head of another unit: no action
    assert [a[0] for a in client.get(url).context["actions"]] == []
    client.force_login(world.head)
    page = client.get(url)
    assert [a[0] for a in page.context["actions"]] == ["review"]
    action = reverse("documents:outgoing-action", args=[doc.pk, "review"])
    missing = client.post(action, {"decision": "return", "comment": ""})
    assert missing.status_code == 400
    assert client.post(action, {"decision": "return", "comment": "Bổ sung căn cứ"}).status_code == 302
    assert OutgoingDocument.objects.get(pk=doc.pk).status == OutgoingDocument.Status.DRAFT
    client.force_login(world.specialist)
    body = client.get(url).content.decode()
    assert "Bổ sung căn cứ" in body


def test_released_document_page_lists_deliveries(client: Client, world: World) -> None:
    doc = outgoing_release(clerk=world.clerk, document=numbered(world))
    client.force_login(world.clerk)
    page = client.get(reverse("documents:outgoing-detail", args=[doc.pk]))
    assert page.status_code == 200
    assert [a[0] for a in page.context["actions"]] == ["recall"]
    assert len(page.context["recipient_rows"]) == 2 and len(page.context["packages"]) == 1
    response = client.post(
        reverse("documents:outgoing-action", args=[doc.pk, "recall"]), {"reason": "Sai sót"}
    )
    assert response.status_code == 302
    assert OutgoingDocument.objects.get(pk=doc.pk).status == OutgoingDocument.Status.RECALLED
    assert "Sai sót" in client.get(reverse("documents:outgoing-detail", args=[doc.pk])).content.decode()
