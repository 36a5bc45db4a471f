"""Encryption at rest of key material (PKCS#12 bytes, passphrases, PINs): Fernet with a key derived
by HKDF-SHA256 from EGOV_SIGNING_KEY (or SECRET_KEY when that is unset).

Key rotation: set the new secret in EGOV_SIGNING_KEY and list the old one(s) in
EGOV_SIGNING_KEY_PREVIOUS; decryption tries every key (MultiFernet), and the
`signing_reencrypt` service (`manage.py signing_rotate_key`) re-encrypts every stored secret with the
new key; then drop the old secret from EGOV_SIGNING_KEY_PREVIOUS.
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from egov.signing import conf

_INFO = b"egov.signing.secrets.v1"


@lru_cache(maxsize=16)
def _fernet_for(secret: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"egov-signing", info=_INFO).derive(
        secret.encode("utf-8")
    )
    return Fernet(base64.urlsafe_b64encode(key))


def _multi() -> MultiFernet:
    secrets = [conf.encryption_secret(), *conf.previous_secrets()]
    return MultiFernet([_fernet_for(s) for s in secrets])


def encrypt(data: bytes) -> bytes:
    return _multi().encrypt(data)


def decrypt(token: bytes) -> bytes:
    """Raise cryptography.fernet.InvalidToken if no configured key opens it."""
    return _multi().decrypt(bytes(token))


def reencrypt(token: bytes) -> bytes:
    """The same plaintext under the current key (for rotation)."""
    return _multi().rotate(bytes(token))


def encrypt_text(value: str) -> bytes:
    return encrypt(value.encode("utf-8")) if value else b""


def decrypt_text(token: bytes | None) -> str:
    return decrypt(token).decode("utf-8") if token else ""


__all__ = ["InvalidToken", "decrypt", "decrypt_text", "encrypt", "encrypt_text", "reencrypt"]
