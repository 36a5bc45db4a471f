"""Writes: certificates (PKCS#12 upload, PKCS#11 and remote registration), images, trust roots.

Passphrases: both personal and agency PKCS#12 passphrases are stored encrypted (crypto.py), so the
agency signature can be applied unattended by the clerk's office and the leader signs with one click
after logging in with 2FA. The owner can replace or deactivate a certificate at any time.
"""

from __future__ import annotations

import io
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from egov.core.audit.services import audit_record
from egov.core.files.services import file_store
from egov.org.models import Agency
from egov.signing import crypto
from egov.signing.certs import cert_from_pem, cert_info, pem_of
from egov.signing.errors import SigningDenied, SigningError
from egov.signing.models import SealImage, SignatureImage, SigningCertificate, TrustRoot
from egov.signing.selectors import agencies_user_manages

MAX_PKCS12_BYTES = 64 * 1024


def _actor(user: Any) -> Any:
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _check_agency_manager(actor: Any, agency: Agency) -> None:
    if actor is None:  # system (demo seed, commands)
        return
    if not agencies_user_manages(user=actor).filter(pk=agency.pk).exists():
        raise SigningDenied(_("You cannot manage the signing material of this agency."))


def pkcs12_open(data: bytes, passphrase: str) -> tuple[Any, x509.Certificate, list[x509.Certificate]]:
    """(key, certificate, chain) from PKCS#12 bytes, with clear errors."""
    if not data:
        raise SigningError(_("Choose the PKCS#12 file (.p12 or .pfx)."), code="empty")
    if len(data) > MAX_PKCS12_BYTES:
        raise SigningError(_("The PKCS#12 file is too large."), code="too_large")
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, passphrase.encode("utf-8") or None)
    except ValueError:
        raise SigningError(
            _("The passphrase is wrong or the file is not a valid PKCS#12 (.p12/.pfx) file."),
            code="passphrase",
        ) from None
    extra = list(extra or [])
    if key is None or (cert is None and not extra):
        raise SigningError(
            _("The PKCS#12 file must contain both the private key and its certificate."), code="incomplete"
        )
    if cert is None:  # no local-key-id link: the end-entity certificate is the one matching the key
        matching = [c for c in extra if _same_key(key, c)]
        if not matching:
            raise SigningError(_("The private key does not match the certificate."), code="key_mismatch")
        cert = matching[0]
        extra = [c for c in extra if c is not cert]
    if not _same_key(key, cert):
        raise SigningError(_("The private key does not match the certificate."), code="key_mismatch")
    return key, cert, extra


def _same_key(key: Any, cert: x509.Certificate) -> bool:
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    der = serialization.Encoding.DER
    return bool(key.public_key().public_bytes(der, public) == cert.public_key().public_bytes(der, public))


def _check_validity(cert: x509.Certificate) -> None:
    now = timezone.now()
    if cert.not_valid_after_utc < now:
        raise SigningError(
            _("The certificate expired on %(date)s.")
            % {"date": timezone.localtime(cert.not_valid_after_utc).strftime("%d/%m/%Y")},
            code="expired",
        )
    if cert.not_valid_before_utc > now:
        raise SigningError(
            _("The certificate is not valid before %(date)s.")
            % {"date": timezone.localtime(cert.not_valid_before_utc).strftime("%d/%m/%Y")},
            code="not_yet_valid",
        )


def _owner_fields(*, actor: Any, owner_user: Any, agency: Agency | None) -> dict[str, Any]:
    if agency is not None:
        _check_agency_manager(actor, agency)
        return {"kind": SigningCertificate.Kind.AGENCY, "owner_agency": agency, "owner_user": None}
    if owner_user is None:
        raise ValueError("owner_user or agency is required")
    if actor is not None and actor.pk != owner_user.pk and not actor.is_superuser:
        raise SigningDenied(_("You can only add certificates for yourself."))
    return {"kind": SigningCertificate.Kind.PERSONAL, "owner_user": owner_user, "owner_agency": None}


def _info_fields(cert: x509.Certificate, chain: list[x509.Certificate]) -> dict[str, Any]:
    info = cert_info(cert)
    return {
        "subject": info.subject,
        "subject_cn": info.subject_cn,
        "subject_org": info.subject_org,
        "issuer": info.issuer,
        "serial": info.serial,
        "not_before": info.not_before,
        "not_after": info.not_after,
        "fingerprint_sha256": info.fingerprint_sha256,
        "certificate_pem": info.pem,
        "chain_pem": pem_of(chain),
    }


