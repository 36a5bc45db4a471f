"""Build a pyHanko Signer for a SigningCertificate (PKCS#12 / PKCS#11 / remote)."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from django.utils.translation import gettext as _
from pyhanko.sign import signers

from egov.signing import conf, crypto
from egov.signing.errors import SigningError
from egov.signing.models import SigningCertificate


def _b(value: bytes | memoryview | None) -> bytes | None:
    return bytes(value) if value is not None else None


def asn1_certs(pem: str) -> list[asn1_x509.Certificate]:
    if not pem.strip():
        return []
    return [
        asn1_x509.Certificate.load(der)
        for _t, _h, der in asn1_pem.unarmor(pem.encode("ascii"), multiple=True)
    ]


_SIGNER_CACHE: dict[tuple[int, str], tuple[float, signers.SimpleSigner]] = {}
_CACHE_LOCK = threading.Lock()


def _pkcs12_signer(certificate: SigningCertificate, passphrase: str | None) -> signers.SimpleSigner:
    """Open the PKCS#12 (PBKDF2 + decryption: ~0.1 s). With the stored passphrase the opened key is
    kept in this process for EGOV_SIGNING_KEY_CACHE_SECONDS (default 300; 0 disables)."""
    ttl = conf.key_cache_seconds()
    blob = bytes(certificate.pkcs12_encrypted or b"")
    key = (certificate.pk, hashlib.sha256(blob).hexdigest())
    if passphrase is None and ttl > 0:
        with _CACHE_LOCK:
            hit = _SIGNER_CACHE.get(key)
            if hit is not None and hit[0] > time.monotonic():
                return hit[1]
    secret = (
        passphrase if passphrase is not None else crypto.decrypt_text(_b(certificate.passphrase_encrypted))
    )
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(
            crypto.decrypt(blob),
            other_certs=asn1_certs(certificate.chain_pem),
            passphrase=secret.encode("utf-8") or None,
        )
    except (ValueError, OSError):
        signer = None
    if signer is None:
        raise SigningError(_("The passphrase of the certificate is wrong."), code="passphrase")
    if passphrase is None and ttl > 0:
        with _CACHE_LOCK:
            _SIGNER_CACHE[key] = (time.monotonic() + ttl, signer)
    return signer


def signer_cache_clear() -> None:
    with _CACHE_LOCK:
        _SIGNER_CACHE.clear()


@contextmanager
def signer_for(
    certificate: SigningCertificate, *, passphrase: str | None = None, remote_adapter: Any = None
) -> Iterator[signers.Signer]:
    backend = certificate.backend
    if backend == SigningCertificate.Backend.PKCS12:
        yield _pkcs12_signer(certificate, passphrase)
    elif backend == SigningCertificate.Backend.PKCS11:
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

        pin = (
            passphrase
            if passphrase is not None
            else crypto.decrypt_text(_b(certificate.pkcs11_pin_encrypted))
        )
        try:
            session = open_pkcs11_session(
                certificate.pkcs11_module,
                token_criteria=TokenCriteria(label=certificate.pkcs11_token_label),
                user_pin=pin,
            )
        except Exception as exc:  # python-pkcs11 raises many kinds
            raise SigningError(_("Cannot open the token: %(error)s") % {"error": exc}, code="token") from exc
        try:
            yield PKCS11Signer(
                session,
                key_label=certificate.pkcs11_key_label,
                signing_cert=asn1_certs(certificate.certificate_pem)[0],
                ca_chain=asn1_certs(certificate.chain_pem),
            )
        finally:
            session.close()
    elif backend == SigningCertificate.Backend.REMOTE:
        from egov.signing.remote import HttpRemoteAdapter, RemoteSigner

        yield RemoteSigner(
            adapter=remote_adapter or HttpRemoteAdapter(),
            user_id=certificate.remote_user_id,
            signing_cert=asn1_certs(certificate.certificate_pem)[0],
            chain=asn1_certs(certificate.chain_pem),
        )
    else:  # pragma: no cover - constrained by choices
        raise SigningError(_("Unknown key storage."), code="backend")
