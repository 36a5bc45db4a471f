"""Writes: PAdES signatures (pyHanko), visible stamps per Decree 30 Annex I.

Every signature is an incremental update (the bytes of earlier revisions are kept), so the agency
signature applied after the leader's keeps the leader's signature valid.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import uuid
from dataclasses import dataclass, replace
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.general import SigningError as PdfSigningError
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError, ValidationError

from egov.core.audit.services import audit_record
from egov.core.files.selectors import file_open
from egov.signing import conf
from egov.signing.appearance import (
    ATTACHMENT_FONT_SIZE,
    BLUE,
    INFO_FONT_SIZE,
    LINE_GAP,
    MM,
    PERSONAL_FONT_SIZE,
    AnnexStampStyle,
    Box,
    Line,
    PlacedLine,
    StampSpec,
    image_size,
    personal_layout,
    seal_box_for,
    text_width,
)
from egov.signing.errors import SigningDenied, SigningError
from egov.signing.models import SigningCertificate
from egov.signing.selectors import (
    certificate_can_use,
    seal_image_for,
    signature_image_for,
    trust_roots_active,
)
from egov.signing.signers import asn1_certs, signer_for

logger = logging.getLogger(__name__)
VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SIGNING_MODES = ("TM.", "KT.", "Q.", "TL.", "TUQ.")
DEFAULT_PERSONAL_BOX: Box = (330.0, 90.0, 560.0, 230.0)  # lower right of an A4 page, in points


@dataclass(frozen=True)
class Appearance:
    """Visible stamp. `box` is (x1, y1, x2, y2) in PDF points on `page` (0-based, -1 = last)."""

    page: int = -1
    box: Box | None = None
    mode: str = ""  # "", "TM.", "KT.", "Q.", "TL.", "TUQ."
    mode_body: str = ""  # e.g. "CHỦ TỊCH" / "ỦY BAN NHÂN DÂN"
    position: str = ""  # e.g. "PHÓ CHỦ TỊCH"
    full_name: str = ""
    with_image: bool = True

    def top_lines(self) -> list[str]:
        lines = []
        if self.mode:
            if self.mode not in SIGNING_MODES:
                raise SigningError(_("Unknown signing mode %(mode)s.") % {"mode": self.mode}, code="mode")
            lines.append(f"{self.mode} {self.mode_body}".strip())
        if self.position:
            lines.append(self.position)
        return lines


@dataclass(frozen=True)
class PersonalStamp:
    box: Box
    page: int
    image_rect: Box | None  # box-local


def iso_vn(moment: dt.datetime) -> str:
    """2026-11-23T14:05:09+07:00"""
    return moment.astimezone(VN_TZ).replace(microsecond=0).isoformat()


def _check_use(actor: Any, certificate: SigningCertificate) -> None:
    if actor is not None and not certificate_can_use(user=actor, certificate=certificate):
        raise SigningDenied(_("You cannot sign with this certificate."))
    if not certificate.is_valid_at():
        raise SigningError(_("The certificate is not valid at this time."), code="expired")


def _page_index(reader: PdfFileReader, page: int) -> int:
    count = int(reader.root["/Pages"]["/Count"])
    index = page if page >= 0 else count + page
    if not 0 <= index < count:
        raise SigningError(_("The page to sign does not exist."), code="page")
    return index


def _page_box(reader: PdfFileReader, index: int) -> tuple[float, float]:
    media = reader.find_page_for_modification(index)[0].get_object()["/MediaBox"]
    return float(media[2]) - float(media[0]), float(media[3]) - float(media[1])


def _sign(
    *,
    pdf: bytes,
    certificate: SigningCertificate,
    passphrase: str | None,
    reason: str,
    location: str,
    page: int,
    box: Box | None,
    spec_for: Any,
    remote_adapter: Any = None,
) -> tuple[bytes, Any]:
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except Exception as exc:  # pyHanko raises PdfReadError and friends
        raise SigningError(_("The file is not a readable PDF."), code="pdf") from exc
    index = _page_index(writer.prev, page)
    field_name = f"Sig-{uuid.uuid4().hex[:12]}"
    spec_box, style = (None, None)
    if box is not None:
        spec_box, style = box, AnnexStampStyle(spec_for(box))
    context = _validation_context(certificate)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        reason=reason or None,
        location=location or None,
        name=certificate.subject_cn or None,
        embed_validation_info=context is not None,
        validation_context=context,
    )
    new_field = fields.SigFieldSpec(
        sig_field_name=field_name,
        on_page=index,
        box=tuple(round(v) for v in spec_box) if spec_box else None,  # type: ignore[arg-type]
    )
    out = io.BytesIO()
    with signer_for(certificate, passphrase=passphrase, remote_adapter=remote_adapter) as signer:
        pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style, new_field_spec=new_field)
        try:
            pdf_signer.sign_pdf(writer, output=out)
        except (PdfSigningError, PathBuildingError, PathValidationError, ValidationError):
            if context is None:
                raise
            # The chain does not validate against the configured roots: sign without the DSS.
            logger.info("Validation info not embedded for certificate %s", certificate.pk, exc_info=True)
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
            meta = replace(meta, embed_validation_info=False, validation_context=None)
            pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style, new_field_spec=new_field)
            out = io.BytesIO()
            pdf_signer.sign_pdf(writer, output=out)
    return out.getvalue(), field_name


def _validation_context(certificate: SigningCertificate) -> ValidationContext | None:
    """Embed the chain (PAdES DSS) when EGOV_SIGNING_EMBED_VALIDATION_INFO and trust roots exist.
    No network fetching: revocation data is embedded only if it is already known (soft-fail)."""
    if not conf.embed_validation_info():
        return None
    roots = [c for pem in trust_roots_active() for c in asn1_certs(pem)]
    if not roots:
        return None
    return ValidationContext(
        trust_roots=roots,
        other_certs=asn1_certs(certificate.chain_pem),
        allow_fetching=False,
        revocation_mode="soft-fail",
    )


def _read_png(stored: Any) -> bytes:
    with file_open(stored) as fh:
        return fh.read()


def _audit_sign(actor: Any, certificate: SigningCertificate, *, variant: str, field: str, size: int) -> None:
    audit_record(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action="signing.pdf_sign",
        target=certificate,
        to_state="signed",
        data={
            "variant": variant,
            "field": field,
            "bytes": size,
            "fingerprint": certificate.fingerprint_sha256,
        },
    )


def _personal_spec(appearance: Appearance, png: bytes | None, box: Box) -> tuple[StampSpec, Box | None]:
    width, height = box[2] - box[0], box[3] - box[1]
    top = [Line(t, PERSONAL_FONT_SIZE, bold=True) for t in appearance.top_lines()]
    bottom = [Line(appearance.full_name, PERSONAL_FONT_SIZE, bold=True)] if appearance.full_name else []
    aspect = None
    if png is not None:
        w, h = image_size(png)
        aspect = w / h
    placed, rect = personal_layout(width=width, height=height, top=top, bottom=bottom, image_aspect=aspect)
    return StampSpec(width, height, tuple(placed), png if rect else None, rect), rect


def pdf_sign(
    *,
    pdf: bytes,
    certificate: SigningCertificate,
    actor: Any,
    passphrase: str | None = None,
    reason: str = "",
    location: str = "",
    appearance: Appearance | None = None,
    signature_png: bytes | None = None,
    remote_adapter: Any = None,
) -> bytes:
    """Sign `pdf` (PAdES B-B, ETSI.CAdES.detached, SHA-256) and return the new bytes.

    A personal certificate draws the leader's stamp (titles, signature image, name) when
    `appearance` is given; an agency certificate with an appearance draws the agency's text only
    (use `document_sign_personal_then_agency` for the seal laid over the leader's signature).
    `actor=None` means a system call (no permission check). The signature image defaults to the
    owner's active SignatureImage."""
    _check_use(actor, certificate)
    personal = certificate.kind == SigningCertificate.Kind.PERSONAL
    box: Box | None = None
    spec_for: Any = None
    if appearance is not None:
        box = appearance.box or DEFAULT_PERSONAL_BOX
        if personal:
            png = signature_png
            if png is None and appearance.with_image:
                image = signature_image_for(user=certificate.owner_user)
                png = _read_png(image.file) if image is not None else None

            def spec_for(b: Box) -> StampSpec:
                return _personal_spec(appearance, png if appearance.with_image else None, b)[0]
        else:
            spec_for = _agency_text_spec(certificate, ATTACHMENT_FONT_SIZE, align_right=False)
    signed, field = _sign(
        pdf=pdf,
        certificate=certificate,
        passphrase=passphrase,
        reason=reason,
        location=location,
        page=appearance.page if appearance else 0,
        box=box,
        spec_for=spec_for,
        remote_adapter=remote_adapter,
    )
    _audit_sign(
        actor, certificate, variant="personal" if personal else "agency", field=field, size=len(signed)
    )
    return signed


def _agency_lines(certificate: SigningCertificate, size: float) -> list[Line]:
    agency = certificate.owner_agency
    name = agency.name if agency is not None else certificate.subject_org or certificate.subject_cn
    return [
        Line(f"Ký bởi: {name}", size, colour=BLUE),
        Line(f"Thời gian ký: {iso_vn(timezone.now())}", size, colour=BLUE),
    ]


def _agency_text_spec(certificate: SigningCertificate, size: float, *, align_right: bool) -> Any:
    def spec_for(b: Box) -> StampSpec:
        width, height = b[2] - b[0], b[3] - b[1]
        lines = _agency_lines(certificate, size)
        placed = []
        y = height
        for line in lines:
            y -= line.size * LINE_GAP
            x = width - text_width(line.text, size=line.size) - 1 if align_right else 1
            placed.append(PlacedLine(line, None, max(x, 0), y + line.size * 0.25))
        return StampSpec(width, height, tuple(placed))

    return spec_for


def pdf_sign_attachment(
    *,
    pdf: bytes,
    certificate: SigningCertificate,
    actor: Any,
    passphrase: str | None = None,
    reason: str = "",
    location: str = "",
) -> bytes:
    """Agency signature of an attachment / electronic copy: no image, the signature information at
    the top right of page 1 (position 14), 10 pt blue."""
    if certificate.kind != SigningCertificate.Kind.AGENCY:
        raise SigningError(_("Attachments and copies are signed with the agency's certificate."), code="kind")
    _check_use(actor, certificate)
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    page_w, page_h = _page_box(reader, 0)
    lines = _agency_lines(certificate, ATTACHMENT_FONT_SIZE)
    width = max(text_width(line.text, size=line.size) for line in lines) + 4
    height = ATTACHMENT_FONT_SIZE * LINE_GAP * len(lines) + 4
    right, top = page_w - 15 * MM, page_h - 8 * MM
    box = (right - width, top - height, right, top)
    signed, field = _sign(
        pdf=pdf,
        certificate=certificate,
        passphrase=passphrase,
        reason=reason,
        location=location,
        page=0,
        box=box,
        spec_for=_agency_text_spec(certificate, ATTACHMENT_FONT_SIZE, align_right=True),
    )
    _audit_sign(actor, certificate, variant="attachment", field=field, size=len(signed))
    return signed


def document_sign_personal_then_agency(
    *,
    pdf: bytes,
    personal_certificate: SigningCertificate,
    agency_certificate: SigningCertificate,
    signer_actor: Any,
    clerk_actor: Any,
    appearance: Appearance,
    personal_passphrase: str | None = None,
    agency_passphrase: str | None = None,
    reason: str = "",
    location: str = "",
) -> bytes:
    """The leader signs (visible stamp with image), then the agency seal is laid over the left
    third of the leader's signature image (Annex I, position 8), in a second incremental revision."""
    if agency_certificate.kind != SigningCertificate.Kind.AGENCY:
        raise SigningError(_("The second signature must use the agency's certificate."), code="kind")
    _check_use(clerk_actor, agency_certificate)
    image = signature_image_for(user=personal_certificate.owner_user)
    png = _read_png(image.file) if image is not None and appearance.with_image else None
    box = appearance.box or DEFAULT_PERSONAL_BOX
    first = pdf_sign(
        pdf=pdf,
        certificate=personal_certificate,
        actor=signer_actor,
        passphrase=personal_passphrase,
        reason=reason,
        location=location,
        appearance=appearance,
        signature_png=png,
    )
    _spec, rect = _personal_spec(appearance, png, box)
    if rect is None:  # no image: centre the seal on the stamp
        rect = (0.0, 0.0, box[2] - box[0], box[3] - box[1])
    if agency_certificate.owner_agency is None:  # pragma: no cover - the model constraint forbids it
        raise SigningError(_("The second signature must use the agency's certificate."), code="kind")
    seal = seal_image_for(agency=agency_certificate.owner_agency)
    diameter = seal.diameter_mm if seal is not None else 36
    seal_png = _read_png(seal.file) if seal is not None else None
    lines = _agency_lines(agency_certificate, INFO_FONT_SIZE)
    widest = max(text_width(line.text, size=line.size) for line in lines)
    seal_box, band, seal_rect = seal_box_for(
        personal_box=box, image_rect=rect, diameter_mm=diameter, text_width=widest
    )

    def spec_for(b: Box) -> StampSpec:
        width, height = b[2] - b[0], b[3] - b[1]
        placed, y = [], band
        for line in lines:
            y -= line.size * LINE_GAP
            placed.append(PlacedLine(line, width / 2, 0, y + line.size * 0.3))
        return StampSpec(width, height, tuple(placed), seal_png, seal_rect)

    signed, field = _sign(
        pdf=first,
        certificate=agency_certificate,
        passphrase=agency_passphrase,
        reason=reason,
        location=location,
        page=appearance.page,
        box=seal_box,
        spec_for=spec_for,
    )
    _audit_sign(clerk_actor, agency_certificate, variant="agency_seal", field=field, size=len(signed))
    return signed
