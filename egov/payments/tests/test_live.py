"""End to end over real HTTP: Django's live server and the sandbox, the sandbox delivering the IPN
itself (with retries), and concurrent "Pay" clicks on separate connections (real race on PG).

The flush after each transactional test hits the append-only audit trigger on PostgreSQL; the
live_server fixture sets up the transactional database before any function fixture could lift it,
so this module lifts the trigger for its whole duration (module-scoped fixture below)."""

from __future__ import annotations

import threading
import time
from contextlib import AbstractContextManager, nullcontext
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, connections
from pytest_django import DjangoDbBlocker

from egov.dossiers.models import Dossier
from egov.payments.models import Payment
from egov.payments.services import payment_start
from egov.payments.testing import sandbox_instance, sandbox_settings
from egov.payments.tests.conftest import make_pay_world, sandbox_choose, sandbox_hook


@pytest.fixture(scope="module", autouse=True)
def _audit_trigger_lifted(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Any:
    from conftest import _audit_truncate_trigger

    with django_db_blocker.unblock():
        _audit_truncate_trigger("DISABLE")
    yield
    with django_db_blocker.unblock():
        _audit_truncate_trigger("ENABLE")


def _wait(predicate: Any, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_sandbox_sends_ipn_to_the_live_server(
    transactional_db: None, live_server: Any, settings: Any
) -> None:
    pw = make_pay_world()
    settings.EGOV_PUBLIC_BASE_URL = live_server.url
    with sandbox_instance(ipn_url=live_server.url + "/thanh-toan/ipn/") as sandbox:
        sandbox_settings(settings, sandbox.base_url)
        payment = payment_start(actor=pw.citizen, dossier=pw.dossier)
        assert live_server.url + "/thanh-toan/ket-qua/" in payment.payment_url.replace("%3A", ":").replace(
            "%2F", "/"
        )
        sandbox_choose(payment.payment_url, "success")  # the sandbox sent the IPN before redirecting
        assert _wait(lambda: Payment.objects.get(pk=payment.pk).status == Payment.Status.PAID)
        order = sandbox_hook(sandbox, "/_sandbox/order", txn=payment.txn_ref)
        assert order["ipn_answers"][0]["answer"] == {"RspCode": "00", "Message": "Confirm Success"}
        replay = sandbox_hook(sandbox, "/_sandbox/replay-ipn", txn=payment.txn_ref)
        assert replay["answer"]["RspCode"] == "02"
        forged = sandbox_hook(sandbox, "/_sandbox/forge-ipn", txn=payment.txn_ref, kind="hash")
        assert forged["answer"]["RspCode"] == "97"
    assert Dossier.objects.get(pk=pw.dossier.pk).fees_collected == Decimal(50000)
    connections.close_all()


def test_ipn_is_retried_until_confirmed(transactional_db: None, live_server: Any, settings: Any) -> None:
    pw = make_pay_world()
    with sandbox_instance(
        ipn_url="http://127.0.0.1:9/nothing-here/", ipn_backoff=0.2, ipn_attempts=6
    ) as sandbox:
        sandbox_settings(settings, sandbox.base_url)
        payment = payment_start(actor=pw.citizen, dossier=pw.dossier)
        sandbox_choose(payment.payment_url, "success")  # first attempt fails: merchant unreachable
        assert Payment.objects.get(pk=payment.pk).status == Payment.Status.PENDING
        sandbox.ipn_url = live_server.url + "/thanh-toan/ipn/"  # the merchant comes back
        assert _wait(lambda: Payment.objects.get(pk=payment.pk).status == Payment.Status.PAID)
    connections.close_all()


def test_concurrent_clicks_open_one_payment(transactional_db: None, settings: Any) -> None:
    pw = make_pay_world()
    n = 4
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n
    turn: AbstractContextManager[Any] = threading.Lock() if connection.vendor == "sqlite" else nullcontext()

    def click(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            with turn:
                results[i] = payment_start(actor=pw.citizen, dossier=pw.dossier).txn_ref
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len(set(results)) == 1
    assert Payment.objects.filter(dossier=pw.dossier).count() == 1
