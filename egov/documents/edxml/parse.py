"""edXML bytes → Envelope, strictly: hostile or invalid input always ends in EdxmlError."""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from typing import Any

from egov.documents.edxml import errors, validate
from egov.documents.edxml.model import (
    Attachment,
    Bussiness,
    Code,
    DocumentType,
    Envelope,
    Organization,
    OtherInfo,
    PromulgationInfo,
    ReplacementInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    TraceHeader,
)
from egov.documents.edxml.xmlio import (
    child,
    children,
    find_envelope,
    int_of,
    parse_bytes,
    parse_date,
    parse_timestamp,
    text_of,
)

_B64_WS_RE = re.compile(r"\s+")


def _s(parent: Any, name: str) -> str:
    return unicodedata.normalize("NFC", text_of(parent, name))


def organization(el: Any) -> Organization:
    return Organization(
        organ_id=_s(el, "OrganId"),
        organ_name=_s(el, "OrganName"),
        organization_in_charge=_s(el, "OrganizationInCharge"),
        organ_add=_s(el, "OrganAdd"),
        email=_s(el, "Email"),
        telephone=_s(el, "Telephone"),
        fax=_s(el, "Fax"),
        website=_s(el, "Website"),
    )


def response_for(el: Any) -> ResponseFor:
    raw_date = text_of(el, "PromulgationDate")
    return ResponseFor(
        organ_id=_s(el, "OrganId"),
        code=_s(el, "Code"),
        promulgation_date=parse_date("ResponseFor/PromulgationDate", raw_date) if raw_date else None,
        document_id=_s(el, "DocumentId"),
    )


def staff_info(parent: Any) -> StaffInfo | None:
    el = child(parent, "StaffInfo")
    if el is None:
        return None
    return StaffInfo(
        department=_s(el, "Department"), staff=_s(el, "Staff"), mobile=_s(el, "Mobile"), email=_s(el, "Email")
    )


def _int(parent: Any, name: str, field: str, default: int) -> int:
    value = int_of(parent, name, field)
    return default if value is None else value


def _other_info(mh: Any) -> OtherInfo:
    el = child(mh, "OtherInfo")
    if el is None:
        return OtherInfo()
    return OtherInfo(
        priority=_int(el, "Priority", "OtherInfo/Priority", 0),
        sphere_of_promulgation=_s(el, "SphereOfPromulgation"),
        typer_notation=_s(el, "TyperNotation"),
        promulgation_amount=int_of(el, "PromulgationAmount", "OtherInfo/PromulgationAmount"),
        page_amount=int_of(el, "PageAmount", "OtherInfo/PageAmount"),
        appendixes=[
            unicodedata.normalize("NFC", "".join(a.itertext()).strip())
            for a in children(child(el, "Appendixes"), "Appendix")
            if "".join(a.itertext()).strip()  # public samples write an empty <Appendix/>
        ],
    )


def _bussiness(thl: Any) -> Bussiness:
    el = child(thl, "Bussiness")
    if el is None:
        return Bussiness()
    raw_type = text_of(el, "BussinessDocType")
    if raw_type and (not raw_type.isascii() or not raw_type.isdigit() or len(raw_type) > 2):
        raise errors.bad_business_type(raw_type)
    replacements = [
        ReplacementInfo(
            document_id=_s(ri, "DocumentId"),
            organ_ids=["".join(o.itertext()).strip() for o in children(child(ri, "OrganIdList"), "OrganId")],
        )
        for ri in children(child(el, "ReplacementInfoList"), "ReplacementInfo")
    ]
    return Bussiness(
        bussiness_doc_type=int(raw_type) if raw_type else 0,
        bussiness_doc_reason=_s(el, "BussinessDocReason"),
        staff_info=staff_info(el),
        paper=int_of(el, "Paper", "Bussiness/Paper"),
        replacement_info_list=replacements,
    )


