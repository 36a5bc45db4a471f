"""Field rules shared by the builder and the parser (Annex VI of Decree 30/2020 lengths).

Lengths marked [M] are not in Annex VI; they are generous guesses to bound hostile input.
"""

from __future__ import annotations

import re
import unicodedata

from egov.documents.edxml import errors
from egov.documents.edxml.model import (
    BUSINESS_DOC_TYPES,
    Attachment,
    Envelope,
    Organization,
    ResponseFor,
    StaffInfo,
    StatusMessage,
)

AGENCY_CODE_RE = re.compile(r"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$")
# Characters XML 1.0 cannot carry (C0 controls except TAB/LF/CR, surrogates, U+FFFE/U+FFFF).
_NON_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
MAX_ATTACHMENTS = 100  # [M]

# Annex VI lengths; [M] where Annex VI says nothing.
LIMITS: dict[str, int] = {
    "OrganName": 200,
    "OrganizationInCharge": 200,  # [M]
    "OrganAdd": 500,  # [M]
    "Email": 254,  # [M] RFC 5321
    "Telephone": 50,  # [M]
    "Fax": 50,  # [M]
    "Website": 200,  # [M]
    "CodeNumber": 11,
    "CodeNotation": 30,
    "Place": 200,  # [M]
    "TypeName": 100,
    "Subject": 500,
    "Content": 1_000_000,  # [M] bounded by the package size anyway
    "Competence": 100,  # [M]
    "Position": 100,
    "FullName": 50,
    "ToPlaces/Place": 500,  # [M]
    "SphereOfPromulgation": 200,  # [M]
    "TyperNotation": 50,  # [M]
    "Appendix": 500,  # [M]
    "DocumentId": 100,  # [M] 13 + 1 + 10 + 1 + 11 + 1 + 30 = 67 at most in practice
    "ResponseFor/Code": 42,  # CodeNumber(11) + "/" + CodeNotation(30)
    "BussinessDocReason": 500,  # [M]
    "Department": 200,  # [M]
    "Staff": 100,  # [M]
    "Mobile": 50,  # [M]
    "AttachmentName": 255,  # [M] common file-system limit
    "ContentType": 100,  # [M]
    "ContentId": 200,  # [M]
    "Description": 500,
}


def text(field: str, value: str, *, required: bool = False, limit_key: str | None = None) -> str:
    """Check one text value; return it NFC. Raise EdxmlError naming ``field``."""
    value = unicodedata.normalize("NFC", value)
    if required and not value.strip():
        raise errors.required(field)
    if _NON_XML_RE.search(value):
        raise errors.bad_text(field)
    limit = LIMITS.get(limit_key or field.rsplit("/", 1)[-1])
    if limit is not None and len(value) > limit:
        raise errors.too_long(field, limit)
    return value


def agency_code(field: str, value: str) -> None:
    if not value.strip():
        raise errors.required(field)
    if not AGENCY_CODE_RE.match(value):
        raise errors.bad_agency_code(field, value)


def small_int(field: str, value: int | None, *, maximum: int) -> None:
    if value is not None and not 0 <= value <= maximum:
        raise errors.bad_number(field, str(value))


def _organization(prefix: str, org: Organization) -> None:
    agency_code(f"{prefix}/OrganId", org.organ_id)
    for name, value in (
        ("OrganName", org.organ_name),
        ("OrganizationInCharge", org.organization_in_charge),
        ("OrganAdd", org.organ_add),
        ("Email", org.email),
        ("Telephone", org.telephone),
        ("Fax", org.fax),
        ("Website", org.website),
    ):
        text(f"{prefix}/{name}", value)


def _staff(prefix: str, staff: StaffInfo | None) -> None:
    if staff is None:
        return
    for name, value in (
        ("Department", staff.department),
        ("Staff", staff.staff),
        ("Mobile", staff.mobile),
        ("Email", staff.email),
    ):
        text(f"{prefix}/StaffInfo/{name}", value)


