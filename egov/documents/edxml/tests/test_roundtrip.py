"""parse(build(x)) == x, every field, NFC, interoperability with public-sample variants."""

from __future__ import annotations

import base64
import datetime as dt
import unicodedata
from dataclasses import replace

import pytest

from egov.documents.edxml import (
    BUSINESS_REVOKE,
    NAMESPACE,
    Attachment,
    Bussiness,
    OtherInfo,
    SignerInfo,
    TraceHeader,
    document_id_for,
    envelope_build,
    envelope_parse,
)
from egov.documents.edxml.tests.factories import PDF, VN, minimal_envelope, rich_envelope


def test_rich_envelope_round_trips() -> None:
    env = rich_envelope()
    assert envelope_parse(envelope_build(env)) == env


def test_minimal_envelope_round_trips_with_empty_optionals() -> None:
    env = minimal_envelope()
    parsed = envelope_parse(envelope_build(env))
    assert parsed == env
    assert parsed.signer_info is None
    assert parsed.due_date is None
    assert parsed.to_places == [] and parsed.response_for == [] and parsed.attachments == []
    assert parsed.other_info == OtherInfo()
    assert parsed.steering_type is None
    assert parsed.bussiness == Bussiness()


@pytest.mark.parametrize(
    "change",
    [
        {"signer_info": SignerInfo(full_name="Hồ Thị Ngọc Ánh")},
        {"other_info": OtherInfo(page_amount=1)},
        {"other_info": OtherInfo(priority=3)},
        {"bussiness": Bussiness(bussiness_doc_type=BUSINESS_REVOKE, bussiness_doc_reason="Thu hồi")},
        {"trace_headers": [TraceHeader("000.00.00.H30", dt.datetime(2026, 1, 1, 0, 0, 0, tzinfo=VN))]},
        {"content": "Dòng 1\nDòng 2\n\tthụt lề"},
        {"subject": "Ký tự đặc biệt: <b> & \"ngoặc\" 'đơn' ]]>"},
        {"attachments": [Attachment("a", "a.pdf", "application/pdf", PDF)]},
    ],
)
def test_single_field_variants_round_trip(change: dict[str, object]) -> None:
    env = replace(minimal_envelope(), **change)  # type: ignore[arg-type]
    assert envelope_parse(envelope_build(env)) == env


def test_every_field_is_read_back() -> None:
    parsed = envelope_parse(envelope_build(rich_envelope()))
    assert parsed.sender.organ_name == "Ủy ban nhân dân tỉnh Hậu Giang"
    assert parsed.sender.website == "https://haugiang.gov.vn"
    assert [r.organ_id for r in parsed.recipients] == ["000.00.04.G14", "000.01.12.H30", "000.02.12.H30"]
    assert parsed.code.code_number == "267" and parsed.code.code_notation == "UBND-VP"
    assert parsed.promulgation_info.promulgation_date == dt.date(2026, 3, 5)
    assert parsed.promulgation_info.place == "Hậu Giang"
    assert parsed.document_type.type_name == "Công văn"
    assert parsed.signer_info == SignerInfo("KT. Chủ tịch", "Phó Chủ tịch", "Nguyễn Văn Đức")
    assert parsed.due_date == dt.date(2026, 3, 20)
    assert parsed.to_places == ["Như trên", "Lưu: VT, NC."]
    assert parsed.other_info.appendixes[1] == "Phụ lục II: Biểu mẫu báo cáo"
    assert parsed.other_info.promulgation_amount == 15 and parsed.other_info.page_amount == 3
    assert parsed.response_for[0].code == "123/VPCP-TTĐT"
    assert parsed.steering_type == 1
    assert parsed.document_id == "000.00.00.H30,2026/03/05,267/UBND-VP"
    assert parsed.trace_headers[1].timestamp == dt.datetime(2026, 3, 5, 9, 16, 2, tzinfo=VN)
    assert parsed.bussiness.replacement_info_list[0].organ_ids == ["000.00.04.G14", "000.01.12.H30"]
    assert parsed.bussiness.staff_info is not None and parsed.bussiness.staff_info.mobile == "0912345678"
    assert [a.data for a in parsed.attachments] == [PDF, bytes(range(256)) * 4, b""]
    assert parsed.attachments[0].description == "Văn bản đã ký số"
    assert parsed.attachments[1].name == "Phụ lục kèm theo.docx"


def test_output_is_utf8_with_namespace_and_cid_manifest() -> None:
    data = envelope_build(rich_envelope())
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert f'<edXML xmlns="{NAMESPACE}">'.encode() in data
    assert "Ủy ban nhân dân".encode() in data
    assert b"<edXML:ContentId>cid:3f1c2a9e-0001</edXML:ContentId>" in data
    assert base64.b64encode(PDF) in data


def test_nfd_input_is_written_and_read_as_nfc() -> None:
    nfd_subject = unicodedata.normalize("NFD", "Về việc tổ chức Hội nghị")
    assert nfd_subject != unicodedata.normalize("NFC", nfd_subject)
    data = envelope_build(minimal_envelope(subject=nfd_subject))
    assert unicodedata.normalize("NFC", nfd_subject).encode() in data
    assert nfd_subject.encode() not in data
    assert envelope_parse(data).subject == unicodedata.normalize("NFC", nfd_subject)