def _audit_created(actor: Any, certificate: SigningCertificate) -> None:
    audit_record(
        actor=_actor(actor),
        action="signing.certificate_add",
        target=certificate,
        to_state="active",
        data={
            "kind": certificate.kind,
            "backend": certificate.backend,
            "subject": certificate.subject,
            "fingerprint": certificate.fingerprint_sha256,
            "owner_user": certificate.owner_user_id,
            "owner_agency": certificate.owner_agency_id,
        },
    )


@transaction.atomic
def upload_pkcs12(
    *,
    actor: Any,
    data: bytes,
    passphrase: str,
    owner_user: Any = None,
    agency: Agency | None = None,
    label: str = "",
) -> SigningCertificate:
    """Check and store a PKCS#12 archive (personal for `owner_user`, or the `agency`'s seal key)."""
    owner = _owner_fields(actor=actor, owner_user=owner_user, agency=agency)
    _key, cert, chain = pkcs12_open(data, passphrase)
    _check_validity(cert)
    certificate = SigningCertificate.objects.create(
        backend=SigningCertificate.Backend.PKCS12,
        label=label.strip()[:200],
        pkcs12_encrypted=crypto.encrypt(data),
        passphrase_encrypted=crypto.encrypt_text(passphrase),
        **owner,
        **_info_fields(cert, chain),
    )
    _audit_created(actor, certificate)
    return certificate


@transaction.atomic
def pkcs11_register(
    *,
    actor: Any,
    certificate_pem: str,
    module_path: str,
    token_label: str,
    key_label: str,
    pin: str,
    owner_user: Any = None,
    agency: Agency | None = None,
    chain_pem: str = "",
    label: str = "",
) -> SigningCertificate:
    """Register a key held on a PKCS#11 token/HSM; the PIN is stored encrypted."""
    from egov.signing import conf

    owner = _owner_fields(actor=actor, owner_user=owner_user, agency=agency)
    allowed = conf.pkcs11_allowed_modules()
    if not module_path.startswith("/") or (allowed and module_path not in allowed):
        raise SigningError(_("This PKCS#11 module is not allowed."), code="module")
    try:
        cert = cert_from_pem(certificate_pem)
        chain = x509.load_pem_x509_certificates(chain_pem.encode("ascii")) if chain_pem.strip() else []
    except ValueError:
        raise SigningError(_("The certificate is not a valid PEM certificate."), code="pem") from None
    _check_validity(cert)
    certificate = SigningCertificate.objects.create(
        backend=SigningCertificate.Backend.PKCS11,
        label=label.strip()[:200],
        pkcs11_module=module_path,
        pkcs11_token_label=token_label,
        pkcs11_key_label=key_label,
        pkcs11_pin_encrypted=crypto.encrypt_text(pin),
        **owner,
        **_info_fields(cert, chain),
    )
    _audit_created(actor, certificate)
    return certificate


@transaction.atomic
def remote_register(
    *,
    actor: Any,
    certificate_pem: str,
    provider: str,
    remote_user_id: str,
    owner_user: Any = None,
    agency: Agency | None = None,
    chain_pem: str = "",
    label: str = "",
) -> SigningCertificate:
    """Register a certificate whose key stays with a remote-signing provider (SmartCA/MySign style)."""
    owner = _owner_fields(actor=actor, owner_user=owner_user, agency=agency)
    try:
        cert = cert_from_pem(certificate_pem)
        chain = x509.load_pem_x509_certificates(chain_pem.encode("ascii")) if chain_pem.strip() else []
    except ValueError:
        raise SigningError(_("The certificate is not a valid PEM certificate."), code="pem") from None
    _check_validity(cert)
    certificate = SigningCertificate.objects.create(
        backend=SigningCertificate.Backend.REMOTE,
        label=label.strip()[:200],
        remote_provider=provider[:50],
        remote_user_id=remote_user_id[:100],
        **owner,
        **_info_fields(cert, chain),
    )
    _audit_created(actor, certificate)
    return certificate


@transaction.atomic
def certificate_deactivate(*, actor: Any, certificate: SigningCertificate) -> SigningCertificate:
    locked = SigningCertificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.kind == SigningCertificate.Kind.PERSONAL:
        if actor is not None and actor.pk != locked.owner_user_id and not actor.is_superuser:
            raise SigningDenied(_("You can only change your own certificates."))
    else:
        _check_agency_manager(actor, locked.owner_agency)  # type: ignore[arg-type]
    if not locked.is_active:
        return locked
    SigningCertificate.objects.filter(pk=locked.pk, is_active=True).update(is_active=False)
    locked.is_active = False
    audit_record(
        actor=_actor(actor),
        action="signing.certificate_deactivate",
        target=locked,
        from_state="active",
        to_state="inactive",
    )
    return locked


