"""Field rules on build and on parse: required fields, Annex VI lengths, agency codes, attachments."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from egov.documents.edxml import (
    Attachment,
    Bussiness,
    Code,
    EdxmlError,
    Organization,
    OtherInfo,
    ReplacementInfo,
    ResponseFor,
    SignerInfo,
    TraceHeader,
    envelope_build,
    envelope_parse,
)
from egov.documents.edxml.tests.factories import PDF, VN, minimal_envelope, rich_envelope
from egov.documents.edxml.validate import MAX_ATTACHMENTS


def _build_error(**change: object) -> EdxmlError:
    env = replace(minimal_envelope(), **change)  # type: ignore[arg-type]
    with pytest.raises(EdxmlError) as exc:
        envelope_build(env)
    assert str(exc.value)
    return exc.value


def _parse_error(data: bytes, **kwargs: int) -> EdxmlError:
    with pytest.raises(EdxmlError) as exc:
        envelope_parse(data, **kwargs)
    assert str(exc.value)
    return exc.value


@pytest.mark.parametrize(
    "organ_id", ["", "H30", "000.00.00.h30", "000.00.00.H3", "vxp.saas.03", "000-00-00-H30"]
)
def test_sender_agency_code_must_be_13_characters(organ_id: str) -> None:
    err = _build_error(sender=Organization(organ_id=organ_id))
    assert err.code in {"agency_code", "required"}
    assert err.field == "From/OrganId"


def test_recipient_agency_code_and_presence() -> None:
    assert _build_error(recipients=[]).code == "required"
    assert _build_error(recipients=[Organization("000.00.04.G14"), Organization("bad")]).field == "To/OrganId"


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"subject": "   "}, "required", "Subject"),
        ({"subject": "x" * 501}, "too_long", "Subject"),
        ({"code": Code(code_number="1", code_notation="")}, "required", "Code/CodeNotation"),
        ({"code": Code(code_number="1", code_notation="Đ" * 31)}, "too_long", "Code/CodeNotation"),
        ({"code": Code(code_number="1" * 12, code_notation="QĐ-UBND")}, "too_long", "Code/CodeNumber"),
        ({"sender": Organization("000.00.00.H30", organ_name="x" * 201)}, "too_long", "From/OrganName"),
        ({"signer_info": SignerInfo(full_name="x" * 51)}, "too_long", "SignerInfo/FullName"),
        ({"signer_info": SignerInfo(position="x" * 101)}, "too_long", "SignerInfo/Position"),
        ({"other_info": OtherInfo(page_amount=1000)}, "number", "OtherInfo/PageAmount"),
        ({"other_info": OtherInfo(priority=10)}, "number", "OtherInfo/Priority"),
        ({"other_info": OtherInfo(promulgation_amount=-1)}, "number", "OtherInfo/PromulgationAmount"),
        ({"subject": "bad \x00 char"}, "text", "Subject"),
        ({"content": "bell \x07"}, "text", "Content"),
        ({"to_places": [""]}, "required", "ToPlaces/Place"),
        ({"response_for": [ResponseFor(organ_id="xx")]}, "agency_code", "ResponseFor/OrganId"),
        (
            {"trace_headers": [TraceHeader("x", dt.datetime(2026, 1, 1, tzinfo=VN))]},
            "agency_code",
            "TraceHeader/OrganId",
        ),
        ({"bussiness": Bussiness(bussiness_doc_type=7)}, "business_type", "BussinessDocType"),
        (
            {"bussiness": Bussiness(replacement_info_list=[ReplacementInfo("d", ["bad"])])},
            "agency_code",
            "ReplacementInfo/OrganIdList/OrganId",
        ),
    ],
)
def test_build_refuses_invalid_fields(change: dict[str, object], code: str, field: str) -> None:
    err = _build_error(**change)
    assert (err.code, err.field) == (code, field)


def test_limits_are_inclusive() -> None:
    env = minimal_envelope(
        subject="x" * 500, code=Code("1" * 11, "Đ" * 30), signer_info=SignerInfo(full_name="y" * 50)
    )
    assert envelope_parse(envelope_build(env)) == env


def test_attachment_rules() -> None:
    assert (
        _build_error(attachments=[Attachment("a", "", "application/pdf", PDF)]).field
        == "Attachment/AttachmentName"
    )
    assert (
        _build_error(attachments=[Attachment("", "a.pdf", "application/pdf", PDF)]).field
        == "Attachment/ContentId"
    )
    assert _build_error(attachments=[Attachment("a", "a.pdf", "", PDF)]).field == "Attachment/ContentType"
    dup = [Attachment("a", "1.pdf", "application/pdf", PDF), Attachment("a", "2.pdf", "application/pdf", PDF)]
    assert _build_error(attachments=dup).code == "duplicate_content_id"
    many = [Attachment(str(i), f"{i}.txt", "text/plain", b"x") for i in range(MAX_ATTACHMENTS + 1)]
    assert _build_error(attachments=many).code == "too_many_attachments"
    with pytest.raises(EdxmlError) as exc:
        envelope_build(
            minimal_envelope(attachments=[Attachment("a", "a.pdf", "application/pdf", PDF)]),
            max_attachment_bytes=10,
        )
    assert exc.value.code == "attachment_too_large"


def test_parse_enforces_attachment_size() -> None:
    data = envelope_build(
        minimal_envelope(attachments=[Attachment("a", "a.bin", "application/octet-stream", b"x" * 5000)])
    )
    assert _parse_error(data, max_attachment_bytes=1000).code == "attachment_too_large"
    assert envelope_parse(data, max_attachment_bytes=5000).attachments[0].data == b"x" * 5000


GOOD = envelope_build(rich_envelope())


def _mutate(old: str, new: str) -> bytes:
    assert old.encode() in GOOD, old
    return GOOD.replace(old.encode(), new.encode(), 1)


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("<edXML:OrganId>000.00.00.H30</edXML:OrganId>", "<edXML:OrganId>H30</edXML:OrganId>", "agency_code"),
        ("<edXML:Subject>Về việc", "<edXML:Sub>Về việc", "malformed"),
        ("<edXML:PromulgationDate>2026/03/05</edXML:PromulgationDate>", "", "required"),
        ("<edXML:PromulgationDate>2026/03/05<", "<edXML:PromulgationDate>05/03/2026<", "date"),
        ("<edXML:PromulgationDate>2026/03/05<", "<edXML:PromulgationDate>2026/02/30<", "date"),
        ("<edXML:DueDate>2026/03/20<", "<edXML:DueDate>tomorrow<", "date"),
        ("<edXML:PageAmount>3<", "<edXML:PageAmount>three<", "number"),
        ("<edXML:PageAmount>3<", "<edXML:PageAmount>1000<", "number"),
        ("<edXML:SteeringType>1<", "<edXML:SteeringType>-1<", "number"),
        ("<edXML:BussinessDocType>3<", "<edXML:BussinessDocType>9<", "business_type"),
        ("<edXML:BussinessDocType>3<", "<edXML:BussinessDocType>x<", "business_type"),
        ("<edXML:Timestamp>2026/03/05 09:15:30<", "<edXML:Timestamp>2026-03-05T09:15:30<", "timestamp"),
        ("<ContentTransferEncoded>JVBER", "<ContentTransferEncoded>!!!!JVBER", "base64"),
        ("<ContentId>3f1c2a9e-0002</ContentId>", "<ContentId>other</ContentId>", "manifest"),
        (
            "<ContentId>3f1c2a9e-0003</ContentId>",
            "<ContentId>3f1c2a9e-0001</ContentId>",
            "duplicate_content_id",
        ),
        ("<edXML:ContentId>cid:3f1c2a9e-0003<", "<edXML:ContentId>cid:3f1c2a9e-0001<", "manifest"),
        ("<edXML:ContentId>cid:3f1c2a9e-0003</edXML:ContentId>", "", "required"),
    ],
)
def test_parse_refuses_invalid_fields(old: str, new: str, code: str) -> None:
    assert _parse_error(_mutate(old, new)).code == code


def test_parse_requires_subject_code_and_from() -> None:
    subject = (
        "<edXML:Subject>Về việc triển khai thực hiện Nghị định số 30/2020/NĐ-CP về công tác văn thư"
        "</edXML:Subject>"
    )
    assert _parse_error(_mutate(subject, "")).field == "Subject"
    notation = "<edXML:CodeNotation>UBND-VP</edXML:CodeNotation>"
    assert _parse_error(_mutate(notation, "")).field == "Code/CodeNotation"
    start, end = GOOD.index(b"<edXML:From>"), GOOD.index(b"</edXML:From>") + len(b"</edXML:From>")
    assert _parse_error(GOOD[:start] + GOOD[end:]).field == "From"


def test_parse_refuses_overlong_subject() -> None:
    subject = "Về việc triển khai thực hiện Nghị định số 30/2020/NĐ-CP về công tác văn thư"
    err = _parse_error(_mutate(subject, "ư" * 501))
    assert (err.code, err.field) == ("too_long", "Subject")


def test_parse_requires_a_recipient() -> None:
    data = GOOD
    while b"<edXML:To>" in data:
        start = data.index(b"<edXML:To>")
        data = data[:start] + data[data.index(b"</edXML:To>", start) + len(b"</edXML:To>") :]
    assert _parse_error(data).field == "To"


def test_missing_message_header_is_reported() -> None:
    start = GOOD.index(b"<edXML:MessageHeader>")
    end = GOOD.index(b"</edXML:MessageHeader>") + len(b"</edXML:MessageHeader>")
    assert _parse_error(GOOD[:start] + GOOD[end:]).field == "MessageHeader"