def test_nfd_in_received_package_is_normalised() -> None:
    data = envelope_build(minimal_envelope()).replace(
        "Về việc báo cáo".encode(), unicodedata.normalize("NFD", "Về việc báo cáo").encode()
    )
    assert envelope_parse(data).subject == "Về việc báo cáo"


def test_aware_utc_timestamp_is_written_in_vietnam_time() -> None:
    utc = dt.datetime(2026, 3, 5, 2, 15, 30, tzinfo=dt.UTC)
    data = envelope_build(minimal_envelope(trace_headers=[TraceHeader("000.00.00.H30", utc)]))
    assert b"<edXML:Timestamp>2026/03/05 09:15:30</edXML:Timestamp>" in data
    assert envelope_parse(data).trace_headers[0].timestamp == utc


def test_document_id_helper() -> None:
    assert document_id_for("000.00.04.G14", dt.date(2012, 8, 6), "267/VPCP-TTĐT") == (
        "000.00.04.G14,2012/08/06,267/VPCP-TTĐT"
    )


PUBLIC_SAMPLE_STYLE = f"""<?xml version="1.0" encoding="utf-8"?>
<edXML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="{NAMESPACE}">
 <edXML:edXMLEnvelope xmlns:edXML="{NAMESPACE}">
  <edXML:edXMLHeader>
   <edXML:MessageHeader>
    <edXML:From>
     <edXML:OrganId> 000.00.00.H30 </edXML:OrganId>
     <edXML:OrganName>UBND tỉnh</edXML:OrganName>
    </edXML:From>
    <edXML:To><edXML:OrganId>000.00.04.G14</edXML:OrganId></edXML:To>
    <edXML:Code>
     <edXML:CodeNumber>5</edXML:CodeNumber>
     <edXML:CodeNotation>UBND-VP</edXML:CodeNotation>
    </edXML:Code>
    <edXML:PromulgationInfo>
     <edXML:Place>N/A</edXML:Place>
     <edXML:PromulgationDate>2026/01/02</edXML:PromulgationDate>
    </edXML:PromulgationInfo>
    <edXML:DocumentType>
     <edXML:Type>18</edXML:Type>
     <edXML:TypeName>Công văn</edXML:TypeName>
     <edXML:TypeDetail>0</edXML:TypeDetail>
    </edXML:DocumentType>
    <edXML:Subject>Thử nghiệm</edXML:Subject>
    <edXML:OtherInfo><edXML:Priority>0</edXML:Priority><edXML:Direction>false</edXML:Direction>
      <edXML:Appendixes><edXML:Appendix></edXML:Appendix></edXML:Appendixes></edXML:OtherInfo>
    <edXML:SteeringType>0</edXML:SteeringType>
   </edXML:MessageHeader>
   <edXML:TraceHeaderList id="a1b2" version="1.0" mustUnderstand="1" actor="http://schemas.xmlsoap.org/soap/actor/next">
    <edXML:TraceHeader>
     <edXML:OrganId>000.00.00.H30</edXML:OrganId>
     <edXML:Timestamp>2026/01/02 08:00:00</edXML:Timestamp>
    </edXML:TraceHeader>
    <edXML:Bussiness>
     <edXML:BussinessDocType>0</edXML:BussinessDocType>
     <edXML:Paper>0</edXML:Paper>
    </edXML:Bussiness>
   </edXML:TraceHeaderList>
   <edXML:DigitalSignature/>
  </edXML:edXMLHeader>
  <edXML:edXMLBody><edXML:edXMLManifest version="1.0">
   <edXML:Reference xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="cid:abc" xlink:type="simple">
    <edXML:Description>File 1</edXML:Description><edXML:AttachmentName>vb.pdf</edXML:AttachmentName>
    <edXML:ContentType>application/pdf</edXML:ContentType><edXML:ContentId>cid:abc</edXML:ContentId>
   </edXML:Reference>
  </edXML:edXMLManifest></edXML:edXMLBody>
 </edXML:edXMLEnvelope>
 <AttachmentEncoded><Attachment><ContentType>application/pdf</ContentType><ContentId>abc</ContentId>
  <ContentTransferEncoded>JVBERi0x
  LjQKJSVFT0YK</ContentTransferEncoded><AttachmentName>vb.pdf</AttachmentName></Attachment></AttachmentEncoded>
</edXML>"""


def test_package_in_public_sample_style_is_read() -> None:
    env = envelope_parse(PUBLIC_SAMPLE_STYLE.encode("utf-8"))
    assert env.sender.organ_id == "000.00.00.H30"
    assert env.document_type.type == 18
    assert env.other_info.appendixes == []
    assert env.attachments[0].content_id == "abc"
    assert env.attachments[0].data == b"%PDF-1.4\n%%EOF\n"
    assert env.attachments[0].description == "File 1"
    assert env.trace_headers[0].timestamp == dt.datetime(2026, 1, 2, 8, 0, tzinfo=VN)


def test_bare_envelope_root_is_accepted() -> None:
    data = envelope_build(minimal_envelope())
    inner = data.split(b"\n", 2)[2].rsplit(b"</edXML>", 1)[0]  # drop declaration, wrapper
    bare = b"<?xml version='1.0' encoding='UTF-8'?>\n" + inner.strip()
    assert envelope_parse(bare) == minimal_envelope()
