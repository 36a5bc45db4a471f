"""Plain dataclasses for an edXML message (QCVN 102:2016/BTTTT). No Django models here.

The ``documents`` app maps its own models to and from these. Every text is NFC; dates are
``datetime.date``; trace and status times are aware ``datetime``s. The standard's
``yyyy/MM/dd HH:mm:ss`` carries no offset: it is written in Vietnam time (Asia/Ho_Chi_Minh) and
parsed back as an aware Vietnam-time datetime.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

NAMESPACE = "http://www.mic.gov.vn/TBT/QCVN_102_2016"

SECRECY_NORMAL = "normal"
#: Values of ``Envelope.secrecy`` that mean "not secret". Anything else is refused by the builder.
NON_SECRET_VALUES = frozenset({"", SECRECY_NORMAL})

# BussinessDocType (sending mode). 0 = new document is attested by every public sample; the
# meaning of 1, 2, 3 is [M] (revoke / update / replace in the order the brief gives).
BUSINESS_NEW = 0
BUSINESS_REVOKE = 1
BUSINESS_UPDATE = 2
BUSINESS_REPLACE = 3
BUSINESS_DOC_TYPES = frozenset({BUSINESS_NEW, BUSINESS_REVOKE, BUSINESS_UPDATE, BUSINESS_REPLACE})


@dataclass
class Organization:
    """``From`` / ``To``: an agency identified by its 13-character code ``DDD.CC.BB.AXX``."""

    organ_id: str
    organ_name: str = ""
    organization_in_charge: str = ""
    organ_add: str = ""
    email: str = ""
    telephone: str = ""
    fax: str = ""
    website: str = ""


@dataclass
class Code:
    """Số và ký hiệu: ``CodeNumber`` (e.g. ``267``) and ``CodeNotation`` (e.g. ``VPCP-TTĐT``)."""

    code_number: str = ""
    code_notation: str = ""


@dataclass
class PromulgationInfo:
    promulgation_date: dt.date
    place: str = ""


@dataclass
class DocumentType:
    """``Type`` is the numeric class of the document (1 in the Công văn samples; [M] table),
    ``TypeName`` the Vietnamese type name (e.g. ``Công văn``, ``Quyết định``)."""

    type: int = 1
    type_name: str = ""


@dataclass
class SignerInfo:
    competence: str = ""  # thẩm quyền ký, e.g. "TM. Ủy ban nhân dân", "KT. Chủ tịch"
    position: str = ""
    full_name: str = ""


@dataclass
class OtherInfo:
    priority: int = 0  # độ khẩn, one digit [M: 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc]
    sphere_of_promulgation: str = ""
    typer_notation: str = ""
    promulgation_amount: int | None = None
    page_amount: int | None = None
    appendixes: list[str] = field(default_factory=list)


@dataclass
class ResponseFor:
    """The earlier document this message answers (in a MessageHeader) or reports on (in a Status)."""

    organ_id: str
    code: str = ""  # "267/VPCP-TTĐT"
    promulgation_date: dt.date | None = None
    document_id: str = ""


@dataclass
class TraceHeader:
    organ_id: str
    timestamp: dt.datetime


@dataclass
class StaffInfo:
    department: str = ""
    staff: str = ""
    mobile: str = ""
    email: str = ""


@dataclass
class ReplacementInfo:
    """A document replaced / revoked / updated by this one, and the agencies that received it."""

    document_id: str
    organ_ids: list[str] = field(default_factory=list)


@dataclass
class Bussiness:
    """``Bussiness`` (the standard's spelling). Lives inside ``TraceHeaderList`` in the public samples."""

    bussiness_doc_type: int = BUSINESS_NEW
    bussiness_doc_reason: str = ""
    staff_info: StaffInfo | None = None
    paper: int | None = None  # 1 = a paper copy is also sent, 0 = not [M]
    replacement_info_list: list[ReplacementInfo] = field(default_factory=list)


@dataclass
class Attachment:
    """One attached file. ``content_id`` is bare (no ``cid:``); the builder adds the prefix."""

    content_id: str
    name: str
    content_type: str
    data: bytes
    description: str = ""


@dataclass
class Envelope:
    sender: Organization
    recipients: list[Organization]
    code: Code
    promulgation_info: PromulgationInfo
    subject: str
    document_type: DocumentType = field(default_factory=DocumentType)
    content: str = ""
    signer_info: SignerInfo | None = None
    due_date: dt.date | None = None
    to_places: list[str] = field(default_factory=list)
    other_info: OtherInfo = field(default_factory=OtherInfo)
    response_for: list[ResponseFor] = field(default_factory=list)
    steering_type: int | None = None
    document_id: str = ""
    trace_headers: list[TraceHeader] = field(default_factory=list)
    bussiness: Bussiness = field(default_factory=Bussiness)
    attachments: list[Attachment] = field(default_factory=list)
    #: Not serialised. The caller copies the document's secrecy here; anything other than
    #: ``"normal"`` (or ``""``) makes ``envelope_build`` refuse (Decision 28/2018, rule 8).
    secrecy: str = SECRECY_NORMAL


@dataclass
class StatusMessage:
    response_for: ResponseFor
    sender: Organization
    status_code: str
    timestamp: dt.datetime
    description: str = ""
    staff_info: StaffInfo | None = None


def document_id_for(organ_id: str, promulgation_date: dt.date, number_notation: str) -> str:
    """The exchange-wide DocumentId: ``<OrganId>,<yyyy/MM/dd>,<số/ký hiệu>``.

    >>> document_id_for("000.00.04.G14", dt.date(2012, 8, 6), "267/VPCP-TTĐT")
    '000.00.04.G14,2012/08/06,267/VPCP-TTĐT'
    """
    return f"{organ_id},{promulgation_date:%Y/%m/%d},{number_notation}"
