"""Remote signing (SmartCA / MySign style): the key stays with the provider; egov sends only the hash
of the CMS signed attributes, the user approves on their phone, the provider returns the raw
RSA signature, which pyHanko puts into the CMS SignedData.

API of the provider (the local simulator in remote_simulator.py speaks it):
    GET  /cert/<user>            → {"certificate": PEM, "chain": PEM}
    POST /sign {user, hash, alg} → {"id": "<transaction>", "status": "pending"}
    GET  /sign/<id>              → {"status": "pending" | "approved" | "rejected", "signature": base64}
Every request carries X-Egov-Timestamp and X-Egov-Auth = hex HMAC-SHA256(secret,
"<timestamp>\n<METHOD>\n<path>\n<body>").
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.request
from typing import Any

from asn1crypto import x509 as asn1_x509
from pyhanko.sign.signers.pdf_cms import Signer
from pyhanko_certvalidator.registry import SimpleCertificateStore

from egov.signing import conf


class RemoteSigningError(RuntimeError):
    pass


def auth_header(*, secret: str, method: str, path: str, body: bytes, timestamp: str) -> str:
    message = f"{timestamp}\n{method}\n{path}\n".encode() + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


class RemoteSigningAdapter:
    """Base class: one provider."""

    def certificate(self, user_id: str) -> tuple[str, str]:
        raise NotImplementedError

    def request(self, *, user_id: str, digest: bytes, digest_algorithm: str) -> str:
        """Send the hash; return the provider's transaction id."""
        raise NotImplementedError

    def result(self, transaction_id: str) -> tuple[str, bytes | None]:
        """(status, signature) — status pending / approved / rejected."""
        raise NotImplementedError

    def sign_hash(self, *, user_id: str, digest: bytes, digest_algorithm: str = "sha256") -> bytes:
        tx = self.request(user_id=user_id, digest=digest, digest_algorithm=digest_algorithm)
        deadline = time.monotonic() + conf.remote_timeout_seconds()
        delay = 0.05
        while time.monotonic() < deadline:
            status, signature = self.result(tx)
            if status == "approved" and signature:
                return signature
            if status == "rejected":
                raise RemoteSigningError("The signer rejected the request.")
            time.sleep(delay)
            delay = min(delay * 2, 2.0)
        raise RemoteSigningError("The signer did not approve in time.")


class HttpRemoteAdapter(RemoteSigningAdapter):
    def __init__(
        self, *, base_url: str | None = None, secret: str | None = None, timeout: float = 10
    ) -> None:
        self.base_url = (base_url or conf.remote_url()).rstrip("/")
        self.secret = secret or conf.remote_api_secret()
        self.timeout = timeout

    def _call(self, method: str, path: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        body = json.dumps(payload).encode("utf-8") if payload is not None else b""
        stamp = str(int(time.time()))
        request = urllib.request.Request(  # noqa: S310 - configured provider URL
            self.base_url + path,
            data=body if payload is not None else None,
            method=method,
            headers={
                "Content-Type": "application/json",
                "X-Egov-Timestamp": stamp,
                "X-Egov-Auth": auth_header(
                    secret=self.secret, method=method, path=path, body=body, timestamp=stamp
                ),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return dict(json.loads(response.read().decode("utf-8")))
        except OSError as exc:
            raise RemoteSigningError(f"Remote signing provider unavailable: {exc}") from exc

    def certificate(self, user_id: str) -> tuple[str, str]:
        data = self._call("GET", f"/cert/{user_id}")
        return str(data["certificate"]), str(data.get("chain", ""))

    def request(self, *, user_id: str, digest: bytes, digest_algorithm: str) -> str:
        data = self._call("POST", "/sign", {"user": user_id, "hash": digest.hex(), "alg": digest_algorithm})
        return str(data["id"])

    def result(self, transaction_id: str) -> tuple[str, bytes | None]:
        data = self._call("GET", f"/sign/{transaction_id}")
        signature = data.get("signature")
        return str(data["status"]), base64.b64decode(signature) if signature else None


class RemoteSigner(Signer):
    """pyHanko Signer whose raw signature comes from a RemoteSigningAdapter (RSA PKCS#1 v1.5)."""

    def __init__(
        self,
        *,
        adapter: RemoteSigningAdapter,
        user_id: str,
        signing_cert: asn1_x509.Certificate,
        chain: list[asn1_x509.Certificate],
    ) -> None:
        self.adapter = adapter
        self.user_id = user_id
        super().__init__(
            signing_cert=signing_cert,
            cert_registry=SimpleCertificateStore.from_certs([signing_cert, *chain]),
            embed_roots=True,
        )

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
        if dry_run:
            cert = self.signing_cert
            assert cert is not None  # noqa: S101 - set in __init__
            return bytes(cert.public_key.bit_size // 8)
        digest = hashlib.new(digest_algorithm, data).digest()
        import asyncio

        return await asyncio.to_thread(
            self.adapter.sign_hash, user_id=self.user_id, digest=digest, digest_algorithm=digest_algorithm
        )