def image_check(data: bytes, *, colour: str) -> None:
    """A PNG with real transparency whose visible pixels are mostly `colour` ('blue' or 'red')."""
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError):
        raise SigningError(_("The image must be a PNG file."), code="not_png") from None
    if image.format != "PNG":
        raise SigningError(_("The image must be a PNG file."), code="not_png")
    rgba = image.convert("RGBA")
    alpha = rgba.getchannel("A")
    low, _high = alpha.getextrema()  # type: ignore[misc]
    if low == 255:
        raise SigningError(_("The image must have a transparent background."), code="not_transparent")
    small = rgba.resize((min(rgba.width, 200), min(rgba.height, 200)))
    raw = small.tobytes()
    pixels = [raw[i : i + 4] for i in range(0, len(raw), 4) if raw[i + 3] > 128]
    if not pixels:
        raise SigningError(_("The image is empty."), code="empty_image")
    r = sum(p[0] for p in pixels) / len(pixels)
    g = sum(p[1] for p in pixels) / len(pixels)
    b = sum(p[2] for p in pixels) / len(pixels)
    if colour == "blue" and not (b > r + 20 and b > g):
        raise SigningError(_("The signature image must be blue."), code="colour")
    if colour == "red" and not (r > b + 20 and r > g + 20):
        raise SigningError(_("The seal image must be red."), code="colour")


def _store_png(*, data: bytes, name: str, actor: Any, owner: Any) -> Any:
    upload = SimpleUploadedFile(name, data, content_type="image/png")
    return file_store(upload=upload, user=_actor(actor), allowed_kinds=frozenset({"png"}), owner=owner)


@transaction.atomic
def signature_image_upload(*, actor: Any, user: Any, data: bytes, name: str = "chu-ky.png") -> SignatureImage:
    if actor is not None and actor.pk != user.pk and not actor.is_superuser:
        raise SigningDenied(_("You can only upload your own signature image."))
    image_check(data, colour="blue")
    stored = _store_png(data=data, name=name, actor=actor, owner=user)
    SignatureImage.objects.filter(user=user, is_active=True).update(is_active=False)
    image = SignatureImage.objects.create(user=user, file=stored)
    audit_record(
        actor=_actor(actor),
        action="signing.signature_image_set",
        target=image,
        to_state="active",
        data={"user": user.pk, "file": str(stored.pk)},
    )
    return image


@transaction.atomic
def seal_image_upload(
    *, actor: Any, agency: Agency, data: bytes, name: str = "con-dau.png", diameter_mm: int = 36
) -> SealImage:
    _check_agency_manager(actor, agency)
    image_check(data, colour="red")
    if not 20 <= diameter_mm <= 60:
        raise SigningError(_("The seal diameter must be between 20 and 60 mm."), code="diameter")
    stored = _store_png(data=data, name=name, actor=actor, owner=agency)
    SealImage.objects.filter(agency=agency, is_active=True).update(is_active=False)
    seal = SealImage.objects.create(agency=agency, file=stored, diameter_mm=diameter_mm)
    audit_record(
        actor=_actor(actor),
        action="signing.seal_image_set",
        target=seal,
        to_state="active",
        data={"agency": agency.pk, "file": str(stored.pk)},
    )
    return seal


@transaction.atomic
def trust_root_add(*, actor: Any, name: str, certificate_pem: str) -> TrustRoot:
    if actor is not None and not actor.is_superuser:
        raise SigningDenied(_("Only system administrators can add trusted root certificates."))
    try:
        info = cert_info(cert_from_pem(certificate_pem))
    except ValueError:
        raise SigningError(_("The certificate is not a valid PEM certificate."), code="pem") from None
    root, created = TrustRoot.objects.get_or_create(
        fingerprint_sha256=info.fingerprint_sha256,
        defaults={"name": name[:200], "certificate_pem": info.pem},
    )
    if created:
        audit_record(
            actor=_actor(actor),
            action="signing.trust_root_add",
            target=root,
            to_state="active",
            data={"subject": info.subject},
        )
    return root


@transaction.atomic
def signing_reencrypt(*, actor: Any = None) -> int:
    """Re-encrypt every stored secret with the current EGOV_SIGNING_KEY (key rotation)."""
    count = 0
    fields = ("pkcs12_encrypted", "passphrase_encrypted", "pkcs11_pin_encrypted")
    for certificate in SigningCertificate.objects.select_for_update().order_by("pk"):
        changes = {f: crypto.reencrypt(bytes(v)) for f in fields if (v := getattr(certificate, f))}
        if changes:
            SigningCertificate.objects.filter(pk=certificate.pk).update(**changes)
            count += 1
    audit_record(actor=_actor(actor), action="signing.reencrypt", data={"certificates": count})
    return count
