"""The simulator and the HTTP adapter against it: signatures, duplicates, errors, the command."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings

from egov.nationalportal.adapters.base import PermanentAdapterError, TemporaryAdapterError
from egov.nationalportal.adapters.http import HttpDvcqgAdapter
from egov.nationalportal.signing import verify_request
from egov.nationalportal.simulator import DvcqgSimulator, sample_pdf
from egov.nationalportal.testing import sample_item, sim_fail_pushes, sim_seed, sim_status, simulator_server

from .conftest import CLIENT_ID, SECRET


def _adapter(sim: DvcqgSimulator, **kw: Any) -> HttpDvcqgAdapter:
    return HttpDvcqgAdapter(
        base_url=sim.url, client_id=CLIENT_ID, secret=kw.get("secret", SECRET), timeout=30
    )


def test_unsigned_and_badly_signed_requests_are_refused(sim: DvcqgSimulator) -> None:
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(f"{sim.url}/api/v1/dossiers", timeout=30)
    assert exc.value.code == 401
    with pytest.raises(TemporaryAdapterError, match="401"):
        _adapter(sim, secret="wrong").pull_new(None)


def test_signature_rules() -> None:
    headers = {"X-Client-Id": "c", "X-Timestamp": "1000", "X-Signature": "x"}
    common: dict[str, Any] = {"secret": "s", "method": "GET", "path": "/p", "body": b"", "headers": headers}
    assert verify_request(client_id="c", **common, now=1000) == "bad signature"
    assert "timestamp" in verify_request(client_id="c", **common, now=2000)
    assert verify_request(client_id="d", **common, now=1000) == "unknown client"


def test_pull_pages_files_and_ack(sim: DvcqgSimulator, settings: Any) -> None:
    settings.EGOV_DVCQG_PAGE_SIZE = 2
    codes = sim_seed(sim.url, [sample_item(procedure_code="1.001193", agency_code="000.00.31.H59")] * 3)
    assert len(set(codes)) == 3
    adapter = _adapter(sim)
    page, cursor = adapter.pull_new(None)
    assert [d.remote_code for d in page] == codes[:2] and cursor == "2"
    page2, cursor2 = adapter.pull_new(cursor)
    assert [d.remote_code for d in page2] == codes[2:] and cursor2 == "3"
    assert adapter.pull_new(cursor2) == ([], "3")
    f = page[0].components[0].files[0]
    content = adapter.fetch_file(f.url)
    assert content.content.startswith(b"%PDF-") and content.content_type == "application/pdf"
    with pytest.raises(PermanentAdapterError, match="another origin"):
        adapter.fetch_file("http://example.com/x.pdf")
    adapter.ack_pulled(codes[:1])
    assert sim_status(sim.url, codes[0])["acked"] and not sim_status(sim.url, codes[1])["acked"]


def test_push_duplicates_and_errors(sim: DvcqgSimulator) -> None:
    [code] = sim_seed(sim.url, [sample_item(procedure_code="1.001193", agency_code="000.00.31.H59")])
    adapter = _adapter(sim)
    payload = {"dossier_code": "X", "seq": 2}
    adapter.push_status(code, "processing", payload, idempotency_key="k1")
    adapter.push_status(code, "processing", payload, idempotency_key="k1")
    assert len(sim_status(sim.url, code)["pushes"]) == 1
    sim_fail_pushes(sim.url, 1, 503)
    with pytest.raises(TemporaryAdapterError):
        adapter.push_status(code, "resolved", payload, idempotency_key="k2")
    sim_fail_pushes(sim.url, 1, 400)
    with pytest.raises(PermanentAdapterError):
        adapter.push_status(code, "resolved", payload, idempotency_key="k2")
    with pytest.raises(PermanentAdapterError, match="404"):
        adapter.push_status("UNKNOWN", "resolved", payload, idempotency_key="k3")
    with pytest.raises(PermanentAdapterError, match="not reported"):
        adapter.push_status(code, "draft", payload, idempotency_key="k4")
    adapter.push_status(code, "resolved", payload, idempotency_key="k2")
    assert [p["TrangThaiHoSo"] for p in sim_status(sim.url, code)["pushes"]] == ["4", "9"]


def test_unreachable_portal_is_temporary() -> None:
    with simulator_server(client_id=CLIENT_ID, secret=SECRET) as url:
        pass  # stopped: nothing listens on the port any more
    with pytest.raises(TemporaryAdapterError, match="unreachable"):
        HttpDvcqgAdapter(base_url=url, client_id=CLIENT_ID, secret=SECRET, timeout=5).pull_new(None)


def test_sample_pdf_is_a_pdf() -> None:
    pdf = sample_pdf("x")
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")


def test_command_serves_a_seed_file(tmp_path: Path) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text(
        json.dumps([sample_item(procedure_code="1.001193", agency_code="000.00.31.H59", remote_code="R-1")]),
        encoding="utf-8",
    )
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "dvcqg_simulator", "--port", str(port), "--seed", str(seed)],
        cwd=django_settings.BASE_DIR,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert f"127.0.0.1:{port}" in line and "1 dossiers" in line
        deadline = time.monotonic() + 30
        while True:
            try:
                assert sim_status(f"http://127.0.0.1:{port}", "R-1")["MaHoSo"] == "R-1"
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        proc.terminate()
        assert proc.wait(timeout=30) == 0
