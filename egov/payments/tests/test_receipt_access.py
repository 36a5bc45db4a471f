"""E-receipt PDF (checked with pdftotext), public look-up, and denials between citizens."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from egov.payments.models import Payment
from egov.payments.sandbox import PaymentSandbox
from egov.payments.services import payment_start
from egov.payments.tests.conftest import PayWorld, sandbox_choose

IPN = "/thanh-toan/ipn/"


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _paid(pw: PayWorld) -> Payment:
    payment = payment_start(actor=pw.citizen, dossier=pw.dossier)
    Client().get(IPN, sandbox_choose(payment.payment_url, "success"))
    payment.refresh_from_db()
    return payment


def pdf_text(data: bytes, tmp_path: Path) -> str:
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(data)
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_receipt_pdf(pw: PayWorld, sandbox: PaymentSandbox, tmp_path: Path) -> None:
    payment = _paid(pw)
    response = _login(pw.citizen).get(reverse("payments:receipt", args=[payment.txn_ref]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert pw.dossier.code in text
    assert "50.000 đồng" in text
    assert "Năm mươi nghìn đồng" in text
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Trần Thị Bình" in text
    assert payment.receipt_number is not None and payment.receipt_number in text
    assert payment.gateway_txn_no in text
    assert payment.paid_at is not None
    from egov.printing.vn_format import local

    assert f"{local(payment.paid_at):%d/%m/%Y %H:%M}" in text


def test_citizen_b_is_denied_everything(pw: PayWorld, sandbox: PaymentSandbox) -> None:
    payment = _paid(pw)
    other = _login(pw.other)
    assert other.get(reverse("payments:start", args=[pw.dossier.code])).status_code == 404
    assert other.post(reverse("payments:start", args=[pw.dossier.code])).status_code == 404
    assert other.get(reverse("payments:receipt", args=[payment.txn_ref])).status_code == 404
    anonymous = Client()
    assert anonymous.get(reverse("payments:receipt", args=[payment.txn_ref])).status_code == 302  # login
    assert anonymous.post(reverse("payments:start", args=[pw.dossier.code])).status_code == 302
    assert Payment.objects.count() == 1


def test_service_refuses_non_owner(pw: PayWorld) -> None:
    from egov.payments.services import PaymentRefused

    with pytest.raises(PaymentRefused):
        payment_start(actor=pw.other, dossier=pw.dossier)


def test_staff_of_the_agency_may_download_outsider_may_not(pw: PayWorld, sandbox: PaymentSandbox) -> None:
    payment = _paid(pw)
    url = reverse("payments:receipt", args=[payment.txn_ref])
    assert _login(pw.world.officer).get(url).status_code == 200
    assert _login(pw.world.outsider).get(url).status_code == 404


def test_start_requires_csrf(pw: PayWorld) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(pw.citizen)
    assert client.post(reverse("payments:start", args=[pw.dossier.code])).status_code == 403


def test_public_lookup(pw: PayWorld, sandbox: PaymentSandbox, settings: Any) -> None:
    url = reverse("payments:receipt-lookup")
    client = Client()
    assert client.get(url).status_code == 200
    # Not paid yet: nothing found, values kept.
    response = client.post(url, {"code": pw.dossier.code, "id_number": "001190054321"})
    assert response.status_code == 404
    assert (
        "Không tìm thấy biên lai" in response.content.decode()
        and pw.dossier.code in response.content.decode()
    )
    _paid(pw)
    response = client.post(url, {"code": pw.dossier.code, "id_number": "001190054321"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    wrong = client.post(url, {"code": pw.dossier.code, "id_number": "001190054322"})
    assert wrong.status_code == 404
    bad = client.post(url, {"code": pw.dossier.code, "id_number": "12ab"})
    assert bad.status_code == 400 and "12" in bad.content.decode()


def test_public_lookup_is_rate_limited(pw: PayWorld, settings: Any) -> None:
    from django.core.cache import cache

    cache.clear()
    settings.EGOV_PAYMENT_LOOKUP_RATE = "2/m"
    url = reverse("payments:receipt-lookup")
    client = Client()
    codes = [client.post(url, {"code": "X", "id_number": "001190054321"}).status_code for _ in range(3)]
    assert codes == [404, 404, 429]
    cache.clear()
