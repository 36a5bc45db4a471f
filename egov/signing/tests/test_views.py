from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from egov.org.models import Role
from egov.org.tests.factories import AssignmentFactory
from egov.signing import images
from egov.signing.certs import DemoCA, pkcs12_issue
from egov.signing.models import SigningCertificate
from egov.signing.services import pdf_sign
from egov.signing.tests.conftest import PASS, SignWorld


@pytest.fixture
def settings_no_2fa(settings: Any) -> None:
    settings.EGOV_STAFF_2FA_REQUIRED = False


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_my_certificates_upload_and_errors(
    sw: SignWorld, ca: DemoCA, settings_no_2fa: None, django_assert_max_num_queries: Any
) -> None:
    client = _client(sw.leader)
    url = reverse("signing:my_certificates")
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert page.status_code == 200 and "Phạm Văn Hùng" in page.content.decode()
    data = pkcs12_issue(ca=ca, common_name="Phạm Văn Hùng", passphrase=PASS)
    bad = client.post(
        url,
        {
            "action": "pkcs12",
            "cert-file": SimpleUploadedFile("a.p12", data),
            "cert-passphrase": "sai",
            "cert-label": "Giữ lại",
        },
    )
    body = bad.content.decode()
    assert bad.status_code == 200 and "is-invalid" in body and 'value="Giữ lại"' in body
    good = client.post(
        url, {"action": "pkcs12", "cert-file": SimpleUploadedFile("a.p12", data), "cert-passphrase": PASS}
    )
    assert good.status_code == 302
    assert SigningCertificate.objects.filter(owner_user=sw.leader).count() == 2
    img = client.post(
        url,
        {
            "action": "image",
            "img-image": SimpleUploadedFile(
                "s.png", images.signature_png(full_name="Hùng"), content_type="image/png"
            ),
        },
    )
    assert img.status_code == 302


def test_agency_page_only_for_admins(sw: SignWorld, settings_no_2fa: None) -> None:
    assert _client(sw.clerk).get(reverse("signing:agency_certificates")).status_code == 404
    admin = AssignmentFactory(agency=sw.agency, role=Role.AGENCY_ADMIN).user
    client = _client(admin)
    page = client.get(reverse("signing:agency_certificates"))
    assert page.status_code == 200 and sw.agency.name in page.content.decode()
    assert client.get(reverse("signing:agency_certificates_of", args=[sw.other_agency.pk])).status_code == 404
    seal = client.post(
        reverse("signing:agency_certificates_of", args=[sw.agency.pk]),
        {
            "action": "seal",
            "seal-image": SimpleUploadedFile("d.png", images.seal_png(name="A", short_name="A")),
        },
    )
    assert seal.status_code == 302


def test_validate_page(sw: SignWorld, pdf_bytes: bytes, settings_no_2fa: None) -> None:
    signed = pdf_sign(pdf=pdf_bytes, certificate=sw.personal, actor=sw.leader)
    client = _client(sw.clerk)
    url = reverse("signing:validate")
    assert client.get(url).status_code == 200
    page = client.post(url, {"pdf": SimpleUploadedFile("x.pdf", signed, content_type="application/pdf")})
    body = page.content.decode()
    assert "Phạm Văn Hùng" in body and "text-bg-success" in body and "text-bg-danger" not in body
    not_pdf = client.post(url, {"pdf": SimpleUploadedFile("x.pdf", b"hello")})
    assert "is-invalid" in not_pdf.content.decode()


def test_pages_need_staff(sw: SignWorld, settings_no_2fa: None) -> None:
    assert Client().get(reverse("signing:my_certificates")).status_code == 302


def test_image_view_denies_others(sw: SignWorld, settings_no_2fa: None) -> None:
    from egov.signing.selectors import seal_image_for, signature_image_for

    sig = signature_image_for(user=sw.leader)
    seal = seal_image_for(agency=sw.agency)
    assert sig is not None and seal is not None
    assert _client(sw.leader).get(reverse("signing:image", args=["chu-ky", sig.pk])).status_code == 200
    assert _client(sw.clerk).get(reverse("signing:image", args=["chu-ky", sig.pk])).status_code == 404
    assert _client(sw.clerk).get(reverse("signing:image", args=["con-dau", seal.pk])).status_code == 200
    assert _client(sw.other_clerk).get(reverse("signing:image", args=["con-dau", seal.pk])).status_code == 404
