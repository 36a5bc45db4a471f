"""Reads: validate the PAdES signatures embedded in a PDF (pyHanko), one report per signature."""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from egov.signing.selectors import trust_roots_active
from egov.signing.signers import asn1_certs

logger = logging.getLogger(__name__)

INTEGRITY_LABELS = {
    "intact": _("Intact: the signed content has not changed"),
    "signed_later": _("Intact: only further signatures or form data were added afterwards"),
    "modified": _("Modified after signing"),
    "broken": _("Invalid: the signed content was changed"),
}
TRUST_LABELS = {
    "trusted": _("Trusted certificate chain"),
    "untrusted": _("Certificate not issued by a trusted authority"),
    "revoked": _("Certificate revoked"),
}


@dataclass(frozen=True)
class SignatureReport:
    field_name: str
    signer_name: str
    organisation: str
    signing_time: dt.datetime | None
    integrity: str  # intact / signed_later / modified / broken
    trust: str  # trusted / untrusted / revoked
    cert_valid_at_signing: bool
    revocation_checked: bool
    issuer: str
    error: str = ""

    @property
    def ok(self) -> bool:
        return (
            self.integrity in ("intact", "signed_later")
            and self.trust == "trusted"
            and self.cert_valid_at_signing
        )

    @property
    def integrity_label(self) -> str:
        return str(INTEGRITY_LABELS[self.integrity])

    @property
    def trust_label(self) -> str:
        return str(TRUST_LABELS[self.trust])


def _context(trust_roots: list[Any]) -> ValidationContext:
    roots = []
    for root in trust_roots:
        roots.extend(asn1_certs(root) if isinstance(root, str) else [root])
    return ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")


def _name_part(name: Any, key: str) -> str:
    try:
        return str(name.native.get(key, ""))
    except (AttributeError, ValueError):
        return ""


def pdf_validate(*, pdf: bytes, trust_roots: list[Any] | None = None) -> list[SignatureReport]:
    """Every embedded signature with integrity, coverage, trust and validity at signing time.

    `trust_roots`: PEM strings or asn1crypto certificates; None = the active TrustRoot rows."""
    roots = trust_roots if trust_roots is not None else trust_roots_active()
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception:  # a damaged file: nothing can be said about its signatures
        logger.info("Unreadable PDF given to pdf_validate", exc_info=True)
        return []
    reports = []
    for embedded in signatures:
        reports.append(_report(embedded, roots))
    return reports


def _report(embedded: Any, roots: list[Any]) -> SignatureReport:
    cert = embedded.signer_cert
    subject = cert.subject if cert is not None else None
    signer = _name_part(subject, "common_name")
    organisation = _name_part(subject, "organization_name")
    issuer = _name_part(cert.issuer, "common_name") if cert is not None else ""
    reported = embedded.self_reported_timestamp
    try:
        status = validate_pdf_signature(embedded, _context(roots))
    except Exception as exc:
        logger.info("Signature validation failed", exc_info=True)
        return SignatureReport(
            embedded.field_name,
            signer,
            organisation,
            reported,
            "broken",
            "untrusted",
            False,
            False,
            issuer,
            error=str(exc)[:300],
        )
    if not (status.intact and status.valid):
        integrity = "broken"
    elif status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        integrity = "intact"
    elif status.docmdp_ok and status.modification_level == ModificationLevel.LTA_UPDATES:
        integrity = "intact"  # only validation data (DSS) or timestamps were added
    elif status.docmdp_ok and status.coverage == SignatureCoverageLevel.ENTIRE_REVISION:
        integrity = "signed_later"
    else:
        integrity = "modified"
    trust = "revoked" if status.revoked else ("trusted" if status.trusted else "untrusted")
    when = status.signer_reported_dt or reported
    valid_then = bool(
        cert is not None and when is not None and cert.not_valid_before <= when <= cert.not_valid_after
    )
    return SignatureReport(
        field_name=embedded.field_name,
        signer_name=signer,
        organisation=organisation,
        signing_time=when,
        integrity=integrity,
        trust=trust,
        cert_valid_at_signing=valid_then,
        revocation_checked=False,
        issuer=issuer,
    )
