"""The axis simulator and the HTTP adapter against it: signatures, idempotency keys, mailboxes,
errors, the management command."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import Any

import pytest
from django.conf import settings as django_settings

from egov.documents.axis.adapters.base import PermanentAdapterError, TemporaryAdapterError
from egov.documents.axis.adapters.http import HttpAxisAdapter
from egov.documents.axis.simulator import AxisSimulator
from egov.documents.axis.testing import axis_simulator_running, sim_fail, sim_mailbox
from egov.nationalportal.signing import sign_headers

from .conftest import KEY, SECRET

A, B, C = "000.00.00.H98", "000.00.00.G09", "000.00.01.H98"
XML = b"<?xml version='1.0'?><edXML/>"


def _adapter(sim: AxisSimulator, **kw: Any) -> HttpAxisAdapter:
    return HttpAxisAdapter(base_url=sim.url, key=KEY, secret=kw.get("secret", SECRET), timeout=30)


def _send(adapter: HttpAxisAdapter, key: str = "k-1", to: list[str] | None = None) -> str:
    return adapter.send(sender=A, recipients=to or [B], kind="edoc", body=XML, idempotency_key=key)


def test_unsigned_and_forged_requests_are_refused(axis: AxisSimulator) -> None:
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(f"{axis.url}/api/v1/edocs?to={B}", timeout=30)
    assert exc.value.code == 401
    with pytest.raises(TemporaryAdapterError, match="401"):
        _adapter(axis, secret="forged").pending(B, 10)
    # A signature made for another mailbox does not open this one (the query is signed).
    path = f"/api/v1/edocs?to={A}&limit=10"
    headers = sign_headers(client_id=KEY, secret=SECRET, method="GET", path=path, body=b"")
    request = urllib.request.Request(f"{axis.url}/api/v1/edocs?to={B}&limit=10", headers=headers)
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(request, timeout=30)
    assert exc.value.code == 401
    ok = urllib.request.Request(f"{axis.url}{path}", headers=headers)
    with urllib.request.urlopen(ok, timeout=30) as response:
        assert response.status == 200


def test_mailboxes_idempotency_and_ack(axis: AxisSimulator) -> None:
    adapter = _adapter(axis)
    first = _send(adapter, "k-1", [B, C])
    assert _send(adapter, "k-1", [B, C]) == first  # the same key: the first message, once
    second = _send(adapter, "k-2")
    listed = adapter.pending(B, 10)
    assert [m.message_id for m in listed] == [first, second]
    assert (listed[0].sender, listed[0].kind, listed[0].recipient) == (A, "edoc", B)
    assert listed[0].size == len(XML) and len(listed[0].sha256) == 64
    assert [m.message_id for m in adapter.pending(B, 1)] == [first]
    assert adapter.fetch(first, B) == XML
    with pytest.raises(PermanentAdapterError, match="404"):
        adapter.fetch(second, C)  # not in C's mailbox
    adapter.ack(first, B)
    assert [m.message_id for m in adapter.pending(B, 10)] == [second]
    assert [m.message_id for m in adapter.pending(C, 10)] == [first]  # C has not taken it
    assert sim_mailbox(axis.url, B)["acked"] == [first]


def test_errors_and_refusals(axis: AxisSimulator) -> None:
    adapter = _adapter(axis)
    with pytest.raises(PermanentAdapterError, match="400"):
        adapter.send(sender=A, recipients=["not-a-code"], kind="edoc", body=XML, idempotency_key="x")
    with pytest.raises(PermanentAdapterError, match="400"):
        adapter.send(sender=A, recipients=[B], kind="edoc", body=b"%PDF-1.4", idempotency_key="y")
    with pytest.raises(PermanentAdapterError, match="kind"):
        adapter.send(sender=A, recipients=[B], kind="fax", body=XML, idempotency_key="z")
    sim_fail(axis.url, "list", 1, 503)
    with pytest.raises(TemporaryAdapterError, match="503"):
        adapter.pending(B, 10)
    assert adapter.pending(B, 10) == []
    sim_fail(axis.url, "any", 1, 429)
    with pytest.raises(TemporaryAdapterError, match="429"):
        _send(adapter)
    with pytest.raises(PermanentAdapterError, match="404"):
        adapter.ack("unknown", B)


def test_an_unreachable_axis_is_temporary() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    adapter = HttpAxisAdapter(base_url=f"http://127.0.0.1:{port}", key=KEY, secret=SECRET, timeout=5)
    with pytest.raises(TemporaryAdapterError, match="unreachable"):
        adapter.pending(B, 10)


def test_two_simulators_do_not_share_mailboxes() -> None:
    with (
        axis_simulator_running(0, key=KEY, secret=SECRET) as one,
        axis_simulator_running(0, key=KEY, secret=SECRET) as two,
    ):
        _send(_adapter(one))
        assert len(_adapter(one).pending(B, 10)) == 1 and _adapter(two).pending(B, 10) == []


def test_command_serves_on_the_given_port() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "axis_simulator", "--port", str(port)],
        cwd=django_settings.BASE_DIR,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert f"127.0.0.1:{port}" in proc.stdout.readline()
        deadline = time.monotonic() + 30
        while True:
            try:
                assert sim_mailbox(f"http://127.0.0.1:{port}", B) == {"pending": [], "acked": []}
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        proc.terminate()
        assert proc.wait(timeout=30) == 0
