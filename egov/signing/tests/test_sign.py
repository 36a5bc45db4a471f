from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from egov.signing.certs import pem_of
from egov.signing.errors import SigningDenied
from egov.signing.services import (
    Appearance,
    document_sign_personal_then_agency,
    pdf_sign,
    pdf_sign_attachment,
)
from egov.signing.testing import pdfsig
from egov.signing.tests.conftest import SignWorld
from egov.signing.validation import pdf_validate

SHOTS = Path("/work/main/var/shots")
APPEARANCE = Appearance(mode="KT.", mode_body="CHỦ TỊCH", position="PHÓ CHỦ TỊCH", full_name="Phạm Văn Hùng")


def _write(tmp_path: Path, data: bytes, name: str = "out.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_personal_signature_valid_and_text_extractable(
    sw: SignWorld, pdf_bytes: bytes, tmp_path: Path
) -> None:
    signed = pdf_sign(
        pdf=pdf_bytes,
        certificate=sw.personal,
        actor=sw.leader,
        reason="Ký ban hành",
        location="Tây Ninh",
        appearance=APPEARANCE,
    )
    path = _write(tmp_path, signed)
    result = pdfsig(path)
    assert result.valid == [True], result.output
    assert result.signers == ["Phạm Văn Hùng"]
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout
    assert "Phạm Văn Hùng" in text and "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text
    reports = pdf_validate(pdf=signed, trust_roots=[sw.ca_pem])
    assert len(reports) == 1
    assert reports[0].integrity == "intact" and reports[0].trust == "trusted" and reports[0].ok
    assert reports[0].signer_name == "Phạm Văn Hùng"


def test_personal_then_agency_both_valid_and_screenshot(
    sw: SignWorld, pdf_bytes: bytes, tmp_path: Path
) -> None:
    signed = document_sign_personal_then_agency(
        pdf=pdf_bytes,
        personal_certificate=sw.personal,
        agency_certificate=sw.agency_cert,
        signer_actor=sw.leader,
        clerk_actor=sw.clerk,
        appearance=APPEARANCE,
    )
    path = _write(tmp_path, signed)
    result = pdfsig(path)
    assert result.valid == [True, True], result.output
    assert result.signers == ["Phạm Văn Hùng", "Ủy ban nhân dân tỉnh Tây Ninh"]
    reports = pdf_validate(pdf=signed, trust_roots=[sw.ca_pem])
    assert [r.integrity for r in reports] == ["signed_later", "intact"]
    assert all(r.trust == "trusted" for r in reports)
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout
    assert "Ký bởi: Ủy ban nhân dân tỉnh Tây Ninh" in text and "+07:00" in text
    if shutil.which("pdftoppm"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                path,
                str(SHOTS / "sig-stamp"),
            ],
            check=True,
        )


def test_attachment_variant(sw: SignWorld, pdf_bytes: bytes, tmp_path: Path) -> None:
    signed = pdf_sign_attachment(pdf=pdf_bytes, certificate=sw.agency_cert, actor=sw.clerk)
    path = _write(tmp_path, signed)
    assert pdfsig(path).valid == [True]
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", path, "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Ký bởi: Ủy ban nhân dân tỉnh Tây Ninh" in text and "Thời gian ký:" in text


def test_tampering_inside_signed_range_is_detected(sw: SignWorld, pdf_bytes: bytes, tmp_path: Path) -> None:
    signed = bytearray(pdf_sign(pdf=pdf_bytes, certificate=sw.personal, actor=sw.leader))
    marker = signed.find(b"/Producer")
    assert marker > 0
    signed[marker + 12] = ord("X") if signed[marker + 12] != ord("X") else ord("Y")
    reports = pdf_validate(pdf=bytes(signed), trust_roots=[sw.ca_pem])
    assert reports and reports[0].integrity == "broken" and not reports[0].ok
    assert pdfsig(_write(tmp_path, bytes(signed))).valid == [False]


