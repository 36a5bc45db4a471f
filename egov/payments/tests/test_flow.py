"""Full flows against the real sandbox gateway (127.0.0.1), the IPN and return views called with
the parameters the sandbox produced."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from egov.core.audit.models import AuditEvent
from egov.dossiers.models import Dossier
from egov.payments.models import Payment, PaymentCallback
from egov.payments.sandbox import PaymentSandbox
from egov.payments.tests.conftest import PayWorld, sandbox_choose, sandbox_hook, sandbox_page

IPN = "/thanh-toan/ipn/"
RETURN = "/thanh-toan/ket-qua/"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _start(pw: PayWorld) -> tuple[Client, Payment, str]:
    client = _client(pw.citizen)
    response = client.post(reverse("payments:start", args=[pw.dossier.code]))
    assert response.status_code == 302
    payment = Payment.objects.get(dossier=pw.dossier, status=Payment.Status.PENDING)
    assert response["Location"] == payment.payment_url
    return client, payment, payment.payment_url


def test_urls() -> None:
    assert reverse("payments:ipn") == IPN
    assert reverse("payments:return") == RETURN


def test_success_via_ipn_then_return(pw: PayWorld, sandbox: PaymentSandbox) -> None:
    client, payment, url = _start(pw)
    assert "vnp_Amount=5000000" in url and "vnp_TmnCode=EGOVSBX1" in url
    params = sandbox_choose(url, "success")
    response = client.get(IPN, params)
    assert response.json() == {"RspCode": "00", "Message": "Confirm Success"}
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert payment.paid_at is not None and payment.gateway_txn_no == params["vnp_TransactionNo"]
    assert payment.receipt_number and payment.receipt_number.startswith("BL")
    assert payment.reconciliation_status == ""  # paid is not reconciled
    dossier = Dossier.objects.get(pk=pw.dossier.pk)
    assert dossier.fees_collected == Decimal(50000)
    page = client.get(RETURN, params)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Đã nhận khoản thanh toán" in text and pw.dossier.code in text
    assert reverse("payments:receipt", args=[payment.txn_ref]) in text
    assert AuditEvent.objects.filter(action="payment.paid", object_id=str(payment.pk)).count() == 1
    assert AuditEvent.objects.filter(action="dossier.payment", data__reference=payment.txn_ref).count() == 1


def test_valid_return_settles_when_ipn_is_late(pw: PayWorld, sandbox: PaymentSandbox) -> None:
    client, payment, url = _start(pw)
    params = sandbox_choose(url, "success")
    assert client.get(RETURN, params).status_code == 200
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    # The IPN arriving afterwards is a replay: "02", nothing changes.
    assert client.get(IPN, params).json()["RspCode"] == "02"
    assert Dossier.objects.get(pk=pw.dossier.pk).fees_collected == Decimal(50000)


@pytest.mark.parametrize(
    ("choice", "status", "code", "shown"),
    [
        ("cancel", Payment.Status.CANCELLED, "24", "Đã hủy thanh toán"),
        ("fail", Payment.Status.FAILED, "51", "Thanh toán chưa thành công"),
        ("timeout", Payment.Status.EXPIRED, "11", "Thanh toán chưa thành công"),
    ],
)
def test_unsuccessful_choices(
    pw: PayWorld, sandbox: PaymentSandbox, choice: str, status: str, code: str, shown: str
) -> None:
    client, payment, url = _start(pw)
    params = sandbox_choose(url, choice)
    assert params["vnp_ResponseCode"] == code
    assert client.get(IPN, params).json()["RspCode"] == "00"
    payment.refresh_from_db()
    assert payment.status == status and payment.response_code == code
    assert Dossier.objects.get(pk=pw.dossier.pk).fees_collected == 0
    page = client.get(RETURN, params).content.decode()
    assert shown in page
    assert reverse("payments:start", args=[pw.dossier.code]) in page  # try again
    # A new attempt opens a new payment.
    _client2, second, _url = _start(pw)
    assert second.pk != payment.pk


@pytest.mark.parametrize(("kind", "code"), [("hash", "97"), ("amount", "04"), ("unknown", "01")])
def test_forged_ipn_changes_nothing_and_is_logged(
    pw: PayWorld, sandbox: PaymentSandbox, kind: str, code: str
) -> None:
    client, payment, url = _start(pw)
    assert sandbox_page(url)[0] == 200  # the sandbox knows the order; nobody has paid
    forged = sandbox_hook(sandbox, "/_sandbox/forge-ipn", txn=payment.txn_ref, kind=kind)["params"]
    audits = AuditEvent.objects.count()
    assert client.get(IPN, forged).json()["RspCode"] == code
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert Dossier.objects.get(pk=pw.dossier.pk).fees_collected == 0
    assert AuditEvent.objects.count() == audits
    log = PaymentCallback.objects.get(kind="ipn")
    assert log.signature_valid == (kind != "hash")
    assert log.outcome in ("invalid_signature", "invalid_amount", "not_found")
    # A forged return shows the "could not confirm" page and changes nothing either.
    page = client.get(RETURN, forged).content.decode()
    assert "Không xác nhận được khoản thanh toán" in page
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


def test_replayed_ipn_pays_once(pw: PayWorld, sandbox: PaymentSandbox) -> None:
    client, payment, url = _start(pw)
    params = sandbox_choose(url, "success")
    answers = [client.get(IPN, params).json()["RspCode"] for _ in range(3)]
    assert answers == ["00", "02", "02"]
    replayed = sandbox_hook(sandbox, "/_sandbox/replay-ipn", txn=payment.txn_ref)["params"]
    assert client.get(IPN, replayed).json()["RspCode"] == "02"
    assert Payment.objects.filter(dossier=pw.dossier, status=Payment.Status.PAID).count() == 1
    assert Dossier.objects.get(pk=pw.dossier.pk).fees_collected == Decimal(50000)
    assert AuditEvent.objects.filter(action="dossier.payment").count() == 1
    assert PaymentCallback.objects.filter(kind="ipn").count() == 4


def test_double_click_gives_one_payment(pw: PayWorld, sandbox: PaymentSandbox) -> None:
    client = _client(pw.citizen)
    url = reverse("payments:start", args=[pw.dossier.code])
    first, second = client.post(url), client.post(url)
    assert first["Location"] == second["Location"]
    assert Payment.objects.filter(dossier=pw.dossier).count() == 1


def test_paid_dossier_refuses_new_payment(pw: PayWorld, sandbox: PaymentSandbox) -> None:
    client, _payment, url = _start(pw)
    client.get(IPN, sandbox_choose(url, "success"))
    response = client.post(reverse("payments:start", args=[pw.dossier.code]))
    assert response.status_code == 409
    assert "đã được thanh toán" in response.content.decode()
    assert Payment.objects.filter(dossier=pw.dossier).count() == 1


def test_nothing_to_pay(pw: PayWorld) -> None:
    Dossier.objects.filter(pk=pw.dossier.pk).update(fees_due=0)
    client = _client(pw.citizen)
    page = client.get(reverse("payments:start", args=[pw.dossier.code])).content.decode()
    assert "Hồ sơ này không còn khoản phí, lệ phí nào phải nộp." in page
    response = client.post(reverse("payments:start", args=[pw.dossier.code]))
    assert response.status_code == 409
    assert "Hồ sơ này không có khoản phí, lệ phí nào phải nộp." in response.content.decode()
    assert not Payment.objects.exists()


def test_awaiting_payment_dossier_is_resolved_when_paid(pw: PayWorld, sandbox: PaymentSandbox) -> None:
    Dossier.objects.filter(pk=pw.dossier.pk).update(status=Dossier.Status.AWAITING_PAYMENT)
    client, _payment, url = _start(pw)
    client.get(IPN, sandbox_choose(url, "success"))
    assert Dossier.objects.get(pk=pw.dossier.pk).status == Dossier.Status.RESOLVED


def test_sandbox_refuses_bad_signature(pw: PayWorld, sandbox: PaymentSandbox) -> None:
    _client_a, _payment, url = _start(pw)
    status, body = sandbox_page(url.replace("vnp_Amount=5000000", "vnp_Amount=100"))
    assert status == 400 and "Chữ ký không hợp lệ" in body and 'lang="vi"' in body


def test_dossier_page_query_count(
    pw: PayWorld, sandbox: PaymentSandbox, django_assert_num_queries: Any
) -> None:
    client, _payment, url = _start(pw)
    client.get(IPN, sandbox_choose(url, "fail"))
    _start(pw)
    page_url = reverse("payments:start", args=[pw.dossier.code])
    client.get(page_url)
    # session + user, dossier, fee items, payments (the list, whatever its length)
    with django_assert_num_queries(5):
        response = client.get(page_url)
    assert response.status_code == 200
    assert response.content.decode().count("EG") >= 2


def test_payment_received_message_is_queued(
    pw: PayWorld, sandbox: PaymentSandbox, django_capture_on_commit_callbacks: Any
) -> None:
    from egov.notifications.models import OutboxMessage

    client, payment, url = _start(pw)
    params = sandbox_choose(url, "success")
    with django_capture_on_commit_callbacks(execute=True):
        client.get(IPN, params)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(IPN, params)  # replay: no second message
    messages = OutboxMessage.objects.filter(template="payment_received")
    assert sorted(messages.values_list("channel", flat=True)) == ["email", "sms"]
    assert all(m.idempotency_key.startswith(f"payment:{payment.txn_ref}:") for m in messages)
