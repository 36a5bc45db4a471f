"""X.509 / PKCS#12 helpers (cryptography): reading certificates, a small CA for demo and tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PrivateKey = rsa.RSAPrivateKey


@dataclass(frozen=True)
class CertInfo:
    subject: str
    subject_cn: str
    subject_org: str
    issuer: str
    serial: str
    not_before: dt.datetime
    not_after: dt.datetime
    fingerprint_sha256: str
    pem: str


def _attr(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def cert_info(cert: x509.Certificate) -> CertInfo:
    return CertInfo(
        subject=cert.subject.rfc4514_string()[:500],
        subject_cn=_attr(cert.subject, NameOID.COMMON_NAME)[:255],
        subject_org=_attr(cert.subject, NameOID.ORGANIZATION_NAME)[:255],
        issuer=cert.issuer.rfc4514_string()[:500],
        serial=format(cert.serial_number, "x")[:100],
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        fingerprint_sha256=cert.fingerprint(hashes.SHA256()).hex(),
        pem=cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
    )


def cert_from_pem(pem: str | bytes) -> x509.Certificate:
    return x509.load_pem_x509_certificate(pem.encode("ascii") if isinstance(pem, str) else pem)


def certs_from_pem_bundle(pem: str) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(pem.encode("ascii")) if pem.strip() else []


def pem_of(certs: list[x509.Certificate]) -> str:
    return "".join(c.public_bytes(serialization.Encoding.PEM).decode("ascii") for c in certs)


def clip_utf8(value: str, limit: int = 64) -> str:
    """X.520 names allow at most 64 characters' worth of UTF-8 bytes here; cut on a character."""
    data = value.encode("utf-8")[:limit]
    return data.decode("utf-8", errors="ignore").strip()


def _name(common_name: str, organisation: str = "") -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, clip_utf8(organisation)))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, clip_utf8(common_name)))
    return x509.Name(attrs)


def key_new(bits: int = 2048) -> PrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


@dataclass
class DemoCA:
    key: PrivateKey
    cert: x509.Certificate


def ca_create(*, name: str, days: int = 3650, key: PrivateKey | None = None) -> DemoCA:
    key = key or key_new()
    now = dt.datetime.now(dt.UTC)
    subject = _name(name, "egov demo")
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return DemoCA(key=key, cert=cert)


def cert_issue(
    *,
    ca: DemoCA,
    public_key: rsa.RSAPublicKey,
    common_name: str,
    organisation: str = "",
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organisation))
        .issuer_name(ca.cert.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - dt.timedelta(days=1))
        .not_valid_after(not_after or now + dt.timedelta(days=3 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
        )
        .sign(ca.key, hashes.SHA256())
    )


def pkcs12_build(
    *, key: PrivateKey, cert: x509.Certificate, chain: list[x509.Certificate], passphrase: str, name: str
) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        name.encode("utf-8"),
        key,
        cert,
        chain or None,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
    )


def pkcs12_issue(
    *,
    ca: DemoCA,
    common_name: str,
    organisation: str = "",
    passphrase: str,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
) -> bytes:
    """A fresh key and certificate from `ca`, packed as PKCS#12 (for demo data and tests)."""
    key = key_new()
    cert = cert_issue(
        ca=ca,
        public_key=key.public_key(),
        common_name=common_name,
        organisation=organisation,
        not_before=not_before,
        not_after=not_after,
    )
    return pkcs12_build(key=key, cert=cert, chain=[ca.cert], passphrase=passphrase, name=common_name)


def ca_key_pem(ca: DemoCA) -> bytes:
    return ca.key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