def test_incremental_edit_after_signing_is_reported(sw: SignWorld, pdf_bytes: bytes) -> None:
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signed = pdf_sign(pdf=pdf_bytes, certificate=sw.personal, actor=sw.leader)
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    stream = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 12 Tf 100 100 Td (sua) Tj ET"))
    writer.add_stream_to_page(0, stream)
    out = io.BytesIO()
    writer.write(out)
    reports = pdf_validate(pdf=out.getvalue(), trust_roots=[sw.ca_pem])
    assert reports[0].integrity == "modified"


def test_other_ca_is_untrusted(sw: SignWorld, pdf_bytes: bytes, other_ca: object) -> None:
    signed = pdf_sign(pdf=pdf_bytes, certificate=sw.personal, actor=sw.leader)
    reports = pdf_validate(pdf=signed, trust_roots=[pem_of([other_ca.cert])])  # type: ignore[attr-defined]
    assert reports[0].integrity == "intact" and reports[0].trust == "untrusted"


def test_denials(sw: SignWorld, pdf_bytes: bytes) -> None:
    with pytest.raises(SigningDenied):
        pdf_sign(pdf=pdf_bytes, certificate=sw.personal, actor=sw.clerk)
    with pytest.raises(SigningDenied):
        pdf_sign_attachment(pdf=pdf_bytes, certificate=sw.agency_cert, actor=sw.other_clerk)
    with pytest.raises(SigningDenied):
        pdf_sign_attachment(pdf=pdf_bytes, certificate=sw.other_agency_cert, actor=sw.clerk)


def test_modes_and_wrong_stored_state(sw: SignWorld, pdf_bytes: bytes) -> None:
    from egov.signing.errors import SigningError

    for mode in ("TM.", "Q.", "TL.", "TUQ."):
        Appearance(mode=mode, mode_body="ỦY BAN NHÂN DÂN").top_lines()
    with pytest.raises(SigningError):
        pdf_sign(pdf=pdf_bytes, certificate=sw.personal, actor=sw.leader, appearance=Appearance(mode="XX."))
    with pytest.raises(SigningError):
        pdf_sign(pdf=b"not a pdf", certificate=sw.personal, actor=sw.leader)
    with pytest.raises(SigningError):
        pdf_sign(pdf=pdf_bytes, certificate=sw.personal, actor=sw.leader, passphrase="sai")
    with pytest.raises(SigningError):  # a personal certificate cannot sign an attachment
        pdf_sign_attachment(pdf=pdf_bytes, certificate=sw.personal, actor=sw.leader)


def test_validation_info_embedded_when_trust_roots_configured(
    sw: SignWorld, pdf_bytes: bytes, tmp_path: Path, other_ca: object
) -> None:
    from egov.signing.services import trust_root_add

    trust_root_add(actor=None, name="egov test CA", certificate_pem=sw.ca_pem)
    signed = document_sign_personal_then_agency(
        pdf=pdf_bytes,
        personal_certificate=sw.personal,
        agency_certificate=sw.agency_cert,
        signer_actor=sw.leader,
        clerk_actor=sw.clerk,
        appearance=APPEARANCE,
    )
    assert b"/DSS" in signed
    assert pdfsig(_write(tmp_path, signed)).valid == [True, True]
    reports = pdf_validate(pdf=signed)  # the configured TrustRoots
    assert [r.integrity for r in reports] == ["signed_later", "intact"]
    assert all(r.ok for r in reports)
    # A chain the configured roots do not know: signed all the same, without the DSS.
    from egov.signing.models import TrustRoot

    TrustRoot.objects.all().delete()
    trust_root_add(actor=None, name="other", certificate_pem=pem_of([other_ca.cert]))  # type: ignore[attr-defined]
    plain = pdf_sign(pdf=pdf_bytes, certificate=sw.personal, actor=sw.leader)
    assert pdfsig(_write(tmp_path, plain, "plain.pdf")).valid == [True]
    assert pdf_validate(pdf=plain)[0].trust == "untrusted"
