"""Envelope → edXML bytes (UTF-8, NFC). See ``egov/documents/edxml/__init__.py`` for sources."""

from __future__ import annotations

import base64
import unicodedata
from typing import Any

from egov.documents.edxml import errors, validate
from egov.documents.edxml.model import (
    NON_SECRET_VALUES,
    Envelope,
    Organization,
    OtherInfo,
    ResponseFor,
    StaffInfo,
)
from egov.documents.edxml.xmlio import format_date, format_timestamp, new_root, serialize, sub


def _t(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


def _opt(parent: Any, name: str, value: str) -> None:
    """Write an optional text element only when it has a value."""
    if value.strip():
        sub(parent, name, _t(value))


def organization(parent: Any, name: str, org: Organization) -> None:
    el = sub(parent, name)
    sub(el, "OrganId", _t(org.organ_id))
    _opt(el, "OrganizationInCharge", org.organization_in_charge)
    _opt(el, "OrganName", org.organ_name)
    _opt(el, "OrganAdd", org.organ_add)
    _opt(el, "Email", org.email)
    _opt(el, "Telephone", org.telephone)
    _opt(el, "Fax", org.fax)
    _opt(el, "Website", org.website)


def response_for(parent: Any, rf: ResponseFor) -> None:
    el = sub(parent, "ResponseFor")
    sub(el, "OrganId", _t(rf.organ_id))
    _opt(el, "Code", rf.code)
    if rf.promulgation_date is not None:
        sub(el, "PromulgationDate", format_date(rf.promulgation_date))
    _opt(el, "DocumentId", rf.document_id)


def staff_info(parent: Any, staff: StaffInfo | None) -> None:
    if staff is None:
        return
    el = sub(parent, "StaffInfo")
    _opt(el, "Department", staff.department)
    _opt(el, "Staff", staff.staff)
    _opt(el, "Mobile", staff.mobile)
    _opt(el, "Email", staff.email)


def _other_info(parent: Any, other: OtherInfo) -> None:
    if other == OtherInfo():
        return
    el = sub(parent, "OtherInfo")
    sub(el, "Priority", str(other.priority))
    _opt(el, "SphereOfPromulgation", other.sphere_of_promulgation)
    _opt(el, "TyperNotation", other.typer_notation)
    if other.promulgation_amount is not None:
        sub(el, "PromulgationAmount", str(other.promulgation_amount))
    if other.page_amount is not None:
        sub(el, "PageAmount", str(other.page_amount))
    if other.appendixes:
        appendixes = sub(el, "Appendixes")
        for appendix in other.appendixes:
            sub(appendixes, "Appendix", _t(appendix))


def _message_header(parent: Any, env: Envelope) -> None:
    mh = sub(parent, "MessageHeader")
    organization(mh, "From", env.sender)  # 1.1
    for org in env.recipients:  # 1.2
        organization(mh, "To", org)
    code = sub(mh, "Code")  # 1.3
    sub(code, "CodeNumber", _t(env.code.code_number))
    sub(code, "CodeNotation", _t(env.code.code_notation))
    info = sub(mh, "PromulgationInfo")  # 1.4
    _opt(info, "Place", env.promulgation_info.place)
    sub(info, "PromulgationDate", format_date(env.promulgation_info.promulgation_date))
    doc_type = sub(mh, "DocumentType")  # 1.5
    sub(doc_type, "Type", str(env.document_type.type))
    _opt(doc_type, "TypeName", env.document_type.type_name)
    sub(mh, "Subject", _t(env.subject))  # 1.6
    _opt(mh, "Content", env.content)  # 1.7
    if env.signer_info is not None:  # 1.8
        signer = sub(mh, "SignerInfo")
        _opt(signer, "Competence", env.signer_info.competence)
        _opt(signer, "Position", env.signer_info.position)
        _opt(signer, "FullName", env.signer_info.full_name)
    if env.due_date is not None:  # 1.9
        sub(mh, "DueDate", format_date(env.due_date))
    if env.to_places:  # 1.10
        places = sub(mh, "ToPlaces")
        for place in env.to_places:
            sub(places, "Place", _t(place))
    _other_info(mh, env.other_info)  # 1.11
    for rf in env.response_for:  # 1.12
        response_for(mh, rf)
    if env.steering_type is not None:  # 1.13
        sub(mh, "SteeringType", str(env.steering_type))
    _opt(mh, "DocumentId", env.document_id)  # 1.14


def _trace_header_list(parent: Any, env: Envelope) -> None:
    thl = sub(parent, "TraceHeaderList")
    for trace in env.trace_headers:  # 2.1
        th = sub(thl, "TraceHeader")
        sub(th, "OrganId", _t(trace.organ_id))
        sub(th, "Timestamp", format_timestamp(trace.timestamp))
    bus = env.bussiness  # 2.2
    el = sub(thl, "Bussiness")
    sub(el, "BussinessDocType", str(bus.bussiness_doc_type))
    _opt(el, "BussinessDocReason", bus.bussiness_doc_reason)
    staff_info(el, bus.staff_info)
    if bus.paper is not None:
        sub(el, "Paper", str(bus.paper))
    if bus.replacement_info_list:
        rl = sub(el, "ReplacementInfoList")
        for info in bus.replacement_info_list:
            ri = sub(rl, "ReplacementInfo")
            sub(ri, "DocumentId", _t(info.document_id))
            ids = sub(ri, "OrganIdList")
            for organ_id in info.organ_ids:
                sub(ids, "OrganId", _t(organ_id))


def envelope_build(envelope: Envelope, *, max_attachment_bytes: int = validate.DEFAULT_MAX_BYTES) -> bytes:
    """Serialise ``envelope`` to edXML bytes. Refuses secret documents and invalid fields (EdxmlError)."""
    if envelope.secrecy.strip().lower() not in NON_SECRET_VALUES:
        raise errors.secret_refused()
    validate.envelope(envelope, max_attachment_bytes=max_attachment_bytes)
    root, env_el = new_root()
    header = sub(env_el, "edXMLHeader")
    _message_header(header, envelope)
    _trace_header_list(header, envelope)
    # TODO(edxml): XML-DSig <Signature> of the header is out of scope; the signed PDF carries PAdES.
    body = sub(env_el, "edXMLBody")
    manifest = sub(body, "edXMLManifest")
    manifest.set("version", "1.0")
    for att in envelope.attachments:
        ref = sub(manifest, "Reference")
        sub(ref, "ContentId", "cid:" + _t(att.content_id))
        sub(ref, "ContentType", _t(att.content_type))
        sub(ref, "AttachmentName", _t(att.name))
        _opt(ref, "Description", att.description)
    if envelope.attachments:
        encoded = sub(root, "AttachmentEncoded")
        for att in envelope.attachments:
            item = sub(encoded, "Attachment")
            sub(item, "ContentId", _t(att.content_id))
            sub(item, "ContentType", _t(att.content_type))
            sub(item, "AttachmentName", _t(att.name))
            _opt(item, "Description", att.description)
            sub(item, "ContentTransferEncoded", base64.b64encode(att.data).decode("ascii"))
    return serialize(root)