def _decode(name: str, encoded: str, max_attachment_bytes: int) -> bytes:
    compact = _B64_WS_RE.sub("", encoded)
    if len(compact) // 4 * 3 > max_attachment_bytes + 3:
        raise errors.attachment_too_large(name, max(1, max_attachment_bytes // (1024 * 1024)))
    try:
        return base64.b64decode(compact.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError) as exc:
        raise errors.bad_base64(name) from exc


def _strip_cid(value: str) -> str:
    value = value.strip()
    if value.lower().startswith("cid:"):
        value = value[4:]
    return value.strip("<>")


def _attachments(root: Any, env_el: Any, max_attachment_bytes: int) -> list[Attachment]:
    manifest = child(child(env_el, "edXMLBody"), "edXMLManifest")
    refs = children(manifest, "Reference")
    encoded: dict[str, Any] = {}
    for item in children(child(root, "AttachmentEncoded"), "Attachment"):
        cid = _strip_cid(text_of(item, "ContentId"))
        if not cid:
            raise errors.required("Attachment/ContentId")
        if cid in encoded:
            raise errors.duplicate_content_id(cid)
        encoded[cid] = item
    if len(refs) > validate.MAX_ATTACHMENTS or len(encoded) > validate.MAX_ATTACHMENTS:
        raise errors.too_many_attachments(validate.MAX_ATTACHMENTS)
    result: list[Attachment] = []
    used: set[str] = set()
    for ref in refs:
        cid = _strip_cid(text_of(ref, "ContentId") or ref.get("{http://www.w3.org/1999/xlink}href", ""))
        if not cid:
            raise errors.required("Reference/ContentId")
        item = encoded.get(cid)
        if item is None or cid in used:
            raise errors.manifest_mismatch(cid)
        used.add(cid)
        name = _s(ref, "AttachmentName") or _s(item, "AttachmentName")
        result.append(
            Attachment(
                content_id=cid,
                name=name,
                content_type=_s(ref, "ContentType") or _s(item, "ContentType"),
                description=_s(ref, "Description") or _s(item, "Description"),
                data=_decode(name, text_of(item, "ContentTransferEncoded"), max_attachment_bytes),
            )
        )
    extra = set(encoded) - used
    if extra:
        raise errors.manifest_mismatch(sorted(extra)[0])
    return result


def envelope_parse(
    data: bytes,
    *,
    max_bytes: int = validate.DEFAULT_MAX_BYTES,
    max_attachment_bytes: int | None = None,
) -> Envelope:
    """Parse and validate an edXML package. Raises EdxmlError with a Vietnamese message on any problem."""
    limit = max_bytes if max_attachment_bytes is None else max_attachment_bytes
    root = parse_bytes(data, max_bytes=max_bytes)
    env_el = find_envelope(root)
    header = child(env_el, "edXMLHeader")
    mh = child(header, "MessageHeader")
    if mh is None:
        raise errors.required("MessageHeader")
    from_el = child(mh, "From")
    if from_el is None:
        raise errors.required("From")
    code_el = child(mh, "Code")
    info_el = child(mh, "PromulgationInfo")
    raw_date = text_of(info_el, "PromulgationDate")
    if not raw_date:
        raise errors.required("PromulgationInfo/PromulgationDate")
    type_el = child(mh, "DocumentType")
    signer_el = child(mh, "SignerInfo")
    raw_due = text_of(mh, "DueDate")
    thl = child(header, "TraceHeaderList")
    envelope = Envelope(
        sender=organization(from_el),
        recipients=[organization(el) for el in children(mh, "To")],
        code=Code(code_number=_s(code_el, "CodeNumber"), code_notation=_s(code_el, "CodeNotation")),
        promulgation_info=PromulgationInfo(
            promulgation_date=parse_date("PromulgationInfo/PromulgationDate", raw_date),
            place=_s(info_el, "Place"),
        ),
        subject=_s(mh, "Subject"),
        document_type=DocumentType(
            type=_int(type_el, "Type", "DocumentType/Type", 1), type_name=_s(type_el, "TypeName")
        ),
        content=_s(mh, "Content"),
        signer_info=None
        if signer_el is None
        else SignerInfo(
            competence=_s(signer_el, "Competence"),
            position=_s(signer_el, "Position"),
            full_name=_s(signer_el, "FullName"),
        ),
        due_date=parse_date("DueDate", raw_due) if raw_due else None,
        to_places=[
            unicodedata.normalize("NFC", "".join(p.itertext()).strip())
            for p in children(child(mh, "ToPlaces"), "Place")
        ],
        other_info=_other_info(mh),
        response_for=[response_for(el) for el in children(mh, "ResponseFor")],
        steering_type=int_of(mh, "SteeringType", "SteeringType"),
        document_id=_s(mh, "DocumentId"),
        trace_headers=[
            TraceHeader(
                organ_id=text_of(th, "OrganId"),
                timestamp=parse_timestamp("TraceHeader/Timestamp", text_of(th, "Timestamp")),
            )
            for th in children(thl, "TraceHeader")
        ],
        bussiness=_bussiness(thl),
        attachments=_attachments(root, env_el, limit),
    )
    validate.envelope(envelope, max_attachment_bytes=limit)
    return envelope