def _response_for(prefix: str, rf: ResponseFor) -> None:
    agency_code(f"{prefix}/OrganId", rf.organ_id)
    text(f"{prefix}/Code", rf.code, limit_key="ResponseFor/Code")
    text(f"{prefix}/DocumentId", rf.document_id)


def attachment(att: Attachment, *, max_attachment_bytes: int) -> None:
    text("Attachment/ContentId", att.content_id, required=True)
    text("Attachment/AttachmentName", att.name, required=True)
    text("Attachment/ContentType", att.content_type, required=True)
    text("Attachment/Description", att.description)
    if len(att.data) > max_attachment_bytes:
        raise errors.attachment_too_large(att.name, max(1, max_attachment_bytes // (1024 * 1024)))


def envelope(env: Envelope, *, max_attachment_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Every rule on a whole envelope; raises the first EdxmlError found."""
    _organization("From", env.sender)
    if not env.recipients:
        raise errors.required("To")
    for org in env.recipients:
        _organization("To", org)
    text("Code/CodeNumber", env.code.code_number)
    text("Code/CodeNotation", env.code.code_notation, required=True)
    text("PromulgationInfo/Place", env.promulgation_info.place)
    small_int("DocumentType/Type", env.document_type.type, maximum=999)
    text("DocumentType/TypeName", env.document_type.type_name)
    text("Subject", env.subject, required=True)
    text("Content", env.content)
    if env.signer_info is not None:
        text("SignerInfo/Competence", env.signer_info.competence)
        text("SignerInfo/Position", env.signer_info.position)
        text("SignerInfo/FullName", env.signer_info.full_name)
    for place in env.to_places:
        text("ToPlaces/Place", place, required=True)
    other = env.other_info
    small_int("OtherInfo/Priority", other.priority, maximum=9)
    text("OtherInfo/SphereOfPromulgation", other.sphere_of_promulgation)
    text("OtherInfo/TyperNotation", other.typer_notation)
    small_int("OtherInfo/PromulgationAmount", other.promulgation_amount, maximum=999)
    small_int("OtherInfo/PageAmount", other.page_amount, maximum=999)
    for appendix in other.appendixes:
        text("OtherInfo/Appendixes/Appendix", appendix, required=True)
    for rf in env.response_for:
        _response_for("ResponseFor", rf)
    small_int("SteeringType", env.steering_type, maximum=9)
    text("DocumentId", env.document_id)
    for trace in env.trace_headers:
        agency_code("TraceHeader/OrganId", trace.organ_id)
    bus = env.bussiness
    if bus.bussiness_doc_type not in BUSINESS_DOC_TYPES:
        raise errors.bad_business_type(str(bus.bussiness_doc_type))
    text("Bussiness/BussinessDocReason", bus.bussiness_doc_reason)
    _staff("Bussiness", bus.staff_info)
    small_int("Bussiness/Paper", bus.paper, maximum=9)
    for info in bus.replacement_info_list:
        text("ReplacementInfo/DocumentId", info.document_id, required=True)
        for organ_id in info.organ_ids:
            agency_code("ReplacementInfo/OrganIdList/OrganId", organ_id)
    if len(env.attachments) > MAX_ATTACHMENTS:
        raise errors.too_many_attachments(MAX_ATTACHMENTS)
    seen: set[str] = set()
    for att in env.attachments:
        attachment(att, max_attachment_bytes=max_attachment_bytes)
        if att.content_id in seen:
            raise errors.duplicate_content_id(att.content_id)
        seen.add(att.content_id)


def status(message: StatusMessage) -> None:
    from egov.documents.edxml.status_codes import STATUS_CODES

    _response_for("ResponseFor", message.response_for)
    _organization("From", message.sender)
    if message.status_code not in STATUS_CODES:
        raise errors.unknown_status(message.status_code)
    text("Description", message.description)
    _staff("Status", message.staff_info)
