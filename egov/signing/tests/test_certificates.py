from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import override_settings
from PIL import Image

from egov.core.audit.models import AuditEvent
from egov.signing import crypto, images
from egov.signing.certs import DemoCA, cert_issue, key_new, pkcs12_issue
from egov.signing.errors import SigningDenied, SigningError
from egov.signing.models import SigningCertificate
from egov.signing.services import (
    certificate_deactivate,
    seal_image_upload,
    signature_image_upload,
    signing_reencrypt,
    upload_pkcs12,
)
from egov.signing.tests.conftest import PASS, SignWorld


def _codes(exc: pytest.ExceptionInfo[SigningError]) -> str:
    return str(exc.value.code)


def test_upload_stores_encrypted_and_audits(sw: SignWorld) -> None:
    cert = sw.personal
    assert cert.kind == "personal" and cert.backend == "pkcs12" and cert.subject_cn == "Phạm Văn Hùng"
    assert len(cert.fingerprint_sha256) == 64
    raw = bytes(SigningCertificate.objects.get(pk=cert.pk).pkcs12_encrypted or b"")
    assert raw.startswith(b"gAAAA") and crypto.decrypt(raw).startswith(b"0")  # Fernet token of DER
    assert crypto.decrypt_text(bytes(cert.passphrase_encrypted or b"")) == PASS
    assert AuditEvent.objects.filter(action="signing.certificate_add").count() == 3


def test_wrong_passphrase(sw: SignWorld, ca: DemoCA) -> None:
    data = pkcs12_issue(ca=ca, common_name="A", passphrase=PASS)
    with pytest.raises(SigningError) as exc:
        upload_pkcs12(actor=sw.leader, owner_user=sw.leader, data=data, passphrase="sai")
    assert _codes(exc) == "passphrase"
    assert "mật khẩu" in exc.value.messages[0].lower() or "passphrase" in exc.value.messages[0].lower()


def test_expired_certificate(sw: SignWorld, ca: DemoCA) -> None:
    old = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    data = pkcs12_issue(
        ca=ca, common_name="A", passphrase=PASS, not_before=old, not_after=old + dt.timedelta(days=30)
    )
    with pytest.raises(SigningError) as exc:
        upload_pkcs12(actor=sw.leader, owner_user=sw.leader, data=data, passphrase=PASS)
    assert _codes(exc) == "expired"


def test_key_mismatch(sw: SignWorld, ca: DemoCA) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    cert = cert_issue(ca=ca, public_key=key_new().public_key(), common_name="A")
    data = pkcs12.serialize_key_and_certificates(
        b"A", key_new(), None, [cert], serialization.BestAvailableEncryption(PASS.encode())
    )
    with pytest.raises(SigningError) as exc:
        upload_pkcs12(actor=sw.leader, owner_user=sw.leader, data=data, passphrase=PASS)
    assert _codes(exc) == "key_mismatch"


def test_not_pkcs12(sw: SignWorld) -> None:
    with pytest.raises(SigningError):
        upload_pkcs12(actor=sw.leader, owner_user=sw.leader, data=b"not a p12", passphrase=PASS)


def test_denials_on_management(sw: SignWorld, ca: DemoCA) -> None:
    data = pkcs12_issue(ca=ca, common_name="A", passphrase=PASS)
    with pytest.raises(SigningDenied):
        upload_pkcs12(actor=sw.clerk, owner_user=sw.leader, data=data, passphrase=PASS)
    with pytest.raises(SigningDenied):  # a clerk is not the agency administrator
        upload_pkcs12(actor=sw.clerk, agency=sw.agency, data=data, passphrase=PASS)
    with pytest.raises(SigningDenied):
        certificate_deactivate(actor=sw.clerk, certificate=sw.personal)
    assert certificate_deactivate(actor=sw.leader, certificate=sw.personal).is_active is False


def _png(colour: tuple[int, int, int, int], *, transparent: bool = True) -> bytes:
    img = Image.new("RGBA", (50, 20), (0, 0, 0, 0) if transparent else (255, 255, 255, 255))
    for x in range(10, 40):
        img.putpixel((x, 10), colour)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def test_image_checks(sw: SignWorld) -> None:
    with pytest.raises(SigningError) as exc:
        signature_image_upload(
            actor=sw.leader, user=sw.leader, data=_png((0, 0, 200, 255), transparent=False)
        )
    assert _codes(exc) == "not_transparent"
    with pytest.raises(SigningError) as exc:
        signature_image_upload(actor=sw.leader, user=sw.leader, data=_png((200, 0, 0, 255)))
    assert _codes(exc) == "colour"
    with pytest.raises(SigningError) as exc:
        signature_image_upload(actor=sw.leader, user=sw.leader, data=b"GIF89a....")
    assert _codes(exc) == "not_png"
    with pytest.raises(SigningDenied):
        seal_image_upload(actor=sw.clerk, agency=sw.agency, data=images.seal_png(name="X", short_name="X"))
    with pytest.raises(SigningDenied):
        signature_image_upload(actor=sw.clerk, user=sw.leader, data=_png((0, 0, 200, 255)))
    assert signature_image_upload(actor=sw.leader, user=sw.leader, data=_png((0, 0, 200, 255))).is_active


def test_key_rotation(sw: SignWorld, settings: object) -> None:
    with override_settings(EGOV_SIGNING_KEY="new-secret", EGOV_SIGNING_KEY_PREVIOUS=["old-not-used"]):
        with pytest.raises(crypto.InvalidToken):
            crypto.decrypt(bytes(sw.personal.passphrase_encrypted or b""))
    from django.conf import settings as dj

    old = dj.SECRET_KEY
    with override_settings(EGOV_SIGNING_KEY="new-secret", EGOV_SIGNING_KEY_PREVIOUS=[old]):
        assert signing_reencrypt() == 3
    with override_settings(EGOV_SIGNING_KEY="new-secret"):
        cert = SigningCertificate.objects.get(pk=sw.personal.pk)
        assert crypto.decrypt_text(bytes(cert.passphrase_encrypted or b"")) == PASS


def test_errors_are_vietnamese(sw: SignWorld, ca: DemoCA) -> None:
    from django.utils import translation

    data = pkcs12_issue(ca=ca, common_name="A", passphrase=PASS)
    with translation.override("vi"), pytest.raises(SigningError) as exc:
        upload_pkcs12(actor=sw.leader, owner_user=sw.leader, data=data, passphrase="sai")
    assert exc.value.messages[0].startswith("Mật khẩu không đúng")


def test_commands(sw: SignWorld, tmp_path: object, other_ca: DemoCA) -> None:
    from pathlib import Path

    from django.core.management import call_command

    from egov.signing.certs import pem_of
    from egov.signing.models import TrustRoot

    pem = Path(str(tmp_path)) / "root.pem"
    pem.write_text(pem_of([other_ca.cert]), encoding="ascii")
    call_command("signing_trust_root_add", "Another CA", str(pem))
    call_command("signing_trust_root_add", "Another CA", str(pem))
    assert TrustRoot.objects.filter(name="Another CA").count() == 1
    call_command("signing_rotate_key")
