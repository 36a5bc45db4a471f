"""PKCS#11 (softhsm2) and remote (local simulator) signers, each checked with pdfsig."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from egov.signing.certs import DemoCA, cert_issue, key_new, pem_of
from egov.signing.remote import HttpRemoteAdapter
from egov.signing.remote_simulator import simulator_server
from egov.signing.services import Appearance, pdf_sign, pkcs11_register, remote_register
from egov.signing.testing import pdfsig
from egov.signing.tests.conftest import SignWorld
from egov.signing.validation import pdf_validate

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
SOFTHSM_UTIL = shutil.which("softhsm2-util")
NEED_SOFTHSM = pytest.mark.skipif(
    SOFTHSM_UTIL is None and os.environ.get("CI") != "true",
    reason="softhsm2-util is not installed (required under CI=true)",
)


@NEED_SOFTHSM
def test_pkcs11_softhsm(
    sw: SignWorld, ca: DemoCA, pdf_bytes: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokens = tmp_path / "tokens"
    tokens.mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    util = SOFTHSM_UTIL or "softhsm2-util"
    subprocess.run(
        [util, "--init-token", "--free", "--label", "egov-test", "--pin", "123456", "--so-pin", "654321"],
        check=True,
        capture_output=True,
    )
    key = key_new()
    key_file = tmp_path / "key.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    subprocess.run(
        [
            util,
            "--import",
            str(key_file),
            "--token",
            "egov-test",
            "--label",
            "signer",
            "--id",
            "01",
            "--pin",
            "123456",
        ],
        check=True,
        capture_output=True,
    )
    key_file.unlink()
    cert = cert_issue(ca=ca, public_key=key.public_key(), common_name="Phạm Văn Hùng", organisation="UBND")
    certificate = pkcs11_register(
        actor=sw.leader,
        owner_user=sw.leader,
        certificate_pem=pem_of([cert]),
        chain_pem=pem_of([ca.cert]),
        module_path=SOFTHSM_MODULE,
        token_label="egov-test",
        key_label="signer",
        pin="123456",
    )
    signed = pdf_sign(
        pdf=pdf_bytes,
        certificate=certificate,
        actor=sw.leader,
        appearance=Appearance(position="CHỦ TỊCH", full_name="Phạm Văn Hùng"),
    )
    path = tmp_path / "hsm.pdf"
    path.write_bytes(signed)
    result = pdfsig(str(path))
    assert result.valid == [True], result.output
    assert pdf_validate(pdf=signed, trust_roots=[sw.ca_pem])[0].trust == "trusted"


@pytest.fixture
def simulator() -> Iterator[str]:
    server = simulator_server(port=0, secret="test-secret", auto_approve=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_remote_signing_with_phone_approval(
    sw: SignWorld, pdf_bytes: bytes, simulator: str, tmp_path: Path
) -> None:
    import json
    import urllib.request

    adapter = HttpRemoteAdapter(base_url=simulator, secret="test-secret")
    cert_pem, chain_pem = adapter.certificate("lanhdao")
    certificate = remote_register(
        actor=sw.leader,
        owner_user=sw.leader,
        certificate_pem=cert_pem,
        chain_pem=chain_pem,
        provider="simulator",
        remote_user_id="lanhdao",
    )

    original_request = adapter.request

    def request_and_approve(**kwargs: object) -> str:
        tx = original_request(**kwargs)  # type: ignore[arg-type]
        approve = urllib.request.Request(f"{simulator}/_sim/approve/{tx}", data=b"", method="POST")
        with urllib.request.urlopen(approve, timeout=5) as response:
            assert json.loads(response.read())["status"] == "approved"
        return tx

    adapter.request = request_and_approve  # type: ignore[method-assign]
    signed = pdf_sign(pdf=pdf_bytes, certificate=certificate, actor=sw.leader, remote_adapter=adapter)
    path = tmp_path / "remote.pdf"
    path.write_bytes(signed)
    result = pdfsig(str(path))
    assert result.valid == [True], result.output
    assert result.signers == ["lanhdao"]


def test_remote_api_requires_hmac(simulator: str) -> None:
    from egov.signing.remote import RemoteSigningError

    bad = HttpRemoteAdapter(base_url=simulator, secret="wrong")
    with pytest.raises(RemoteSigningError):
        bad.certificate("lanhdao")
