"""Signing certificates (personal / agency), signature and seal images, trust roots."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.files.models import StoredFile
from egov.org.models import Agency


class SigningCertificate(models.Model):
    """A certificate and the way to reach its private key. Created only by egov.signing.services."""

    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Personal")
        AGENCY = "agency", _("Agency (seal)")

    class Backend(models.TextChoices):
        PKCS12 = "pkcs12", _("PKCS#12 file")
        PKCS11 = "pkcs11", _("Token / HSM (PKCS#11)")
        REMOTE = "remote", _("Remote signing (phone)")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    backend = models.CharField(_("key storage"), max_length=10, choices=Backend.choices)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signing_certificates",
    )
    owner_agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signing_certificates",
    )
    label = models.CharField(_("label"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=500)
    subject_cn = models.CharField(_("signer name"), max_length=255, blank=True)
    subject_org = models.CharField(_("organisation"), max_length=255, blank=True)
    issuer = models.CharField(_("issuer"), max_length=500)
    serial = models.CharField(_("serial number"), max_length=100)
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    fingerprint_sha256 = models.CharField(_("SHA-256 fingerprint"), max_length=64)
    certificate_pem = models.TextField(_("certificate (PEM)"))
    chain_pem = models.TextField(_("CA chain (PEM)"), blank=True)
    # PKCS#12: the archive and its passphrase, both Fernet-encrypted (crypto.py).
    pkcs12_encrypted = models.BinaryField(_("PKCS#12 (encrypted)"), null=True, blank=True, editable=False)
    passphrase_encrypted = models.BinaryField(
        _("passphrase (encrypted)"), null=True, blank=True, editable=False
    )
    # PKCS#11
    pkcs11_module = models.CharField(_("PKCS#11 module"), max_length=300, blank=True)
    pkcs11_token_label = models.CharField(_("token label"), max_length=100, blank=True)
    pkcs11_key_label = models.CharField(_("key label"), max_length=100, blank=True)
    pkcs11_pin_encrypted = models.BinaryField(_("PIN (encrypted)"), null=True, blank=True, editable=False)
    # remote
    remote_provider = models.CharField(_("remote provider"), max_length=50, blank=True)
    remote_user_id = models.CharField(_("remote user ID"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="personal") & Q(owner_user__isnull=False) & Q(owner_agency__isnull=True))
                | (Q(kind="agency") & Q(owner_agency__isnull=False) & Q(owner_user__isnull=True)),
                name="signing_cert_owner_matches_kind",
            ),
        ]
        indexes = [
            models.Index(fields=["owner_user", "is_active"], name="signing_cert_user_idx"),
            models.Index(fields=["owner_agency", "is_active"], name="signing_cert_agency_idx"),
        ]

    def __str__(self) -> str:
        return self.label or self.subject_cn or self.subject

    def is_valid_at(self, when: object = None) -> bool:
        now = when or timezone.now()
        return bool(self.not_before <= now <= self.not_after)  # type: ignore[operator]


class SignatureImage(models.Model):
    """A user's handwritten signature: blue PNG with a transparent background."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="signature_images",
    )
    file = models.ForeignKey(StoredFile, verbose_name=_("file"), on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("signature image")
        verbose_name_plural = _("signature images")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%d/%m/%Y}"


class SealImage(models.Model):
    """An agency's seal: red PNG with a transparent background, actual size."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="seal_images"
    )
    file = models.ForeignKey(StoredFile, verbose_name=_("file"), on_delete=models.PROTECT, related_name="+")
    diameter_mm = models.PositiveSmallIntegerField(_("diameter (mm)"), default=36)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("seal image")
        verbose_name_plural = _("seal images")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.agency} · {self.created_at:%d/%m/%Y}"


class TrustRoot(models.Model):
    """A root certificate that validation trusts (e.g. the national root CA)."""

    name = models.CharField(_("name"), max_length=200)
    certificate_pem = models.TextField(_("certificate (PEM)"))
    fingerprint_sha256 = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("trusted root certificate")
        verbose_name_plural = _("trusted root certificates")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name
