"""edXML packages of QCVN 102:2016/BTTTT for the electronic document exchange (Decision 28/2018/QĐ-TTg).

Public API::

    envelope_build(Envelope) -> bytes        envelope_parse(bytes, *, max_bytes=50 MB) -> Envelope
    status_build(StatusMessage) -> bytes     status_parse(bytes) -> StatusMessage
    STATUS_CODES, status_label(code), document_id_for(...), EdxmlError

Self-contained: plain dataclasses (``model.py``), no Django models. The ``documents`` app maps
its models to and from these.

Element names and order follow public implementations found in the code corpus (reference only,
nothing copied):

* a TypeScript builder whose header says it follows the VPCP SDK sample ``edoc_new.edxml``: root
  ``<edXML xmlns=NS>`` wrapping ``<edXML:edXMLEnvelope xmlns:edXML=NS>``; ``edXMLHeader`` holds
  ``MessageHeader`` then ``TraceHeaderList`` (``TraceHeader``\\* then ``Bussiness`` with
  BussinessDocType, BussinessDocReason, StaffInfo, Paper); ``edXMLBody/edXMLManifest version="1.0"/
  Reference``; base64 files in ``AttachmentEncoded/Attachment`` *outside* the envelope, in the
  default namespace; dates ``yyyy/MM/dd``, trace timestamps ``yyyy/MM/dd HH:mm:ss``; DocumentId
  ``<OrganId>,<yyyy/MM/dd>,<số/ký hiệu>``.
* PVN-Organization/API-Gateway-iOffice (Java ``com.vpcp.gateway.EdxmlBuilder`` /
  ``ManualEdxmlBuilder`` / ``EdxmlParser``): same wrapper and namespace; ``From``/``To`` children
  OrganId, OrganizationInCharge, OrganName, OrganAdd, Email, Telephone, Fax, Website; several
  ``To``; ``OtherInfo`` children Priority, SphereOfPromulgation, TyperNotation,
  PromulgationAmount, PageAmount, Appendixes/Appendix; ``ToPlaces/Place``; Reference children
  ContentId (``cid:…``), ContentType, AttachmentName.
* a JPA entity of an X-Road adapter (``vn.ript.ssadapter`` DocumentCatalog) numbering the
  MessageHeader fields 1.1 From … 1.14 DocumentId (1.12 ResponseFor, 1.13 SteeringType) and
  TraceHeaderList 2.2 Bussiness / 2.2.5 StaffInfo (Department, Staff, Mobile, Email) /
  2.2.8 ReplacementInfoList — this fixes the element order used by ``build.py``.
* OpenCPS ``BuildEdXMLUtils`` (inet edXML library): ReplacementInfo = DocumentId + OrganIdList/OrganId.
* a C# document-management client (``BuildXmlContentStatus``): ``edXML:Status`` children
  ResponseFor (OrganId, Code, PromulgationDate, DocumentId), From, StatusCode, Description,
  Timestamp, StaffInfo (Department, Staff); and a Bkav eDoc SDK status wrapper
  (``edXML`` > ``edXMLEnvelope`` > ``edXMLHeader`` > status node).

Marked [M] (guessed, to confirm against the text of QCVN 102:2016): the meaning of
BussinessDocType 1/2/3 (revoke/update/replace); the order of children inside ``Reference`` and
``Attachment`` (public samples disagree); ``ContentId`` carried with ``cid:`` in the manifest and
bare in ``AttachmentEncoded``; Priority codes; DocumentType.Type numbering; ``Paper``; the status
Timestamp format (one consumer reads ``dd/MM/yyyy HH:mm:ss``; we write ``yyyy/MM/dd HH:mm:ss`` and
accept both); lengths not in Annex VI (see ``validate.LIMITS``); the 13-character agency-code
letter classes. Out of scope: the XML-DSig ``Signature`` of the envelope (see README).
"""

from __future__ import annotations

from egov.documents.edxml.build import envelope_build
from egov.documents.edxml.errors import EdxmlError
from egov.documents.edxml.model import (
    BUSINESS_NEW,
    BUSINESS_REPLACE,
    BUSINESS_REVOKE,
    BUSINESS_UPDATE,
    NAMESPACE,
    SECRECY_NORMAL,
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
    StatusMessage,
    TraceHeader,
    document_id_for,
)
from egov.documents.edxml.parse import envelope_parse
from egov.documents.edxml.status import STATUS_CODES, STATUS_LABELS, status_build, status_label, status_parse

__all__ = [
    "BUSINESS_NEW",
    "BUSINESS_REPLACE",
    "BUSINESS_REVOKE",
    "BUSINESS_UPDATE",
    "NAMESPACE",
    "SECRECY_NORMAL",
    "STATUS_CODES",
    "STATUS_LABELS",
    "Attachment",
    "Bussiness",
    "Code",
    "DocumentType",
    "EdxmlError",
    "Envelope",
    "Organization",
    "OtherInfo",
    "PromulgationInfo",
    "ReplacementInfo",
    "ResponseFor",
    "SignerInfo",
    "StaffInfo",
    "StatusMessage",
    "TraceHeader",
    "document_id_for",
    "envelope_build",
    "envelope_parse",
    "status_build",
    "status_label",
    "status_parse",
]
